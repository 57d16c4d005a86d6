// A `perfectparser serve` child process for the jobs and API benches: a fresh temp data folder,
// a fixed key, rate limits off; plus the few /v1 calls the benches make (parser, extractions,
// polling) and the server's memory read from /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliPath, repoRoot } from '../eval/runner.js';

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;

/**
 * Why the benches lift the limiter: by default the key may make 150 requests a minute (20 extraction
 * submissions), so any load test would measure mostly 429s rather than the server.
 */
export const RATE_LIMIT_NOTE =
  'The server ran with PERFECTPARSER_RATE_LIMIT=off: the default per-key limit (150 requests/min, 20 extraction submissions/min) would turn a load test into mostly 429 responses, measuring the limiter instead of the server.';

export interface BenchServer {
  url: string;
  apiKey: string;
  pid: number;
  dataDir: string;
  /** The server's stderr so far (for error messages). */
  stderr(): string;
  /** Peak and current resident memory of the server process in KiB (null once it has gone). */
  memory(): { hwmKb: number; rssKb: number } | null;
  /** SIGTERM, wait for the exit (SIGKILL after a grace period), remove the data folder. */
  stop(): Promise<void>;
}

/** Starts `perfectparser serve --port 0` on a new temp data folder; resolves once it prints its address. */
export async function startBenchServer(): Promise<BenchServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pp-bench-'));
  const apiKey = `pp_bench_${randomBytes(12).toString('hex')}`;
  const child = spawn(process.execPath, [cliPath, 'serve', '--port', '0', '--data-dir', dataDir], {
    cwd: repoRoot,
    env: { ...process.env, PERFECTPARSER_API_KEY: apiKey, PERFECTPARSER_RATE_LIMIT: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const url = await waitForUrl(child, () => out, () => err);
    const pid = child.pid;
    if (pid === undefined) throw new Error('the server process has no pid');
    return {
      url,
      apiKey,
      pid,
      dataDir,
      stderr: () => err,
      memory: () => readMemory(pid),
      stop: async () => {
        await stopChild(child, exited);
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await stopChild(child, exited);
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
}

function waitForUrl(child: ChildProcess, out: () => string, err: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      const m = /serving the \/v1 API on (http:\/\/\S+)/.exec(out());
      if (m?.[1]) {
        clearInterval(timer);
        resolve(m[1]);
      } else if (child.exitCode !== null || child.signalCode !== null) {
        clearInterval(timer);
        reject(new Error(`the server exited (${child.exitCode ?? child.signalCode}) before serving:\n${err()}`));
      } else if (Date.now() - started > START_TIMEOUT_MS) {
        clearInterval(timer);
        reject(new Error(`the server did not start within ${START_TIMEOUT_MS / 1000} s:\n${err()}`));
      }
    }, 50);
  });
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), STOP_TIMEOUT_MS)));
  const stopped = await Promise.race([exited.then(() => true), grace]);
  clearTimeout(timer);
  if (!stopped) {
    child.kill('SIGKILL');
    await exited;
  }
}

/** VmHWM (peak) and VmRSS of a process from /proc, in KiB; null when unreadable. */
export function readMemory(pid: number): { hwmKb: number; rssKb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    const rss = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    if (!hwm?.[1] || !rss?.[1]) return null;
    return { hwmKb: Number(hwm[1]), rssKb: Number(rss[1]) };
  } catch {
    return null;
  }
}

/** One /v1 call; throws with the error envelope on a non-2xx answer. */
export async function api<T>(server: BenchServer, method: 'GET' | 'POST', route: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}${route}`, {
    method,
    headers: { 'X-API-Key': server.apiKey, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new ApiCallError(res.status, text, `${method} ${route}: HTTP ${res.status} ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    message: string,
  ) {
    super(message);
  }
}

/** The invoice parser both benches use. */
export async function createBenchParser(server: BenchServer, name: string): Promise<string> {
  const { parser } = await api<{ parser: { parser_id: string } }>(server, 'POST', '/v1/parsers', {
    name,
    fields: [
      { name: 'invoice_number', type: 'string' },
      { name: 'invoice_date', type: 'date' },
      { name: 'total', type: 'number' },
    ],
  });
  return parser.parser_id;
}

export type ExtractionStatus = 'queued' | 'processing' | 'completed' | 'failed' | 'partial';

export interface ExtractionDoc {
  document_id: string;
  filename: string;
  page_count: number;
  status: string;
  error_message: string | null;
}

export interface Extraction {
  extraction_id: string;
  status: ExtractionStatus;
  file_count: number;
  page_count: number;
  document_summary: { total: number; completed: number; failed: number; processing: number };
  created_at: string;
  completed_at: string | null;
  documents: ExtractionDoc[];
}

export interface Submitted {
  extraction: Extraction;
  /** Files the server refused at intake (e.g. PAGE_COUNT_FAILED for a password), dropped from the batch. */
  rejected: Array<{ file: string; reason: string }>;
}

/**
 * POST /v1/extractions with local paths. A batch is refused as a whole when one file cannot be
 * taken in; the file the error names is then dropped and the rest resubmitted.
 */
export async function submitPaths(server: BenchServer, parserId: string, paths: string[]): Promise<Submitted | null> {
  const rejected: Array<{ file: string; reason: string }> = [];
  let batch = [...paths];
  while (batch.length > 0) {
    try {
      const { extraction } = await api<{ extraction: Extraction }>(server, 'POST', '/v1/extractions', { parser_id: parserId, paths: batch });
      return { extraction, rejected };
    } catch (e) {
      if (!(e instanceof ApiCallError) || e.status !== 400) throw e;
      const message = (JSON.parse(e.body) as { error?: { message?: string } }).error?.message ?? '';
      const name = message.split(':')[0] ?? '';
      const before = batch.length;
      batch = batch.filter((p) => path.basename(p) !== name);
      if (batch.length === before) throw e;
      rejected.push({ file: name, reason: message });
    }
  }
  return null;
}

const FINISHED: ReadonlySet<string> = new Set(['completed', 'failed', 'partial']);

/** Polls GET /v1/extractions/:id every `intervalMs` until every job has finished or the timeout passes. */
export async function waitForExtractions(
  server: BenchServer,
  ids: string[],
  opts: { intervalMs: number; timeoutMs: number; onPoll?: () => void },
): Promise<{ extractions: Extraction[]; timedOut: boolean }> {
  const latest = new Map<string, Extraction>();
  const started = Date.now();
  for (;;) {
    for (const id of ids) {
      if (FINISHED.has(latest.get(id)?.status ?? '')) continue;
      const { extraction } = await api<{ extraction: Extraction }>(server, 'GET', `/v1/extractions/${id}`);
      latest.set(id, extraction);
    }
    opts.onPoll?.();
    const done = ids.every((id) => FINISHED.has(latest.get(id)?.status ?? ''));
    if (done || Date.now() - started > opts.timeoutMs) {
      return { extractions: ids.map((id) => latest.get(id)).filter((x): x is Extraction => x !== undefined), timedOut: !done };
    }
    await new Promise((resolve) => setTimeout(resolve, opts.intervalMs));
  }
}
