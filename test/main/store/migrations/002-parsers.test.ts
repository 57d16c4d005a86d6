// Migration 002: parsers (names unique regardless of case) and their sample files.
import { describe, expect, it } from 'vitest';
import { columns, foreignKeys, migratedTo, sqliteError, tables, userVersion, type Db } from './schema.js';

const NOW = '2024-03-15T10:00:00.000Z';

function addParser(db: Db, id: string, name: string, mode = 'one_per_file'): void {
  db.prepare('INSERT INTO parsers (id, name, result_mode, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(id, name, mode, NOW, NOW);
}

function addSample(db: Db, id: string, parserId: string | null): void {
  db.prepare(
    "INSERT INTO samples (id, parser_id, filename, stored_path, mime, file_size, content_hash, created_at) VALUES (?, ?, 'a.pdf', '/s/a.pdf', 'application/pdf', 10, 'h', ?)",
  ).run(id, parserId, NOW);
}

describe('migration 002 parsers', () => {
  it('adds the parsers and samples tables and sets user_version 2', () => {
    const { db, before } = migratedTo(2);
    expect(before).toEqual(['settings']);
    expect(tables(db)).toEqual(['parsers', 'samples', 'settings']);
    expect(columns(db, 'parsers')).toEqual([
      ['seq', 'INTEGER', false, null, 1],
      ['id', 'TEXT', true, null, 0],
      ['name', 'TEXT', true, null, 0],
      ['description', 'TEXT', false, null, 0],
      ['result_mode', 'TEXT', true, null, 0],
      ['fields', 'TEXT', true, "'[]'", 0],
      ['sample_file_id', 'TEXT', false, null, 0],
      ['created_at', 'TEXT', true, null, 0],
      ['updated_at', 'TEXT', true, null, 0],
    ]);
    expect(columns(db, 'samples').map((c) => c[0])).toEqual([
      'id',
      'parser_id',
      'filename',
      'stored_path',
      'mime',
      'file_size',
      'content_hash',
      'created_at',
    ]);
    expect(foreignKeys(db, 'samples')).toEqual([['parser_id', 'parsers', 'id', 'SET NULL']]);
    expect(userVersion(db)).toBe(2);
  });

  it('fields default to an empty list', () => {
    const { db } = migratedTo(2);
    addParser(db, 'prs_1', 'Invoices');
    expect(db.prepare("SELECT fields FROM parsers WHERE id = 'prs_1'").get()).toEqual({ fields: '[]' });
  });

  it('parser names are unique without regard to case; ids are unique', () => {
    const { db } = migratedTo(2);
    addParser(db, 'prs_1', 'Invoices');
    expect(sqliteError(() => addParser(db, 'prs_2', 'INVOICES'))).toBe('SQLITE_CONSTRAINT_UNIQUE');
    expect(sqliteError(() => addParser(db, 'prs_1', 'Receipts'))).toBe('SQLITE_CONSTRAINT_UNIQUE');
    expect(sqliteError(() => addParser(db, 'prs_3', 'Receipts'))).toBeUndefined();
    // The NOCASE collation also serves lookups by name.
    expect(db.prepare("SELECT id FROM parsers WHERE name = 'iNvOiCeS'").get()).toEqual({ id: 'prs_1' });
  });

  it('result_mode accepts only one_per_file and one_per_page', () => {
    const { db } = migratedTo(2);
    expect(sqliteError(() => addParser(db, 'prs_1', 'A', 'one_per_page'))).toBeUndefined();
    expect(sqliteError(() => addParser(db, 'prs_2', 'B', 'one_per_row'))).toBe('SQLITE_CONSTRAINT_CHECK');
  });

  it("deleting a parser keeps its samples with parser_id set to null", () => {
    const { db } = migratedTo(2);
    addParser(db, 'prs_1', 'Invoices');
    addSample(db, 'smp_1', 'prs_1');
    expect(sqliteError(() => addSample(db, 'smp_2', 'prs_missing'))).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
    db.prepare("DELETE FROM parsers WHERE id = 'prs_1'").run();
    expect(db.prepare('SELECT id, parser_id FROM samples').all()).toEqual([{ id: 'smp_1', parser_id: null }]);
  });
});
