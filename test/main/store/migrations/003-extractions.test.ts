// Migration 003: extraction jobs and their documents (the persisted queue).
import { describe, expect, it } from 'vitest';
import { columns, foreignKeys, indexColumns, indexes, migratedTo, sqliteError, tables, userVersion, type Db } from './schema.js';

const NOW = '2024-03-15T10:00:00.000Z';

function addJob(db: Db, id: string, status = 'queued'): void {
  db.prepare(
    "INSERT INTO extractions (id, parser_id, parser_name, parser_snapshot, status, file_count, page_count, created_at, updated_at) VALUES (?, 'prs_1', 'Invoices', '{}', ?, 1, 1, ?, ?)",
  ).run(id, status, NOW, NOW);
}

function addDoc(db: Db, id: string, jobId: string, opts: { status?: string; source?: string | null; stored?: string | null } = {}): void {
  db.prepare(
    `INSERT INTO documents (id, extraction_id, position, filename, source_path, stored_path, content_hash, file_size, mime, page_count, status, created_at, updated_at)
     VALUES (?, ?, 0, 'a.pdf', ?, ?, 'h', 10, 'application/pdf', 1, ?, ?, ?)`,
  ).run(id, jobId, opts.source === undefined ? '/in/a.pdf' : opts.source, opts.stored ?? null, opts.status ?? 'queued', NOW, NOW);
}

describe('migration 003 extractions', () => {
  it('adds extractions and documents with their indexes and sets user_version 3', () => {
    const { db, before } = migratedTo(3);
    expect(before).toEqual(['parsers', 'samples', 'settings']);
    expect(tables(db)).toEqual(['documents', 'extractions', 'parsers', 'samples', 'settings']);
    expect(columns(db, 'extractions').map((c) => c[0])).toEqual([
      'seq',
      'id',
      'parser_id',
      'parser_name',
      'parser_snapshot',
      'status',
      'file_count',
      'page_count',
      'credits_used',
      'created_at',
      'updated_at',
      'completed_at',
    ]);
    expect(columns(db, 'extractions').find((c) => c[0] === 'credits_used')).toEqual(['credits_used', 'INTEGER', true, '0', 0]);
    expect(columns(db, 'documents').map((c) => c[0])).toEqual([
      'seq',
      'id',
      'extraction_id',
      'position',
      'filename',
      'source_path',
      'stored_path',
      'content_hash',
      'file_size',
      'mime',
      'page_count',
      'status',
      'error_code',
      'error_message',
      'attempts',
      'lease',
      'pages_done',
      'created_at',
      'updated_at',
      'started_at',
      'completed_at',
      'processing_time_ms',
    ]);
    expect(columns(db, 'documents').find((c) => c[0] === 'attempts')).toEqual(['attempts', 'INTEGER', true, '0', 0]);
    expect(foreignKeys(db, 'documents')).toEqual([['extraction_id', 'extractions', 'id', 'CASCADE']]);
    // The extractions table itself does not reference parsers: a job outlives its parser.
    expect(foreignKeys(db, 'extractions')).toEqual([]);
    expect(indexes(db)).toEqual([
      { name: 'documents_extraction', table: 'documents' },
      { name: 'documents_queue', table: 'documents' },
      { name: 'extractions_parser', table: 'extractions' },
      { name: 'extractions_status', table: 'extractions' },
    ]);
    expect(indexColumns(db, 'documents_queue')).toEqual(['status', 'seq']);
    expect(indexColumns(db, 'documents_extraction')).toEqual(['extraction_id', 'position']);
    expect(indexColumns(db, 'extractions_parser')).toEqual(['parser_id', 'seq']);
    expect(indexColumns(db, 'extractions_status')).toEqual(['status', 'seq']);
    expect(userVersion(db)).toBe(3);
  });

  it('job statuses are limited to the contract’s five', () => {
    const { db } = migratedTo(3);
    for (const [i, status] of ['queued', 'processing', 'completed', 'failed', 'partial'].entries()) {
      expect(sqliteError(() => addJob(db, `ext_${i}`, status))).toBeUndefined();
    }
    expect(sqliteError(() => addJob(db, 'ext_bad', 'cancelled'))).toBe('SQLITE_CONSTRAINT_CHECK');
    expect(sqliteError(() => addJob(db, 'ext_0', 'queued'))).toBe('SQLITE_CONSTRAINT_UNIQUE');
  });

  it('document statuses are limited to four (no partial)', () => {
    const { db } = migratedTo(3);
    addJob(db, 'ext_1');
    for (const [i, status] of ['queued', 'processing', 'completed', 'failed'].entries()) {
      expect(sqliteError(() => addDoc(db, `doc_${i}`, 'ext_1', { status }))).toBeUndefined();
    }
    expect(sqliteError(() => addDoc(db, 'doc_p', 'ext_1', { status: 'partial' }))).toBe('SQLITE_CONSTRAINT_CHECK');
  });

  it('a document needs a source path or a stored copy', () => {
    const { db } = migratedTo(3);
    addJob(db, 'ext_1');
    expect(sqliteError(() => addDoc(db, 'doc_1', 'ext_1', { source: null, stored: null }))).toBe('SQLITE_CONSTRAINT_CHECK');
    expect(sqliteError(() => addDoc(db, 'doc_2', 'ext_1', { source: null, stored: '/data/files/x.pdf' }))).toBeUndefined();
    expect(sqliteError(() => addDoc(db, 'doc_3', 'ext_1', { source: '/in/x.pdf', stored: null }))).toBeUndefined();
  });

  it('documents belong to an existing job and go with it', () => {
    const { db } = migratedTo(3);
    addJob(db, 'ext_1');
    addJob(db, 'ext_2');
    addDoc(db, 'doc_1', 'ext_1');
    addDoc(db, 'doc_2', 'ext_2');
    expect(sqliteError(() => addDoc(db, 'doc_x', 'ext_missing'))).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
    db.prepare("DELETE FROM extractions WHERE id = 'ext_1'").run();
    expect(db.prepare('SELECT id FROM documents').all()).toEqual([{ id: 'doc_2' }]);
  });
});
