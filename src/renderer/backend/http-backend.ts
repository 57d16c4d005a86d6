// The browser-mode Backend: HTTP to `perfectparser serve`, which served this page. Calls go to
// POST /rpc/<method> with the key in X-API-Key; files are uploaded one per request to
// POST /rpc/upload (at most three at a time); job events are read from GET /v1/events with a
// streaming fetch (EventSource cannot send the key header); exports become a download.
import type { ExportFormat } from '../../shared/api/extractions.js';
import type { FileTypeFilter, JobEvent, RpcMethod, Settings, SkippedFile, StageResult } from '../../shared/rpc-contract.js';
import { captureApiKey, storeApiKey } from './api-key.js';
import type { AddedItems, Backend, DroppedEntry, KeyAccess, StageProgress } from './backend.js';

/** Uploads in flight at once: enough to keep the line busy, few enough to leave connections for calls. */
const UPLOAD_CONCURRENCY = 3;
const RECONNECT_FIRST_MS = 1_000;
// The server is on this machine: once it is back, the page should notice within seconds.
const RECONNECT_MAX_MS = 5_000;

const NO_KEY_MESSAGE =
  'This page has no access key. Enter the key that `perfectparser key` prints, or open the link `perfectparser serve` printed (it ends with #key=…).';
const BAD_KEY_MESSAGE =
  'The server refused the access key (it may have been replaced in Settings). Enter the key that `perfectparser key` prints, given the same --data-dir as `perfectparser serve`.';
const UNREACHABLE_MESSAGE = 'The PerfectParser server cannot be reached. Is `perfectparser serve` still running?';
/** What a key can hold: it travels as a header value (the server makes them from letters, digits, `_` and `-`). */
const KEY_CHARACTERS = /^[\x21-\x7e]+$/;

/** Extensions each type filter keeps, checked before uploading (the server still decides by content). */
const PDF_EXTENSIONS = ['pdf'];
const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'tif', 'tiff', 'webp', 'bmp', 'gif'];
const TEXT_EXTENSIONS = ['txt', 'text'];
const FILTER_EXTENSIONS: Record<FileTypeFilter, ReadonlySet<string>> = {
  supported: new Set([...PDF_EXTENSIONS, ...IMAGE_EXTENSIONS, ...TEXT_EXTENSIONS]),
  pdf: new Set(PDF_EXTENSIONS),
  images: new Set(IMAGE_EXTENSIONS),
};
const FILTER_NAMES: Record<FileTypeFilter, string> = {
  supported: 'a PDF, an image or a text file',
  pdf: 'a PDF',
  images: 'an image',
};
/** Files systems leave in folders; never worth a line in the skipped list. */
const JUNK_FILES = new Set(['.ds_store', 'thumbs.db', 'desktop.ini']);

/** A failed call: the server's sentence, its error code and the HTTP status. */
export class BackendError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'BackendError';
  }
}

export interface HttpBackendOptions {
  /** Where the server is; '' (this page's origin) by default. */
  baseUrl?: string;
  /** The key; by default taken from the address's #key= (then kept in sessionStorage). */
  apiKey?: string | null;
  fetch?: FetchLike;
  /** Hands a finished export to the user; by default a download through a blob URL. */
  download?: (blob: Blob, filename: string) => void;
}

export interface HttpBackend extends Backend {
  readonly kind: 'browser';
  readonly access: KeyAccess;
  /** True when the page has a key to send (else every call fails with a sentence saying how to get one). */
  hasApiKey(): boolean;
  /** Uses `key` from now on and keeps it for this tab (a key the user pasted). */
  setApiKey(key: string): void;
}

type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

/** The parts of the File and Directory Entries API used to walk a dropped folder (declared here,
 *  structurally, so the module typechecks outside the DOM too). */
interface FileEntryLike {
  file(success: (file: File) => void, failure: (error: unknown) => void): void;
}
interface DirectoryEntryLike {
  createReader(): { readEntries(success: (entries: DroppedEntry[]) => void, failure: (error: unknown) => void): void };
}
interface DocumentLike {
  body: { append(node: unknown): void };
  createElement(tag: 'a'): { href: string; download: string; rel: string; style: { display: string }; click(): void; remove(): void };
}

/** A file to upload, with its path below the dropped or picked folder. */
interface PendingFile {
  file: File;
  relativePath: string;
}

/** Builds the backend for a page served by `perfectparser serve`. */
export function createHttpBackend(options: HttpBackendOptions = {}): HttpBackend {
  const base = options.baseUrl ?? '';
  const doFetch: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  const download = options.download ?? downloadBlob;
  let key = options.apiKey !== undefined ? options.apiKey : captureApiKey();
  const refusedListeners = new Set<() => void>();

  /** The server refused `used`: tell the listeners, unless the page has moved on to another key
   *  since the request left (an answer to a request sent before a new key was made). */
  function refused(used: string | null): void {
    if (used !== key) return;
    for (const listener of [...refusedListeners]) listener();
  }

  function authHeaders(extra: Record<string, string> = {}): Record<string, string> {
    if (!key) throw new BackendError(NO_KEY_MESSAGE, 'UNAUTHORIZED', 401);
    return { 'X-API-Key': key, ...extra };
  }

  async function request(path: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> {
    const used = key;
    const headers = authHeaders(init.headers);
    let res: Response;
    try {
      res = await doFetch(base + path, { ...init, headers });
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      throw new BackendError(UNREACHABLE_MESSAGE, 'SERVICE_UNAVAILABLE', 0);
    }
    if (!res.ok) {
      const error = await errorFrom(res);
      if (res.status === 401) refused(used);
      throw error;
    }
    return res;
  }

  async function rpc(method: RpcMethod, arg: unknown): Promise<unknown> {
    if (method === 'documents.file') {
      const a = arg as { extraction_id: string; document_id: string };
      return fileFrom(await request(`/rpc/files/${encodeURIComponent(a.extraction_id)}/${encodeURIComponent(a.document_id)}`));
    }
    if (method === 'documents.figure') {
      const a = arg as { extraction_id: string; document_id: string; name: string };
      const res = await request(`/rpc/figures/${[a.extraction_id, a.document_id, a.name].map(encodeURIComponent).join('/')}`);
      return res.status === 204 ? null : fileFrom(res);
    }
    if (method === 'parsers.sample') {
      const res = await request(`/rpc/samples/${encodeURIComponent((arg as { parser_id: string }).parser_id)}`);
      return res.status === 204 ? null : fileFrom(res);
    }
    const res = await request(`/rpc/${method}`, {
      method: 'POST',
      ...(arg === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(arg) }),
    });
    const result: unknown = await res.json();
    // The old key stopped working the moment the server made the new one.
    if (method === 'settings.rotateApiKey') setKey((result as Settings).api.key);
    return result;
  }

  function setKey(next: string): void {
    key = next;
    storeApiKey(next);
  }

  async function upload(item: PendingFile): Promise<StageResult> {
    const res = await request('/rpc/upload', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/octet-stream',
        'X-Filename': encodeURIComponent(item.file.name),
        'X-Relative-Path': encodeURIComponent(item.relativePath),
      },
      body: item.file,
    });
    return (await res.json()) as StageResult;
  }

  const events = eventStream(base, doFetch, () => key, refused);

  const access: KeyAccess = {
    hasKey: () => Boolean(key),
    async tryKey(candidate) {
      const next = candidate.trim();
      if (!KEY_CHARACTERS.test(next)) return false;
      let res: Response;
      try {
        res = await doFetch(`${base}/rpc/settings.get`, { method: 'POST', headers: { 'X-API-Key': next } });
      } catch {
        throw new BackendError(UNREACHABLE_MESSAGE, 'SERVICE_UNAVAILABLE', 0);
      }
      if (res.status === 401) return false;
      if (!res.ok) throw await errorFrom(res);
      setKey(next);
      return true;
    },
    onRefused(listener) {
      refusedListeners.add(listener);
      return () => refusedListeners.delete(listener);
    },
  };

  return {
    kind: 'browser',
    call: ((method: RpcMethod, ...args: unknown[]) => rpc(method, args[0])) as Backend['call'],

    async stage(items, filter, onProgress) {
      const collected = await collectFiles(items);
      const skipped: SkippedFile[] = [];
      const pending: PendingFile[] = [];
      for (const item of collected) {
        if (JUNK_FILES.has(item.file.name.toLowerCase()) || item.file.name.startsWith('.')) continue;
        if (extensionPasses(item.file.name, filter)) pending.push(item);
        else skipped.push({ name: item.file.name, relative_path: item.relativePath, reason: `Not ${FILTER_NAMES[filter]}.` });
      }
      const results = await uploadAll(pending, upload, onProgress);
      return {
        files: results.flatMap((r) => r.files),
        skipped: [...skipped, ...results.flatMap((r) => r.skipped)],
      };
    },

    subscribe: (listener) => events.add(listener),
    onConnection: (listener) => events.onConnection(listener),

    async exportResults(extractionId: string, format: ExportFormat, lineItems: 'rows' | 'json', name?: string) {
      // A CSV downloaded from the app is opened in a spreadsheet: a byte-order mark makes Excel
      // read it as UTF-8.
      const query = new URLSearchParams({ format, line_items: lineItems, ...(format === 'csv' ? { bom: 'true' } : {}) });
      const res = await request(`/v1/extractions/${encodeURIComponent(extractionId)}/export?${query}`);
      // The name the screen chose (the parser and the day), else the server's (the job's id).
      const filename = name ? `${name}.${format}` : (filenameFromDisposition(res.headers.get('content-disposition')) ?? `${extractionId}.${format}`);
      download(await res.blob(), filename);
      return { saved_to: filename };
    },

    access,
    hasApiKey: access.hasKey,
    setApiKey: (next) => setKey(next),
  };
}

/** The Error for a failed response: the envelope's sentence (401: how to get the key). */
async function errorFrom(res: Response): Promise<BackendError> {
  let code = 'INTERNAL_ERROR';
  let message = `The server answered ${res.status} ${res.statusText}.`.replace(' .', '.');
  try {
    const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === 'string') code = body.error.code;
    if (typeof body.error?.message === 'string' && body.error.message) message = body.error.message;
  } catch {
    // not the envelope (a proxy's page): keep the status line
  }
  if (res.status === 401) return new BackendError(BAD_KEY_MESSAGE, 'UNAUTHORIZED', 401);
  return new BackendError(message, code, res.status);
}

/** A file answer of GET /rpc/files or /rpc/samples: its bytes, and its type and name from the headers. */
async function fileFrom(res: Response): Promise<{ bytes: Uint8Array; file_type: string; filename: string }> {
  const decode = (value: string | null, fallback: string) => {
    try {
      return value ? decodeURIComponent(value) : fallback;
    } catch {
      return fallback;
    }
  };
  return {
    bytes: new Uint8Array(await res.arrayBuffer()),
    file_type: decode(res.headers.get('x-file-type'), res.headers.get('content-type') ?? 'application/octet-stream'),
    filename: decode(res.headers.get('x-filename'), 'file'),
  };
}

/** `attachment; filename="a.csv"; filename*=UTF-8''%C3%A4.csv` → "ä.csv" (the encoded form wins). */
export function filenameFromDisposition(header: string | null): string | null {
  if (!header) return null;
  const encoded = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (encoded?.[1]) {
    try {
      return decodeURIComponent(encoded[1].trim());
    } catch {
      // fall back to the plain form
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(header);
  const name = (plain?.[1] ?? plain?.[2])?.trim();
  return name ? name : null;
}

/** Saves a blob as a download named `filename`. */
function downloadBlob(blob: Blob, filename: string): void {
  const document = (globalThis as unknown as { document: DocumentLike }).document;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started reading the blob; give it a moment before letting go.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function extensionPasses(name: string, filter: FileTypeFilter): boolean {
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  return FILTER_EXTENSIONS[filter].has(ext);
}

/** Every file of a drop or a pick, folders walked recursively, with its path below what was added. */
export async function collectFiles(items: AddedItems): Promise<PendingFile[]> {
  if (items.entries && items.entries.length > 0) {
    const out: PendingFile[] = [];
    for (const entry of items.entries) await walkEntry(entry, out);
    // Items of the same drop that came without an entry are plain files: keep them too.
    for (const file of items.looseFiles ?? []) out.push({ file, relativePath: file.name });
    return out;
  }
  // A folder <input> (webkitdirectory) names each file by its path below the chosen folder.
  return items.files.map((file) => ({ file, relativePath: (file as File & { webkitRelativePath?: string }).webkitRelativePath || file.name }));
}

async function walkEntry(entry: DroppedEntry, out: PendingFile[]): Promise<void> {
  const relativePath = entry.fullPath.replace(/^\/+/, '') || entry.name;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as unknown as FileEntryLike).file(resolve, reject));
    out.push({ file, relativePath });
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as unknown as DirectoryEntryLike).createReader();
  // readEntries answers in batches (100 at a time in Chromium) until it returns an empty one.
  for (;;) {
    const batch = await new Promise<DroppedEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    for (const child of batch) await walkEntry(child, out);
  }
}

/** Uploads with at most UPLOAD_CONCURRENCY in flight, keeping the input's order in the results.
 *  A file the server refuses (too large, unreadable) is reported as skipped; a refused key or an
 *  unreachable server stops everything. */
async function uploadAll(items: PendingFile[], upload: (item: PendingFile) => Promise<StageResult>, onProgress?: StageProgress): Promise<StageResult[]> {
  const results: StageResult[] = new Array<StageResult>(items.length);
  let next = 0;
  let done = 0;
  let fatal: unknown = null;
  onProgress?.(0, items.length);
  async function worker(): Promise<void> {
    while (fatal === null && next < items.length) {
      const index = next++;
      const item = items[index]!;
      try {
        results[index] = await upload(item);
      } catch (err) {
        if (!(err instanceof BackendError) || err.status === 401 || err.status === 0) {
          fatal = err;
          return;
        }
        results[index] = { files: [], skipped: [{ name: item.file.name, relative_path: item.relativePath, reason: err.message }] };
      }
      done += 1;
      onProgress?.(done, items.length);
    }
  }
  await Promise.all(Array.from({ length: Math.min(UPLOAD_CONCURRENCY, items.length) }, worker));
  if (fatal !== null) throw fatal;
  return results;
}

/** One shared GET /v1/events connection for every subscriber, opened with the first and closed
 *  with the last; it reconnects after a drop with a growing pause (1 s, 2 s, 4 s, then every 5 s)
 *  and tells its connection listeners when the server stops answering and when it answers again. */
function eventStream(base: string, doFetch: FetchLike, currentKey: () => string | null, refused: (used: string) => void) {
  const listeners = new Set<(event: JobEvent) => void>();
  const connectionListeners = new Set<(connected: boolean) => void>();
  let controller: AbortController | null = null;
  /** null until the first answer or failure. */
  let connected: boolean | null = null;

  function setConnected(next: boolean): void {
    if (connected === next) return;
    connected = next;
    for (const listener of [...connectionListeners]) listener(next);
  }

  async function run(signal: AbortSignal): Promise<void> {
    let pause = RECONNECT_FIRST_MS;
    while (!signal.aborted) {
      try {
        const key = currentKey();
        if (key) {
          const res = await doFetch(`${base}/v1/events`, { headers: { 'X-API-Key': key, Accept: 'text/event-stream' }, signal });
          if (res.status === 401) refused(key);
          // A refused key is the key screen's business; any other refusal means no live updates.
          else if (!res.ok) setConnected(false);
          if (res.ok && res.body) {
            setConnected(true);
            pause = RECONNECT_FIRST_MS;
            await readEvents(res.body, signal, (event) => {
              for (const listener of [...listeners]) {
                try {
                  listener(event);
                } catch (err) {
                  // One listener's bug must not end the stream for the others; still report it.
                  queueMicrotask(() => {
                    throw err;
                  });
                }
              }
            });
          }
        }
      } catch {
        // dropped or unreachable: wait and try again
        if (!signal.aborted) setConnected(false);
      }
      if (signal.aborted) return;
      await sleep(pause, signal);
      pause = Math.min(pause * 2, RECONNECT_MAX_MS);
    }
  }

  return {
    add(listener: (event: JobEvent) => void): () => void {
      listeners.add(listener);
      if (!controller) {
        controller = new AbortController();
        void run(controller.signal);
      }
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        listeners.delete(listener);
        if (listeners.size === 0 && controller) {
          controller.abort();
          controller = null;
          connected = null;
        }
      };
    },
    onConnection(listener: (connected: boolean) => void): () => void {
      connectionListeners.add(listener);
      if (connected === false) listener(false);
      return () => connectionListeners.delete(listener);
    },
  };
}

/** Parses a server-sent event stream (`event:` / `data:` lines, blank-line separated, `:` comments). */
export async function readEvents(body: ReadableStream<Uint8Array>, signal: AbortSignal, emit: (event: JobEvent) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const onAbort = () => void reader.cancel().catch(() => undefined);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).replace(/^ /, ''));
        if (data.length === 0) continue;
        let event: JobEvent;
        try {
          event = JSON.parse(data.join('\n')) as JobEvent;
        } catch {
          continue; // not JSON: not one of ours
        }
        emit(event);
      }
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
