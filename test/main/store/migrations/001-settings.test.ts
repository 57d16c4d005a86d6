// Migration 001: the key-value settings table.
import { describe, expect, it } from 'vitest';
import { columns, migratedTo, sqliteError, tables, userVersion } from './schema.js';

describe('migration 001 settings', () => {
  it('creates the settings table on an empty file and sets user_version 1', () => {
    const { db, before } = migratedTo(1);
    expect(before).toEqual([]);
    expect(tables(db)).toEqual(['settings']);
    expect(columns(db, 'settings')).toEqual([
      ['key', 'TEXT', true, null, 1],
      ['value', 'TEXT', true, null, 0],
      ['updated_at', 'TEXT', true, null, 0],
    ]);
    expect(userVersion(db)).toBe(1);
  });

  it('keys are unique, values required, and the table is STRICT', () => {
    const { db } = migratedTo(1);
    db.prepare("INSERT INTO settings VALUES ('api_key', 'a', '2024-01-01T00:00:00.000Z')").run();
    expect(sqliteError(() => db.prepare("INSERT INTO settings VALUES ('api_key', 'b', '2024-01-01T00:00:00.000Z')").run())).toBe(
      'SQLITE_CONSTRAINT_PRIMARYKEY',
    );
    // STRICT: a blob is not silently stored in a TEXT column.
    expect(sqliteError(() => db.prepare("INSERT INTO settings VALUES ('k', ?, 'now')").run(Buffer.from('x')))).toBe('SQLITE_CONSTRAINT_DATATYPE');
    expect(sqliteError(() => db.prepare("INSERT INTO settings (key, updated_at) VALUES ('k', 'now')").run())).toBe('SQLITE_CONSTRAINT_NOTNULL');
  });
});
