// Jobs and the documents of the selected one. The backend is the source of truth: pushed events
// patch the state at once (so bars move as pages finish) and schedule throttled refetches that
// keep the counts exact even when an event was missed.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ExtractionStatus } from '../../shared/api/extractions.js';
import type { JobDetail, JobDocument, JobEvent, JobSummary } from '../../shared/rpc-contract.js';
import type { Backend } from '../backend/backend.js';
import { failure, isNotFound, throttle } from './index.js';

export type JobAction = 'pause' | 'resume' | 'cancel' | 'retry';
type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface JobsState {
  /** Newest first. */
  jobs: JobSummary[];
  hasMore: boolean;
  listStatus: LoadStatus;
  listError: string | null;
  selectedId: string | null;
  /** The selected job with its documents, once loaded. */
  detail: JobDetail | null;
  detailStatus: LoadStatus;
  detailError: string | null;
  /** The selected job could not be loaded because it is not there (deleted, or a wrong
   *  address): trying again cannot help. */
  detailMissing: boolean;
  /** Per job, the action on its way to the backend. */
  pending: Record<string, JobAction>;
  actionError: string | null;
  loadList(): Promise<void>;
  loadMore(): Promise<void>;
  /** Shows a job's documents (null shows none). */
  select(extractionId: string | null): Promise<void>;
  /** Fetches the list and the selected job's documents again (after the connection came back). */
  refresh(): Promise<void>;
  pause(extractionId: string): Promise<void>;
  resume(extractionId: string): Promise<void>;
  cancel(extractionId: string): Promise<void>;
  /** Queues the job's failed documents again. */
  retry(extractionId: string): Promise<void>;
  /** Puts a job the app just created at the top of the list. */
  add(job: JobSummary): void;
  dismissActionError(): void;
  /** Subscribes to the backend's events; the returned function unsubscribes. */
  connect(): () => void;
}

export type JobsStore = StoreApi<JobsState>;

export interface JobsStoreOptions {
  /** Least time between two refetches of the job list (default 500 ms). */
  summaryIntervalMs?: number;
  /** Least time between two refetches of the selected job's documents (default 2 s, longer for big jobs). */
  detailIntervalMs?: number;
  /** Jobs per page of the list. */
  pageSize?: number;
}

/** True once a job will change no more on its own. */
export function isFinished(status: string): boolean {
  return status === 'completed' || status === 'failed' || status === 'partial';
}

/** A document stopped by cancelling its job: failed with CANCELLED, which the job's summary
 *  counts as failed, though it neither ran nor failed. */
export function isCancelled(doc: JobDocument): boolean {
  return doc.status === 'failed' && doc.error_code === 'CANCELLED';
}

/** Whether a document failed because it is protected by a password: a retry cannot open it (the
 *  password is never kept), only typing the password on the document can. */
export function needsPassword(doc: Pick<JobDocument, 'status' | 'error_code'>): boolean {
  return doc.status === 'failed' && doc.error_code === 'PASSWORD_PROTECTED_FILE';
}

/** Documents of a job that failed, less the cancelled ones among them. */
export function failedCount(job: JobSummary): number {
  return Math.max(0, job.document_summary.failed - job.cancelled);
}

/** Documents finished (completed or failed) of a job; cancelled ones are not done. */
export function documentsDone(job: JobSummary): number {
  return job.document_summary.completed + failedCount(job);
}

const newestFirst = (a: JobSummary, b: JobSummary) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0);

/** Moves one document from one status's count to another's. */
function moveCount<T extends JobSummary>(job: T, from: string, to: string): T {
  const summary = { ...job.document_summary };
  let queued = job.queued;
  const bump = (status: string, by: number) => {
    if (status === 'queued') queued = Math.max(0, queued + by);
    else if (status === 'completed' || status === 'failed' || status === 'processing') summary[status] = Math.max(0, summary[status] + by);
  };
  bump(from, -1);
  bump(to, 1);
  const status = job.status === 'queued' && to === 'processing' ? 'processing' : job.status;
  return { ...job, document_summary: summary, queued, status };
}

const docIndexes = new WeakMap<JobDocument[], Map<string, number>>();
function indexOfDocument(documents: JobDocument[], documentId: string): number {
  let index = docIndexes.get(documents);
  if (!index) {
    index = new Map(documents.map((d, i) => [d.document_id, i]));
    docIndexes.set(documents, index);
  }
  return index.get(documentId) ?? -1;
}

export function createJobsStore(backend: Backend, options: JobsStoreOptions = {}): JobsStore {
  const pageSize = options.pageSize ?? 100;
  const summaryMs = options.summaryIntervalMs ?? 500;
  const detailMs = options.detailIntervalMs ?? 2000;
  let cursor: string | null = null;
  let detailRequest = 0;
  let unsubscribe: (() => void) | null = null;

  return createStore<JobsState>()((set, get) => {
    /** Applies `fn` to a job in the list and to the selected detail. */
    const patchJob = (id: string, fn: <T extends JobSummary>(job: T) => T) => {
      const { jobs, detail } = get();
      const i = jobs.findIndex((j) => j.extraction_id === id);
      const next: Partial<JobsState> = {};
      if (i >= 0) next.jobs = jobs.with(i, fn(jobs[i]!));
      if (detail?.extraction_id === id) next.detail = fn(detail);
      if (next.jobs || next.detail) set(next);
    };

    const upsert = (job: JobSummary) => {
      const { jobs, detail } = get();
      const i = jobs.findIndex((j) => j.extraction_id === job.extraction_id);
      const next: Partial<JobsState> = { jobs: i >= 0 ? jobs.with(i, job) : [job, ...jobs].sort(newestFirst) };
      if (detail?.extraction_id === job.extraction_id) next.detail = { ...job, documents: detail.documents };
      set(next);
    };

    const refreshList = async () => {
      try {
        const page = await backend.call('jobs.list', { limit: pageSize });
        const fresh = page.items;
        const ids = new Set(fresh.map((j) => j.extraction_id));
        const oldest = fresh.at(-1)?.created_at;
        // Keep jobs fetched by "load more" beyond the first page.
        const tail = page.pagination.has_next_page && oldest ? get().jobs.filter((j) => !ids.has(j.extraction_id) && j.created_at < oldest) : [];
        if (tail.length === 0) cursor = page.pagination.next_cursor;
        set({ jobs: [...fresh, ...tail].sort(newestFirst), hasMore: tail.length > 0 ? get().hasMore : page.pagination.has_next_page, listStatus: 'ready', listError: null });
      } catch (err) {
        set({ listStatus: get().listStatus === 'ready' ? 'ready' : 'error', listError: failure('The jobs could not be loaded', err) });
      }
    };

    const refreshDetail = async () => {
      const id = get().selectedId;
      if (!id) return;
      const request = ++detailRequest;
      try {
        const detail = await backend.call('jobs.get', { extraction_id: id });
        if (request !== detailRequest || get().selectedId !== id) return;
        const { documents: _documents, ...summary } = detail;
        const { jobs } = get();
        const i = jobs.findIndex((j) => j.extraction_id === id);
        set({ detail, detailStatus: 'ready', detailError: null, detailMissing: false, ...(i >= 0 ? { jobs: jobs.with(i, summary) } : {}) });
      } catch (err) {
        if (request !== detailRequest) return;
        set({
          detailStatus: get().detail ? 'ready' : 'error',
          detailError: failure('The documents of this job could not be loaded', err),
          detailMissing: !get().detail && isNotFound(err),
        });
      }
    };

    const scheduleList = throttle(() => void refreshList(), () => summaryMs);
    // Refetching ten thousand documents every two seconds is wasteful: big jobs wait longer.
    const scheduleDetail = throttle(() => void refreshDetail(), () => Math.max(detailMs, (get().detail?.documents.length ?? 0) / 2));

    const applyEvent = (event: JobEvent) => {
      const id = event.extraction_id;
      const selected = get().selectedId === id;
      if (event.type === 'extraction.status') {
        patchJob(id, (job) => ({ ...job, status: event.status as ExtractionStatus }));
      } else {
        const detail = get().detail;
        const docs = detail?.extraction_id === id ? detail.documents : null;
        const i = docs ? indexOfDocument(docs, event.document_id) : -1;
        const doc = docs && i >= 0 ? docs[i]! : null;
        if (docs && doc && event.type === 'document.progress') {
          const pages = event.pages_done - doc.pages_done;
          const count = event.page_count - doc.page_count;
          const documents = docs.with(i, { ...doc, pages_done: event.pages_done, page_count: event.page_count });
          docIndexes.set(documents, docIndexes.get(docs)!);
          set({ detail: { ...detail!, documents } });
          patchJob(id, (job) => ({ ...job, pages_done: job.pages_done + pages, page_count: job.page_count + count }));
        } else if (docs && doc && event.type === 'document.status' && doc.status !== event.status) {
          const status = event.status as JobDocument['status'];
          const failed = status === 'failed';
          const documents = docs.with(i, {
            ...doc,
            status,
            error_message: failed ? event.error_message : null,
            error_code: failed ? doc.error_code : null,
            ...(status === 'completed' ? { pages_done: Math.max(doc.pages_done, doc.page_count) } : {}),
            // Each start of work on a document is an attempt (the refetch confirms the count).
            ...(status === 'processing' ? { attempts: doc.attempts + 1 } : {}),
          });
          docIndexes.set(documents, docIndexes.get(docs)!);
          set({ detail: { ...detail!, documents } });
          patchJob(id, (job) => moveCount(job, doc.status, status));
        }
      }
      scheduleList();
      if (selected && event.type !== 'document.progress') scheduleDetail();
    };

    const act = async (id: string, action: JobAction, verb: string) => {
      if (get().pending[id]) return;
      set({ pending: { ...get().pending, [id]: action }, actionError: null });
      try {
        const method = `jobs.${action}` as const;
        const job = await backend.call(method, { extraction_id: id });
        upsert(job);
        if ((action === 'cancel' || action === 'retry') && get().selectedId === id) await refreshDetail();
      } catch (err) {
        set({ actionError: failure(`The job could not be ${verb}`, err) });
      } finally {
        const { [id]: _done, ...rest } = get().pending;
        set({ pending: rest });
      }
    };

    return {
      jobs: [],
      hasMore: false,
      listStatus: 'idle',
      listError: null,
      selectedId: null,
      detail: null,
      detailStatus: 'idle',
      detailError: null,
      detailMissing: false,
      pending: {},
      actionError: null,
      async loadList() {
        if (get().listStatus !== 'ready') set({ listStatus: 'loading' });
        await refreshList();
      },
      async loadMore() {
        if (!cursor || !get().hasMore) return;
        try {
          const page = await backend.call('jobs.list', { limit: pageSize, cursor });
          cursor = page.pagination.next_cursor;
          const ids = new Set(get().jobs.map((j) => j.extraction_id));
          set({ jobs: [...get().jobs, ...page.items.filter((j) => !ids.has(j.extraction_id))].sort(newestFirst), hasMore: page.pagination.has_next_page });
        } catch (err) {
          set({ listError: failure('More jobs could not be loaded', err) });
        }
      },
      async select(extractionId) {
        const same = get().selectedId === extractionId;
        if (same && get().detailStatus !== 'error') return;
        scheduleDetail.cancel();
        detailRequest++;
        if (!extractionId) return set({ selectedId: null, detail: null, detailStatus: 'idle', detailError: null, detailMissing: false });
        set({ selectedId: extractionId, detail: null, detailStatus: 'loading', detailError: null, detailMissing: false });
        await refreshDetail();
      },
      async refresh() {
        await Promise.all([refreshList(), get().selectedId ? refreshDetail() : undefined]);
      },
      pause: (id) => act(id, 'pause', 'paused'),
      resume: (id) => act(id, 'resume', 'resumed'),
      cancel: (id) => act(id, 'cancel', 'cancelled'),
      retry: (id) => act(id, 'retry', 'retried'),
      add: (job) => upsert(job),
      dismissActionError: () => set({ actionError: null }),
      connect() {
        unsubscribe ??= backend.subscribe(applyEvent);
        return () => {
          unsubscribe?.();
          unsubscribe = null;
          scheduleList.cancel();
          scheduleDetail.cancel();
        };
      },
    };
  });
}
