// Migration 006: Idempotency-Key records.
import { describe, expect, it } from 'vitest';
import { columns, indexColumns, indexes, migratedTo, sqliteError, tables, userVersion, type Db } from './schema.js';

function addKey(db: Db, scope: string, key: string, resource: string): void {
  db.prepare('INSERT INTO idempotency_keys (scope, key, resource_id, created_at) VALUES (?, ?, ?, ?)').run(scope, key, resource, '2024-03-15T10:00:00.000Z');
}

describe('migration 006 idempotency', () => {
  it('adds idempotency_keys with a created_at index and sets user_version 6', () => {
    const { db, before } = migratedTo(6);
    expect(before).not.toContain('idempotency_keys');
    expect(tables(db)).toContain('idempotency_keys');
    expect(tables(db)).toHaveLength(before.length + 1);
    expect(columns(db, 'idempotency_keys')).toEqual([
      ['scope', 'TEXT', true, null, 1],
      ['key', 'TEXT', true, null, 2],
      ['resource_id', 'TEXT', true, null, 0],
      ['created_at', 'TEXT', true, null, 0],
    ]);
    expect(indexes(db).filter((i) => i.table === 'idempotency_keys')).toEqual([{ name: 'idempotency_created', table: 'idempotency_keys' }]);
    expect(indexColumns(db, 'idempotency_created')).toEqual(['created_at']);
    expect(userVersion(db)).toBe(6);
  });

  it('a key is unique within its scope, and may repeat across scopes', () => {
    const { db } = migratedTo(6);
    addKey(db, 'extractions', 'k-1', 'ext_1');
    expect(sqliteError(() => addKey(db, 'extractions', 'k-1', 'ext_2'))).toBe('SQLITE_CONSTRAINT_PRIMARYKEY');
    expect(sqliteError(() => addKey(db, 'uploads', 'k-1', 'ext_3'))).toBeUndefined();
    expect(db.prepare('SELECT scope, resource_id FROM idempotency_keys ORDER BY scope').all()).toEqual([
      { scope: 'extractions', resource_id: 'ext_1' },
      { scope: 'uploads', resource_id: 'ext_3' },
    ]);
  });
});
