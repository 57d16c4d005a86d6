// Migration 010: Idempotency-Key records keep a fingerprint of the request that first used them.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../src/main/store/migrations/index.js';
import { columns, migratedTo, tables, userVersion } from './schema.js';

describe('migration 010 idempotency fingerprint', () => {
  it('adds a nullable fingerprint column to idempotency_keys and sets user_version 10', () => {
    const { db, before } = migratedTo(10);
    expect(tables(db)).toEqual(before);
    expect(columns(db, 'idempotency_keys').at(-1)).toEqual(['fingerprint', 'TEXT', false, null, 0]);
    expect(userVersion(db)).toBe(10);
  });

  it('keeps the keys stored before, without a fingerprint', () => {
    const { db } = migratedTo(9);
    db.prepare("INSERT INTO idempotency_keys (scope, key, resource_id, created_at) VALUES ('s', 'k', 'ext_1', '2024-03-15T10:00:00.000Z')").run();
    migrate(db, 10);
    expect(db.prepare('SELECT key, resource_id, fingerprint FROM idempotency_keys').all()).toEqual([{ key: 'k', resource_id: 'ext_1', fingerprint: null }]);
  });
});
