// Migration 004: one result row per document.
import { describe, expect, it } from 'vitest';
import { columns, foreignKeys, migratedTo, sqliteError, tables, userVersion, type Db } from './schema.js';

const NOW = '2024-03-15T10:00:00.000Z';

function seed(db: Db): void {
  db.prepare(
    "INSERT INTO extractions (id, parser_id, parser_name, parser_snapshot, status, file_count, page_count, created_at, updated_at) VALUES ('ext_1', 'prs_1', 'P', '{}', 'processing', 2, 2, ?, ?)",
  ).run(NOW, NOW);
  for (const id of ['doc_1', 'doc_2']) {
    db.prepare(
      `INSERT INTO documents (id, extraction_id, position, filename, source_path, content_hash, file_size, mime, page_count, status, created_at, updated_at)
       VALUES (?, 'ext_1', 0, 'a.pdf', '/a.pdf', 'h', 1, 'application/pdf', 1, 'processing', ?, ?)`,
    ).run(id, NOW, NOW);
  }
}

function addResult(db: Db, docId: string): void {
  db.prepare("INSERT INTO document_results (document_id, extracted_data, confidence, created_at) VALUES (?, '{}', 0.9, ?)").run(docId, NOW);
}

describe('migration 004 results', () => {
  it('adds document_results and sets user_version 4', () => {
    const { db, before } = migratedTo(4);
    expect(before).not.toContain('document_results');
    expect(tables(db)).toEqual(['document_results', 'documents', 'extractions', 'parsers', 'samples', 'settings']);
    expect(columns(db, 'document_results')).toEqual([
      ['document_id', 'TEXT', true, null, 1],
      ['extracted_data', 'TEXT', false, null, 0],
      ['confidence', 'REAL', false, null, 0],
      ['parse_run', 'TEXT', false, null, 0],
      ['created_at', 'TEXT', true, null, 0],
    ]);
    expect(foreignKeys(db, 'document_results')).toEqual([['document_id', 'documents', 'id', 'CASCADE']]);
    expect(userVersion(db)).toBe(4);
  });

  it('a document has at most one result, and only an existing document has one', () => {
    const { db } = migratedTo(4);
    seed(db);
    addResult(db, 'doc_1');
    expect(sqliteError(() => addResult(db, 'doc_1'))).toBe('SQLITE_CONSTRAINT_PRIMARYKEY');
    expect(sqliteError(() => addResult(db, 'doc_missing'))).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
  });

  it('results go with their document, and with its job', () => {
    const { db } = migratedTo(4);
    seed(db);
    addResult(db, 'doc_1');
    addResult(db, 'doc_2');
    db.prepare("DELETE FROM documents WHERE id = 'doc_1'").run();
    expect(db.prepare('SELECT document_id FROM document_results').all()).toEqual([{ document_id: 'doc_2' }]);
    db.prepare("DELETE FROM extractions WHERE id = 'ext_1'").run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM document_results').get()).toEqual({ n: 0 });
  });
});
