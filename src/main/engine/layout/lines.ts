// Runs → lines: runs on one baseline are joined with real spaces; wide gaps split a row into
// separate line fragments (columns, table cells). Right-to-left rows keep logical order.
import type { Line, Orientation, TextRun } from '../page-model.js';
import { unionRects } from '../page-model.js';
import { weightedMedian } from './stats.js';
import { maxOf, minOf } from '../extent.js';

/** A gap wider than this many font sizes separates two fragments of one row. */
const SPLIT_GAP_EM = 1.0;

interface Row {
  baseline: number;
  size: number;
  runs: TextRun[];
}

function sameRow(row: Row, run: TextRun): boolean {
  const size = Math.max(row.size, run.fontSize);
  return Math.abs(row.baseline - run.baseline) <= 0.4 * size;
}

/** Groups runs of one orientation into rows by baseline. */
function groupRows(runs: TextRun[]): Row[] {
  const sorted = [...runs].sort((a, b) => a.baseline - b.baseline || a.x0 - b.x0);
  const rows: Row[] = [];
  for (const run of sorted) {
    // Only recent rows can share a baseline with this run (sorted by baseline).
    let target: Row | undefined;
    for (let i = rows.length - 1; i >= 0 && i >= rows.length - 3; i--) {
      const row = rows[i]!;
      if (sameRow(row, run) && !overlapsHorizontally(row, run)) {
        target = row;
        break;
      }
    }
    if (target) {
      target.runs.push(run);
      if (run.fontSize > target.size) {
        target.size = run.fontSize;
        target.baseline = run.baseline;
      }
    } else {
      rows.push({ baseline: run.baseline, size: run.fontSize, runs: [run] });
    }
  }
  return rows;
}

/** True when the run lies on top of text already in the row (overprinted or a different line). */
function overlapsHorizontally(row: Row, run: TextRun): boolean {
  for (const r of row.runs) {
    const overlap = Math.min(r.x1, run.x1) - Math.max(r.x0, run.x0);
    if (overlap > 0.6 * Math.min(r.x1 - r.x0, run.x1 - run.x0) && Math.abs(r.baseline - run.baseline) > 0.15 * run.fontSize) {
      return true;
    }
  }
  return false;
}

const CJK = /[\u3000-\u30FF\u3400-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF]/;

function needsSpace(prev: TextRun, cur: TextRun, gap: number): boolean {
  const size = Math.max(prev.fontSize, cur.fontSize);
  const lastChar = prev.text.slice(-1);
  const firstChar = cur.text.charAt(0);
  if (CJK.test(lastChar) && CJK.test(firstChar)) return gap > 0.5 * size;
  if (gap > (prev.rtl || cur.rtl ? 0.12 : 0.2) * size) return true;
  const [left, right] = prev.x0 <= cur.x0 ? [prev, cur] : [cur, prev];
  if (left.spaceRight || right.spaceLeft) return true;
  return cur.spaceBefore && gap > -0.15 * size;
}

/** A bullet, list number, section number or caption label that is set apart from its text. */
const LABEL_RE = /^(?:[•◦▪▫■□●○◆◇►▶➢➤✓✔·∙‣⁃–*-]|\(?\d{1,3}(?:\.\d{1,3}){0,4}[.)]?|\(?[a-zA-Z][.)]|\(?[ivxIVX]{1,5}[.)]|(?:Table|Figure|Fig\.|Chart|Listing|Algorithm|Box|Exhibit)\s+[\dA-Z][\d.]*[.:]?)$/;
/** Largest gap, in font sizes, between a label and its text. */
const LABEL_GAP_EM = 4;

/** The widest gap, as a multiple of the narrowest, between the words of an evenly spaced line. */
const EVEN_GAP_RATIO = 1.6;
/** Wider gaps than this (font sizes) are gutters, however even. */
const EVEN_GAP_MAX_EM = 3;

/** Lines OCR read whose words are spread evenly across them: a justified line of a narrow
 *  column, whose word spaces are stretched past the gap that would otherwise split it. Words
 *  only (a row of table cells holds figures, and its gaps follow its columns). */
function evenlySpacedOcrLines(runs: TextRun[]): Set<number> {
  const byLine = new Map<number, TextRun[]>();
  for (const r of runs) {
    if (r.ocrLine === undefined) continue;
    const list = byLine.get(r.ocrLine);
    if (list) list.push(r);
    else byLine.set(r.ocrLine, [r]);
  }
  const even = new Set<number>();
  for (const [line, words] of byLine) {
    if (words.length < 3 || !words.every((w) => /^[\p{L}'’-]+[.,;:!?]?$/u.test(w.text))) continue;
    const sorted = [...words].sort((a, b) => a.x0 - b.x0);
    const gaps = sorted.slice(1).map((w, i) => w.x0 - sorted[i]!.x1);
    const narrowest = minOf(gaps);
    const widest = maxOf(gaps);
    const size = maxOf(sorted, (w) => w.fontSize);
    if (narrowest > 0 && widest <= EVEN_GAP_RATIO * narrowest && widest <= EVEN_GAP_MAX_EM * size) even.add(line);
  }
  return even;
}

function splitFragments(runs: TextRun[], evenLines: ReadonlySet<number>): TextRun[][] {
  const sorted = [...runs].sort((a, b) => a.x0 - b.x0);
  const fragments: TextRun[][] = [];
  let current: TextRun[] = [];
  let right = -Infinity;
  for (const run of sorted) {
    const gap = run.x0 - right;
    const prev = current.at(-1);
    const size = Math.max(run.fontSize, prev?.fontSize ?? 0);
    const isLabel = fragments.length === 0 && LABEL_RE.test(current.map((r) => r.text).join(' '));
    // Words OCR read in different lines stay apart however near (columns with a narrow gutter).
    const otherLine = prev?.ocrLine !== undefined && run.ocrLine !== undefined && prev.ocrLine !== run.ocrLine && gap > 0;
    const stretched = prev?.ocrLine !== undefined && prev.ocrLine === run.ocrLine && evenLines.has(run.ocrLine);
    if (current.length > 0 && (otherLine || (!stretched && gap > (isLabel ? LABEL_GAP_EM : SPLIT_GAP_EM) * size))) {
      fragments.push(current);
      current = [];
    }
    current.push(run);
    right = Math.max(right, run.x1);
  }
  if (current.length > 0) fragments.push(current);
  return fragments;
}

/** Order runs of a fragment for reading: right-to-left rows read from the right, keeping
 *  embedded left-to-right sequences (numbers, Latin words) in their own order. */
function readingOrder(runs: TextRun[], rtl: boolean): TextRun[] {
  if (!rtl) return runs;
  const desc = [...runs].sort((a, b) => b.x1 - a.x1);
  const out: TextRun[] = [];
  let ltrGroup: TextRun[] = [];
  for (const r of desc) {
    if (!r.rtl) {
      ltrGroup.push(r);
      continue;
    }
    if (ltrGroup.length) out.push(...ltrGroup.reverse());
    ltrGroup = [];
    out.push(r);
  }
  if (ltrGroup.length) out.push(...ltrGroup.reverse());
  return out;
}

function makeLine(runs: TextRun[], orientation: Orientation): Line {
  const chars = (pred: (r: TextRun) => boolean) => runs.filter(pred).reduce((n, r) => n + r.text.length, 0);
  const total = runs.reduce((n, r) => n + r.text.length, 0) || 1;
  const rtl = chars((r) => r.rtl) > total / 2;
  const ordered = readingOrder(runs, rtl);
  let text = '';
  for (let i = 0; i < ordered.length; i++) {
    const cur = ordered[i]!;
    if (i > 0) {
      const prev = ordered[i - 1]!;
      // Distance between the two runs' extents, whichever side each is on.
      const gap = Math.max(cur.x0 - prev.x1, prev.x0 - cur.x1);
      if (needsSpace(prev, cur, gap)) text += ' ';
    }
    text += cur.text;
  }
  // The dominant run (most characters) decides the line's size and baseline.
  const main = runs.reduce((best, r) => (r.text.length > best.text.length ? r : best), runs[0]!);
  return {
    runs: ordered,
    text: text.replace(/\s+/g, ' ').trim(),
    box: unionRects(runs.map((r) => r.box)),
    x0: minOf(runs, (r) => r.x0),
    x1: maxOf(runs, (r) => r.x1),
    baseline: main.baseline,
    top: minOf(runs, (r) => r.top),
    bottom: maxOf(runs, (r) => r.bottom),
    fontSize: weightedMedian(runs, (r) => r.fontSize, (r) => Math.min(r.text.length, 50)),
    bold: chars((r) => r.bold) > total * 0.9,
    italic: chars((r) => r.italic) > total / 2,
    monospace: chars((r) => r.monospace) > total / 2,
    rtl,
    orientation,
  };
}

/** Builds line fragments from the runs of one orientation. */
export function buildLines(runs: TextRun[]): Line[] {
  const byOrientation = new Map<Orientation, TextRun[]>();
  for (const r of runs) {
    const list = byOrientation.get(r.orientation);
    if (list) list.push(r);
    else byOrientation.set(r.orientation, [r]);
  }
  const lines: Line[] = [];
  const evenLines = evenlySpacedOcrLines(runs);
  for (const [orientation, group] of byOrientation) {
    for (const row of groupRows(group)) {
      for (const frag of splitFragments(row.runs, evenLines)) {
        const line = makeLine(frag, orientation);
        if (line.text) lines.push(line);
      }
    }
  }
  return lines;
}
