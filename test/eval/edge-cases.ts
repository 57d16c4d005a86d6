// The edge-cases task: run our CLI on every edge-case input (without and with each password)
// and check the behaviour spec in its `.expected.json`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readSide, sidePath, taskInputs } from './corpus.js';
import {
  contentChecks,
  deferredChecks,
  invisibleFlagChecks,
  failureChecks,
  processedCheck,
  referenceFileOf,
  renamedCheck,
  robustnessChecks,
  type Check,
  type EdgeSpec,
  type LabelledRun,
} from './edge-checks.js';
import { flat, stripMarkdown } from './metrics.js';
import { parseRun, runMarkdown } from './parser-run.js';
import { kbToMb, markdownTable } from './report.js';
import { mapPool, runCli, runPdftotext } from './runner.js';

// Hard kill well after the 60 s budget so a slow file is reported with its real time.
const KILL_AFTER_MS = 120_000;
const WRONG_PASSWORD = 'pp-eval-wrong-password';

/** Everything measured for one edge-case file. */
export interface EdgeFile {
  file: string;
  category: string;
  checks: Check[];
  runs: { label: string; exitCode: number | null; status: string; failureReason: string | null; pageCount: number | null; ms: number; maxRssKb: number | null }[];
  ms: number;
  maxRssKb: number | null;
  error?: string;
}

const INPUT_EXTENSIONS = ['.pdf', '.tif', '.tiff', '.png', '.jpg', '.jpeg', '.webp', '.txt', '.docx'];

/** Runs the edge-cases task over the corpus. */
export async function runEdgeCases(corpus: string, concurrency: number): Promise<EdgeFile[]> {
  const inputs = taskInputs(corpus, 'edge-cases', INPUT_EXTENSIONS).filter((f) => readSide(f, '.expected.json') !== null);
  const referenceTexts = new Map<string, Promise<string | null>>();
  const referenceText = (file: string): Promise<string | null> => {
    let p = referenceTexts.get(file);
    if (!p) {
      p = runCli(file, [], { timeoutMs: KILL_AFTER_MS }).then((r) => {
        const run = parseRun(r.stdout);
        return run?.status === 'PROCESSED' ? flat(stripMarkdown(runMarkdown(run))) : null;
      });
      referenceTexts.set(file, p);
    }
    return p;
  };
  return mapPool(inputs, concurrency, async (input) => {
    try {
      return await checkFile(input, referenceText);
    } catch (e) {
      return { file: path.basename(input), category: '?', checks: [{ name: 'harness', status: 'fail', detail: String(e) }], runs: [], ms: 0, maxRssKb: null, error: String(e) };
    }
  });
}

async function label(labelName: string, input: string, extra: string[]): Promise<LabelledRun> {
  const result = await runCli(input, extra, { timeoutMs: KILL_AFTER_MS });
  return { label: labelName, result, run: parseRun(result.stdout) };
}

async function checkFile(input: string, referenceText: (file: string) => Promise<string | null>): Promise<EdgeFile> {
  const spec = JSON.parse(readFileSync(sidePath(input, '.expected.json'), 'utf8')) as EdgeSpec;
  const category = spec.category ?? '?';
  const passwords: [string, string][] = [];
  if (spec.user_password) passwords.push(['user pw', spec.user_password]);
  if (spec.owner_password && spec.owner_password !== spec.user_password) passwords.push(['owner pw', spec.owner_password]);
  const needsPassword = Boolean(spec.user_password);
  const isEmpty = spec.size === 0 || /zero-byte|empty-file/i.test(category);
  const isRenamed = spec.actual_format !== undefined || /^non-pdf/i.test(category);

  const runs: LabelledRun[] = [await label('no pw', input, [])];
  for (const [name, pw] of passwords) runs.push(await label(name, input, ['--password', pw]));
  if (passwords.length > 0) runs.push(await label('wrong pw', input, ['--password', WRONG_PASSWORD]));

  const checks: Check[] = runs.flatMap(robustnessChecks);
  const [first] = runs;
  if (!first) throw new Error('no run');
  const openRuns: LabelledRun[] = [];
  if (isEmpty) checks.push(...failureChecks(first, ['CORRUPT_FILE', 'FILE_TYPE_NOT_SUPPORTED']));
  else if (isRenamed) checks.push(renamedCheck(first, renamedGt(input)));
  else if (needsPassword) {
    checks.push(...failureChecks(first, ['PASSWORD_PROTECTED_FILE']));
    openRuns.push(...runs.filter((r) => r.label === 'user pw' || r.label === 'owner pw'));
  } else {
    openRuns.push(first);
    openRuns.push(...runs.filter((r) => r.label === 'user pw' || r.label === 'owner pw'));
  }
  const wrong = runs.find((r) => r.label === 'wrong pw');
  if (wrong && needsPassword) checks.push(...failureChecks(wrong, ['PASSWORD_PROTECTED_FILE']));

  const refName = referenceFileOf(spec);
  const reference = refName ? { name: refName, text: await referenceText(path.join(path.dirname(input), refName)) } : undefined;
  for (const r of openRuns) {
    checks.push(processedCheck(r));
    const pw = passwords.find(([name]) => name === r.label)?.[1];
    const wantText = (spec.pages ?? 1) > 0 && ((await pdftotextHasText(input, pw)) || (spec.expect ?? []).some((e) => /\btext\b|\bchars\b/i.test(e) && !/empty/i.test(e)));
    checks.push(...contentChecks(r, spec, reference ? { wantText, reference } : { wantText }));
    checks.push(...invisibleFlagChecks(r, spec));
  }
  checks.push(...deferredChecks(spec));

  const rss = runs.map((r) => r.result.maxRssKb).filter((v): v is number => v !== null);
  return {
    file: path.basename(input),
    category,
    checks,
    runs: runs.map((r) => ({
      label: r.label,
      exitCode: r.result.exitCode,
      status: r.run?.status ?? (r.result.timedOut ? 'TIMEOUT' : 'NO_JSON'),
      failureReason: r.run?.failureReason ?? null,
      pageCount: r.run?.metrics?.pageCount ?? null,
      ms: r.result.ms,
      maxRssKb: r.result.maxRssKb,
    })),
    ms: Math.max(...runs.map((r) => r.result.ms)),
    maxRssKb: rss.length > 0 ? Math.max(...rss) : null,
  };
}

function renamedGt(input: string): { text: string; markdown: boolean } | null {
  const md = readSide(input, '.expected.md');
  if (md !== null) return { text: md, markdown: true };
  const txt = readSide(input, '.expected.txt');
  return txt !== null ? { text: txt, markdown: false } : null;
}

async function pdftotextHasText(input: string, password: string | undefined): Promise<boolean> {
  const r = await runPdftotext(input, password === undefined ? {} : { password });
  return r.exitCode === 0 && r.stdout.trim() !== '';
}

/** Totals over all files (deferred checks are counted separately). */
export function edgeSummary(results: EdgeFile[]): Record<string, number> {
  const all = results.flatMap((r) => r.checks);
  return {
    files: results.length,
    filesAllPassed: results.filter((r) => r.checks.every((c) => c.status !== 'fail')).length,
    checks: all.filter((c) => c.status !== 'deferred').length,
    passed: all.filter((c) => c.status === 'pass').length,
    failed: all.filter((c) => c.status === 'fail').length,
    deferred: all.filter((c) => c.status === 'deferred').length,
  };
}

/** Human-readable report of the edge-cases task. */
export function formatEdgeCases(results: EdgeFile[]): string {
  const rows = results.map((r) => {
    const counted = r.checks.filter((c) => c.status !== 'deferred');
    const failing = r.checks.filter((c) => c.status === 'fail').map((c) => `${c.name}${c.detail ? ` (${c.detail})` : ''}`);
    const deferred = r.checks.filter((c) => c.status === 'deferred').length;
    return [r.file, r.category, `${counted.filter((c) => c.status === 'pass').length}/${counted.length}`, failing.join('; ') || '-', deferred > 0 ? String(deferred) : '-', r.ms.toFixed(0), kbToMb(r.maxRssKb)];
  });
  const s = edgeSummary(results);
  rows.push(['**total**', '', `${s['passed']}/${s['checks']}`, `${s['failed']} failed; ${s['filesAllPassed']}/${s['files']} files clean`, String(s['deferred']), '', '']);
  const lines = ['## edge-cases', '', markdownTable(['file', 'category', 'checks passed', 'failing checks', 'deferred', 'max ms', 'peak MB'], rows), ''];
  const deferred = results.flatMap((r) => r.checks.filter((c) => c.status === 'deferred').map((c) => `- ${r.file}: ${c.name}: ${c.detail ?? ''}`));
  if (deferred.length > 0) lines.push('Deferred (not counted):', ...deferred, '');
  lines.push('Runs: "no pw" = without password, "user pw"/"owner pw" = with the spec\'s passwords, "wrong pw" = with a wrong password.');
  return lines.join('\n');
}
