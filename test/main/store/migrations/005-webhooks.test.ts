// Migration 005: webhooks, their pending deliveries and the log of attempts.
import { describe, expect, it } from 'vitest';
import { columns, foreignKeys, indexColumns, indexes, migratedTo, sqliteError, tables, userVersion, type Db } from './schema.js';

const NOW = '2024-03-15T10:00:00.000Z';

function addWebhook(db: Db, id: string): void {
  db.prepare(
    "INSERT INTO webhooks (id, url, events, signing_secret, created_at, updated_at) VALUES (?, 'http://127.0.0.1/h', '[]', 'wh_sec_x', ?, ?)",
  ).run(id, NOW, NOW);
}

function addDelivery(db: Db, id: string, webhookId: string, status = 'pending'): void {
  db.prepare(
    "INSERT INTO deliveries (id, webhook_id, event, body, status, next_attempt_at, created_at, updated_at) VALUES (?, ?, 'extraction.job_completed', '{}', ?, ?, ?, ?)",
  ).run(id, webhookId, status, NOW, NOW, NOW);
}

function addAttempt(db: Db, deliveryId: string, webhookId: string): void {
  db.prepare(
    "INSERT INTO delivery_attempts (delivery_id, webhook_id, event, attempt, status_code, success, duration_ms, attempted_at) VALUES (?, ?, 'extraction.job_completed', 1, 200, 1, 5, ?)",
  ).run(deliveryId, webhookId, NOW);
}

describe('migration 005 webhooks', () => {
  it('adds webhooks, deliveries and delivery_attempts with their indexes and sets user_version 5', () => {
    const { db, before } = migratedTo(5);
    expect(before).toEqual(['document_results', 'documents', 'extractions', 'parsers', 'samples', 'settings']);
    expect(tables(db)).toEqual(['deliveries', 'delivery_attempts', 'document_results', 'documents', 'extractions', 'parsers', 'samples', 'settings', 'webhooks']);
    expect(columns(db, 'webhooks').map((c) => c[0])).toEqual([
      'seq',
      'id',
      'url',
      'events',
      'signing_secret',
      'static_secret',
      'enabled',
      'created_at',
      'updated_at',
    ]);
    expect(columns(db, 'webhooks').find((c) => c[0] === 'enabled')).toEqual(['enabled', 'INTEGER', true, '1', 0]);
    expect(columns(db, 'deliveries').map((c) => c[0])).toEqual([
      'seq',
      'id',
      'webhook_id',
      'event',
      'body',
      'status',
      'attempts',
      'next_attempt_at',
      'created_at',
      'updated_at',
    ]);
    expect(columns(db, 'delivery_attempts').map((c) => c[0])).toEqual([
      'seq',
      'delivery_id',
      'webhook_id',
      'event',
      'attempt',
      'status_code',
      'success',
      'error',
      'duration_ms',
      'attempted_at',
    ]);
    expect(foreignKeys(db, 'deliveries')).toEqual([['webhook_id', 'webhooks', 'id', 'CASCADE']]);
    expect(foreignKeys(db, 'delivery_attempts')).toEqual([['delivery_id', 'deliveries', 'id', 'CASCADE']]);
    const added = indexes(db).filter((i) => ['webhooks', 'deliveries', 'delivery_attempts'].includes(i.table));
    expect(added).toEqual([
      { name: 'deliveries_due', table: 'deliveries' },
      { name: 'delivery_attempts_webhook', table: 'delivery_attempts' },
    ]);
    expect(indexColumns(db, 'deliveries_due')).toEqual(['status', 'next_attempt_at']);
    expect(indexColumns(db, 'delivery_attempts_webhook')).toEqual(['webhook_id', 'seq']);
    expect(userVersion(db)).toBe(5);
  });

  it('webhooks are enabled by default', () => {
    const { db } = migratedTo(5);
    addWebhook(db, 'wh_1');
    expect(db.prepare("SELECT enabled FROM webhooks WHERE id = 'wh_1'").get()).toEqual({ enabled: 1 });
  });

  it('delivery statuses are pending, delivered or failed', () => {
    const { db } = migratedTo(5);
    addWebhook(db, 'wh_1');
    for (const [i, status] of ['pending', 'delivered', 'failed'].entries()) {
      expect(sqliteError(() => addDelivery(db, `dlv_${i}`, 'wh_1', status))).toBeUndefined();
    }
    expect(sqliteError(() => addDelivery(db, 'dlv_bad', 'wh_1', 'sent'))).toBe('SQLITE_CONSTRAINT_CHECK');
    expect(sqliteError(() => addDelivery(db, 'dlv_x', 'wh_missing'))).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
  });

  it('deleting a webhook removes its deliveries and their attempts', () => {
    const { db } = migratedTo(5);
    addWebhook(db, 'wh_1');
    addWebhook(db, 'wh_2');
    addDelivery(db, 'dlv_1', 'wh_1');
    addDelivery(db, 'dlv_2', 'wh_2');
    addAttempt(db, 'dlv_1', 'wh_1');
    addAttempt(db, 'dlv_2', 'wh_2');
    expect(sqliteError(() => addAttempt(db, 'dlv_missing', 'wh_1'))).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
    db.prepare("DELETE FROM webhooks WHERE id = 'wh_1'").run();
    expect(db.prepare('SELECT id FROM deliveries').all()).toEqual([{ id: 'dlv_2' }]);
    expect(db.prepare('SELECT delivery_id FROM delivery_attempts').all()).toEqual([{ delivery_id: 'dlv_2' }]);
  });
});
