// Jobs section of the benchmark: a batch of corpus PDFs through the local server's job queue
// (`perfectparser serve`, POST /v1/extractions with local paths), timed from the first submission
// to the last job finished; documents and pages per minute, and the server's peak RSS.
import os from 'node:os';
import { taskInputs } from '../eval/corpus.js';
import { fmt, kbToMb, markdownTable } from '../eval/report.js';
import { createBenchParser, RATE_LIMIT_NOTE, startBenchServer, submitPaths, waitForExtractions, type Extraction } from './bench-server.js';
import { MAX_FILES_PER_EXTRACTION } from '../../src/shared/api/extractions.js';

const POLL_MS = 250;
const JOBS_TIMEOUT_MS = 30 * 60_000;

export interface JobsBench {
  cores: number;
  /** Distinct corpus files the batch cycles through. */
  sourceFiles: number;
  documents: number;
  pages: number;
  batches: number;
  completed: number;
  failed: number;
  /** Files refused at submission (not counted in documents). */
  rejected: Array<{ file: string; reason: string }>;
  /** Distinct failure messages of failed documents, with their files. */
  failures: Array<{ file: string; error: string }>;
  /** From the first POST to the poll that saw every job finished. */
  wallS: number;
  /** Time spent submitting (every batch accepted). */
  submitS: number;
  /** From the first job's created_at to the last completed_at, as the server recorded them. */
  serverSpanS: number | null;
  docsPerMin: number;
  pagesPerMin: number;
  /** Server RSS once started, before any job (KiB). */
  idleRssKb: number | null;
  /** Server VmHWM at the end (KiB). */
  peakRssKb: number | null;
  timedOut: boolean;
}

/** The fields/ and text-layout/ PDFs, repeated until the list holds `documents` entries. */
export function jobsBenchFiles(corpus: string, documents: number): { sources: string[]; list: string[] } {
  const sources = [...taskInputs(corpus, 'fields', ['.pdf']), ...taskInputs(corpus, 'text-layout', ['.pdf'])];
  if (sources.length === 0) throw new Error('no PDFs in corpus/fields or corpus/text-layout');
  const list: string[] = [];
  while (list.length < documents) list.push(sources[list.length % sources.length]!);
  return { sources, list };
}

export async function runJobsBench(corpus: string, documents = 60): Promise<JobsBench> {
  const { sources, list } = jobsBenchFiles(corpus, documents);
  const server = await startBenchServer();
  try {
    const parserId = await createBenchParser(server, 'Bench invoices');
    const idle = server.memory();
    let peakRssKb = idle?.hwmKb ?? null;
    const sample = (): void => {
      const m = server.memory();
      if (m) peakRssKb = Math.max(peakRssKb ?? 0, m.hwmKb, m.rssKb);
    };

    const started = performance.now();
    const ids: string[] = [];
    const rejected: JobsBench['rejected'] = [];
    for (let i = 0; i < list.length; i += MAX_FILES_PER_EXTRACTION) {
      const submitted = await submitPaths(server, parserId, list.slice(i, i + MAX_FILES_PER_EXTRACTION));
      if (!submitted) continue;
      ids.push(submitted.extraction.extraction_id);
      rejected.push(...submitted.rejected);
    }
    const submitS = (performance.now() - started) / 1000;
    const { extractions, timedOut } = await waitForExtractions(server, ids, { intervalMs: POLL_MS, timeoutMs: JOBS_TIMEOUT_MS, onPoll: sample });
    const wallS = (performance.now() - started) / 1000;
    sample();
    return summarize(extractions, { sources: sources.length, rejected, wallS, submitS, idleRssKb: idle?.rssKb ?? null, peakRssKb, timedOut });
  } finally {
    await server.stop();
  }
}

function summarize(
  extractions: Extraction[],
  m: { sources: number; rejected: JobsBench['rejected']; wallS: number; submitS: number; idleRssKb: number | null; peakRssKb: number | null; timedOut: boolean },
): JobsBench {
  const sum = (f: (e: Extraction) => number): number => extractions.reduce((a, e) => a + f(e), 0);
  const documents = sum((e) => e.file_count);
  const pages = sum((e) => e.page_count);
  const seen = new Set<string>();
  const failures: JobsBench['failures'] = [];
  for (const d of extractions.flatMap((e) => e.documents)) {
    if (d.status !== 'failed' || seen.has(d.filename)) continue;
    seen.add(d.filename);
    failures.push({ file: d.filename, error: d.error_message ?? '' });
  }
  const created = extractions.map((e) => Date.parse(e.created_at));
  const completed = extractions.map((e) => (e.completed_at ? Date.parse(e.completed_at) : NaN));
  const serverSpanS = completed.some((t) => Number.isNaN(t)) || created.length === 0 ? null : (Math.max(...completed) - Math.min(...created)) / 1000;
  return {
    cores: os.availableParallelism(),
    sourceFiles: m.sources,
    documents,
    pages,
    batches: extractions.length,
    completed: sum((e) => e.document_summary.completed),
    failed: sum((e) => e.document_summary.failed),
    rejected: m.rejected,
    failures,
    wallS: m.wallS,
    submitS: m.submitS,
    serverSpanS,
    docsPerMin: documents / (m.wallS / 60),
    pagesPerMin: pages / (m.wallS / 60),
    idleRssKb: m.idleRssKb,
    peakRssKb: m.peakRssKb,
    timedOut: m.timedOut,
  };
}

/** Markdown report of the jobs bench. */
export function formatJobsBench(b: JobsBench): string {
  const headers = ['documents', 'pages', 'batches', 'completed', 'failed', 'wall s', 'documents/min', 'pages/min', 'server idle RSS MB', 'server peak RSS MB'];
  const row = [
    String(b.documents),
    String(b.pages),
    String(b.batches),
    String(b.completed),
    String(b.failed),
    `${fmt(b.wallS, 1)}${b.timedOut ? ' (timed out)' : ''}`,
    fmt(b.docsPerMin, 1),
    fmt(b.pagesPerMin, 1),
    kbToMb(b.idleRssKb),
    kbToMb(b.peakRssKb),
  ];
  const lines = [
    `## Jobs through the local server (${b.cores} cores; POST /v1/extractions with local paths, ≤ ${MAX_FILES_PER_EXTRACTION} per job)`,
    '',
    `The ${b.sourceFiles} PDFs of corpus/fields and corpus/text-layout, repeated to ${b.documents} documents; parser fields invoice_number (string), invoice_date (date), total (number). ` +
      `Wall time runs from the first submission to the poll (every ${POLL_MS} ms) that saw every job finished; submitting took ${fmt(b.submitS, 2)} s` +
      `${b.serverSpanS === null ? '' : `, and the server's own created → completed span was ${fmt(b.serverSpanS, 1)} s`}. Peak RSS is the server process's VmHWM (engine and store workers are threads in it).`,
    '',
    RATE_LIMIT_NOTE,
    '',
    markdownTable(headers, [row]),
  ];
  if (b.failures.length > 0) {
    lines.push('', 'Failed documents:', '', markdownTable(['file', 'error'], b.failures.map((f) => [f.file, f.error])));
  }
  if (b.rejected.length > 0) {
    lines.push('', 'Refused at submission (dropped from their batch):', '', markdownTable(['file', 'reason'], b.rejected.map((r) => [r.file, r.reason])));
  }
  return lines.join('\n');
}
