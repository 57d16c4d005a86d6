// Throughput / memory benchmark of `perfectparser parse FILE --json` against `pdftotext -layout`.
// Usage: npx tsx test/bench/run-bench.ts [--files N] [--runs N] [--pages N] [--rebuild] [--only pdf|ocr|jobs|api]
//          [--jobs-docs N] [--api-seconds N] [--json out.json]
// Picks the N (default 4) largest password-free PDFs of corpus/text-layout and corpus/edge-cases,
// times each single-process run, then builds an N-page (default 1000) PDF from them with qpdf under
// .bench/ and checks that parsing it stays under 400 MB peak RSS; then the OCR section (ocr-bench.ts)
// against the native tesseract CLI; then the jobs section (jobs-bench.ts: documents through the local
// server's queue) and the API section (api-bench.ts: autocannon on the results endpoint).
// `--only pdf|ocr|jobs|api` runs one section. Exit code 0 whatever the figures.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { corpusDir, taskInputs } from '../eval/corpus.js';
import { fmt, kbToMb, markdownTable, writeJson } from '../eval/report.js';
import { assertCliPresent, repoRoot, rssReporter, runCli, runProcess, shebangNodeOptions, type ProcessResult } from '../eval/runner.js';
import { formatOcrBench, runOcrBench } from './ocr-bench.js';
import { formatJobsBench, runJobsBench, type JobsBench } from './jobs-bench.js';
import { formatApiBench, runApiBench, type ApiBench } from './api-bench.js';

const RSS_BUDGET_MB = 400;
const BIG_TIMEOUT_MS = 30 * 60_000;

interface Options {
  files: number;
  runs: number;
  pages: number;
  rebuild: boolean;
  only: 'pdf' | 'ocr' | 'jobs' | 'api' | null;
  jobsDocs: number;
  apiSeconds: number;
  json: string | null;
}

interface BenchRow {
  file: string;
  pages: number;
  oursMs: number;
  oursPagesPerSec: number;
  /** Pages per second inside the engine (the run's metrics.processingTimeMs: no process start). */
  enginePagesPerSec: number | null;
  oursMaxRssKb: number | null;
  oursExit: number | null;
  pdftotextMs: number;
  ratio: number;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { files: 4, runs: 1, pages: 1000, rebuild: false, only: null, jobsDocs: 60, apiSeconds: 10, json: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    const num = Number(value);
    if (arg === '--rebuild') {
      o.rebuild = true;
      continue;
    }
    if (arg === '--json' && value) o.json = value;
    else if (arg === '--only' && (value === 'pdf' || value === 'ocr' || value === 'jobs' || value === 'api')) o.only = value;
    else if (arg === '--jobs-docs' && num >= 1) o.jobsDocs = Math.floor(num);
    else if (arg === '--api-seconds' && num >= 1) o.apiSeconds = Math.floor(num);
    else if (arg === '--files' && num >= 1) o.files = Math.floor(num);
    else if (arg === '--runs' && num >= 1) o.runs = Math.floor(num);
    else if (arg === '--pages' && num >= 1) o.pages = Math.floor(num);
    else throw new Error(`usage: run-bench.ts [--files N] [--runs N] [--pages N] [--rebuild] [--only pdf|ocr|jobs|api] [--jobs-docs N] [--api-seconds N] [--json out.json] (bad argument: ${arg ?? ''})`);
    i++;
  }
  return o;
}

function qpdf(args: string[]): string {
  return execFileSync('qpdf', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

// Page count via qpdf, or null when qpdf cannot open the file or it needs a password.
function pageCount(file: string): number | null {
  try {
    execFileSync('qpdf', ['--requires-password', file], { stdio: 'ignore' });
    return null; // exit 0: a password is required
  } catch (e) {
    if ((e as { status?: number }).status !== 2 && (e as { status?: number }).status !== 3) return null;
  }
  try {
    const n = Number(qpdf(['--show-npages', file]).trim());
    return Number.isFinite(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}

/** The `count` largest password-free PDFs (by page count, then bytes) of the text tasks. */
function pickFiles(corpus: string, count: number): { file: string; pages: number }[] {
  const all = [...taskInputs(corpus, 'text-layout', ['.pdf']), ...taskInputs(corpus, 'edge-cases', ['.pdf'])];
  return all
    .map((file) => ({ file, pages: pageCount(file) ?? 0, bytes: statSync(file).size }))
    .filter((f) => f.pages > 0)
    .sort((a, b) => b.pages - a.pages || b.bytes - a.bytes || a.file.localeCompare(b.file))
    .slice(0, count)
    .map(({ file, pages }) => ({ file, pages }));
}

/** Builds (or reuses) a PDF of exactly `pages` pages by repeating the sources. */
function buildBigPdf(sources: { file: string; pages: number }[], pages: number, rebuild: boolean): string {
  const dir = path.join(repoRoot, '.bench');
  mkdirSync(dir, { recursive: true });
  // The name carries a hash of the sources so a changed selection never reuses a stale file.
  const key = createHash('sha1')
    .update(sources.map((s) => `${path.basename(s.file)}:${statSync(s.file).size}`).join('\n'))
    .digest('hex')
    .slice(0, 8);
  const out = path.join(dir, `bench-${pages}-${key}.pdf`);
  if (!rebuild && existsSync(out) && pageCount(out) === pages) return out;
  const list: string[] = [];
  let total = 0;
  while (total < pages) {
    for (const s of sources) {
      list.push(s.file);
      total += s.pages;
      if (total >= pages) break;
    }
  }
  const joined = path.join(dir, 'bench-joined.tmp.pdf');
  runQpdfTolerant(['--empty', '--pages', ...list, '--', joined]);
  runQpdfTolerant(['--empty', '--pages', joined, `1-${pages}`, '--', out]);
  rmSync(joined, { force: true });
  const n = pageCount(out);
  if (n !== pages) throw new Error(`built ${out} has ${n ?? '?'} pages, wanted ${pages}`);
  return out;
}

// qpdf exits 3 when it succeeded with warnings (damaged input it repaired); accept that.
function runQpdfTolerant(args: string[]): void {
  try {
    qpdf(args);
  } catch (e) {
    if ((e as { status?: number }).status !== 3) throw e;
  }
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

const OUT_JSON = path.join(repoRoot, '.bench', 'last-run.json');
/** Where `--out` puts the figures' pictures of the last run. */
const FIGURES_DIR = path.join(repoRoot, '.bench', 'last-run_figures');

async function timeOurs(file: string, runs: number, timeoutMs: number, extra: string[]): Promise<{ results: ProcessResult[]; engineMs: number[] }> {
  const results: ProcessResult[] = [];
  const engineMs: number[] = [];
  // A fresh checkout has no .bench folder until the 1,000-page PDF is built there.
  mkdirSync(path.dirname(OUT_JSON), { recursive: true });
  for (let i = 0; i < runs; i++) {
    rmSync(OUT_JSON, { force: true });
    results.push(await runCli(file, ['--out', OUT_JSON, ...extra], { discardStdout: true, timeoutMs }));
    try {
      const run = JSON.parse(readFileSync(OUT_JSON, 'utf8')) as { metrics?: { processingTimeMs?: number } };
      if (typeof run.metrics?.processingTimeMs === 'number') engineMs.push(run.metrics.processingTimeMs);
    } catch {
      // No output (the run was killed): no engine time for this run.
    }
  }
  return { results, engineMs };
}

async function timePdftotext(file: string, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await runProcess('pdftotext', ['-layout', file, '/dev/null'], { timeoutMs: BIG_TIMEOUT_MS });
    times.push(r.ms);
  }
  return median(times);
}

/** The parse itself (figures found, their pictures not written), or — with `pictures` — the
 *  parse writing every figure's PNG beside the run, as `--out` does by default. */
async function benchFile(file: string, pages: number, runs: number, timeoutMs: number, pictures = false): Promise<BenchRow> {
  const { results: ours, engineMs } = await timeOurs(file, runs, timeoutMs, pictures ? [] : ['--no-figure-images']);
  const oursMs = median(ours.map((r) => r.ms));
  const rss = ours.map((r) => r.maxRssKb).filter((v): v is number => v !== null);
  const pdftotextMs = await timePdftotext(file, runs);
  return {
    file: path.basename(file),
    pages,
    oursMs,
    oursPagesPerSec: pages / (oursMs / 1000),
    enginePagesPerSec: engineMs.length > 0 ? pages / (median(engineMs) / 1000) : null,
    oursMaxRssKb: rss.length > 0 ? Math.max(...rss) : null,
    oursExit: ours.find((r) => r.exitCode !== 0)?.exitCode ?? 0,
    pdftotextMs,
    ratio: oursMs / pdftotextMs,
  };
}

/** The files one after another through one engine thread in one process (as the app and
 *  `serve` parse a folder): the process's time, start included, over the pages of them all,
 *  and the engine's own time; beside `pdftotext` on the same files one after another. */
async function benchBatch(rows: BenchRow[], files: string[], runs: number, timeoutMs: number): Promise<BenchRow> {
  const script = path.join(repoRoot, 'test', 'bench', 'engine-batch.mjs');
  const times: number[] = [];
  const engine: number[] = [];
  const rss: number[] = [];
  let exit: number | null = 0;
  for (let i = 0; i < runs; i++) {
    const r = await runProcess(process.execPath, [...shebangNodeOptions(), '--import', rssReporter, script, ...files], { timeoutMs });
    times.push(r.ms);
    if (r.maxRssKb !== null) rss.push(r.maxRssKb);
    if (r.exitCode !== 0) exit = r.exitCode;
    try {
      const out = JSON.parse(r.stdout) as { files: Array<{ status: string; engineMs: number }> };
      if (out.files.some((f) => f.status !== 'PROCESSED')) exit = 1;
      engine.push(out.files.reduce((sum, f) => sum + f.engineMs, 0));
    } catch {
      exit = exit === 0 ? 1 : exit;
    }
  }
  const pages = rows.reduce((sum, r) => sum + r.pages, 0);
  const oursMs = median(times);
  const pdftotextMs = rows.reduce((sum, r) => sum + r.pdftotextMs, 0);
  return {
    file: `the ${rows.length} files above, one after another in one engine thread`,
    pages,
    oursMs,
    oursPagesPerSec: pages / (oursMs / 1000),
    enginePagesPerSec: engine.length > 0 ? pages / (median(engine) / 1000) : null,
    oursMaxRssKb: rss.length > 0 ? Math.max(...rss) : null,
    oursExit: exit,
    pdftotextMs,
    ratio: oursMs / pdftotextMs,
  };
}

function rowCells(r: BenchRow): string[] {
  const status = r.oursExit === 0 ? '' : ` (exit ${r.oursExit ?? 'killed'})`;
  const engine = r.enginePagesPerSec === null ? '-' : fmt(r.enginePagesPerSec, 1);
  return [r.file, String(r.pages), `${(r.oursMs / 1000).toFixed(2)}${status}`, fmt(r.oursPagesPerSec, 1), engine, kbToMb(r.oursMaxRssKb), (r.pdftotextMs / 1000).toFixed(2), `${fmt(r.ratio, 1)}x`];
}

/** The server sections (jobs, then API) that `only` selects; each prints its table as it finishes. */
async function runServerSections(o: Options, corpus: string): Promise<{ jobs: JobsBench | null; api: ApiBench | null }> {
  const jobs = o.only === null || o.only === 'jobs' ? await runJobsBench(corpus, o.jobsDocs) : null;
  if (jobs) console.log(`\n${formatJobsBench(jobs)}`);
  const api = o.only === null || o.only === 'api' ? await runApiBench(corpus, { seconds: o.apiSeconds }) : null;
  if (api) console.log(`\n${formatApiBench(api)}`);
  return { jobs, api };
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  assertCliPresent();
  const corpus = corpusDir();
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  if (o.only === 'ocr') {
    const ocr = await runOcrBench(corpus, o.runs);
    console.log(`${formatOcrBench(ocr)}\n`);
    if (o.json) writeJson(o.json, { generatedAt: new Date().toISOString(), cpu, cpus: os.cpus().length, node: process.version, ocr });
    return;
  }
  if (o.only === 'jobs' || o.only === 'api') {
    const { jobs, api } = await runServerSections(o, corpus);
    if (o.json) writeJson(o.json, { generatedAt: new Date().toISOString(), cpu, cpus: os.cpus().length, node: process.version, jobs, api });
    return;
  }
  const picked = pickFiles(corpus, o.files);
  if (picked.length === 0) throw new Error('no password-free PDFs with pages found in the corpus');
  // A command that has run before starts from pdf.js's code cache (V8's compiled code, kept in
  // the user's cache folder): one untimed parse writes it if it is not there yet, so the first
  // timed file does not pay for it.
  await runCli(picked[picked.length - 1]!.file, ['--json', '--no-figure-images'], { discardStdout: true, timeoutMs: BIG_TIMEOUT_MS });
  const rows: BenchRow[] = [];
  for (const p of picked) rows.push(await benchFile(p.file, p.pages, o.runs, BIG_TIMEOUT_MS));
  const batchRow = await benchBatch(rows, picked.map((p) => p.file), o.runs, BIG_TIMEOUT_MS);
  const big = buildBigPdf(picked, o.pages, o.rebuild);
  const bigRow = await benchFile(big, o.pages, 1, BIG_TIMEOUT_MS);
  const bigMb = bigRow.oursMaxRssKb === null ? null : (bigRow.oursMaxRssKb * 1024) / 1e6;
  const rssPass = bigRow.oursExit === 0 && bigMb !== null && bigMb < RSS_BUDGET_MB;
  rmSync(FIGURES_DIR, { recursive: true, force: true });
  const picturesRow = await benchFile(big, o.pages, 1, BIG_TIMEOUT_MS, true);
  const pictures = existsSync(FIGURES_DIR) ? readdirSync(FIGURES_DIR).length : 0;

  const headers = ['file', 'pages', 'ours s (process)', 'ours pages/s (process)', 'ours pages/s (engine)', 'ours peak RSS MB', 'pdftotext -layout s', 'ours / pdftotext (process)'];
  console.log(`## Benchmark (${new Date().toISOString().slice(0, 10)}, ${cpu} x${os.cpus().length}, Node ${process.version}, median of ${o.runs} run(s), single process)\n`);
  console.log(markdownTable(headers, [...rows.map(rowCells), rowCells(batchRow), rowCells({ ...bigRow, file: `${bigRow.file} (built from the files above)` })]));
  console.log(`\n${o.pages}-page peak RSS ${bigMb === null ? 'unknown' : `${bigMb.toFixed(0)} MB`} (budget < ${RSS_BUDGET_MB} MB): ${rssPass ? 'PASS' : 'FAIL'}`);
  console.log(
    `Writing its ${pictures} figure pictures too (--out without --no-figure-images): ${(picturesRow.oursMs / 1000).toFixed(1)} s, ${fmt(picturesRow.oursPagesPerSec, 1)} pages/s, peak RSS ${kbToMb(picturesRow.oursMaxRssKb)} MB.`,
  );
  const ocr = o.only === 'pdf' ? null : await runOcrBench(corpus, o.runs);
  if (ocr) console.log(`\n${formatOcrBench(ocr)}`);
  const { jobs, api } = o.only === 'pdf' ? { jobs: null, api: null } : await runServerSections(o, corpus);
  if (o.json) {
    writeJson(o.json, { generatedAt: new Date().toISOString(), cpu, cpus: os.cpus().length, node: process.version, runs: o.runs, files: rows, batch: batchRow, big: bigRow, bigWithPictures: picturesRow, pictures, bigPath: big, rssBudgetMb: RSS_BUDGET_MB, rssPass, ocr, jobs, api });
    console.log(`summary written to ${o.json}`);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(2);
});
