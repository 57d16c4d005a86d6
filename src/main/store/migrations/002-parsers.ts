// 002: parsers (extraction templates) and their sample files.
import type { Migration } from './index.js';

export const m002Parsers: Migration = {
  version: 2,
  name: 'parsers',
  up(db) {
    db.exec(`
      CREATE TABLE parsers (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        description TEXT,
        result_mode TEXT NOT NULL CHECK (result_mode IN ('one_per_file', 'one_per_page')),
        fields TEXT NOT NULL DEFAULT '[]',
        sample_file_id TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE samples (
        id TEXT PRIMARY KEY,
        parser_id TEXT REFERENCES parsers(id) ON DELETE SET NULL,
        filename TEXT NOT NULL,
        stored_path TEXT NOT NULL,
        mime TEXT NOT NULL,
        file_size INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
