// The RPC service over the real app core: SQLite in a temporary data folder, real engine
// workers and the job runner. The host is a fake whose API switch and key hooks are recorded.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { closeEnginePool } from '../../../src/main/jobs/parse-worker-host.js';
import { openApp, type App } from '../../../src/main/services/app.js';
import { createRpcService } from '../../../src/main/services/rpc/index.js';
import type { RpcHost, RpcService } from '../../../src/main/services/rpc/types.js';
import type { JobDetail, RpcHandlers, RpcMethod, RpcParsedArgs } from '../../../src/shared/rpc-contract.js';
import { parseRpcArgs } from '../../../src/shared/rpc-contract.js';
import { makePdf } from '../../helpers/make-pdf.js';

import { parseCsv } from '../../helpers/csv.js';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
export const corpusDir = process.env['PERFECTPARSER_CORPUS'] ?? path.resolve(repoRoot, '../shared/corpus');

/** Bytes that start like a PDF but are not one. */
export const BROKEN_PDF = new TextEncoder().encode('%PDF-1.7\nthis is not really a pdf, no objects, no xref\n%%EOF\n');

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** CSV rows as objects keyed by the header row. */
export function csvRecords(text: string): Array<Record<string, string>> {
  const [header = [], ...rest] = parseCsv(text);
  return rest.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

export interface HostState {
  enabled: boolean;
  keys: string[];
}

export interface RpcHarness {
  app: App;
  rpc: RpcService;
  /** Calls a handler the way a transport does: the argument is checked by the contract first. */
  call<M extends RpcMethod>(method: M, args?: unknown): ReturnType<RpcHandlers[M]>;
  host: HostState;
  /** A scratch folder for the test's files (outside the data folder). */
  files: string;
  /** Writes a file below `files`; returns its absolute path. */
  write(relative: string, bytes: Uint8Array | string): Promise<string>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  mode?: 'desktop' | 'browser';
  /** A fixed API key (as PERFECTPARSER_API_KEY gives `serve`). */
  fixedKey?: string;
  /** No switch for the API (browser mode). */
  noToggle?: boolean;
  runJobs?: boolean;
}

/** Opens the app over a fresh data folder and the RPC service over it. */
export async function openRpcHarness(name: string, options: HarnessOptions = {}): Promise<RpcHarness> {
  const root = await mkdtemp(path.join(tmpdir(), `pp-rpc-${name}-`));
  const app = await openApp({ dataDir: path.join(root, 'data'), log: () => undefined, runJobs: options.runJobs });
  const state: HostState = { enabled: true, keys: [] };
  const host: RpcHost = {
    mode: options.mode ?? 'desktop',
    api: {
      status: () => ({ enabled: state.enabled, url: state.enabled ? 'http://127.0.0.1:4780' : null }),
      setEnabled: options.noToggle
        ? undefined
        : async (enabled) => {
            state.enabled = enabled;
          },
      fixedKey: options.fixedKey,
      keyChanged: (key) => state.keys.push(key),
    },
  };
  const rpc = createRpcService(app, host);
  const files = path.join(root, 'files');
  await mkdir(files, { recursive: true });
  return {
    app,
    rpc,
    host: state,
    files,
    call: (<M extends RpcMethod>(method: M, args?: unknown) =>
      (rpc.handlers[method] as (a: RpcParsedArgs<M>) => unknown)(parseRpcArgs(method, args))) as RpcHarness['call'],
    async write(relative, bytes) {
      const file = path.join(files, relative);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, bytes);
      return file;
    },
    async close() {
      await app.close({ abort: true });
      await closeEnginePool();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Polls jobs.get until the job is finished. */
export async function waitForJob(h: RpcHarness, extractionId: string, timeoutMs = 60_000): Promise<JobDetail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await h.call('jobs.get', { extraction_id: extractionId });
    if (['completed', 'failed', 'partial'].includes(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`job ${extractionId} still ${job.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** An invoice: "Invoice No: INV-n", "Invoice Date: 2024-03-15", "Total: n,250.50", and `extraPages` more pages. */
export function invoicePdf(n: number, extraPages = 0): Uint8Array {
  const page = {
    items: [
      { text: 'INVOICE', x: 72, y: 720, size: 20, bold: true },
      { text: `Invoice No: INV-${n}`, x: 72, y: 680 },
      { text: 'Invoice Date: 2024-03-15', x: 72, y: 660 },
      { text: `Total: ${n},250.50`, x: 72, y: 640 },
    ],
  };
  const filler = { items: [{ text: 'Terms and conditions', x: 72, y: 700 }] };
  return makePdf({ pages: [page, ...Array.from({ length: extraPages }, () => filler)] });
}

/** Writes `invoicePdf(n)` encrypted (AES-256, by qpdf) with this user password below the
 *  harness's files, as `locked/<name>`; returns its path. */
export async function lockedInvoice(h: RpcHarness, name: string, n: number, password: string): Promise<string> {
  const plain = await h.write(`plain/${name}`, invoicePdf(n));
  const locked = path.join(h.files, 'locked', name);
  await mkdir(path.dirname(locked), { recursive: true });
  execFileSync('qpdf', ['--encrypt', password, `${password}-owner`, '256', '--', plain, locked]);
  return locked;
}

/** A ZIP archive's first bytes: a file type the engine does not read. */
export const ZIP_BYTES = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
