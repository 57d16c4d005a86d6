// 005: webhooks, their pending deliveries (persisted so a restart loses none) and the log of
// every attempt.
import type { Migration } from './index.js';

export const m005Webhooks: Migration = {
  version: 5,
  name: 'webhooks',
  up(db) {
    db.exec(`
      CREATE TABLE webhooks (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        url TEXT NOT NULL,
        events TEXT NOT NULL,
        signing_secret TEXT NOT NULL,
        static_secret TEXT,
        enabled INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE deliveries (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
        event TEXT NOT NULL,
        body TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX deliveries_due ON deliveries(status, next_attempt_at);
      CREATE TABLE delivery_attempts (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        delivery_id TEXT NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
        webhook_id TEXT NOT NULL,
        event TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        status_code INTEGER,
        success INTEGER NOT NULL,
        error TEXT,
        duration_ms INTEGER NOT NULL,
        attempted_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX delivery_attempts_webhook ON delivery_attempts(webhook_id, seq);
    `);
  },
};
