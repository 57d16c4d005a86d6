// The results grid's keyboard: the rows it moves over (documents, then their unfolded line items),
// where each key goes, the one Tab stop kept when rows go away, and the store's active cell.
import { describe, expect, it } from 'vitest';
import type { DocumentResult } from '../../src/shared/api/extractions.js';
import type { FieldDefinition } from '../../src/shared/api/parsers.js';
import { itemRowKey, keyToMove, moveInGrid, navRows, resolvePosition, samePosition } from '../../src/renderer/features/results/grid-nav.js';
import { parseInput } from '../../src/renderer/features/results/value-paths.js';
import { createResultsStore, gridColumns } from '../../src/renderer/stores/results-store.js';
import { createFakeBackend } from './fake-backend.js';

const FIELDS: FieldDefinition[] = [
  { name: 'invoice_number', type: 'string' },
  { name: 'total', type: 'number' },
  { name: 'line_items', type: 'array', fields: [{ name: 'description', type: 'string' }, { name: 'amount', type: 'number' }] },
];
const columns = gridColumns(FIELDS);

function doc(id: string, status: DocumentResult['status'] = 'completed', items = 2): DocumentResult {
  return {
    document_id: id,
    filename: `${id}.pdf`,
    page_count: 1,
    credits_used: 0,
    status,
    error_message: null,
    extracted_data: { invoice_number: id, total: 1, line_items: Array.from({ length: items }, (_, i) => ({ description: `item ${i}`, amount: i })) },
    confidence: 0.9,
    fields: null,
    processing_time_ms: 10,
    created_at: '2025-03-01T10:00:00.000Z',
    completed_at: '2025-03-01T10:00:01.000Z',
  };
}

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('results grid keyboard', () => {
  const docs = [doc('doc_1'), doc('doc_2', 'failed'), doc('doc_3')];

  it('moves over documents and the line items unfolded below one', () => {
    const folded = navRows(docs, columns, {});
    expect(folded.map((r) => [r.key, r.cols])).toEqual([
      ['doc_1', 4],
      ['doc_2', 1],
      ['doc_3', 4],
    ]);
    const rows = navRows(docs, columns, { doc_1: 'line_items' });
    expect(rows.map((r) => [r.key, r.cols, r.docIndex])).toEqual([
      ['doc_1', 4, 0],
      [itemRowKey('doc_1', 0), 2, 0],
      [itemRowKey('doc_1', 1), 2, 0],
      ['doc_2', 1, 1],
      ['doc_3', 4, 2],
    ]);

    const start = resolvePosition(rows, null);
    expect(start).toEqual({ row: 'doc_1', col: 0 });
    let at = moveInGrid(rows, start, 'right');
    at = moveInGrid(rows, at, 'right');
    at = moveInGrid(rows, at, 'right');
    expect(at).toEqual({ row: 'doc_1', col: 3 });
    expect(moveInGrid(rows, at, 'right')).toEqual(at);
    // Down into the line items: the column is kept inside the shorter row.
    at = moveInGrid(rows, at, 'down');
    expect(at).toEqual({ row: itemRowKey('doc_1', 0), col: 1 });
    at = moveInGrid(rows, moveInGrid(rows, at, 'down'), 'down');
    expect(at).toEqual({ row: 'doc_2', col: 0 });
    expect(moveInGrid(rows, at, 'down')).toEqual({ row: 'doc_3', col: 0 });
    expect(moveInGrid(rows, { row: 'doc_3', col: 2 }, 'up')).toEqual({ row: 'doc_2', col: 0 });
    expect(moveInGrid(rows, { row: 'doc_3', col: 2 }, 'home')).toEqual({ row: 'doc_3', col: 0 });
    expect(moveInGrid(rows, { row: 'doc_3', col: 0 }, 'end')).toEqual({ row: 'doc_3', col: 3 });
    expect(moveInGrid(rows, { row: 'doc_3', col: 1 }, 'first')).toEqual({ row: 'doc_1', col: 0 });
    expect(moveInGrid(rows, { row: 'doc_1', col: 1 }, 'last')).toEqual({ row: 'doc_3', col: 3 });
    expect(moveInGrid(rows, { row: 'doc_1', col: 1 }, 'pageDown', 3)).toEqual({ row: 'doc_2', col: 0 });
    expect(moveInGrid(rows, { row: 'doc_3', col: 1 }, 'pageUp')).toEqual({ row: 'doc_1', col: 1 });
  });

  it('moves on from an editor with Tab to the next value, across rows', () => {
    const rows = navRows(docs, columns, {});
    expect(moveInGrid(rows, { row: 'doc_1', col: 1 }, 'next')).toEqual({ row: 'doc_1', col: 2 });
    expect(moveInGrid(rows, { row: 'doc_1', col: 3 }, 'next')).toEqual({ row: 'doc_2', col: 0 });
    expect(moveInGrid(rows, { row: 'doc_2', col: 0 }, 'next')).toEqual({ row: 'doc_3', col: 1 });
    expect(moveInGrid(rows, { row: 'doc_3', col: 1 }, 'previous')).toEqual({ row: 'doc_2', col: 0 });
    expect(moveInGrid(rows, { row: 'doc_1', col: 2 }, 'previous')).toEqual({ row: 'doc_1', col: 1 });
    expect(moveInGrid(rows, { row: 'doc_3', col: 3 }, 'next')).toEqual({ row: 'doc_3', col: 3 });
  });

  it('keeps one Tab stop when the active row goes away, and none in an empty grid', () => {
    const rows = navRows(docs, columns, {});
    expect(resolvePosition(rows, { row: itemRowKey('doc_1', 1), col: 1 })).toEqual({ row: 'doc_1', col: 0 });
    expect(resolvePosition(rows, { row: 'doc_2', col: 3 })).toEqual({ row: 'doc_2', col: 0 });
    expect(resolvePosition([], null)).toBeNull();
    expect(moveInGrid([], null, 'down')).toBeNull();
  });

  it('tells the same cell apart from another one', () => {
    expect(samePosition({ row: 'doc_1', col: 2 }, { row: 'doc_1', col: 2 })).toBe(true);
    expect(samePosition(null, null)).toBe(true);
    expect(samePosition({ row: 'doc_1', col: 2 }, { row: 'doc_1', col: 1 })).toBe(false);
    expect(samePosition({ row: 'doc_1', col: 2 }, { row: 'doc_2', col: 2 })).toBe(false);
    expect(samePosition({ row: 'doc_1', col: 0 }, null)).toBe(false);
    expect(samePosition(null, { row: 'doc_1', col: 0 })).toBe(false);
  });

  it('reads the keys a grid answers and leaves the others', () => {
    expect(keyToMove(key('ArrowDown'))).toBe('down');
    expect(keyToMove(key('ArrowLeft'))).toBe('left');
    expect(keyToMove(key('Home'))).toBe('home');
    expect(keyToMove(key('End', { ctrlKey: true }))).toBe('last');
    expect(keyToMove(key('Home', { metaKey: true }))).toBe('first');
    expect(keyToMove(key('PageDown'))).toBe('pageDown');
    expect(keyToMove(key('ArrowDown', { shiftKey: true }))).toBeNull();
    expect(keyToMove(key('ArrowDown', { altKey: true }))).toBeNull();
    expect(keyToMove(key('Enter'))).toBeNull();
    expect(keyToMove(key('a'))).toBeNull();
  });

  it('keeps the active cell in the store, and forgets it with another job', async () => {
    const fake = createFakeBackend();
    fake.on('results.get', () => {
      throw Object.assign(new Error('No extraction with id ext_gone.'), { code: 'RESOURCE_NOT_FOUND' });
    });
    const store = createResultsStore(fake.backend);
    store.getState().setActive({ row: 'doc_3', col: 2 }, true);
    expect(store.getState()).toMatchObject({ active: { row: 'doc_3', col: 2 }, focusActive: true });
    const active = store.getState().active;
    store.getState().setActive({ row: 'doc_3', col: 2 });
    expect(store.getState().focusActive).toBe(false);
    // The same cell keeps its position object (the grid's cells do not render again for it).
    expect(store.getState().active).toBe(active);
    await store.getState().load('ext_gone');
    expect(store.getState()).toMatchObject({ active: null, focusActive: false, status: 'error', missing: true });
  });
});

describe('typed dates', () => {
  it('takes only days of the calendar', () => {
    expect(parseInput('2024-02-29', 'date')).toEqual({ ok: true, value: '2024-02-29' });
    for (const text of ['2020-02-31', '2023-02-29', '2024-13-01', '2024-04-31', '31/02/2020']) {
      expect(parseInput(text, 'date')).toEqual({ ok: false, message: `“${text}” is not a date. Write it as YYYY-MM-DD, such as 2024-03-31.` });
    }
  });
});
