// One document of a job, as the Document screen shows it: the stored view (result, parse run,
// corrections), the file for the page viewer, the job's other documents for prev/next, the
// spatial text (loaded on demand), and what the user selected (a block or a field) and on which page.
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FieldDetail } from '../../shared/api/extractions.js';
import type { Block } from '../../shared/parse-contract.js';
import type { Correction, DocumentView, JobDocument, UnlockResult } from '../../shared/rpc-contract.js';
import type { Backend } from '../backend/backend.js';
import { isNotFound, reasonOf, perBackend } from './index.js';
import { runBlocks } from '../components/page-view/geometry.js';
import { detailKey, dottedPath, getPath, leafPaths } from '../features/results/value-paths.js';

export type DocumentTab = 'markdown' | 'spatial' | 'json' | 'fields';
type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

/** The file's bytes, for the page viewer. */
export interface DocumentFile {
  bytes: Uint8Array;
  file_type: string;
  filename: string;
}

/** One extracted value as the Fields tab lists it. */
export interface FieldRow {
  path: string;
  value: unknown;
  detail: FieldDetail | null;
  correction: Correction | null;
}

export interface DocumentState {
  extractionId: string | null;
  documentId: string | null;
  status: LoadStatus;
  error: string | null;
  /** The load failed because the job or the document is not there (deleted, or a wrong address):
   *  trying again cannot help. */
  missing: boolean;
  view: DocumentView | null;
  file: DocumentFile | null;
  fileError: string | null;
  /** The job's documents, in order, for the previous / next buttons. */
  siblings: JobDocument[];
  spatial: string[] | null;
  spatialStatus: LoadStatus;
  spatialError: string | null;
  tab: DocumentTab;
  page: number;
  selectedBlockId: string | null;
  selectedField: string | null;
  retryMessage: string | null;
  /** Passwords of encrypted PDFs, by document id, for drawing their pages: held in memory for
   *  this session only. */
  passwords: Readonly<Record<string, string>>;

  /** Loads a document (and its file and job); `field` preselects one field. */
  load(extractionId: string, documentId: string, field?: string): Promise<void>;
  /** Loads the document again, keeping the tab and selection (after it finished processing). */
  reload(): Promise<void>;
  setTab(tab: DocumentTab): void;
  setPage(page: number): void;
  /** Selects a block (or none), turning to its page. */
  selectBlock(id: string | null): void;
  /** Selects a field (or none), turning to its citation's page. */
  selectField(path: string | null): void;
  /** Selects nothing: no block and no field is highlighted. */
  clearSelection(): void;
  loadSpatial(): Promise<void>;
  /** Queues the job's failed documents again. */
  retryJob(): Promise<void>;
  /** Opens the document, which failed for want of a password, with one (and with `wholeJob`,
   *  the job's other such documents it opens) and queues it again. Resolves to the reason when
   *  the password was refused, else to null (the outcome is in `retryMessage`). */
  unlock(password: string, wholeJob: boolean): Promise<string | null>;
  /** Draws the open document's pages with this password. */
  setViewerPassword(password: string): void;
}

/** What a password opened, in a sentence or three. */
export function unlockSentence(outcome: Pick<UnlockResult, 'opened' | 'not_opened'>): string {
  const parts = ['The password opened this document.'];
  const others = outcome.opened.length - 1;
  if (others > 0) parts.push(`It also opened ${others === 1 ? '1 other document' : `${others} other documents`} of this job.`);
  if (outcome.not_opened > 0) {
    parts.push(outcome.not_opened === 1 ? '1 other document needs a different password.' : `${outcome.not_opened} other documents need a different password.`);
  }
  return parts.join(' ');
}

export type DocumentStore = StoreApi<DocumentState>;

const message = (err: unknown) => reasonOf(err) || 'Something went wrong.';

/** A document store over a backend (tests pass a fake one). */
export function createDocumentStore(backend: Backend): DocumentStore {
  // Each load gets a number; answers to an older load are dropped.
  let loadSeq = 0;

  return createStore<DocumentState>()((set, get) => ({
    extractionId: null,
    documentId: null,
    status: 'idle',
    error: null,
    missing: false,
    view: null,
    file: null,
    fileError: null,
    siblings: [],
    spatial: null,
    spatialStatus: 'idle',
    spatialError: null,
    tab: 'markdown',
    page: 1,
    selectedBlockId: null,
    selectedField: null,
    retryMessage: null,
    passwords: {},

    async load(extractionId, documentId, field) {
      const seq = ++loadSeq;
      const sameJob = get().extractionId === extractionId;
      set({
        extractionId,
        documentId,
        status: 'loading',
        error: null,
        missing: false,
        view: null,
        file: null,
        fileError: null,
        siblings: sameJob ? get().siblings : [],
        spatial: null,
        spatialStatus: 'idle',
        spatialError: null,
        page: 1,
        selectedBlockId: null,
        selectedField: null,
        retryMessage: null,
        tab: field ? 'fields' : get().tab,
      });
      const ref = { extraction_id: extractionId, document_id: documentId };
      if (!sameJob || get().siblings.length === 0) {
        backend.call('jobs.get', { extraction_id: extractionId }).then(
          (job) => {
            if (seq === loadSeq) set({ siblings: job.documents });
          },
          () => undefined,
        );
      }
      let view: DocumentView;
      try {
        view = await backend.call('documents.get', ref);
      } catch (err) {
        if (seq === loadSeq) set({ status: 'error', error: message(err), missing: isNotFound(err) });
        return;
      }
      if (seq !== loadSeq) return;
      set({ view, status: 'ready', ...(get().tab === 'fields' && view.parse_only ? { tab: 'markdown' as const } : {}) });
      if (field && !view.parse_only) get().selectField(field);
      if (view.run) {
        try {
          const file = await backend.call('documents.file', ref);
          if (seq === loadSeq) set({ file });
        } catch (err) {
          if (seq === loadSeq) set({ fileError: `The file could not be loaded for viewing: ${message(err)}` });
        }
      }
      if (get().tab === 'spatial') void get().loadSpatial();
    },

    async reload() {
      const { extractionId, documentId, selectedField, selectedBlockId, page, retryMessage } = get();
      if (!extractionId || !documentId) return;
      await get().load(extractionId, documentId);
      if (get().documentId !== documentId || get().status !== 'ready') return;
      set({ page, retryMessage });
      if (selectedField) get().selectField(selectedField);
      else if (selectedBlockId) get().selectBlock(selectedBlockId);
    },

    setTab(tab) {
      set({ tab });
      if (tab === 'spatial' && get().spatialStatus === 'idle') void get().loadSpatial();
    },

    setPage(page) {
      set({ page: Math.max(1, Math.floor(page)) });
    },

    selectBlock(id) {
      if (id === null) {
        set({ selectedBlockId: null });
        return;
      }
      const block = runBlocks(get().view?.run ?? null).find((b) => b.id === id);
      set({ selectedBlockId: id, selectedField: null, ...(block ? { page: block.metadata.page.number } : {}) });
    },

    selectField(path) {
      if (path === null) {
        set({ selectedField: null });
        return;
      }
      const fields = get().view?.document.fields ?? {};
      // The route may name a field dotted (`items.0.amount`); the Fields tab lists detail keys.
      const key = path in fields ? path : detailKey(path) in fields ? detailKey(path) : path;
      const detail = fields[key] ?? null;
      set({ selectedField: key, selectedBlockId: null, ...(detail?.citation ? { page: detail.citation.page } : {}) });
    },

    clearSelection() {
      set({ selectedBlockId: null, selectedField: null });
    },

    async loadSpatial() {
      const { extractionId, documentId } = get();
      if (!extractionId || !documentId || !get().view?.run) return;
      const seq = loadSeq;
      set({ spatialStatus: 'loading', spatialError: null });
      try {
        const { pages } = await backend.call('documents.spatial', { extraction_id: extractionId, document_id: documentId });
        if (seq === loadSeq) set({ spatial: pages, spatialStatus: 'ready' });
      } catch (err) {
        if (seq === loadSeq) set({ spatialStatus: 'error', spatialError: message(err) });
      }
    },

    async retryJob() {
      const { extractionId } = get();
      if (!extractionId) return;
      try {
        await backend.call('jobs.retry', { extraction_id: extractionId });
        set({ retryMessage: 'The failed documents of this job are queued again.' });
      } catch (err) {
        set({ retryMessage: `Retrying did not start: ${message(err)}` });
      }
    },

    async unlock(password, wholeJob) {
      const { extractionId, documentId } = get();
      if (!extractionId || !documentId) return 'No document is open.';
      let outcome: UnlockResult;
      try {
        outcome = await backend.call('documents.unlock', { extraction_id: extractionId, document_id: documentId, password, whole_job: wholeJob });
      } catch (err) {
        return message(err);
      }
      // The pages of the documents it opened are drawn with it too.
      const passwords = { ...get().passwords };
      for (const id of outcome.opened) passwords[id] = password;
      set({ passwords });
      await get().reload();
      if (get().documentId !== documentId) return null;
      set({ retryMessage: unlockSentence(outcome) });
      // The job's other documents changed too: refresh the list behind previous / next.
      backend.call('jobs.get', { extraction_id: extractionId }).then(
        (job) => {
          if (get().extractionId === extractionId) set({ siblings: job.documents });
        },
        () => undefined,
      );
      return null;
    },

    setViewerPassword(password) {
      const { documentId } = get();
      if (documentId) set({ passwords: { ...get().passwords, [documentId]: password } });
    },
  }));
}

/** The fields of a document: per-field details when the backend gave them, else every leaf of the data. */
export function fieldRows(view: DocumentView | null): FieldRow[] {
  if (!view) return [];
  const data = view.document.extracted_data;
  const details = view.document.fields ?? {};
  const paths = Object.keys(details).length > 0 ? Object.keys(details) : leafPaths(data);
  // Details are keyed `items[0].amount`, corrections `items.0.amount`: compare them dotted.
  const known = new Set(paths.map(dottedPath));
  for (const path of Object.keys(view.corrections)) if (!known.has(dottedPath(path))) paths.push(path);
  return paths.map((path) => ({
    path,
    value: getPath(data, path),
    detail: details[path] ?? details[detailKey(path)] ?? null,
    correction: view.corrections[dottedPath(path)] ?? view.corrections[path] ?? null,
  }));
}

/** The selected block, if any. */
export function selectedBlock(state: Pick<DocumentState, 'view' | 'selectedBlockId'>): Block | null {
  if (!state.selectedBlockId) return null;
  return runBlocks(state.view?.run ?? null).find((b) => b.id === state.selectedBlockId) ?? null;
}

/** The one document store of a backend (screens share it; tests create their own). */
export const documentStoreFor: (backend: Backend) => DocumentStore = perBackend(createDocumentStore);

/** Selects from the backend's document store. */
export function useDocumentStore<T>(backend: Backend, selector: (state: DocumentState) => T): T {
  return useStore(documentStoreFor(backend), selector);
}
