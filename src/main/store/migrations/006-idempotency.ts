// 006: Idempotency-Key records (kept 24 h): a replayed key returns the job it first created.
import type { Migration } from './index.js';

export const m006Idempotency: Migration = {
  version: 6,
  name: 'idempotency',
  up(db) {
    db.exec(`
      CREATE TABLE idempotency_keys (
        scope TEXT NOT NULL,
        key TEXT NOT NULL,
        resource_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (scope, key)
      ) STRICT;
      CREATE INDEX idempotency_created ON idempotency_keys(created_at);
    `);
  },
};
