// The results of one extraction job as a grid (documents × fields), with corrections made in
// place: shown at once, saved to the backend, and rolled back with a sentence if saving fails.
// Also the list of extraction jobs to choose from, and exports (CSV / JSON / XLSX).
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DocumentResult, ExportFormat } from '../../shared/api/extractions.js';
import type { FieldDefinition } from '../../shared/api/parsers.js';
import type { Correction, JobSummary, ResultsView } from '../../shared/rpc-contract.js';
import { exportFileBase } from '../../shared/export-names.js';
import type { Backend } from '../backend/backend.js';
import { samePosition, type GridPosition } from '../features/results/grid-nav.js';
import { definitionAt, getPath, parseInput, setPath } from '../features/results/value-paths.js';
import { isNotFound, reasonOf, throttle, perBackend } from './index.js';

type Status = 'idle' | 'loading' | 'ready' | 'error';

/** One column of the grid: a plain field, a sub-field of an object (`seller.name`), or an array's item count. */
export interface GridColumn {
  /** The value's path in each document's data, and the correction path of its cells. */
  path: string;
  label: string;
  field: FieldDefinition;
  kind: 'value' | 'items';
}

/** The cell being edited. */
export interface EditingCell {
  documentId: string;
  path: string;
}

export interface ResultsState {
  jobs: JobSummary[];
  jobsStatus: Status;
  jobsError: string | null;
  jobsCursor: string | null;

  extractionId: string | null;
  view: ResultsView | null;
  status: Status;
  error: string | null;
  /** The extraction asked for is not there (deleted, or a broken link). */
  missing: boolean;
  /** Per document, the array field whose items are shown below its row. */
  expanded: Record<string, string>;
  editing: EditingCell | null;
  /** The grid's active cell (its one Tab stop); null: the first cell. */
  active: GridPosition | null;
  /** The active cell should take the focus once it is shown (it was moved by the keyboard). */
  focusActive: boolean;
  /** Per cell (`cellKey`), why its last change was not saved. */
  cellErrors: Record<string, string>;
  /** Cells whose change is on its way to the backend. */
  saving: Record<string, true>;
  lineItems: 'rows' | 'json';
  exporting: ExportFormat | null;
  exportMessage: string | null;
  exportError: string | null;

  /** The extraction jobs that ran a parser (parse-only jobs have no results grid). */
  loadJobs(): Promise<void>;
  loadMoreJobs(): Promise<void>;
  load(extractionId: string | null): Promise<void>;
  /** Fetches the results again without clearing the grid (documents finishing while it is open). */
  refresh(): Promise<void>;
  toggleExpand(documentId: string, field: string): void;
  /** Makes a cell the active one; with `focus`, it takes the focus as soon as it is shown. */
  setActive(position: GridPosition | null, focus?: boolean): void;
  startEdit(documentId: string, path: string): void;
  /** Closes the editor, and with it the reason its text was refused. */
  cancelEdit(): void;
  /** Reads the typed text as the field's type and saves it; false (with a cell error) when it cannot. */
  commitEdit(documentId: string, path: string, text: string): Promise<boolean>;
  /** Saves a value; once saved, earlier changes' reasons for not being saved are cleared. */
  correct(documentId: string, path: string, value: unknown): Promise<boolean>;
  revert(documentId: string, path: string): Promise<boolean>;
  setLineItems(mode: 'rows' | 'json'): void;
  exportAs(format: ExportFormat): Promise<void>;
  dismissExport(): void;
  /** Follows job events for the open extraction; the returned function stops. */
  connect(): () => void;
}

export type ResultsStore = StoreApi<ResultsState>;

export interface ResultsStoreOptions {
  /** Least time between two refetches caused by job events (ms). */
  refreshIntervalMs?: number;
}

const message = (err: unknown) => reasonOf(err) || 'Something went wrong.';

/** The key of one cell in `cellErrors` and `saving`. */
export const cellKey = (documentId: string, path: string) => `${documentId}\u0000${path}`;

/** The grid's columns: one per field, objects spread into their sub-fields, arrays as an item count. */
export function gridColumns(fields: FieldDefinition[]): GridColumn[] {
  return fields.flatMap((field): GridColumn[] => {
    if (field.type === 'array') return [{ path: field.name, label: field.name, field, kind: 'items' }];
    if (field.type === 'object' && field.fields && field.fields.length > 0) {
      return field.fields.map((sub) => ({
        path: `${field.name}.${sub.name}`,
        label: `${field.name}.${sub.name}`,
        field: sub,
        kind: sub.type === 'array' ? ('items' as const) : ('value' as const),
      }));
    }
    return [{ path: field.name, label: field.name, field, kind: 'value' }];
  });
}

/** A correction path inside an array: `itemPath('line_items', 2, 'amount')` → "line_items.2.amount". */
export function itemPath(arrayPath: string, index: number, sub?: string): string {
  return sub ? `${arrayPath}.${index}.${sub}` : `${arrayPath}.${index}`;
}

/** A results store over a backend (tests pass a fake one). */
export function createResultsStore(backend: Backend, options: ResultsStoreOptions = {}): ResultsStore {
  let loadSeq = 0;

  return createStore<ResultsState>()((set, get) => {
    /** Applies `change` to one document of the open view (nothing when it is gone). */
    const patchDocument = (documentId: string, change: (doc: DocumentResult) => DocumentResult) => {
      const view = get().view;
      if (!view) return;
      set({ view: { ...view, documents: view.documents.map((d) => (d.document_id === documentId ? change(d) : d)) } });
    };
    const setCorrection = (documentId: string, path: string, correction: Correction | null) => {
      const view = get().view;
      if (!view) return;
      const forDoc = { ...(view.corrections[documentId] ?? {}) };
      if (correction) forDoc[path] = correction;
      else delete forDoc[path];
      set({ view: { ...view, corrections: { ...view.corrections, [documentId]: forDoc } } });
    };
    const setCellState = (key: string, error: string | null, saving: boolean) => {
      const cellErrors = { ...get().cellErrors };
      const savingNext = { ...get().saving };
      if (error) cellErrors[key] = error;
      else delete cellErrors[key];
      if (saving) savingNext[key] = true;
      else delete savingNext[key];
      set({ cellErrors, saving: savingNext });
    };
    const refreshSoon = throttle(() => void get().refresh(), () => options.refreshIntervalMs ?? 1000);

    return {
      jobs: [],
      jobsStatus: 'idle',
      jobsError: null,
      jobsCursor: null,
      extractionId: null,
      view: null,
      status: 'idle',
      error: null,
      missing: false,
      expanded: {},
      editing: null,
      active: null,
      focusActive: false,
      cellErrors: {},
      saving: {},
      lineItems: 'rows',
      exporting: null,
      exportMessage: null,
      exportError: null,

      async loadJobs() {
        set({ jobsStatus: 'loading', jobsError: null });
        try {
          const page = await backend.call('jobs.list', { limit: 100 });
          set({
            jobs: page.items.filter((j) => j.parser_name !== null),
            jobsCursor: page.pagination.has_next_page ? page.pagination.next_cursor : null,
            jobsStatus: 'ready',
          });
        } catch (err) {
          set({ jobsStatus: 'error', jobsError: message(err) });
        }
      },

      async loadMoreJobs() {
        const cursor = get().jobsCursor;
        if (!cursor) return;
        try {
          const page = await backend.call('jobs.list', { limit: 100, cursor });
          set({
            jobs: [...get().jobs, ...page.items.filter((j) => j.parser_name !== null)],
            jobsCursor: page.pagination.has_next_page ? page.pagination.next_cursor : null,
          });
        } catch (err) {
          set({ jobsError: message(err) });
        }
      },

      async load(extractionId) {
        const seq = ++loadSeq;
        set({
          extractionId,
          view: null,
          status: extractionId ? 'loading' : 'idle',
          error: null,
          missing: false,
          expanded: {},
          editing: null,
          active: null,
          focusActive: false,
          cellErrors: {},
          saving: {},
          exportMessage: null,
          exportError: null,
        });
        if (!extractionId) return;
        try {
          const view = await backend.call('results.get', { extraction_id: extractionId });
          if (seq === loadSeq) set({ view, status: 'ready' });
        } catch (err) {
          if (seq === loadSeq) set({ status: 'error', error: message(err), missing: isNotFound(err) });
        }
      },

      async refresh() {
        const extractionId = get().extractionId;
        if (!extractionId || get().status !== 'ready' || Object.keys(get().saving).length > 0) return;
        const seq = loadSeq;
        try {
          const view = await backend.call('results.get', { extraction_id: extractionId });
          if (seq === loadSeq && Object.keys(get().saving).length === 0) set({ view });
        } catch {
          // A failed background refresh keeps what is shown; the next event tries again.
        }
      },

      toggleExpand(documentId, field) {
        const expanded = { ...get().expanded };
        if (expanded[documentId] === field) delete expanded[documentId];
        else expanded[documentId] = field;
        set({ expanded });
      },

      setActive(position, focus = false) {
        const active = get().active;
        const same = samePosition(active, position);
        if (same && get().focusActive === focus) return;
        set({ active: same ? active : position, focusActive: focus });
      },

      startEdit(documentId, path) {
        set({ editing: { documentId, path } });
      },

      cancelEdit() {
        const editing = get().editing;
        const cellErrors = { ...get().cellErrors };
        if (editing) delete cellErrors[cellKey(editing.documentId, editing.path)];
        set({ editing: null, cellErrors });
      },

      async commitEdit(documentId, path, text) {
        const view = get().view;
        const definition = view ? definitionAt(view.parser_fields, path) : null;
        const parsed = parseInput(text, definition?.type);
        const key = cellKey(documentId, path);
        if (!parsed.ok) {
          setCellState(key, parsed.message, false);
          return false;
        }
        set({ editing: null });
        return get().correct(documentId, path, parsed.value);
      },

      async correct(documentId, path, value) {
        const view = get().view;
        const extractionId = get().extractionId;
        const doc = view?.documents.find((d) => d.document_id === documentId);
        if (!view || !extractionId || !doc) return false;
        const key = cellKey(documentId, path);
        const before = getPath(doc.extracted_data, path);
        const earlier = view.corrections[documentId]?.[path] ?? null;
        // Show the new value at once; the first correction's original is the one kept.
        patchDocument(documentId, (d) => ({ ...d, extracted_data: setPath(d.extracted_data ?? {}, path, value) }));
        setCorrection(documentId, path, { original: earlier ? earlier.original : before, corrected_at: new Date().toISOString() });
        setCellState(key, null, true);
        try {
          const saved = await backend.call('results.correct', { extraction_id: extractionId, document_id: documentId, path, value });
          if (get().extractionId === extractionId) patchDocument(documentId, (d) => ({ ...d, ...saved }));
          setCellState(key, null, false);
          // A later change went through: earlier changes' errors are old news (not the one of a
          // cell still open with text it refused).
          const editing = get().editing;
          const open = editing ? cellKey(editing.documentId, editing.path) : null;
          const still = open ? get().cellErrors[open] : undefined;
          set({ cellErrors: open && still ? { [open]: still } : {} });
          return true;
        } catch (err) {
          if (get().extractionId !== extractionId) return false;
          // Put back only this cell: other cells may have changed meanwhile.
          patchDocument(documentId, (d) => ({ ...d, extracted_data: setPath(d.extracted_data ?? {}, path, before) }));
          setCorrection(documentId, path, earlier);
          setCellState(key, `The change was not saved. ${message(err)}`, false);
          return false;
        }
      },

      async revert(documentId, path) {
        const extractionId = get().extractionId;
        if (!extractionId) return false;
        const key = cellKey(documentId, path);
        setCellState(key, null, true);
        try {
          const saved = await backend.call('results.revert', { extraction_id: extractionId, document_id: documentId, path });
          if (get().extractionId !== extractionId) return false;
          patchDocument(documentId, (d) => ({ ...d, ...saved }));
          setCorrection(documentId, path, null);
          setCellState(key, null, false);
          return true;
        } catch (err) {
          setCellState(key, `The value was not restored. ${message(err)}`, false);
          return false;
        }
      },

      setLineItems(mode) {
        set({ lineItems: mode });
      },

      async exportAs(format) {
        const extractionId = get().extractionId;
        const view = get().view;
        if (!extractionId) return;
        set({ exporting: format, exportMessage: null, exportError: null });
        try {
          const name = view && view.extraction_id === extractionId ? exportFileBase(view.parser_name, view.created_at) : undefined;
          const { saved_to } = await backend.exportResults(extractionId, format, get().lineItems, name);
          const done = saved_to === null ? 'Export cancelled.' : backend.kind === 'desktop' ? `Saved to ${saved_to}` : `Downloaded ${saved_to}`;
          set({ exporting: null, exportMessage: done });
        } catch (err) {
          set({ exporting: null, exportError: `The ${format.toUpperCase()} export failed. ${message(err)}` });
        }
      },

      dismissExport() {
        set({ exportMessage: null, exportError: null });
      },

      connect() {
        const stop = backend.subscribe((event) => {
          if (event.extraction_id !== get().extractionId) return;
          if (event.type === 'document.status' || event.type === 'extraction.status') refreshSoon();
        });
        return () => {
          refreshSoon.cancel();
          stop();
        };
      },
    };
  });
}

/** The one results store of a backend (screens share it; tests create their own). */
export const resultsStoreFor: (backend: Backend) => ResultsStore = perBackend(createResultsStore);

/** Selects from the backend's results store. */
export function useResultsStore<T>(backend: Backend, selector: (state: ResultsState) => T): T {
  return useStore(resultsStoreFor(backend), selector);
}
