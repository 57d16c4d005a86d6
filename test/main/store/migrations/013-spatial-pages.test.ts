// Migration 013: a document's result keeps its pages as layout-preserving text.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../src/main/store/migrations/index.js';
import { columns, migratedTo, userVersion } from './schema.js';

const NOW = '2024-03-15T10:00:00.000Z';

describe('migration 013 spatial pages', () => {
  it('adds spatial_pages to document_results, empty for results stored before it, and sets user_version 13', () => {
    const { db } = migratedTo(12);
    db.prepare(
      "INSERT INTO extractions (id, parser_id, parser_name, parser_snapshot, status, file_count, page_count, created_at, updated_at) VALUES ('ext_1', 'prs_1', 'P', '{}', 'completed', 1, 1, ?, ?)",
    ).run(NOW, NOW);
    db.prepare(
      `INSERT INTO documents (id, extraction_id, position, filename, source_path, content_hash, file_size, mime, page_count, status, created_at, updated_at)
       VALUES ('doc_1', 'ext_1', 0, 'a.pdf', '/a.pdf', 'h', 1, 'application/pdf', 1, 'completed', ?, ?)`,
    ).run(NOW, NOW);
    db.prepare("INSERT INTO document_results (document_id, extracted_data, parse_run, created_at) VALUES ('doc_1', '{}', '{}', ?)").run(NOW);
    migrate(db, 13);
    expect(columns(db, 'document_results').at(-1)).toEqual(['spatial_pages', 'TEXT', false, null, 0]);
    expect(db.prepare('SELECT spatial_pages FROM document_results').all()).toEqual([{ spatial_pages: null }]);
    expect(userVersion(db)).toBe(13);
  });
});
