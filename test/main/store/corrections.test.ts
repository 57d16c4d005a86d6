// Corrections: the value in extracted_data is replaced (exports read it), the original kept
// once, the field detail marked; reverting restores both.
import { describe, expect, it } from 'vitest';
import { correctField, listCorrections, revertField } from '../../../src/main/store/queries/corrections.js';
import { createJob } from '../../../src/main/store/queries/jobs.js';
import { claimNextDocument, completeDocument } from '../../../src/main/store/queries/queue.js';
import { doc, INVOICE_PARSER, memoryDb, type Db } from './fixtures.js';

const DATA = { invoice_number: 'INV-1', total: 10, line_items: [{ amount: 1 }, { amount: 2 }] };
const DETAILS = { total: { confidence: 0.8, source: 'label', citation: null }, 'line_items[1].amount': { confidence: 0.5, source: 'table', citation: null } };

function completed(db: Db): { extraction_id: string; document_id: string } {
  const { extraction_id } = createJob(db, { kind: 'extract', parser: INVOICE_PARSER, documents: [{ ...doc('a'), relative_path: 'a.pdf' }] });
  const claim = claimNextDocument(db, { lease: 'l' })!;
  completeDocument(db, {
    document_id: claim.document_id,
    lease: 'l',
    extracted_data: DATA,
    confidence: 0.8,
    field_details: DETAILS,
    parse_run: null,
    page_count: 1,
    processing_time_ms: 1,
  });
  return { extraction_id, document_id: claim.document_id };
}

function stored(db: Db, documentId: string): { data: typeof DATA; details: Record<string, Record<string, unknown>> } {
  const row = db.prepare('SELECT extracted_data, field_details FROM document_results WHERE document_id = ?').get(documentId) as {
    extracted_data: string;
    field_details: string;
  };
  return { data: JSON.parse(row.extracted_data) as typeof DATA, details: JSON.parse(row.field_details) as Record<string, Record<string, unknown>> };
}

const TOTAL = { path: 'total', segments: ['total'], detail_key: 'total' };
const ITEM = { path: 'line_items.1.amount', segments: ['line_items', 1, 'amount'], detail_key: 'line_items[1].amount' };

describe('correctField and revertField', () => {
  it('replaces the value, keeps the first original, marks the detail, and reverts', () => {
    const db = memoryDb();
    const { extraction_id, document_id } = completed(db);
    correctField(db, { document_id, ...TOTAL, value: 12.5 });
    correctField(db, { document_id, ...TOTAL, value: 13 });
    expect(stored(db, document_id).data.total).toBe(13);
    expect(stored(db, document_id).details['total']).toMatchObject({ source: 'label', corrected: true });
    const list = listCorrections(db, { extraction_id });
    expect(list[document_id]?.['total']).toMatchObject({ original: 10, corrected_at: expect.any(String) });
    revertField(db, { document_id, ...TOTAL });
    expect(stored(db, document_id).data.total).toBe(10);
    expect(stored(db, document_id).details['total']).not.toHaveProperty('corrected');
    expect(listCorrections(db, { extraction_id })).toEqual({});
  });

  it('corrects a line item and forgets a correction set back to the original', () => {
    const db = memoryDb();
    const { extraction_id, document_id } = completed(db);
    correctField(db, { document_id, ...ITEM, value: 7 });
    expect(stored(db, document_id).data.line_items).toEqual([{ amount: 1 }, { amount: 7 }]);
    correctField(db, { document_id, ...ITEM, value: 2 });
    expect(listCorrections(db, { extraction_id })).toEqual({});
    expect(stored(db, document_id).details['line_items[1].amount']).not.toHaveProperty('corrected');
  });

  it('refuses an item that does not exist, a document without results, and undoing what was not corrected', () => {
    const db = memoryDb();
    const { document_id } = completed(db);
    expect(() => correctField(db, { document_id, path: 'line_items.5.amount', segments: ['line_items', 5, 'amount'], detail_key: 'x', value: 1 })).toThrow(
      /no item 5 .*2 items/,
    );
    expect(() => revertField(db, { document_id, ...TOTAL })).toThrow(/was not corrected/);
    const { extraction_id: _queuedJob } = createJob(db, { kind: 'extract', parser: INVOICE_PARSER, documents: [{ ...doc('b'), relative_path: 'b.pdf' }] });
    const queued = (db.prepare("SELECT id FROM documents WHERE status = 'queued'").get() as { id: string }).id;
    expect(() => correctField(db, { document_id: queued, ...TOTAL, value: 1 })).toThrow(/has not completed/);
  });

  it('finds a one-per-page value by its page number', () => {
    const db = memoryDb();
    const parser = { ...INVOICE_PARSER, result_mode: 'one_per_page' as const };
    createJob(db, { kind: 'extract', parser, documents: [{ ...doc('p'), relative_path: 'p.pdf' }] });
    const claim = claimNextDocument(db, { lease: 'l' })!;
    const pages = [{ page: 1, total: 1 }, { page: 3, total: 3 }];
    completeDocument(db, { document_id: claim.document_id, lease: 'l', extracted_data: pages, confidence: 1, parse_run: null, page_count: 3, processing_time_ms: 1 });
    correctField(db, { document_id: claim.document_id, path: 'p3.total', segments: [{ page: 3 }, 'total'], detail_key: 'p3.total', value: 30 });
    const row = db.prepare('SELECT extracted_data FROM document_results WHERE document_id = ?').get(claim.document_id) as { extracted_data: string };
    expect(JSON.parse(row.extracted_data)).toEqual([{ page: 1, total: 1 }, { page: 3, total: 30 }]);
    expect(() => correctField(db, { document_id: claim.document_id, path: 'p2.total', segments: [{ page: 2 }, 'total'], detail_key: 'p2.total', value: 1 })).toThrow(
      'This document has no page 2.',
    );
  });
});
