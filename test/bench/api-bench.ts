// API section of the benchmark: autocannon against GET /v1/extractions/:id/results of a completed
// job of ~10 documents on the local server; requests per second, latency percentiles, errors.
import autocannon from 'autocannon';
import os from 'node:os';
import { fmt, kbToMb, markdownTable } from '../eval/report.js';
import { jobsBenchFiles } from './jobs-bench.js';
import { createBenchParser, RATE_LIMIT_NOTE, startBenchServer, submitPaths, waitForExtractions, type BenchServer } from './bench-server.js';

const SETUP_TIMEOUT_MS = 10 * 60_000;
/** Sequential requests timed one at a time, before the load. */
const SINGLE_SAMPLES = 20;

export interface ApiBench {
  cores: number;
  endpoint: string;
  documents: number;
  completed: number;
  failed: number;
  connections: number;
  seconds: number;
  /** Bytes of one response body. */
  responseBytes: number;
  /** Median latency of one request at a time (ms). */
  singleMs: number;
  requestsPerSec: number;
  totalRequests: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** autocannon's own latency summary (coordinated-omission corrected histogram), for cross-checking. */
  autocannonLatencyMs: { p50: number; p97_5: number; p99: number };
  /** Server VmHWM at the end (KiB). */
  peakRssKb: number | null;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: Float64Array | number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? NaN;
}

function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

async function timeSingle(server: BenchServer, route: string): Promise<{ bytes: number; ms: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < SINGLE_SAMPLES; i++) {
    const started = performance.now();
    const res = await fetch(`${server.url}${route}`, { headers: { 'X-API-Key': server.apiKey } });
    const body = await res.arrayBuffer();
    times.push(performance.now() - started);
    if (!res.ok) throw new Error(`GET ${route}: HTTP ${res.status}`);
    bytes = body.byteLength;
  }
  return { bytes, ms: median(times) };
}

function load(
  url: string,
  apiKey: string,
  connections: number,
  seconds: number,
): Promise<{ result: autocannon.Result; latencies: Float64Array }> {
  return new Promise((resolve, reject) => {
    // Every 2xx latency, for exact percentiles (autocannon's summary has no p95).
    let latencies = new Float64Array(1 << 16);
    let n = 0;
    const instance = autocannon({ url, connections, duration: seconds, headers: { 'X-API-Key': apiKey } }, (err, result) => {
      if (err) reject(err);
      else resolve({ result, latencies: latencies.slice(0, n).sort() });
    });
    instance.on('response', (_client, statusCode, _bytes, ms) => {
      if (statusCode < 200 || statusCode >= 300) return;
      if (n === latencies.length) {
        const grown = new Float64Array(latencies.length * 2);
        grown.set(latencies);
        latencies = grown;
      }
      latencies[n++] = ms;
    });
  });
}

export async function runApiBench(corpus: string, opts: { seconds?: number; connections?: number; documents?: number } = {}): Promise<ApiBench> {
  const seconds = opts.seconds ?? 10;
  const connections = opts.connections ?? 50;
  const { list } = jobsBenchFiles(corpus, opts.documents ?? 10);
  const server = await startBenchServer();
  try {
    const parserId = await createBenchParser(server, 'Bench invoices');
    const submitted = await submitPaths(server, parserId, list);
    if (!submitted) throw new Error('every file was refused at submission');
    const id = submitted.extraction.extraction_id;
    const { extractions, timedOut } = await waitForExtractions(server, [id], { intervalMs: 250, timeoutMs: SETUP_TIMEOUT_MS });
    const job = extractions[0];
    if (!job || timedOut) throw new Error(`the setup extraction ${id} did not finish within ${SETUP_TIMEOUT_MS / 60_000} min`);

    const route = `/v1/extractions/${id}/results`;
    const single = await timeSingle(server, route);
    const { result, latencies } = await load(`${server.url}${route}`, server.apiKey, connections, seconds);
    const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]));
    return {
      cores: os.availableParallelism(),
      endpoint: 'GET /v1/extractions/:id/results',
      documents: job.file_count,
      completed: job.document_summary.completed,
      failed: job.document_summary.failed,
      connections,
      seconds: result.duration,
      responseBytes: single.bytes,
      singleMs: single.ms,
      requestsPerSec: result.requests.average,
      totalRequests: result['2xx'] + result.non2xx,
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      p99Ms: percentile(latencies, 99),
      maxMs: latencies.length > 0 ? (latencies[latencies.length - 1] ?? NaN) : NaN,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      statusCodes,
      autocannonLatencyMs: { p50: result.latency.p50, p97_5: result.latency.p97_5, p99: result.latency.p99 },
      peakRssKb: server.memory()?.hwmKb ?? null,
    };
  } finally {
    await server.stop();
  }
}

/** Markdown report of the API bench. */
export function formatApiBench(b: ApiBench): string {
  const headers = ['endpoint', 'connections', 'seconds', 'requests/s', 'total requests', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'non-2xx', 'errors (timeouts)'];
  const row = [
    b.endpoint,
    String(b.connections),
    String(b.seconds),
    fmt(b.requestsPerSec, 0),
    String(b.totalRequests),
    fmt(b.p50Ms, 1),
    fmt(b.p95Ms, 1),
    fmt(b.p99Ms, 1),
    fmt(b.maxMs, 1),
    String(b.non2xx),
    `${b.errors} (${b.timeouts})`,
  ];
  const codes = Object.entries(b.statusCodes)
    .map(([code, count]) => `${code}: ${count}`)
    .join(', ');
  return [
    `## Local API under load (autocannon, ${b.cores} cores shared by the server and the load generator)`,
    '',
    `The server's data folder holds one finished extraction of ${b.documents} documents (${b.completed} completed, ${b.failed} failed). ` +
      `One response is ${(b.responseBytes / 1024).toFixed(1)} KiB; one request at a time takes ${fmt(b.singleMs, 1)} ms (median of ${SINGLE_SAMPLES}). ` +
      `Latency percentiles are over every 2xx response of the run. Server peak RSS ${kbToMb(b.peakRssKb)} MB. Target: zero errors and zero non-2xx.`,
    '',
    RATE_LIMIT_NOTE,
    '',
    markdownTable(headers, [row]),
    '',
    `Status codes: ${codes || 'none'}. Target ${b.errors === 0 && b.non2xx === 0 ? 'met' : 'NOT met'}.`,
  ].join('\n');
}
