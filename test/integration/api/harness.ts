// The whole stack over real HTTP: the real services (SQLite in a temporary data folder, engine
// workers, job runner, webhook dispatcher) behind the real server on a free port of 127.0.0.1.
// Each test file opens its own harness (its own data folder) and closes it in afterAll.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { parseCsv } from '../../helpers/csv.js';
import { rawRequest, type RawResponse } from '../../helpers/raw-http.js';
import { closeEnginePool } from '../../../src/main/jobs/parse-worker-host.js';
import { startServer, type RunningServer, type ServerOptions } from '../../../src/main/server/app.js';
import { openApp, type App } from '../../../src/main/services/app.js';
import type { RetrySchedule } from '../../../src/main/services/webhooks/retry-policy.js';
import type { Extraction, ExtractionResults } from '../../../src/shared/api/extractions.js';
import type { FieldDefinition, Parser } from '../../../src/shared/api/parsers.js';
import { makePdf } from '../../helpers/make-pdf.js';

export { parseCsv };

export const repoRoot = path.resolve(import.meta.dirname, '../../..');
export const corpusDir = process.env['PERFECTPARSER_CORPUS'] ?? path.resolve(repoRoot, '../shared/corpus');

/** Retries in milliseconds, so a test sees them: 50 ms, 100 ms, 200 ms. */
export const FAST_WEBHOOK_SCHEDULE: RetrySchedule = { baseMs: 50, maxMs: 200, maxAttempts: 4, jitter: 0 };

const FINISHED = ['completed', 'failed', 'partial'];

export interface ApiHarness {
  app: App;
  server: RunningServer;
  /** e.g. `http://127.0.0.1:43121` */
  url: string;
  apiKey: string;
  /** The temporary folder holding the data folder, uploads and scratch files. */
  root: string;
  /** fetch against the server with the API key (unless the caller sends its own X-API-Key). */
  api(pathname: string, init?: RequestInit): Promise<Response>;
  /** A second server over the same services (e.g. with small rate limits); closed with the harness. */
  startExtraServer(options: Partial<ServerOptions>): Promise<RunningServer>;
  close(): Promise<void>;
}

/** Opens the app over a fresh data folder and starts the server on 127.0.0.1:0 (no rate limits).
 *  With `runJobs: false` nothing is processed: the test finishes documents through the store. */
export async function openHarness(name: string, options: Partial<ServerOptions> = {}, appOptions: { runJobs?: boolean } = {}): Promise<ApiHarness> {
  const root = await mkdtemp(path.join(tmpdir(), `pp-api-${name}-`));
  const app = await openApp({
    dataDir: path.join(root, 'data'),
    webhookSchedule: FAST_WEBHOOK_SCHEDULE,
    log: () => undefined,
    runJobs: appOptions.runJobs,
  });
  const apiKey = await app.apiKey();
  const base = { host: '127.0.0.1', port: 0, apiKey, rateLimits: false as const, uploadDir: root };
  const server = await startServer(app.services, { ...base, ...options });
  const extra: RunningServer[] = [];
  return {
    app,
    server,
    url: server.url,
    apiKey,
    root,
    api: (pathname, init = {}) => {
      const headers = new Headers(init.headers);
      if (!headers.has('x-api-key')) headers.set('x-api-key', apiKey);
      return fetch(server.url + pathname, { ...init, headers });
    },
    async startExtraServer(more) {
      const started = await startServer(app.services, { ...base, ...more });
      extra.push(started);
      return started;
    },
    async close() {
      for (const s of extra) await s.close();
      await server.close();
      await app.close({ abort: true });
      await closeEnginePool();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** The body of a response as JSON, after checking its status (the body is shown on a mismatch). */
export async function expectJson<T>(res: Response, status: number): Promise<T> {
  const text = await res.text();
  expect(res.status, `HTTP ${res.status}: ${text.slice(0, 500)}`).toBe(status);
  return JSON.parse(text) as T;
}

export interface ErrorEnvelope {
  code: string;
  message: string;
  requestId: string;
  retryable: boolean;
}

/** Checks an error answer: the status, exactly `{error: {code, message, requestId, retryable}}`,
 *  a request id matching the X-Request-Id header, and the code; returns the error. */
export async function expectError(res: Response, status: number, code: string): Promise<ErrorEnvelope> {
  const text = await res.text();
  expect(res.status, `HTTP ${res.status}: ${text.slice(0, 500)}`).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = JSON.parse(text) as { error: ErrorEnvelope };
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'requestId', 'retryable']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(typeof body.error.retryable).toBe('boolean');
  expect(body.error.requestId).toMatch(/^req_/);
  expect(res.headers.get('x-request-id')).toBe(body.error.requestId);
  return body.error;
}

/** The fields of the generated invoices. */
export const INVOICE_FIELDS: FieldDefinition[] = [
  { name: 'invoice_number', type: 'string', description: 'Invoice No', required: true },
  { name: 'invoice_date', type: 'date' },
  { name: 'total', type: 'number' },
  {
    name: 'line_items',
    type: 'array',
    fields: [
      { name: 'description', type: 'string' },
      { name: 'amount', type: 'number' },
    ],
  },
];

/** What the interim extractor should read from invoicePdf(n). */
export function expectedInvoiceData(n: number): Record<string, unknown> {
  return { invoice_number: `INV-${n}`, invoice_date: '2024-03-15', total: n * 1000 + 250.5, line_items: [] };
}

/** An invoice: "Invoice No: INV-n", "Invoice Date: 2024-03-15", "Total: n,250.50" on its
 *  first page (each text replaceable), then `extraPages` pages of small print. */
export function invoicePdf(n: number, extraPages = 0, text: { number?: string; date?: string; total?: string } = {}): Uint8Array {
  const page = {
    items: [
      { text: 'INVOICE', x: 72, y: 720, size: 20, bold: true },
      { text: `Invoice No: ${text.number ?? `INV-${n}`}`, x: 72, y: 680 },
      { text: `Invoice Date: ${text.date ?? '2024-03-15'}`, x: 72, y: 660 },
      { text: `Total: ${text.total ?? `${n},250.50`}`, x: 72, y: 640 },
    ],
  };
  const filler = { items: [{ text: `Terms and conditions, page ${extraPages}`, x: 72, y: 700 }] };
  return makePdf({ pages: [page, ...Array.from({ length: extraPages }, () => filler)] });
}

/** Bytes that start like a PDF but are not one. */
export const BROKEN_PDF = new TextEncoder().encode('%PDF-1.7\nthis is not really a pdf, no objects, no xref\n%%EOF\n');

/** A file from the shared corpus. */
export async function corpusFile(relative: string): Promise<Uint8Array> {
  const file = path.join(corpusDir, relative);
  if (!existsSync(file)) throw new Error(`corpus file not found: ${file} (set PERFECTPARSER_CORPUS)`);
  return new Uint8Array(await readFile(file));
}

/** Creates a parser through the API (201) and returns it. */
export async function createParser(h: ApiHarness, body: Record<string, unknown>): Promise<Parser> {
  const res = await h.api('/v1/parsers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await expectJson<{ parser: Parser }>(res, 201)).parser;
}

/** A multipart body: `parser_id` (when given) and one `files` part per file. */
export function extractionForm(parserId: string | undefined, files: Array<[string, Uint8Array | string, string?]>): FormData {
  const data = new FormData();
  if (parserId !== undefined) data.append('parser_id', parserId);
  for (const [name, bytes, type] of files) data.append('files', new Blob([bytes], { type: type ?? 'application/pdf' }), name);
  return data;
}

/** POST /v1/extractions with an upload. */
export function postExtraction(h: ApiHarness, data: FormData, headers: Record<string, string> = {}): Promise<Response> {
  return h.api('/v1/extractions', { method: 'POST', body: data, headers });
}

/** Uploads files for a parser and returns the 202 job. */
export async function submitUpload(h: ApiHarness, parserId: string, files: Array<[string, Uint8Array]>): Promise<Extraction> {
  const res = await postExtraction(h, extractionForm(parserId, files));
  return (await expectJson<{ extraction: Extraction }>(res, 202)).extraction;
}

/** Polls GET /v1/extractions/:id every 50 ms until the job is finished. */
export async function waitForExtraction(h: ApiHarness, extractionId: string, timeoutMs = 30_000): Promise<Extraction> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await expectJson<{ extraction: Extraction }>(await h.api(`/v1/extractions/${extractionId}`), 200)).extraction;
    if (FINISHED.includes(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`extraction ${extractionId} still ${job.status} after ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** GET /v1/extractions/:id/results. */
export async function getResults(h: ApiHarness, extractionId: string): Promise<ExtractionResults> {
  return (await expectJson<{ extraction: ExtractionResults }>(await h.api(`/v1/extractions/${extractionId}/results`), 200)).extraction;
}

/** Polls `check` every 50 ms until it returns a value other than undefined. */
export async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** CSV rows as objects keyed by the header row. */
export function csvRecords(text: string): { header: string[]; records: Array<Record<string, string>> } {
  const [header = [], ...rest] = parseCsv(text);
  for (const r of rest) expect(r.length, `CSV row ${JSON.stringify(r)}`).toBe(header.length);
  return { header, records: rest.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']))) };
}

/** One server-sent event. */
export interface SseEvent {
  event: string;
  data: string;
}

/** Reads an event stream, collecting events until `done(events)` is true or the time is up;
 *  the request is aborted either way. */
export async function readSse(res: Response, controller: AbortController, done: (events: SseEvent[]) => boolean, timeoutMs = 20_000): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  if (!res.body) throw new Error('no body');
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    while (!done(events)) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch {
        break; // aborted
      }
      if (chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true }).replace(/\r\n/g, '\n');
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = 'message';
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) continue;
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
        }
        if (data.length > 0) events.push({ event, data: data.join('\n') });
      }
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events;
}

/** A GET with a Host header of our choosing (fetch always derives Host from the URL). */
export function rawGet(url: string, pathname: string, headers: Record<string, string>): Promise<RawResponse> {
  const { port } = new URL(url);
  const { host = '', ...rest } = headers;
  return rawRequest(Number(port), { path: pathname, host, headers: rest });
}

/** Upload folders the server left behind in the harness folder (each request spools into one). */
export async function leftoverUploadFolders(h: ApiHarness): Promise<string[]> {
  return (await readdir(h.root)).filter((name) => name.startsWith('perfectparser-upload-'));
}
