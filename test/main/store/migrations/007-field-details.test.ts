// Migration 007: per-field details (confidence, citation) beside each result.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../src/main/store/migrations/index.js';
import { columns, migratedTo, userVersion } from './schema.js';

const NOW = '2024-03-15T10:00:00.000Z';

describe('migration 007 field details', () => {
  it('adds a nullable field_details column to document_results and sets user_version 7', () => {
    const { db } = migratedTo(7);
    expect(columns(db, 'document_results').map((c) => c[0])).toEqual(['document_id', 'extracted_data', 'confidence', 'parse_run', 'created_at', 'field_details']);
    expect(columns(db, 'document_results').at(-1)).toEqual(['field_details', 'TEXT', false, null, 0]);
    expect(userVersion(db)).toBe(7);
  });

  it('keeps results written before it, with no details', () => {
    const { db } = migratedTo(6);
    db.prepare(
      "INSERT INTO extractions (id, parser_id, parser_name, parser_snapshot, status, file_count, page_count, created_at, updated_at) VALUES ('ext_1', 'prs_1', 'P', '{}', 'completed', 1, 1, ?, ?)",
    ).run(NOW, NOW);
    db.prepare(
      `INSERT INTO documents (id, extraction_id, position, filename, source_path, content_hash, file_size, mime, page_count, status, created_at, updated_at)
       VALUES ('doc_1', 'ext_1', 0, 'a.pdf', '/a.pdf', 'h', 1, 'application/pdf', 1, 'completed', ?, ?)`,
    ).run(NOW, NOW);
    db.prepare("INSERT INTO document_results (document_id, extracted_data, confidence, created_at) VALUES ('doc_1', '{\"total\":1}', 0.9, ?)").run(NOW);
    migrate(db, 7);
    expect(db.prepare('SELECT extracted_data, confidence, field_details FROM document_results').all()).toEqual([
      { extracted_data: '{"total":1}', confidence: 0.9, field_details: null },
    ]);
    expect(userVersion(db)).toBe(7);
  });
});
