// The ocr task: our CLI and the native `tesseract` CLI on every file of corpus/ocr (plus the
// image edge cases), side by side, scored with the README's OCR rules. PDFs are rasterised for
// the native CLI with pdftoppm at 300 dpi (tesseract cannot read PDFs).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { distance } from 'fastest-levenshtein';
import { readManifest, readSide, taskInputs } from './corpus.js';
import { bowF1, bowRecall, flat, mean, stripMarkdown, tokens, undoHyphenation } from './metrics.js';
import { parseRun, type ParserRun } from './parser-run.js';
import { fmt, markdownTable, passMark } from './report.js';
import { mapPool, runCli, runProcess } from './runner.js';

const TIMEOUT_MS = 180_000;
const EXTENSIONS = ['.pdf', '.tif', '.tiff', '.png', '.jpg', '.jpeg', '.webp', '.bmp', '.gif'];

/** How a file is scored (README, "ocr"). */
export type OcrKind = 'gold' | 'zones' | 'exact';

export interface OcrScore {
  status: string;
  ms: number;
  cer: number;
  wer: number;
  bow: number;
  /** Recall of GT tokens (UNLV zone files). */
  recall: number;
  exact: boolean;
  pass: boolean;
}

export interface OcrFile {
  file: string;
  kind: OcrKind;
  ours: OcrScore;
  native: OcrScore;
  worse: boolean;
}

/** Character error rate: Levenshtein / GT length, on flat() text. */
export function cer(pred: string, gt: string): number {
  const p = flat(pred);
  const g = flat(gt);
  return g.length === 0 ? (p.length === 0 ? 0 : 1) : distance(p, g) / g.length;
}

/** Word error rate on flat() tokens (token-level Levenshtein / GT tokens). */
export function wer(pred: string, gt: string): number {
  const p = tokens(pred);
  const g = tokens(gt);
  if (g.length === 0) return p.length === 0 ? 0 : 1;
  const ids = new Map<string, string>();
  const enc = (list: string[]) => list.map((t) => ids.get(t) ?? (ids.set(t, String.fromCodePoint(0x4e00 + ids.size)), ids.get(t)!)).join('');
  return distance(enc(p), enc(g)) / g.length;
}

function kindOf(file: string, gtKind: string): OcrKind {
  if (/UNLV|zones/i.test(gtKind) || /\.3B\./.test(file)) return 'zones';
  if (/markdown|docling/i.test(gtKind) || file.endsWith('.pdf') && !file.includes('renamed') || file.endsWith('.webp')) return 'exact';
  return 'gold';
}

/** Scores one prediction against the GT under the file's rule. */
export function scoreOcr(kind: OcrKind, pred: string, gt: string, status: string, ms: number): OcrScore {
  const c = cer(pred, gt);
  const exact = flat(pred) === flat(gt);
  // Zone GT keeps words hyphenated at line ends; the layout joins them: undo it on both sides.
  const recall = kind === 'zones' ? bowRecall(undoHyphenation(pred), undoHyphenation(gt)) : bowRecall(pred, gt);
  const pass = status !== 'PROCESSED' ? false : kind === 'zones' ? recall >= 0.93 : kind === 'exact' ? exact : c <= 0.02;
  return { status, ms, cer: c, wer: wer(pred, gt), bow: bowF1(pred, gt), recall, exact, pass };
}

async function native(input: string): Promise<{ text: string; status: string; ms: number }> {
  let image = input;
  let dir: string | undefined;
  const started = performance.now();
  try {
    // By content, as our side decides (a renamed PNG is read as the image it is).
    if (readFileSync(input).subarray(0, 1024).includes('%PDF-')) {
      dir = mkdtempSync(path.join(os.tmpdir(), 'pp-ocr-eval-'));
      const r = await runProcess('pdftoppm', ['-r', '300', '-gray', '-png', '-singlefile', input, path.join(dir, 'page')], { timeoutMs: TIMEOUT_MS });
      if (r.exitCode !== 0) return { text: '', status: 'RENDER_FAILED', ms: performance.now() - started };
      image = path.join(dir, 'page.png');
    }
    const r = await runProcess('tesseract', [image, 'stdout'], { timeoutMs: TIMEOUT_MS });
    return { text: r.exitCode === 0 ? r.stdout : '', status: r.exitCode === 0 ? 'PROCESSED' : `EXIT_${r.exitCode ?? r.signal}`, ms: performance.now() - started };
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

/** Every block's text, page furniture included (OCR is scored on what was recognised). */
function recognisedText(run: ParserRun): string {
  const blocks = run.chunks.flatMap((c) => c.blocks ?? []);
  return stripMarkdown(blocks.map((b) => b.content ?? '').join('\n\n'));
}

function gtOf(input: string): string | null {
  return readSide(input, '.expected.txt') ?? readSide(input, '.expected.md');
}

/** Runs the ocr task (corpus/ocr and the image edge cases). */
export async function runOcr(corpus: string, concurrency: number): Promise<OcrFile[]> {
  const manifest = readManifest(corpus);
  const inputs = [
    ...taskInputs(corpus, 'ocr', EXTENSIONS),
    ...taskInputs(corpus, 'edge-cases', EXTENSIONS).filter((f) => /_png_renamed|_jpg_renamed|_tif_renamed/.test(f)),
  ].filter((f) => gtOf(f) !== null);
  return mapPool(inputs, concurrency, async (input) => {
    const rel = path.relative(corpus, input).split(path.sep).join('/');
    const kind = kindOf(path.basename(input), manifest.get(rel)?.gtKind ?? '');
    const gt = gtOf(input) ?? '';
    const result = await runCli(input, [], { timeoutMs: TIMEOUT_MS });
    const run = parseRun(result.stdout);
    const status = run ? run.status : result.timedOut ? 'TIMEOUT' : `NO_JSON(exit ${result.exitCode ?? result.signal})`;
    const ours = scoreOcr(kind, run ? recognisedText(run) : '', stripMarkdown(gt), status, result.ms);
    const n = await native(input);
    const nat = scoreOcr(kind, n.text, stripMarkdown(gt), n.status, n.ms);
    const worse = kind === 'zones' ? ours.recall < nat.recall - 0.005 : ours.cer > nat.cer + 0.005;
    return { file: path.basename(input), kind, ours, native: nat, worse };
  });
}

/** Means and pass counts. */
export function ocrSummary(results: OcrFile[]): Record<string, number> {
  return {
    files: results.length,
    oursPass: results.filter((r) => r.ours.pass).length,
    nativePass: results.filter((r) => r.native.pass).length,
    oursCerMean: mean(results.map((r) => r.ours.cer)),
    nativeCerMean: mean(results.map((r) => r.native.cer)),
    worseThanNative: results.filter((r) => r.worse).length,
  };
}

/** Human-readable report of the ocr task. */
export function formatOcr(results: OcrFile[]): string {
  const headers = ['file', 'rule', 'ours CER', 'ours WER', 'ours BOW', 'ours zone recall', 'ours pass', 'native CER', 'native WER', 'native zone recall', 'native pass', 'ours s', 'native s'];
  const rows = results.map((r) => [
    r.file,
    r.kind,
    r.ours.status === 'PROCESSED' ? fmt(r.ours.cer) : r.ours.status,
    fmt(r.ours.wer),
    fmt(r.ours.bow),
    r.kind === 'zones' ? fmt(r.ours.recall) : '-',
    passMark(r.ours.pass),
    r.native.status === 'PROCESSED' ? fmt(r.native.cer) : r.native.status,
    fmt(r.native.wer),
    r.kind === 'zones' ? fmt(r.native.recall) : '-',
    passMark(r.native.pass),
    (r.ours.ms / 1000).toFixed(1),
    (r.native.ms / 1000).toFixed(1),
  ]);
  const s = ocrSummary(results);
  rows.push(['**mean**', '', fmt(s['oursCerMean']), '', '', '', `${s['oursPass']}/${results.length}`, fmt(s['nativeCerMean']), '', '', `${s['nativePass']}/${results.length}`, '', '']);
  return [
    '## ocr (ours vs the native tesseract CLI)',
    '',
    markdownTable(headers, rows),
    '',
    'Ours: the text of every block (page furniture included). CER/WER on flat() text (whitespace collapsed; markdown syntax stripped). Rules: gold = CER ≤ 0.02; exact = flat() equality;',
    'zones = recall of the UNLV zone GT tokens ≥ 0.93 (line-end hyphenation undone on both sides). Native PDFs are rasterised with pdftoppm -r 300 first.',
    '',
    `Worse than native (CER + 0.005, or recall − 0.005): ${results.filter((r) => r.worse).map((r) => r.file).join(', ') || 'none'}`,
  ].join('\n');
}
