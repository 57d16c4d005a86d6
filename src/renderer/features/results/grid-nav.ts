// Keyboard movement in the results grid: the grid is one Tab stop, and the arrow keys (with Home,
// End, Page Up, Page Down) move the active cell over its rows — a document's row, then the rows of
// its unfolded line items — as in a spreadsheet.
import type { DocumentResult } from '../../../shared/api/extractions.js';
import type { GridColumn } from '../../stores/results-store.js';
import { getPath } from './value-paths.js';

/** A row the keyboard can move to: a document's row or one line item of it. */
export interface NavRow {
  key: string;
  /** The document's index in the grid (its virtual row). */
  docIndex: number;
  /** Cells that take the focus (a document row: its name, then one per column). */
  cols: number;
  /** The first cell holding a value (after the document's name). */
  firstValue: number;
}

/** Where the active cell is: a row's key and a cell index in it. */
export interface GridPosition {
  row: string;
  col: number;
}

/** Whether two positions are the same cell (both null counts as the same). */
export function samePosition(a: GridPosition | null, b: GridPosition | null): boolean {
  return a === b || (a !== null && b !== null && a.row === b.row && a.col === b.col);
}

export type GridMove = 'up' | 'down' | 'left' | 'right' | 'home' | 'end' | 'first' | 'last' | 'pageUp' | 'pageDown' | 'next' | 'previous';

/** Rows moved by Page Up / Page Down. */
export const PAGE_ROWS = 10;

/** The key of a line item's row: `itemRowKey('doc_1', 2)`. */
export const itemRowKey = (documentId: string, index: number) => `${documentId}\u0000item\u0000${index}`;

/** The navigable rows of the grid in the order shown. */
export function navRows(docs: readonly DocumentResult[], columns: readonly GridColumn[], expanded: Record<string, string>): NavRow[] {
  const rows: NavRow[] = [];
  docs.forEach((doc, docIndex) => {
    if (doc.status !== 'completed') {
      rows.push({ key: doc.document_id, docIndex, cols: 1, firstValue: 0 });
      return;
    }
    rows.push({ key: doc.document_id, docIndex, cols: 1 + columns.length, firstValue: columns.length > 0 ? 1 : 0 });
    const column = expanded[doc.document_id] ? columns.find((c) => c.path === expanded[doc.document_id]) : undefined;
    if (!column) return;
    const items = getPath(doc.extracted_data, column.path);
    const subs = Math.max(column.field.fields?.length ?? 0, 1);
    const count = Array.isArray(items) ? items.length : 0;
    for (let i = 0; i < count; i++) rows.push({ key: itemRowKey(doc.document_id, i), docIndex, cols: subs, firstValue: 0 });
  });
  return rows;
}

/** The active cell as it stands in `rows`: the given one (its column kept inside its row), or the
 *  first cell when there is none or its row is gone; null for an empty grid. */
export function resolvePosition(rows: readonly NavRow[], active: GridPosition | null): GridPosition | null {
  const first = rows[0];
  if (!first) return null;
  const row = active ? rows.find((r) => r.key === active.row) : undefined;
  if (!row || !active) return { row: first.key, col: 0 };
  return { row: row.key, col: Math.min(Math.max(0, active.col), row.cols - 1) };
}

/** Where a move goes from `from` (null: the first cell); the same position at an edge. */
export function moveInGrid(rows: readonly NavRow[], from: GridPosition | null, move: GridMove, pageRows = PAGE_ROWS): GridPosition | null {
  const at = resolvePosition(rows, from);
  if (!at) return null;
  const index = rows.findIndex((r) => r.key === at.row);
  const row = rows[index]!;
  const toRow = (target: number, col: number): GridPosition => {
    const r = rows[Math.min(Math.max(target, 0), rows.length - 1)]!;
    return { row: r.key, col: Math.min(Math.max(col, 0), r.cols - 1) };
  };
  switch (move) {
    case 'left':
      return { row: row.key, col: Math.max(at.col - 1, 0) };
    case 'right':
      return { row: row.key, col: Math.min(at.col + 1, row.cols - 1) };
    case 'home':
      return { row: row.key, col: 0 };
    case 'end':
      return { row: row.key, col: row.cols - 1 };
    case 'up':
      return toRow(index - 1, at.col);
    case 'down':
      return toRow(index + 1, at.col);
    case 'pageUp':
      return toRow(index - pageRows, at.col);
    case 'pageDown':
      return toRow(index + pageRows, at.col);
    case 'first':
      return toRow(0, 0);
    case 'last':
      return toRow(rows.length - 1, rows[rows.length - 1]!.cols - 1);
    case 'next': {
      // Tab out of an editor: the next value, then the next row's first value.
      if (at.col < row.cols - 1) return { row: row.key, col: at.col + 1 };
      const next = rows[index + 1];
      return next ? { row: next.key, col: next.firstValue } : at;
    }
    case 'previous': {
      if (at.col > row.firstValue) return { row: row.key, col: at.col - 1 };
      const previous = rows[index - 1];
      return previous ? { row: previous.key, col: previous.cols - 1 } : at;
    }
  }
}

/** The move a key press asks for, or null for keys the grid leaves alone. */
export function keyToMove(event: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }): GridMove | null {
  if (event.altKey || event.shiftKey) return null;
  const mod = event.ctrlKey || event.metaKey;
  switch (event.key) {
    case 'ArrowUp':
      return mod ? null : 'up';
    case 'ArrowDown':
      return mod ? null : 'down';
    case 'ArrowLeft':
      return mod ? null : 'left';
    case 'ArrowRight':
      return mod ? null : 'right';
    case 'Home':
      return mod ? 'first' : 'home';
    case 'End':
      return mod ? 'last' : 'end';
    case 'PageUp':
      return mod ? null : 'pageUp';
    case 'PageDown':
      return mod ? null : 'pageDown';
    default:
      return null;
  }
}
