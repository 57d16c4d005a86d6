// 003: extraction jobs and their documents; the documents table is also the persisted queue.
import type { Migration } from './index.js';

export const m003Extractions: Migration = {
  version: 3,
  name: 'extractions',
  up(db) {
    db.exec(`
      CREATE TABLE extractions (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        parser_id TEXT NOT NULL,
        parser_name TEXT NOT NULL,
        -- the parser as it was when the job was created (fields, result mode)
        parser_snapshot TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'processing', 'completed', 'failed', 'partial')),
        file_count INTEGER NOT NULL,
        page_count INTEGER NOT NULL,
        credits_used INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        completed_at TEXT
      ) STRICT;
      CREATE INDEX extractions_parser ON extractions(parser_id, seq);
      CREATE INDEX extractions_status ON extractions(status, seq);
      CREATE TABLE documents (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        extraction_id TEXT NOT NULL REFERENCES extractions(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        filename TEXT NOT NULL,
        source_path TEXT,
        stored_path TEXT,
        content_hash TEXT NOT NULL,
        file_size INTEGER NOT NULL,
        mime TEXT NOT NULL,
        page_count INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'processing', 'completed', 'failed')),
        error_code TEXT,
        error_message TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        -- the runner's claim on a processing document; completion must present it
        lease TEXT,
        pages_done INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        started_at TEXT,
        completed_at TEXT,
        processing_time_ms INTEGER,
        CHECK (source_path IS NOT NULL OR stored_path IS NOT NULL)
      ) STRICT;
      CREATE INDEX documents_queue ON documents(status, seq);
      CREATE INDEX documents_extraction ON documents(extraction_id, position);
    `);
  },
};
