// 008: what the desktop's Jobs screens need. A job is an extraction or a parse-only run
// (`kind`; a parse-only job keeps '' as its parser id and name so /v1 still shows strings) and
// can be paused; documents remember where below the added folder they came from and are found
// by content (for "processed before"); corrected values keep what extraction found; files
// uploaded in browser mode wait in `uploads` until a job uses them.
import type { Migration } from './index.js';

export const m008DesktopJobs: Migration = {
  version: 8,
  name: 'desktop-jobs',
  up(db) {
    db.exec(`
      ALTER TABLE extractions ADD COLUMN kind TEXT NOT NULL DEFAULT 'extract' CHECK (kind IN ('extract', 'parse'));
      ALTER TABLE extractions ADD COLUMN paused INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1));
      ALTER TABLE documents ADD COLUMN relative_path TEXT;
      CREATE INDEX documents_content_hash ON documents(content_hash, seq);
      CREATE TABLE corrections (
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        -- the field's path: total, seller.name, line_items.2.amount (p2.total per page)
        path TEXT NOT NULL,
        -- JSON: what extraction found, and what the user put instead
        original TEXT NOT NULL,
        value TEXT NOT NULL,
        corrected_at TEXT NOT NULL,
        PRIMARY KEY (document_id, path)
      ) STRICT;
      CREATE TABLE uploads (
        id TEXT PRIMARY KEY,
        filename TEXT NOT NULL,
        relative_path TEXT NOT NULL,
        -- uploads/<id> until a job or a parser uses it, then its place in the file store
        path TEXT NOT NULL,
        file_type TEXT NOT NULL,
        mime TEXT NOT NULL,
        file_size INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        used_at TEXT
      ) STRICT;
      CREATE INDEX uploads_created ON uploads(created_at);
    `);
  },
};
