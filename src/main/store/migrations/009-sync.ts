// 009: sync with the hosted service. A job processed there keeps `origin = 'remote'` (the local
// runner never claims its documents); its files go up in batches (≤ 50) whose Idempotency-Key is
// stored before the request is sent, so a retry or a resume never creates (or charges) twice;
// every request sync sends is logged (method, path, sizes, status; never the key).
import type { Migration } from './index.js';

export const m009Sync: Migration = {
  version: 9,
  name: 'sync',
  up(db) {
    db.exec(`
      ALTER TABLE extractions ADD COLUMN origin TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local', 'remote'));
      CREATE TABLE sync_batches (
        extraction_id TEXT NOT NULL REFERENCES extractions(id) ON DELETE CASCADE,
        batch_index INTEGER NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE,
        remote_parser_id TEXT NOT NULL,
        -- set once the hosted service accepted the batch
        remote_extraction_id TEXT,
        -- pending → submitted → done; error (resumable: back to pending or submitted)
        status TEXT NOT NULL CHECK (status IN ('pending', 'submitted', 'done', 'error')),
        last_error TEXT,
        -- JSON: [{document_id, remote_document_id}] in upload order
        documents TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (extraction_id, batch_index)
      ) STRICT;
      CREATE INDEX sync_batches_status ON sync_batches(status);
      CREATE TABLE sync_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        at TEXT NOT NULL,
        method TEXT NOT NULL,
        path TEXT NOT NULL,
        request_bytes INTEGER NOT NULL,
        response_bytes INTEGER NOT NULL,
        status INTEGER,
        duration_ms INTEGER NOT NULL,
        error TEXT
      ) STRICT;
    `);
  },
};
