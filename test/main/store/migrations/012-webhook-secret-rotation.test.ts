// Migration 012: webhooks keep a previous signing secret with its expiry, and deliveries are
// indexed by webhook for pruning the delivery log.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../src/main/store/migrations/index.js';
import { columns, indexColumns, indexes, migratedTo, tables, userVersion } from './schema.js';

describe('migration 012 webhook secret rotation', () => {
  it('adds the previous secret and its expiry to webhooks, indexes deliveries by webhook, and sets user_version 12', () => {
    const { db, before } = migratedTo(12);
    expect(tables(db)).toEqual(before);
    expect(columns(db, 'webhooks').slice(-2)).toEqual([
      ['previous_signing_secret', 'TEXT', false, null, 0],
      ['previous_secret_expires_at', 'TEXT', false, null, 0],
    ]);
    expect(indexes(db)).toContainEqual({ name: 'deliveries_webhook', table: 'deliveries' });
    expect(indexColumns(db, 'deliveries_webhook')).toEqual(['webhook_id', 'seq']);
    expect(indexColumns(db, 'deliveries_webhook_due')).toEqual(['webhook_id', 'status', 'next_attempt_at', 'seq']);
    expect(userVersion(db)).toBe(12);
  });

  it('keeps the webhooks stored before, with no previous secret', () => {
    const { db } = migratedTo(11);
    db.prepare(
      "INSERT INTO webhooks (id, url, events, signing_secret, enabled, created_at, updated_at) VALUES ('wh_1', 'http://h.test/', '[]', 'wh_sec_a', 1, '2024-03-15T10:00:00.000Z', '2024-03-15T10:00:00.000Z')",
    ).run();
    migrate(db, 12);
    expect(db.prepare('SELECT id, signing_secret, previous_signing_secret, previous_secret_expires_at FROM webhooks').all()).toEqual([
      { id: 'wh_1', signing_secret: 'wh_sec_a', previous_signing_secret: null, previous_secret_expires_at: null },
    ]);
  });
});
