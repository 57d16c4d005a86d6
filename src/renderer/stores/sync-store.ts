// Sync with the hosted PerfectParser service: the connection (off until the user connects), the
// log of every request sent, parsers pushed and pulled, and files processed in the cloud as local
// jobs marked remote. Each failure is a sentence next to the control that caused it.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Parser } from '../../shared/api/parsers.js';
import { DEFAULT_SYNC_BASE_URL, type FileRef, type JobSummary, type SyncLogEntry, type SyncStatus } from '../../shared/rpc-contract.js';
import type { Backend } from '../backend/backend.js';
import { failure } from './index.js';
import type { JobsStore } from './jobs-store.js';

type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

/** Where the Inbox runs a job with a parser. */
export type ProcessWhere = 'local' | 'remote';

export type PushResult = { state: 'running' } | { state: 'done'; action: 'created' | 'updated'; remote_parser_id: string } | { state: 'error'; message: string };

export type PullResult =
  | { state: 'running' }
  | { state: 'done'; parsers: Array<{ parser_id: string; name: string; action: 'created' | 'updated' }> }
  | { state: 'error'; message: string };

export interface SyncState {
  status: SyncStatus | null;
  statusLoad: LoadStatus;
  statusError: string | null;
  /** The connect form: the hosted service's address and the key being typed (never kept after a submit). */
  baseUrl: string;
  apiKey: string;
  connecting: boolean;
  connectError: string | null;
  disconnecting: boolean;
  disconnectError: string | null;

  /** Requests sent, newest first as the backend pages them. */
  log: SyncLogEntry[];
  logStatus: LoadStatus;
  logError: string | null;
  logHasMore: boolean;

  remoteParsers: Parser[];
  remoteStatus: LoadStatus;
  remoteError: string | null;
  /** Per local parser, the last "Send to hosted account". */
  pushes: Record<string, PushResult>;
  pull: PullResult | null;

  /** The Inbox's choice for jobs with a parser (local unless the user picks the hosted service). */
  processWhere: ProcessWhere;
  processing: boolean;
  processError: string | null;
  /** Per remote job, a resume on its way. */
  resuming: Record<string, true>;
  resumeError: string | null;

  /** Reads the connection (the backend sends nothing anywhere while sync is off). */
  loadStatus(): Promise<void>;
  setBaseUrl(url: string): void;
  setApiKey(key: string): void;
  /** Verifies the key (GET /v1/me on the hosted side) and turns sync on; the typed key is cleared either way. */
  connect(): Promise<boolean>;
  disconnect(): Promise<boolean>;
  /** The first page of the request log again. */
  loadLog(): Promise<void>;
  loadMoreLog(): Promise<void>;
  loadRemoteParsers(): Promise<void>;
  pushParser(parserId: string): Promise<void>;
  /** Copies hosted parsers into the local store; resolves with what changed, or null on failure. */
  pullParsers(): Promise<PullResult | null>;
  setProcessWhere(where: ProcessWhere): void;
  /** Starts a job on the hosted service and goes to it in Jobs; null (with processError) on failure. */
  process(parserId: string, files: FileRef[]): Promise<JobSummary | null>;
  /** Picks a stopped remote job up again (missing credits, a revoked key, a network loss). */
  resume(extractionId: string): Promise<JobSummary | null>;
  dismissErrors(): void;
}

export type SyncStore = StoreApi<SyncState>;

export interface SyncStoreOptions {
  /** The jobs store a new or resumed remote job is put into. */
  jobs?: JobsStore | undefined;
  /** Called whenever the backend reports sync on or off (the settings and sidebar follow). */
  onEnabled?: ((enabled: boolean) => void) | undefined;
  /** Shows a job in Jobs (the app passes its navigation; stores stay free of the DOM). */
  goToJob?: ((extractionId: string) => void) | undefined;
  /** Requests per page of the log. */
  logPageSize?: number | undefined;
}

/** The hosted service's host ("api.perfectparser.com"), for sentences; the URL itself when it cannot be read. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

/** Why the connect form cannot be sent, as a sentence, or null. */
export function connectProblem(baseUrl: string, apiKey: string): string | null {
  const url = baseUrl.trim();
  try {
    const { protocol } = new URL(url);
    if (protocol !== 'http:' && protocol !== 'https:') return 'Enter the hosted service’s address, starting with https://.';
  } catch {
    return 'Enter the hosted service’s address, starting with https://.';
  }
  if (apiKey.trim().length < 8) return 'Paste the API key from your PerfectParser account.';
  return null;
}

/** The sync store over a backend. */
export function createSyncStore(backend: Backend, options: SyncStoreOptions = {}): SyncStore {
  const pageSize = options.logPageSize ?? 100;
  let logCursor: string | null = null;

  return createStore<SyncState>()((set, get) => {
    const took = (status: SyncStatus) => {
      set({ status, statusLoad: 'ready', statusError: null });
      options.onEnabled?.(status.enabled);
    };

    return {
      status: null,
      statusLoad: 'idle',
      statusError: null,
      baseUrl: DEFAULT_SYNC_BASE_URL,
      apiKey: '',
      connecting: false,
      connectError: null,
      disconnecting: false,
      disconnectError: null,
      log: [],
      logStatus: 'idle',
      logError: null,
      logHasMore: false,
      remoteParsers: [],
      remoteStatus: 'idle',
      remoteError: null,
      pushes: {},
      pull: null,
      processWhere: 'local',
      processing: false,
      processError: null,
      resuming: {},
      resumeError: null,

      async loadStatus() {
        if (get().statusLoad !== 'ready') set({ statusLoad: 'loading' });
        try {
          const status = await backend.call('sync.status');
          took(status);
          // The form starts from the address last connected to.
          if (!status.enabled && get().baseUrl === DEFAULT_SYNC_BASE_URL && status.base_url) set({ baseUrl: status.base_url });
        } catch (err) {
          set({ statusLoad: get().status ? 'ready' : 'error', statusError: failure('The sync settings could not be loaded', err) });
        }
      },
      setBaseUrl: (baseUrl) => set({ baseUrl, connectError: null }),
      setApiKey: (apiKey) => set({ apiKey, connectError: null }),
      async connect() {
        const { baseUrl, apiKey, connecting } = get();
        if (connecting) return false;
        const problem = connectProblem(baseUrl, apiKey);
        if (problem) {
          set({ connectError: problem, apiKey: '' });
          return false;
        }
        // The key leaves the form at once: it is never kept in the page after a submit.
        set({ connecting: true, connectError: null, apiKey: '' });
        try {
          const status = await backend.call('sync.connect', { base_url: baseUrl.trim(), api_key: apiKey.trim() });
          took(status);
          set({ connecting: false, pull: null, pushes: {} });
          // The log now holds the check (GET /v1/me) just made.
          void get().loadLog();
          return true;
        } catch (err) {
          set({ connecting: false, connectError: failure(`Could not connect to ${hostOf(baseUrl.trim())}`, err) });
          return false;
        }
      },
      async disconnect() {
        if (get().disconnecting) return false;
        set({ disconnecting: true, disconnectError: null });
        try {
          const status = await backend.call('sync.disconnect');
          took(status);
          set({ disconnecting: false, processWhere: 'local', remoteParsers: [], remoteStatus: 'idle', pull: null, pushes: {}, baseUrl: status.base_url || get().baseUrl });
          void get().loadLog();
          return true;
        } catch (err) {
          set({ disconnecting: false, disconnectError: failure('Sync could not be turned off', err) });
          return false;
        }
      },
      async loadLog() {
        set({ logStatus: get().logStatus === 'ready' ? 'ready' : 'loading', logError: null });
        try {
          const page = await backend.call('sync.log', { limit: pageSize });
          logCursor = page.pagination.next_cursor;
          set({ log: page.items, logHasMore: page.pagination.has_next_page && logCursor !== null, logStatus: 'ready' });
        } catch (err) {
          set({ logStatus: get().logStatus === 'ready' ? 'ready' : 'error', logError: failure('The request log could not be loaded', err) });
        }
      },
      async loadMoreLog() {
        if (!logCursor || !get().logHasMore) return;
        try {
          const page = await backend.call('sync.log', { limit: pageSize, cursor: logCursor });
          logCursor = page.pagination.next_cursor;
          const known = new Set(get().log.map((e) => e.id));
          set({ log: [...get().log, ...page.items.filter((e) => !known.has(e.id))], logHasMore: page.pagination.has_next_page && logCursor !== null });
        } catch (err) {
          set({ logError: failure('More of the request log could not be loaded', err) });
        }
      },
      async loadRemoteParsers() {
        set({ remoteStatus: get().remoteStatus === 'ready' ? 'ready' : 'loading', remoteError: null });
        try {
          const remoteParsers = await backend.call('sync.remoteParsers');
          set({ remoteParsers, remoteStatus: 'ready' });
        } catch (err) {
          set({ remoteStatus: 'error', remoteError: failure('The parsers in your hosted account could not be listed', err) });
        }
      },
      async pushParser(parserId) {
        if (get().pushes[parserId]?.state === 'running') return;
        set({ pushes: { ...get().pushes, [parserId]: { state: 'running' } } });
        try {
          const result = await backend.call('sync.pushParser', { parser_id: parserId });
          set({ pushes: { ...get().pushes, [parserId]: { state: 'done', ...result } } });
        } catch (err) {
          set({ pushes: { ...get().pushes, [parserId]: { state: 'error', message: failure('The parser was not sent to your hosted account', err) } } });
        }
      },
      async pullParsers() {
        if (get().pull?.state === 'running') return null;
        set({ pull: { state: 'running' } });
        try {
          const { parsers } = await backend.call('sync.pullParsers');
          const pull: PullResult = { state: 'done', parsers };
          set({ pull });
          return pull;
        } catch (err) {
          set({ pull: { state: 'error', message: failure('The parsers could not be copied from your hosted account', err) } });
          return null;
        }
      },
      setProcessWhere: (processWhere) => set({ processWhere, processError: null }),
      async process(parserId, files) {
        if (get().processing || files.length === 0) return null;
        set({ processing: true, processError: null });
        try {
          const job = await backend.call('sync.process', { parser_id: parserId, files });
          set({ processing: false });
          options.jobs?.getState().add(job);
          options.goToJob?.(job.extraction_id);
          return job;
        } catch (err) {
          set({ processing: false, processError: failure('The files could not be sent to the hosted service', err) });
          return null;
        }
      },
      async resume(extractionId) {
        if (get().resuming[extractionId]) return null;
        set({ resuming: { ...get().resuming, [extractionId]: true }, resumeError: null });
        try {
          const job = await backend.call('sync.resume', { extraction_id: extractionId });
          options.jobs?.getState().add(job);
          return job;
        } catch (err) {
          set({ resumeError: failure('The job could not be resumed on the hosted service', err) });
          return null;
        } finally {
          const { [extractionId]: _done, ...rest } = get().resuming;
          set({ resuming: rest });
        }
      },
      dismissErrors: () => set({ statusError: null, connectError: null, disconnectError: null, logError: null, remoteError: null, processError: null, resumeError: null }),
    };
  });
}
