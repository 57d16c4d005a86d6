// Text metrics of the corpus README (../shared/corpus/README.md, "Normalisation used by every
// text comparison" and "Scoring by GT kind"). Pure functions, no I/O.
import { distance } from 'fastest-levenshtein';

const ZERO_WIDTH = /\u00AD|\u200B|\u200C|\u200D|\u2060|\uFEFF/g;

/** README norm(): NFKC, newlines unified, soft hyphen / zero-width removed, spaces collapsed, lines stripped, 3+ blank lines → one. */
export function norm(s: string): string {
  let t = s.normalize('NFKC');
  // A form feed (pdftotext / pdfminer page break) is treated as a line break.
  t = t.replace(/\r\n?/g, '\n').replace(/\f/g, '\n');
  t = t.replace(ZERO_WIDTH, '');
  t = t.replace(/[ \t]+/g, ' ');
  t = t
    .split('\n')
    .map((line) => line.trim())
    .join('\n');
  // 3+ blank lines = 4+ consecutive newlines; two blank lines are kept as they are.
  return t.replace(/\n{4,}/g, '\n\n');
}

/** README flat(): norm() with all whitespace collapsed to single spaces (and trimmed). */
export function flat(s: string): string {
  return norm(s).replace(/\s+/g, ' ').trim();
}

/** Whitespace tokens of flat(s). */
export function tokens(s: string): string[] {
  const f = flat(s);
  return f === '' ? [] : f.split(' ');
}

// Above this many DP cells (len(a) * len(b)) ES is computed on aligned slices instead.
const MAX_ES_CELLS = 4e10;
const ES_SLICES = 64;

/** Edit similarity 1 - Levenshtein(a,b) / max(len); both empty → 1. Inputs are used as given (call flat() first). */
export function editSimilarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  if (longest === 0) return 1;
  if (a.length * b.length > MAX_ES_CELLS) return slicedSimilarity(a, b);
  return 1 - distance(a, b) / longest;
}

// Guard for huge strings: cut both into proportional slices and sum the per-slice distances.
// An approximation (an upper bound on the distance), only used beyond MAX_ES_CELLS.
function slicedSimilarity(a: string, b: string): number {
  let total = 0;
  for (let i = 0; i < ES_SLICES; i++) {
    const sa = a.slice(Math.floor((i * a.length) / ES_SLICES), Math.floor(((i + 1) * a.length) / ES_SLICES));
    const sb = b.slice(Math.floor((i * b.length) / ES_SLICES), Math.floor(((i + 1) * b.length) / ES_SLICES));
    total += distance(sa, sb);
  }
  return Math.max(0, 1 - total / Math.max(a.length, b.length));
}

function countTokens(list: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of list) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

function overlap(pred: string[], exp: string[]): number {
  const predCounts = countTokens(pred);
  let common = 0;
  for (const [tok, n] of countTokens(exp)) common += Math.min(n, predCounts.get(tok) ?? 0);
  return common;
}

/** Multiset bag-of-words F1 over flat() tokens; both empty → 1. */
export function bowF1(pred: string, expected: string): number {
  const p = tokens(pred);
  const e = tokens(expected);
  if (p.length === 0 && e.length === 0) return 1;
  if (p.length === 0 || e.length === 0) return 0;
  const common = overlap(p, e);
  if (common === 0) return 0;
  const precision = common / p.length;
  const recall = common / e.length;
  return (2 * precision * recall) / (precision + recall);
}

/** Multiset recall of the expected flat() tokens in pred (used for the "contains" kinds); empty expected → 1. */
export function bowRecall(pred: string, expected: string): number {
  const e = tokens(expected);
  if (e.length === 0) return 1;
  return overlap(tokens(pred), e) / e.length;
}

/**
 * Removes markdown syntax so markdown can be compared with plain text (README docling rule:
 * `#`, `-`, `*`, `|`, `<!-- image -->`). Also drops the other docling placeholders
 * (`<!-- formula-not-decoded -->` and any HTML comment), code fences, table separator rows and
 * horizontal rules, undoes backslash escapes and decodes the five basic HTML entities.
 * `-` is only removed as syntax (list marker, separator row), not inside words; `*` and `|` are
 * removed everywhere unless escaped.
 */
export function stripMarkdown(md: string): string {
  const lines = md.replace(/\r\n?/g, '\n').replace(/<!--[\s\S]*?-->/g, ' ').split('\n');
  const out: string[] = [];
  for (const raw of lines) {
    let line = raw;
    if (/^\s*(```|~~~)/.test(line)) continue;
    if (/^[\s|:-]*$/.test(line) && line.includes('|') && line.includes('-')) continue; // table separator row
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) continue; // horizontal rule
    line = line.replace(/^\s{0,3}#{1,6}(\s+|$)/, '');
    line = line.replace(/^\s*[-*+]\s+(\[[ xX]\]\s+)?/, '');
    line = line.replace(/^\s*>\s?/, '');
    line = line.replace(/(?<!\\)\*+/g, '');
    line = line.replace(/(?<!\\)\|/g, ' ');
    line = line.replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1');
    line = line
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
    out.push(line);
  }
  return out.join('\n');
}

/** Heading, list-item and table counts of a markdown text. */
export interface StructureCounts {
  headings: number;
  listItems: number;
  tables: number;
}

/** Counts ATX headings, list items (bullet or numbered) and tables (runs of `|` lines) in markdown. */
export function structureCounts(md: string): StructureCounts {
  let headings = 0;
  let listItems = 0;
  let tables = 0;
  let inTable = false;
  let inFence = false;
  for (const line of md.replace(/\r\n?/g, '\n').split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    const isTableLine = /^\s*\|/.test(line);
    if (isTableLine && !inTable) tables++;
    inTable = isTableLine;
    if (/^\s{0,3}#{1,6}\s+\S/.test(line)) headings++;
    else if (/^\s*([-*+]|\d{1,9}[.)])\s+\S/.test(line)) listItems++;
  }
  return { headings, listItems, tables };
}

/** True when pred is within ±tolerance (relative) of expected; expected 0 requires pred 0. */
export function withinTolerance(pred: number, expected: number, tolerance = 0.2): boolean {
  if (expected === 0) return pred === 0;
  return Math.abs(pred - expected) <= tolerance * expected + 1e-9;
}

/** README "contains" rule: flat(pred) contains flat(expected). */
export function containsFlat(pred: string, expected: string): boolean {
  return flat(pred).includes(flat(expected));
}

/** README line-7 rule: the norm()-ed expected line is one of the norm()-ed predicted lines. */
export function hasLine(pred: string, expectedLine: string): boolean {
  const want = norm(expectedLine).trim();
  return norm(pred)
    .split('\n')
    .some((line) => line === want);
}

// Bound for the semi-global DP; beyond it the DP runs on the best token-overlap window only.
const MAX_SUBSTRING_CELLS = 5e7;

/**
 * Graded score for the "contains" kinds: ES of `expected` against its best-matching window of
 * `pred` (semi-global alignment: free start and end in pred), 1 - minDist / len(expected).
 * O(len(pred) * len(expected)) time, O(len(expected)) memory; when that exceeds MAX_SUBSTRING_CELLS
 * pred is first cut to a window (~3x len(expected)) around the region sharing most tokens with expected.
 * Inputs are used as given (call flat() first).
 */
export function bestSubstringSimilarity(pred: string, expected: string): number {
  const m = expected.length;
  if (m === 0) return 1;
  if (pred.includes(expected)) return 1;
  let text = pred;
  if (text.length * m > MAX_SUBSTRING_CELLS) text = bestWindow(pred, expected);
  let prev = new Uint32Array(m + 1);
  let cur = new Uint32Array(m + 1);
  for (let i = 0; i <= m; i++) prev[i] = i;
  let best = m;
  for (let j = 0; j < text.length; j++) {
    const c = text.charCodeAt(j);
    cur[0] = 0;
    for (let i = 1; i <= m; i++) {
      const sub = (prev[i - 1] ?? 0) + (expected.charCodeAt(i - 1) === c ? 0 : 1);
      const del = (prev[i] ?? 0) + 1;
      const ins = (cur[i - 1] ?? 0) + 1;
      cur[i] = Math.min(sub, del, ins);
    }
    best = Math.min(best, cur[m] ?? m);
    [prev, cur] = [cur, prev];
  }
  return 1 - best / m;
}

// The slice of pred (about 3x len(expected) characters) whose tokens overlap expected most.
function bestWindow(pred: string, expected: string): string {
  const want = countTokens(expected.split(' ').filter((t) => t !== ''));
  const words: { start: number; text: string }[] = [];
  for (const match of pred.matchAll(/\S+/g)) words.push({ start: match.index, text: match[0] });
  const span = Math.max(1, want.size > 0 ? [...want.values()].reduce((a, b) => a + b, 0) : 1);
  let bestScore = -1;
  let bestIndex = 0;
  for (let i = 0; i < words.length; i += Math.max(1, Math.floor(span / 4))) {
    const seen = new Map<string, number>();
    let score = 0;
    for (const w of words.slice(i, i + span)) {
      const have = seen.get(w.text) ?? 0;
      if (have < (want.get(w.text) ?? 0)) score++;
      seen.set(w.text, have + 1);
    }
    if (score > bestScore) {
      bestScore = score;
      bestIndex = i;
    }
  }
  const center = words[bestIndex]?.start ?? 0;
  const from = Math.max(0, center - expected.length);
  return pred.slice(from, from + 3 * expected.length);
}

/** Plain-text view of layout output: NFKC, newlines unified, trailing spaces cut, leading/trailing blank lines dropped. */
export function layoutLines(s: string): string {
  const lines = s
    .normalize('NFKC')
    .replace(/\r\n?/g, '\n')
    .replace(/\f/g, '\n')
    .split('\n')
    .map((line) => line.replace(/\s+$/, ''));
  while (lines.length > 0 && lines[0] === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
}

/** Undoes hyphenation at line ends ("exam-\nple" → "example") on norm()-ed text. */
export function undoHyphenation(s: string): string {
  return norm(s).replace(/(\p{L})-\n(\p{Ll})/gu, '$1$2');
}

/** Drops lines that hold only a page number (digits, optionally "Page n" / "- n -"). */
export function dropPageNumberLines(s: string): string {
  return norm(s)
    .split('\n')
    .filter((line) => !/^(page\s+)?[-–—]?\s*\d{1,4}\s*[-–—]?$/i.test(line))
    .join('\n');
}

/** Arithmetic mean; NaN for an empty list. */
export function mean(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  return values.reduce((a, b) => a + b, 0) / values.length;
}
