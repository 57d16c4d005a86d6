// Migration 008: job kind and pause, documents' relative path and content index, corrections,
// staged uploads.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../src/main/store/migrations/index.js';
import { columns, foreignKeys, indexColumns, indexes, migratedTo, sqliteError, tables, userVersion } from './schema.js';

const NOW = '2024-03-15T10:00:00.000Z';

describe('migration 008 desktop jobs', () => {
  it('adds kind and paused to extractions, relative_path to documents, and sets user_version 8', () => {
    const { db, before } = migratedTo(8);
    expect(columns(db, 'extractions').slice(-2)).toEqual([
      ['kind', 'TEXT', true, "'extract'", 0],
      ['paused', 'INTEGER', true, '0', 0],
    ]);
    expect(columns(db, 'documents').at(-1)).toEqual(['relative_path', 'TEXT', false, null, 0]);
    expect(tables(db).filter((t) => !before.includes(t))).toEqual(['corrections', 'uploads']);
    expect(indexColumns(db, 'documents_content_hash')).toEqual(['content_hash', 'seq']);
    expect(indexes(db).filter((i) => ['documents_content_hash', 'uploads_created'].includes(i.name))).toHaveLength(2);
    expect(userVersion(db)).toBe(8);
  });

  it('keeps jobs written before it as unpaused extractions, and checks the new columns', () => {
    const { db } = migratedTo(7);
    db.prepare(
      "INSERT INTO extractions (id, parser_id, parser_name, parser_snapshot, status, file_count, page_count, created_at, updated_at) VALUES ('ext_1', 'prs_1', 'P', '{}', 'queued', 1, 1, ?, ?)",
    ).run(NOW, NOW);
    db.prepare(
      `INSERT INTO documents (id, extraction_id, position, filename, source_path, content_hash, file_size, mime, page_count, status, created_at, updated_at)
       VALUES ('doc_1', 'ext_1', 0, 'a.pdf', '/a.pdf', 'h', 1, 'application/pdf', 1, 'queued', ?, ?)`,
    ).run(NOW, NOW);
    migrate(db, 8);
    expect(db.prepare('SELECT kind, paused FROM extractions').all()).toEqual([{ kind: 'extract', paused: 0 }]);
    expect(db.prepare('SELECT relative_path FROM documents').all()).toEqual([{ relative_path: null }]);
    expect(sqliteError(() => db.prepare("UPDATE extractions SET kind = 'other'").run())).toBe('SQLITE_CONSTRAINT_CHECK');
    expect(sqliteError(() => db.prepare('UPDATE extractions SET paused = 2').run())).toBe('SQLITE_CONSTRAINT_CHECK');
  });

  it('keeps one correction per document and path, removed with its document', () => {
    const { db } = migratedTo(8);
    expect(columns(db, 'corrections').map((c) => c[0])).toEqual(['document_id', 'path', 'original', 'value', 'corrected_at']);
    expect(foreignKeys(db, 'corrections')).toEqual([['document_id', 'documents', 'id', 'CASCADE']]);
    db.prepare(
      "INSERT INTO extractions (id, parser_id, parser_name, parser_snapshot, status, file_count, page_count, created_at, updated_at) VALUES ('ext_1', 'prs_1', 'P', '{}', 'completed', 1, 1, ?, ?)",
    ).run(NOW, NOW);
    db.prepare(
      `INSERT INTO documents (id, extraction_id, position, filename, source_path, content_hash, file_size, mime, page_count, status, created_at, updated_at)
       VALUES ('doc_1', 'ext_1', 0, 'a.pdf', '/a.pdf', 'h', 1, 'application/pdf', 1, 'completed', ?, ?)`,
    ).run(NOW, NOW);
    const insert = db.prepare("INSERT INTO corrections VALUES ('doc_1', 'total', '1', '2', ?)");
    insert.run(NOW);
    expect(sqliteError(() => insert.run(NOW))).toBe('SQLITE_CONSTRAINT_PRIMARYKEY');
    db.prepare("DELETE FROM documents WHERE id = 'doc_1'").run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM corrections').get()).toEqual({ n: 0 });
  });

  it('records staged uploads, unused until a job takes them', () => {
    const { db } = migratedTo(8);
    expect(columns(db, 'uploads').map((c) => [c[0], c[2]])).toEqual([
      ['id', true],
      ['filename', true],
      ['relative_path', true],
      ['path', true],
      ['file_type', true],
      ['mime', true],
      ['file_size', true],
      ['content_hash', true],
      ['created_at', true],
      ['used_at', false],
    ]);
  });
});
