// OCR section of the benchmark: seconds per 300-dpi page for one document at a time, and pages
// per minute for a batch using every core, ours (`perfectparser parse`) beside the native
// `tesseract` CLI on the same images.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeEnginePool, runParseInWorker } from '../../src/main/jobs/parse-worker-host.js';
import { taskInputs } from '../eval/corpus.js';
import { fmt, markdownTable } from '../eval/report.js';
import { mapPool, runCli, runProcess, type ProcessResult } from '../eval/runner.js';

const TIMEOUT_MS = 10 * 60_000;

export interface OcrBenchRow {
  file: string;
  oursS: number;
  /** The CLI as installed (OpenMP threads on every core). */
  nativeS: number;
  /** The CLI with OMP_THREAD_LIMIT=1 (often faster: OpenMP spins on small machines). */
  native1S: number;
  /** ours / the faster of the two CLI settings. */
  ratio: number;
  oursOk: boolean;
}

export interface OcrBench {
  files: OcrBenchRow[];
  cores: number;
  batchPages: number;
  oursPagesPerMin: number;
  nativePagesPerMin: number;
  /** Mean over files of ours / native seconds per page. */
  meanRatio: number;
  /** In one long-lived process (as the app runs): warm seconds per page, one document at a time. */
  warm: Array<{ file: string; oursS: number; ratio: number }>;
  /** The same batch through one process's engine pool (OCR workers kept between documents). */
  poolPagesPerMin: number;
}

/** Parses files through this process's engine pool; returns wall seconds per file. */
async function viaPool(files: string[], concurrency: number): Promise<number[]> {
  return mapPool(files, concurrency, async (f) => {
    const started = performance.now();
    const run = await runParseInWorker(new Uint8Array(readFileSync(f)), {});
    if (run.status !== 'PROCESSED') throw new Error(`${path.basename(f)}: ${run.failureMessage ?? run.status}`);
    return (performance.now() - started) / 1000;
  });
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** The corpus's 300-dpi scanned pages (TIFF files stating 300 dpi). */
export function ocrBenchFiles(corpus: string): string[] {
  return taskInputs(corpus, 'ocr', ['.tif']).filter((f) => /3B|eurotext/.test(path.basename(f)));
}

function native(file: string, threads?: number): Promise<ProcessResult> {
  const env = threads ? { OMP_THREAD_LIMIT: String(threads) } : {};
  return runProcess('env', [...Object.entries(env).map(([k, v]) => `${k}=${v}`), 'tesseract', file, 'stdout'], { timeoutMs: TIMEOUT_MS, discardStdout: true });
}

/** Times every file alone (median of `runs`), then a batch of `copies` of each on all cores. */
export async function runOcrBench(corpus: string, runs: number, copies = 2): Promise<OcrBench> {
  const files = ocrBenchFiles(corpus);
  const rows: OcrBenchRow[] = [];
  for (const file of files) {
    const ours: ProcessResult[] = [];
    const nat: number[] = [];
    const nat1: number[] = [];
    for (let i = 0; i < runs; i++) {
      ours.push(await runCli(file, [], { discardStdout: true, timeoutMs: TIMEOUT_MS }));
      nat.push((await native(file)).ms);
      nat1.push((await native(file, 1)).ms);
    }
    const oursS = median(ours.map((r) => r.ms)) / 1000;
    const nativeS = median(nat) / 1000;
    const native1S = median(nat1) / 1000;
    const best = Math.min(nativeS, native1S);
    rows.push({ file: path.basename(file), oursS, nativeS, native1S, ratio: oursS / best, oursOk: ours.every((r) => r.exitCode === 0) });
  }
  const cores = os.availableParallelism();
  const batch = files.flatMap((f) => Array<string>(copies).fill(f));
  let started = performance.now();
  await mapPool(batch, cores, (f) => runCli(f, [], { discardStdout: true, timeoutMs: TIMEOUT_MS }));
  const oursMin = (performance.now() - started) / 60_000;
  started = performance.now();
  // One tesseract thread per process, as many processes as cores: the CLI's best batch setting.
  await mapPool(batch, cores, (f) => native(f, 1));
  const nativeMin = (performance.now() - started) / 60_000;
  // The app's way: one process, engine workers and their OCR workers started once.
  await viaPool(files.slice(0, 1), 1);
  const warmS = await viaPool(files, 1);
  const warm = files.map((f, i) => ({ file: path.basename(f), oursS: warmS[i]!, ratio: warmS[i]! / Math.min(rows[i]!.nativeS, rows[i]!.native1S) }));
  await viaPool(batch.slice(0, cores), cores);
  started = performance.now();
  await viaPool(batch, cores);
  const poolMin = (performance.now() - started) / 60_000;
  await closeEnginePool();
  return {
    warm,
    poolPagesPerMin: batch.length / poolMin,
    files: rows,
    cores,
    batchPages: batch.length,
    oursPagesPerMin: batch.length / oursMin,
    nativePagesPerMin: batch.length / nativeMin,
    meanRatio: rows.reduce((a, r) => a + r.ratio, 0) / Math.max(1, rows.length),
  };
}

/** Markdown report of the OCR bench. */
export function formatOcrBench(b: OcrBench): string {
  const rows = b.files.map((r) => [r.file, `${r.oursS.toFixed(2)}${r.oursOk ? '' : ' (failed)'}`, r.nativeS.toFixed(2), r.native1S.toFixed(2), `${fmt(r.ratio, 2)}x`]);
  const warmRows = b.warm.map((w) => [w.file, w.oursS.toFixed(2), `${fmt(w.ratio, 2)}x`]);
  return [
    '## OCR (300-dpi pages; one document at a time, then a batch on every core)',
    '',
    'Cold: one `perfectparser parse` process per page (process start, OCR worker start, WebAssembly compile included).',
    '',
    markdownTable(['file (1 page)', 'ours cold s/page', 'tesseract CLI s/page', 'CLI OMP_THREAD_LIMIT=1 s/page', 'ours / faster CLI'], rows),
    '',
    'Warm: the same pages through one process\'s engine pool, OCR workers already started (how the app and server run).',
    '',
    markdownTable(['file (1 page)', 'ours warm s/page', 'ours / faster CLI'], warmRows),
    '',
    `Mean ours / faster CLI setting per page: warm ${fmt(b.warm.reduce((a, w) => a + w.ratio, 0) / Math.max(1, b.warm.length), 2)}x, cold ${fmt(b.meanRatio, 2)}x (target ≤ 1.5x).`,
    `Batch of ${b.batchPages} pages on ${b.cores} cores: ours ${b.poolPagesPerMin.toFixed(1)} pages/min in one process (${b.oursPagesPerMin.toFixed(1)} as one CLI process per page); tesseract CLI (OMP_THREAD_LIMIT=1, ${b.cores} processes) ${b.nativePagesPerMin.toFixed(1)} pages/min.`,
    'Ours includes decoding, layout and the parser_run; the CLI prints plain text.',
  ].join('\n');
}
