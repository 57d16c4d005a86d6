// The Results screen's store: grid columns and correction paths, corrections shown at once and
// rolled back when saving fails, typed input, reverting, exports and the list of jobs.
import { describe, expect, it, vi } from 'vitest';
import type { DocumentResult } from '../../../src/shared/api/extractions.js';
import type { FieldDefinition } from '../../../src/shared/api/parsers.js';
import type { ResultsView } from '../../../src/shared/rpc-contract.js';
import { detailKey, dottedPath, fieldPath, getPath, parseInput, setPath } from '../../../src/renderer/features/results/value-paths.js';
import { cellKey, createResultsStore, gridColumns, itemPath } from '../../../src/renderer/stores/results-store.js';
import { createFakeBackend } from '../fake-backend.js';
import { jobSummary } from '../fixtures.js';

const FIELDS: FieldDefinition[] = [
  { name: 'invoice_number', type: 'string' },
  { name: 'total', type: 'number' },
  { name: 'seller', type: 'object', fields: [{ name: 'name', type: 'string' }, { name: 'vat', type: 'string' }] },
  { name: 'line_items', type: 'array', fields: [{ name: 'description', type: 'string' }, { name: 'amount', type: 'number' }] },
];

function doc(id: string, data: unknown, overrides: Partial<DocumentResult> = {}): DocumentResult {
  return {
    document_id: id,
    filename: `${id}.pdf`,
    page_count: 1,
    credits_used: 0,
    status: 'completed',
    error_message: null,
    extracted_data: data,
    confidence: 0.9,
    fields: { total: { confidence: 0.3, source: 'layout', citation: null } },
    processing_time_ms: 10,
    created_at: '2025-03-01T10:00:00.000Z',
    completed_at: '2025-03-01T10:00:01.000Z',
    ...overrides,
  };
}

function resultsView(): ResultsView {
  return {
    ...jobSummary('ext_1', { status: 'completed' }),
    parser_id: 'prs_1',
    parser_name: 'Invoices',
    parser_fields: FIELDS,
    corrections: {},
    documents: [
      doc('doc_1', {
        invoice_number: 'INV-1',
        total: 42,
        seller: { name: 'ACME', vat: null },
        line_items: [
          { description: 'Bolts', amount: 10 },
          { description: 'Nuts', amount: 12 },
          { description: 'Washers', amount: 20 },
        ],
      }),
      doc('doc_2', null, { status: 'failed', error_message: 'The file is damaged', fields: null }),
    ],
  };
}

function setup() {
  const fake = createFakeBackend();
  fake.on('results.get', () => resultsView());
  const store = createResultsStore(fake.backend);
  return { fake, store };
}

const data = (store: ReturnType<typeof setup>['store'], id = 'doc_1') => store.getState().view?.documents.find((d) => d.document_id === id)?.extracted_data;

describe('results store', () => {
  it('builds the columns and the correction paths', () => {
    expect(gridColumns(FIELDS).map((c) => [c.path, c.kind])).toEqual([
      ['invoice_number', 'value'],
      ['total', 'value'],
      ['seller.name', 'value'],
      ['seller.vat', 'value'],
      ['line_items', 'items'],
    ]);
    expect(itemPath('line_items', 2, 'amount')).toBe('line_items.2.amount');
    expect(fieldPath('seller', 'name')).toBe('seller.name');
    expect(getPath({ line_items: [{}, {}, { amount: 5 }] }, 'line_items.2.amount')).toBe(5);
    expect(setPath({ a: [1, { b: 2 }] }, 'a.1.b', 3)).toEqual({ a: [1, { b: 3 }] });
    expect(setPath(null, 'items.0.amount', 1)).toEqual({ items: [{ amount: 1 }] });
    // Field details are keyed with [n]; names may hold dots.
    expect(getPath({ line_items: [{}, { amount: 7 }] }, 'line_items[1].amount')).toBe(7);
    expect(detailKey('line_items.2.amount')).toBe('line_items[2].amount');
    expect(dottedPath('line_items[2].amount')).toBe('line_items.2.amount');
    expect(getPath({ 'amount.net': 5, amount: { net: 6 } }, 'amount.net')).toBe(5);
    expect(setPath({ 'vat.id': 'x' }, 'vat.id', 'y')).toEqual({ 'vat.id': 'y' });
  });

  it('reads typed text as the field’s type', () => {
    expect(parseInput('1.234,50', 'number')).toEqual({ ok: true, value: 1234.5 });
    expect(parseInput('1,234.50', 'number')).toEqual({ ok: true, value: 1234.5 });
    expect(parseInput('€ 12', 'number')).toEqual({ ok: true, value: 12 });
    expect(parseInput('twelve', 'number')).toMatchObject({ ok: false, message: expect.stringMatching(/not a number/) });
    expect(parseInput('yes', 'boolean')).toEqual({ ok: true, value: true });
    expect(parseInput('2024-02-29', 'date')).toEqual({ ok: true, value: '2024-02-29' });
    // Not a day of the calendar (the server refuses it too).
    expect(parseInput('2024-02-30', 'date')).toMatchObject({ ok: false });
    expect(parseInput('31.03.2024', 'date')).toMatchObject({ ok: false });
    expect(parseInput('  ', 'string')).toEqual({ ok: true, value: null });
  });

  it('shows a correction at once, keeps the original, and saves it', async () => {
    const { fake, store } = setup();
    let finish: () => void = () => undefined;
    fake.on('results.correct', (arg) => new Promise((resolve) => (finish = () => resolve(doc('doc_1', setPath(data(store), arg.path, arg.value))))));
    await store.getState().load('ext_1');
    const saving = store.getState().correct('doc_1', 'line_items.2.amount', 25);
    expect(getPath(data(store), 'line_items.2.amount')).toBe(25);
    expect(store.getState().view?.corrections['doc_1']?.['line_items.2.amount']?.original).toBe(20);
    expect(store.getState().saving[cellKey('doc_1', 'line_items.2.amount')]).toBe(true);
    finish();
    expect(await saving).toBe(true);
    expect(fake.callsOf('results.correct')).toEqual([{ extraction_id: 'ext_1', document_id: 'doc_1', path: 'line_items.2.amount', value: 25 }]);
    expect(store.getState().saving).toEqual({});
    // A second correction of the same cell keeps what extraction found first.
    const again = store.getState().correct('doc_1', 'line_items.2.amount', 30);
    finish();
    await again;
    expect(store.getState().view?.corrections['doc_1']?.['line_items.2.amount']?.original).toBe(20);
  });

  it('rolls back a correction the backend refused, with a sentence', async () => {
    const { fake, store } = setup();
    fake.on('results.correct', () => {
      throw new Error('The job is still running');
    });
    await store.getState().load('ext_1');
    expect(await store.getState().correct('doc_1', 'total', 43)).toBe(false);
    expect(getPath(data(store), 'total')).toBe(42);
    expect(store.getState().view?.corrections['doc_1']?.['total']).toBeUndefined();
    expect(store.getState().cellErrors[cellKey('doc_1', 'total')]).toBe('The change was not saved. The job is still running.');
  });

  it('edits a cell: Enter saves typed numbers, bad input stays in the editor with a reason', async () => {
    const { fake, store } = setup();
    fake.on('results.correct', (arg) => doc('doc_1', setPath(data(store), arg.path, arg.value)));
    await store.getState().load('ext_1');
    store.getState().startEdit('doc_1', 'total');
    expect(await store.getState().commitEdit('doc_1', 'total', 'lots')).toBe(false);
    expect(store.getState().editing).toEqual({ documentId: 'doc_1', path: 'total' });
    expect(store.getState().cellErrors[cellKey('doc_1', 'total')]).toMatch(/not a number/);
    expect(fake.callsOf('results.correct')).toHaveLength(0);
    expect(await store.getState().commitEdit('doc_1', 'total', '1.099,90')).toBe(true);
    expect(store.getState().editing).toBeNull();
    expect(store.getState().cellErrors).toEqual({});
    expect(fake.callsOf('results.correct')).toEqual([{ extraction_id: 'ext_1', document_id: 'doc_1', path: 'total', value: 1099.9 }]);
    store.getState().startEdit('doc_1', 'seller.name');
    store.getState().cancelEdit();
    expect(store.getState().editing).toBeNull();
  });

  it('clears a refused value’s reason on Escape, and stale reasons on the next saved change', async () => {
    const { fake, store } = setup();
    let refuse = true;
    fake.on('results.correct', (arg) => {
      if (refuse) throw new Error('The job is still running');
      return doc('doc_1', setPath(data(store), arg.path, arg.value));
    });
    await store.getState().load('ext_1');
    // Escape on text the cell refused takes its reason away with the editor.
    store.getState().startEdit('doc_1', 'total');
    expect(await store.getState().commitEdit('doc_1', 'total', '31/02/2020')).toBe(false);
    expect(Object.keys(store.getState().cellErrors)).toEqual([cellKey('doc_1', 'total')]);
    store.getState().cancelEdit();
    expect(store.getState().cellErrors).toEqual({});
    // A change the backend refused stays explained until a later change is saved.
    expect(await store.getState().correct('doc_1', 'invoice_number', 'INV-9')).toBe(false);
    expect(Object.keys(store.getState().cellErrors)).toEqual([cellKey('doc_1', 'invoice_number')]);
    // A cell open with refused text keeps its reason meanwhile.
    store.getState().startEdit('doc_1', 'total');
    expect(await store.getState().commitEdit('doc_1', 'total', 'lots')).toBe(false);
    refuse = false;
    expect(await store.getState().correct('doc_1', 'seller.name', 'ACME Ltd')).toBe(true);
    expect(Object.keys(store.getState().cellErrors)).toEqual([cellKey('doc_1', 'total')]);
    store.getState().cancelEdit();
    expect(store.getState().cellErrors).toEqual({});
  });

  it('reverts a corrected cell to what extraction found', async () => {
    const { fake, store } = setup();
    fake.on('results.correct', (arg) => doc('doc_1', setPath(data(store), arg.path, arg.value)));
    fake.on('results.revert', () => resultsView().documents[0]!);
    await store.getState().load('ext_1');
    await store.getState().correct('doc_1', 'seller.name', 'ACME Ltd');
    expect(await store.getState().revert('doc_1', 'seller.name')).toBe(true);
    expect(fake.callsOf('results.revert')).toEqual([{ extraction_id: 'ext_1', document_id: 'doc_1', path: 'seller.name' }]);
    expect(getPath(data(store), 'seller.name')).toBe('ACME');
    expect(store.getState().view?.corrections['doc_1']).toEqual({});
  });

  it('exports with the chosen format and line-item layout, named after the parser and the day, and says where it went', async () => {
    const { fake, store } = setup();
    const exportResults = vi.fn(async () => ({ saved_to: 'invoices-ext_1.csv' as string | null }));
    fake.backend.exportResults = exportResults;
    await store.getState().load('ext_1');
    await store.getState().exportAs('csv');
    // The job ran at 10:00 UTC on 1 March 2025.
    expect(exportResults).toHaveBeenLastCalledWith('ext_1', 'csv', 'rows', 'Invoices 2025-03-01');
    expect(store.getState().exportMessage).toBe('Downloaded invoices-ext_1.csv');
    store.getState().setLineItems('json');
    exportResults.mockResolvedValueOnce({ saved_to: null });
    await store.getState().exportAs('xlsx');
    expect(exportResults).toHaveBeenLastCalledWith('ext_1', 'xlsx', 'json', 'Invoices 2025-03-01');
    expect(store.getState().exportMessage).toBe('Export cancelled.');
    exportResults.mockRejectedValueOnce(new Error('The disk is full'));
    await store.getState().exportAs('json');
    expect(store.getState().exportError).toBe('The JSON export failed. The disk is full.');
  });

  it('lists only jobs that ran a parser', async () => {
    const { fake, store } = setup();
    fake.on('jobs.list', () => ({
      items: [jobSummary('ext_1', { parser_name: 'Invoices' }), jobSummary('ext_2'), jobSummary('ext_3', { parser_name: 'Receipts' })],
      pagination: { limit: 100, has_next_page: false, next_cursor: null },
    }));
    await store.getState().loadJobs();
    expect(store.getState().jobs.map((j) => j.extraction_id)).toEqual(['ext_1', 'ext_3']);
    expect(store.getState().jobsCursor).toBeNull();
  });

  it('unfolds one array field per document', async () => {
    const { store } = setup();
    await store.getState().load('ext_1');
    store.getState().toggleExpand('doc_1', 'line_items');
    expect(store.getState().expanded).toEqual({ doc_1: 'line_items' });
    store.getState().toggleExpand('doc_1', 'line_items');
    expect(store.getState().expanded).toEqual({});
  });

  it('refreshes when documents of the open job finish', async () => {
    vi.useFakeTimers();
    try {
      const { fake, store } = setup();
      await store.getState().load('ext_1');
      const stop = store.getState().connect();
      fake.emit({ type: 'document.status', extraction_id: 'ext_2', document_id: 'x', status: 'completed', error_message: null });
      fake.emit({ type: 'document.status', extraction_id: 'ext_1', document_id: 'doc_2', status: 'completed', error_message: null });
      fake.emit({ type: 'document.status', extraction_id: 'ext_1', document_id: 'doc_3', status: 'completed', error_message: null });
      await vi.runAllTimersAsync();
      expect(fake.callsOf('results.get')).toHaveLength(2);
      stop();
      expect(fake.listenerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
