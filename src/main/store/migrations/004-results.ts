// 004: one result row per completed document (the primary key makes a second write impossible).
import type { Migration } from './index.js';

export const m004Results: Migration = {
  version: 4,
  name: 'results',
  up(db) {
    db.exec(`
      CREATE TABLE document_results (
        document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        extracted_data TEXT,
        confidence REAL,
        parse_run TEXT,
        created_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
