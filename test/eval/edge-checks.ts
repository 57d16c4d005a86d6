// Checks of the edge-cases behaviour specs (corpus README, "edge-cases"), as pure functions
// over finished runs. The runner (edge-cases.ts) decides which runs exist.
import { editSimilarity, flat, norm, stripMarkdown } from './metrics.js';
import { pageSize, pageText, runMarkdown, type ParserRun } from './parser-run.js';
import type { ProcessResult } from './runner.js';

/** The fields of a `.expected.json` behaviour spec the harness understands. */
export interface EdgeSpec {
  category?: string;
  user_password?: string;
  owner_password?: string;
  pages?: number;
  size?: number;
  actual_format?: string;
  expected_text_per_page?: string[];
  expected_prefix?: string;
  text_cells?: string[];
  page1_width?: number;
  page1_height?: number;
  expect?: string[];
}

/** One check outcome; "deferred" = a bonus / later feature, reported but not counted. */
export interface Check {
  name: string;
  status: 'pass' | 'fail' | 'deferred';
  detail?: string;
}

/** A finished CLI run with its parsed JSON. */
export interface LabelledRun {
  label: string;
  result: ProcessResult;
  run: ParserRun | null;
}

/** Failure reasons of the parse contract. */
export const FAILURE_REASONS = [
  'FILE_TYPE_NOT_SUPPORTED',
  'FILE_SIZE_TOO_LARGE',
  'CORRUPT_FILE',
  'PASSWORD_PROTECTED_FILE',
  'OCR_ERROR',
  'FAILED_TO_CONVERT_TO_PDF',
  'FAILED_TO_GENERATE_TARGET_FORMAT',
  'INVALID_CONFIG_OPTIONS',
  'INTERNAL_ERROR',
];

const WALL_LIMIT_MS = 60_000;
const RSS_LIMIT_KB = 2 * 1024 * 1024;

/** Helper: a check from a boolean. */
export function check(name: string, ok: boolean, detail?: string): Check {
  return detail === undefined ? { name, status: ok ? 'pass' : 'fail' } : { name, status: ok ? 'pass' : 'fail', detail };
}

/** Always-on checks for every run: no crash (valid JSON, exit code matching status), typed failure, time, memory. */
export function robustnessChecks(r: LabelledRun): Check[] {
  const { result, run, label } = r;
  const checks: Check[] = [];
  const expectedExit = run?.status === 'PROCESSED' ? 0 : 1;
  const crashDetail = result.spawnError ?? (result.timedOut ? 'killed after timeout' : `exit ${result.exitCode ?? result.signal}, ${run ? `status ${run.status}` : 'no JSON on stdout'}${lastLine(result.stderr)}`);
  checks.push(check(`no crash [${label}]`, run !== null && result.exitCode === expectedExit && !result.timedOut, crashDetail));
  if (run && run.status !== 'PROCESSED') {
    const reason = run.failureReason ?? '';
    checks.push(check(`typed failure [${label}]`, FAILURE_REASONS.includes(reason) && reason !== 'INTERNAL_ERROR', `${reason || 'none'}: ${run.failureMessage ?? ''}`));
  }
  checks.push(check(`time < 60 s [${label}]`, !result.timedOut && result.ms < WALL_LIMIT_MS, `${(result.ms / 1000).toFixed(1)} s`));
  checks.push(check(`peak RSS < 2 GiB [${label}]`, result.maxRssKb !== null && result.maxRssKb < RSS_LIMIT_KB, result.maxRssKb === null ? 'not reported' : `${(result.maxRssKb / 1024).toFixed(0)} MiB`));
  return checks;
}

function lastLine(stderr: string): string {
  const line = stderr.trim().split('\n').pop() ?? '';
  return line === '' ? '' : `; stderr: ${line.slice(0, 160)}`;
}

/** Expects a FAILED run with one of the given failure reasons. */
export function failureChecks(r: LabelledRun, reasons: string[]): Check[] {
  const got = r.run ? `${r.run.status}${r.run.failureReason ? ` ${r.run.failureReason}` : ''}` : 'no JSON';
  return [check(`FAILED ${reasons.join('|')} [${r.label}]`, r.run?.status === 'FAILED' && reasons.includes(r.run.failureReason ?? ''), got)];
}

/** Expects PROCESSED; returns the status check. */
export function processedCheck(r: LabelledRun): Check {
  const got = r.run ? `${r.run.status}${r.run.failureReason ? ` ${r.run.failureReason}: ${r.run.failureMessage ?? ''}` : ''}` : 'no JSON';
  return check(`PROCESSED [${r.label}]`, r.run?.status === 'PROCESSED', got);
}

/** Content checks of an opened document against the spec. `reference` = flat text the spec says it must equal. */
export function contentChecks(r: LabelledRun, spec: EdgeSpec, opts: { wantText: boolean; reference?: { name: string; text: string | null } }): Check[] {
  const run = r.run;
  if (!run || run.status !== 'PROCESSED') return [];
  const checks: Check[] = [];
  const text = runMarkdown(run);
  const label = r.label;
  if (typeof spec.pages === 'number') {
    checks.push(check(`pages = ${spec.pages} [${label}]`, run.metrics?.pageCount === spec.pages, `pageCount ${String(run.metrics?.pageCount)}`));
  }
  if (opts.wantText) checks.push(check(`has text [${label}]`, flat(stripMarkdown(text)) !== '', `${flat(text).length} chars`));
  for (const e of spec.expect ?? []) {
    const m = /chars on page (\d+)/i.exec(e);
    if (!m) continue;
    const page = flat(stripMarkdown(pageText(run, Number(m[1]))));
    checks.push(check(`page ${m[1]} has text [${label}]`, page !== '', `${page.length} chars`));
  }
  spec.expected_text_per_page?.forEach((want, i) => {
    const got = flat(stripMarkdown(pageText(run, i + 1)));
    checks.push(check(`page ${i + 1} text contains "${want}" [${label}]`, got.includes(flat(norm(want))), `got "${got.slice(0, 80)}"`));
  });
  if (spec.expected_prefix !== undefined) {
    const got = flat(stripMarkdown(text));
    checks.push(check(`text starts with prefix [${label}]`, got.startsWith(flat(spec.expected_prefix)), `got "${got.slice(0, 60)}"`));
  }
  for (const cell of spec.text_cells ?? []) {
    checks.push(check(`text contains "${cell}" [${label}]`, flat(stripMarkdown(text)).includes(flat(cell))));
  }
  if (spec.page1_width !== undefined || spec.page1_height !== undefined) {
    const size = pageSize(run, 1);
    const ok = size !== null && near(size.width, spec.page1_width) && near(size.height, spec.page1_height);
    checks.push(check(`page 1 is ${spec.page1_width ?? '?'}x${spec.page1_height ?? '?'} [${label}]`, ok, size ? `${size.width}x${size.height}` : 'no block on page 1'));
  }
  if (opts.reference) {
    const ref = opts.reference.text;
    const ok = ref !== null && flat(stripMarkdown(text)) === ref;
    const detail = ref === null ? `${opts.reference.name} did not parse` : `ES ${editSimilarity(flat(stripMarkdown(text)), ref).toFixed(3)}`;
    checks.push(check(`text equals ${opts.reference.name} [${label}]`, ok, detail));
  }
  return checks;
}

function near(got: number, want: number | undefined): boolean {
  return want === undefined || Math.abs(got - want) <= 0.5;
}

/** Renamed non-PDF: passes as FILE_TYPE_NOT_SUPPORTED, or PROCESSED with text matching the GT (ES ≥ bar). */
export function renamedCheck(r: LabelledRun, gt: { text: string; markdown: boolean } | null): Check {
  const run = r.run;
  const name = `typed FILE_TYPE_NOT_SUPPORTED or routed with matching text [${r.label}]`;
  if (run?.status === 'FAILED') return check(name, run.failureReason === 'FILE_TYPE_NOT_SUPPORTED', `FAILED ${run.failureReason ?? ''}`);
  if (run?.status !== 'PROCESSED') return check(name, false, 'no JSON');
  if (!gt) return check(name, false, 'PROCESSED but no GT to compare');
  // Bars: docling markdown ES ≥ 0.85; plain OCR text ES ≥ 0.95 (≈ CER ≤ 5%).
  const bar = gt.markdown ? 0.85 : 0.95;
  const es = editSimilarity(flat(stripMarkdown(runMarkdown(run))), flat(gt.markdown ? stripMarkdown(gt.text) : gt.text));
  return check(name, es >= bar, `PROCESSED, ES ${es.toFixed(3)} (bar ${bar})`);
}

/** "'X' flagged … as invisible": the block holding X carries details.invisibleText. */
export function invisibleFlagChecks(r: LabelledRun, spec: EdgeSpec): Check[] {
  const out: Check[] = [];
  for (const e of spec.expect ?? []) {
    const m = /'([^']+)' flagged/i.exec(e);
    if (!m?.[1]) continue;
    const blocks = (r.run?.chunks ?? []).flatMap((c) => c.blocks ?? []);
    const holder = blocks.find((b) => (b.content ?? '').includes(m[1]!));
    const ok = holder?.details?.['invisibleText'] === true;
    out.push(check(`"${m[1]}" flagged invisible [${r.label}]`, ok, holder ? JSON.stringify(holder.details ?? {}) : 'no block holds it'));
  }
  return out;
}

/** Table expectations are scored by the tables task, not here → deferred entries. */
export function deferredChecks(spec: EdgeSpec): Check[] {
  const out: Check[] = [];
  for (const e of spec.expect ?? []) {
    if (/\btable\b/i.test(e)) out.push({ name: `table expectation`, status: 'deferred', detail: `${e} (not scored here: table quality is the tables task)` });
  }
  return out;
}

/** Reference file named by an expectation like "text equals text of encryption_base.pdf". */
export function referenceFileOf(spec: EdgeSpec): string | null {
  for (const e of spec.expect ?? []) {
    const m = /text (?:equals|must match|matches) (?:the )?text of (\S+\.pdf)/i.exec(e);
    if (m?.[1]) return m[1];
  }
  return null;
}
