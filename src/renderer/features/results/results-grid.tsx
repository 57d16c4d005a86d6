// The results grid: documents × fields, only the rows in view rendered (@tanstack/react-virtual),
// rows of one fixed height, a row's line items unfolding into a sub-table of known height. The
// grid is one Tab stop: the arrow keys (Home, End, Page Up, Page Down, Ctrl+Home, Ctrl+End) move
// the active cell (a roving tabindex), Enter or F2 edits it (grid-nav.ts).
import { useVirtualizer } from '@tanstack/react-virtual';
import { createContext, useContext, useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { useStore } from 'zustand';
import type { DocumentResult } from '../../../shared/api/extractions.js';
import type { FieldDefinition } from '../../../shared/api/parsers.js';
import type { ResultsView } from '../../../shared/rpc-contract.js';
import { useNav } from '../../stores/nav-store.js';
import { cellKey, gridColumns, itemPath, type GridColumn, type ResultsStore } from '../../stores/results-store.js';
import { itemRowKey, keyToMove, moveInGrid, navRows, resolvePosition, samePosition, type GridMove } from './grid-nav.js';
import { ResultsCell } from './results-cell.js';
import { detailKey, getPath } from './value-paths.js';

export const ROW_HEIGHT = 38;
const SUB_ROW_HEIGHT = 32;
const DOC_COLUMN = 240;
const VALUE_COLUMN = 170;
const ITEMS_COLUMN = 120;

/** The height of a row, with its line items when unfolded (header row + one row per item + padding). */
export function rowHeight(doc: DocumentResult, expandedField: string | undefined): number {
  if (!expandedField) return ROW_HEIGHT;
  const items = getPath(doc.extracted_data, expandedField);
  const count = Array.isArray(items) ? items.length : 0;
  return ROW_HEIGHT + (Math.max(count, 1) + 1) * SUB_ROW_HEIGHT + 16;
}

/** The grid's columns: each at least its width; a wide window shares the room left over among
 *  them (values more than line items), so more of each value shows. */
function gridTemplate(columns: GridColumn[]): string {
  return [`minmax(${DOC_COLUMN}px, 1.4fr)`, ...columns.map((c) => (c.kind === 'items' ? `minmax(${ITEMS_COLUMN}px, 0.6fr)` : `minmax(${VALUE_COLUMN}px, 1fr)`))].join(' ');
}

/** Moves the active cell (Tab out of an editor moves on as in a spreadsheet). */
const GridNavContext = createContext<(move: GridMove) => void>(() => undefined);

/** Whether a cell is the active one, and whether the keyboard just moved there (it takes the focus). */
function useActiveCell(store: ResultsStore, row: string, col: number) {
  const active = useStore(store, (s) => s.active?.row === row && s.active.col === col);
  const takeFocus = useStore(store, (s) => s.focusActive && s.active?.row === row && s.active.col === col);
  return { active, takeFocus };
}

/** A button cell's part in the grid's one Tab stop: tabbable only while active, focused when the
 *  keyboard moved there, made active when it gets the focus any other way (a click). */
function useGridCell<T extends HTMLElement>(store: ResultsStore, row: string, col: number) {
  const ref = useRef<T>(null);
  const { active, takeFocus } = useActiveCell(store, row, col);
  useEffect(() => {
    if (!takeFocus) return;
    ref.current?.focus();
    store.setState({ focusActive: false });
  }, [takeFocus, store]);
  return { ref, tabIndex: active ? 0 : -1, onFocus: () => store.getState().setActive({ row, col }) };
}

export function ResultsGrid({ store, view }: { store: ResultsStore; view: ResultsView }) {
  const expanded = useStore(store, (s) => s.expanded);
  const columns = useMemo(() => gridColumns(view.parser_fields), [view.parser_fields]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const docs = view.documents;
  const rows = useMemo(() => navRows(docs, columns, expanded), [docs, columns, expanded]);
  const width = DOC_COLUMN + columns.reduce((n, c) => n + (c.kind === 'items' ? ITEMS_COLUMN : VALUE_COLUMN), 0);
  const template = gridTemplate(columns);

  const virtualizer = useVirtualizer({
    count: docs.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => rowHeight(docs[index]!, expanded[docs[index]!.document_id]),
    getItemKey: (index) => docs[index]!.document_id,
    overscan: 8,
    initialRect: { width: 0, height: 720 },
  });
  useEffect(() => {
    virtualizer.measure();
  }, [virtualizer, expanded, docs]);

  // The grid always has its one Tab stop: the first cell, or the nearest one when the active
  // cell's row went away (line items folded, the list refreshed).
  useEffect(() => {
    const { active } = store.getState();
    const resolved = resolvePosition(rows, active);
    if (!samePosition(resolved, active)) store.getState().setActive(resolved);
  }, [rows, store]);

  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  const move = useMemo(
    () => (direction: GridMove) => {
      const list = rowsRef.current;
      const next = moveInGrid(list, store.getState().active, direction);
      if (!next) return;
      const row = list.find((r) => r.key === next.row);
      // A row out of view is rendered first; its cell takes the focus once it is there.
      if (row && !virtualizer.getVirtualItems().some((item) => item.index === row.docIndex)) virtualizer.scrollToIndex(row.docIndex, { align: 'auto' });
      store.getState().setActive(next, true);
    },
    [store, virtualizer],
  );
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // An editor keeps its keys (the arrows move in the text there).
    if (event.target instanceof HTMLElement && event.target.closest('input, select, textarea')) return;
    const direction = keyToMove(event);
    if (!direction) return;
    event.preventDefault();
    move(direction);
  };

  return (
    <GridNavContext.Provider value={move}>
      <div
        className="rgrid"
        role="grid"
        aria-label={`Results of ${view.parser_name ?? 'this job'}`}
        aria-rowcount={docs.length + 1}
        aria-describedby="results-grid-keys"
        onKeyDown={onKeyDown}
      >
        <div className="rgrid__scroll" ref={scrollRef}>
          <div role="rowgroup" className="rgrid__head" style={{ width, minWidth: '100%' }}>
            <div role="row" className="rgrid__row rgrid__row--head" style={{ gridTemplateColumns: template }}>
              <div role="columnheader" className="rgrid__doc">
                Document
              </div>
              {columns.map((c) => (
                <div role="columnheader" key={c.path} className="rgrid__colhead" title={c.field.description ?? c.label}>
                  {c.label}
                </div>
              ))}
            </div>
          </div>
          <div role="rowgroup" className="rgrid__body" style={{ height: virtualizer.getTotalSize(), width, minWidth: '100%' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const doc = docs[item.index]!;
              // A failed document's reason wraps onto as many lines as it needs: its row is
              // measured when shown, and again whenever its height changes (a narrower window
              // takes more lines), by the virtualizer's resize observer.
              const measured = doc.status === 'failed';
              return (
                <div
                  key={item.key}
                  ref={measured ? virtualizer.measureElement : undefined}
                  data-index={item.index}
                  className="rgrid__entry"
                  style={{ height: measured ? undefined : item.size, transform: `translateY(${item.start}px)` }}
                  data-testid="results-row"
                  data-document={doc.document_id}
                >
                  <ResultsRow store={store} view={view} doc={doc} columns={columns} template={template} rowIndex={item.index} />
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </GridNavContext.Provider>
  );
}

interface RowProps {
  store: ResultsStore;
  view: ResultsView;
  doc: DocumentResult;
  columns: GridColumn[];
  template: string;
  rowIndex: number;
}

function ResultsRow({ store, view, doc, columns, template, rowIndex }: RowProps) {
  const go = useNav((s) => s.go);
  const expandedField = useStore(store, (s) => s.expanded[doc.document_id]);
  const open = () => go({ screen: 'document', extraction_id: view.extraction_id, document_id: doc.document_id });
  const nameCell = useGridCell<HTMLButtonElement>(store, doc.document_id, 0);
  const docCell = (
    <div role="rowheader" className="rgrid__doc">
      <button
        type="button"
        {...nameCell}
        className="rgrid__open"
        onClick={open}
        title={`Open ${doc.filename}`}
        aria-label={`Open ${doc.filename}`}
      >
        {doc.filename}
      </button>
    </div>
  );

  if (doc.status !== 'completed') {
    const text =
      doc.status === 'failed'
        ? `Failed: ${doc.error_message ?? 'the document could not be processed.'}`
        : doc.status === 'processing'
          ? 'Processing…'
          : 'Waiting to be processed.';
    return (
      <div role="row" aria-rowindex={rowIndex + 2} className={`rgrid__row rgrid__row--${doc.status}`} style={{ gridTemplateColumns: template }}>
        {docCell}
        <div role="gridcell" className="rgrid__status" style={{ gridColumn: `2 / span ${Math.max(columns.length, 1)}` }}>
          {text}
        </div>
      </div>
    );
  }

  const expandedColumn = expandedField ? columns.find((c) => c.path === expandedField) : undefined;
  return (
    <>
      <div role="row" aria-rowindex={rowIndex + 2} className="rgrid__row" style={{ gridTemplateColumns: template }}>
        {docCell}
        {columns.map((c, i) =>
          c.kind === 'items' ? (
            <ItemsToggle key={c.path} store={store} doc={doc} column={c} col={i + 1} expanded={expandedField === c.path} />
          ) : (
            <ConnectedCell key={c.path} store={store} view={view} doc={doc} path={c.path} row={doc.document_id} col={i + 1} />
          ),
        )}
      </div>
      {expandedColumn ? <LineItems store={store} view={view} doc={doc} column={expandedColumn} /> : null}
    </>
  );
}

function ItemsToggle({ store, doc, column, col, expanded }: { store: ResultsStore; doc: DocumentResult; column: GridColumn; col: number; expanded: boolean }) {
  const items = getPath(doc.extracted_data, column.path);
  const count = Array.isArray(items) ? items.length : 0;
  const cell = useGridCell<HTMLButtonElement>(store, doc.document_id, col);
  return (
    <div role="gridcell" className="rcell rcell--items" data-testid="results-cell" data-field={column.path} data-document={doc.document_id}>
      <button
        type="button"
        {...cell}
        className="rgrid__items"
        aria-expanded={count === 0 ? undefined : expanded}
        aria-label={`${column.label} of ${doc.filename}: ${count} ${count === 1 ? 'item' : 'items'}`}
        onClick={() => {
          if (count > 0) store.getState().toggleExpand(doc.document_id, column.path);
        }}
        // Not disabled: a disabled button cannot take the focus, and the keyboard moves through every cell.
        aria-disabled={count === 0 ? true : undefined}
      >
        <span aria-hidden="true">{expanded ? '▾' : '▸'}</span> {count} {count === 1 ? 'item' : 'items'}
      </button>
    </div>
  );
}

function LineItems({ store, view, doc, column }: { store: ResultsStore; view: ResultsView; doc: DocumentResult; column: GridColumn }) {
  const items = getPath(doc.extracted_data, column.path);
  const list = Array.isArray(items) ? items : [];
  const subs: Array<FieldDefinition | null> = column.field.fields && column.field.fields.length > 0 ? column.field.fields : [null];
  const template = ['48px', ...subs.map(() => `${VALUE_COLUMN}px`)].join(' ');
  return (
    <div className="rgrid__items-table" role="rowgroup" aria-label={`${column.label} of ${doc.filename}`}>
      <div role="row" className="rgrid__subrow rgrid__subrow--head" style={{ gridTemplateColumns: template }}>
        <div role="columnheader">#</div>
        {subs.map((s) => (
          <div role="columnheader" key={s?.name ?? 'value'}>
            {s?.name ?? 'value'}
          </div>
        ))}
      </div>
      {list.map((_, i) => (
        <div role="row" key={i} className="rgrid__subrow" style={{ gridTemplateColumns: template }}>
          <div role="rowheader">{i + 1}</div>
          {subs.map((s, j) => (
            <ConnectedCell key={s?.name ?? 'value'} store={store} view={view} doc={doc} path={itemPath(column.path, i, s?.name)} row={itemRowKey(doc.document_id, i)} col={j} />
          ))}
        </div>
      ))}
    </div>
  );
}

interface ConnectedCellProps {
  store: ResultsStore;
  view: ResultsView;
  doc: DocumentResult;
  path: string;
  /** Its place for the keyboard: the row's key and the cell's index in it. */
  row: string;
  col: number;
}

/** A cell wired to the store: editing state, saving, errors, corrections, the active cell. */
function ConnectedCell({ store, view, doc, path, row, col }: ConnectedCellProps) {
  const move = useContext(GridNavContext);
  const key = cellKey(doc.document_id, path);
  const { active, takeFocus } = useActiveCell(store, row, col);
  const editing = useStore(store, (s) => s.editing?.documentId === doc.document_id && s.editing.path === path);
  const saving = useStore(store, (s) => s.saving[key] === true);
  const error = useStore(store, (s) => s.cellErrors[key] ?? null);
  const state = store.getState();
  // The editor may report after it was closed (a blur as it goes away): only this cell's editor acts.
  const editingHere = () => store.getState().editing?.documentId === doc.document_id && store.getState().editing?.path === path;
  return (
    <ResultsCell
      documentId={doc.document_id}
      path={path}
      value={getPath(doc.extracted_data, path)}
      confidence={(doc.fields?.[detailKey(path)] ?? doc.fields?.[path])?.confidence ?? null}
      correction={view.corrections[doc.document_id]?.[path] ?? null}
      editing={editing}
      saving={saving}
      error={error}
      label={`${path} of ${doc.filename}`}
      active={active}
      takeFocus={takeFocus}
      onFocused={() => store.setState({ focusActive: false })}
      onActivate={() => state.setActive({ row, col })}
      onStartEdit={() => state.startEdit(doc.document_id, path)}
      onCancel={() => {
        if (editingHere()) state.cancelEdit();
      }}
      onCommit={(text) => {
        if (editingHere()) void state.commitEdit(doc.document_id, path, text);
        // Refused text keeps the editor open (with the reason).
        return !editingHere();
      }}
      onMove={(backwards) => move(backwards ? 'previous' : 'next')}
      onRevert={() => void state.revert(doc.document_id, path)}
    />
  );
}
