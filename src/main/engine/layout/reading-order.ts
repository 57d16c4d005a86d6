// Reading order by recursive XY-cut over line fragments: columns are read one after the other,
// rows of a table-like region row by row, and side headings in a margin column are read just
// before the text they stand beside.
import type { Line } from '../page-model.js';
import { median, PROSE_MIN_WIDTH_EM } from './stats.js';
import { checkedOcrOrder } from './ocr-order.js';
import { maxOf, minOf } from '../extent.js';

interface Span {
  start: number;
  end: number;
}

/** Gaps in the projection of [lo, hi) intervals that are at least minGap wide. */
function projectionGaps(intervals: Span[], minGap: number): Span[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const gaps: Span[] = [];
  let reach = -Infinity;
  for (const iv of sorted) {
    if (reach !== -Infinity && iv.start - reach >= minGap) gaps.push({ start: reach, end: iv.start });
    reach = Math.max(reach, iv.end);
  }
  return gaps;
}

function byPosition(a: Line, b: Line): number {
  return a.top - b.top || a.x0 - b.x0;
}

/** Lines of one row read left to right (right to left when the row is RTL). */
function sortRows(lines: Line[]): Line[] {
  const sorted = [...lines].sort((a, b) => a.baseline - b.baseline);
  const out: Line[] = [];
  let row: Line[] = [];
  const flush = () => {
    const rtl = row.filter((l) => l.rtl).length > row.length / 2;
    row.sort((a, b) => (rtl ? b.x1 - a.x1 : a.x0 - b.x0));
    out.push(...row);
    row = [];
  };
  for (const l of sorted) {
    const ref = row[0];
    if (ref && Math.abs(l.baseline - ref.baseline) > 0.4 * Math.max(l.fontSize, ref.fontSize)) flush();
    row.push(l);
  }
  flush();
  return out;
}

function splitAt<T>(items: T[], gaps: Span[], key: (t: T) => number): T[][] {
  const parts: T[][] = gaps.map(() => []);
  parts.push([]);
  for (const it of items) {
    const k = key(it);
    let idx = gaps.findIndex((g) => k < g.end);
    if (idx < 0) idx = gaps.length;
    parts[idx]!.push(it);
  }
  return parts.filter((p) => p.length > 0);
}

function chars(lines: Line[]): number {
  return lines.reduce((n, l) => n + l.text.length, 0);
}

/** Columns made of prose (wide lines), as opposed to the narrow cells of a table. */
function isProseColumns(cols: Line[][], em: number): boolean {
  let prose = 0;
  for (const col of cols) {
    const width = median(col.map((l) => l.x1 - l.x0));
    if (width >= PROSE_MIN_WIDTH_EM * em && col.length >= 2) prose++;
  }
  return prose >= 2;
}

/** A narrow margin column of short labels (side headings, line numbers) beside the main text. */
function isMarginColumn(margin: Line[], main: Line[], em: number): boolean {
  if (margin.length === 0 || main.length === 0) return false;
  const marginWidth = maxOf(margin, (l) => l.x1) - minOf(margin, (l) => l.x0);
  const mainWidth = maxOf(main, (l) => l.x1) - minOf(main, (l) => l.x0);
  if (marginWidth > 0.4 * mainWidth || chars(margin) > 0.35 * chars(main)) return false;
  // Every margin label sits level with some line of the main text.
  return margin.every((m) => main.some((l) => Math.abs(l.top - m.top) < 1.5 * em || Math.abs(l.baseline - m.baseline) < 0.5 * em));
}

function interleave(margin: Line[], main: Line[]): Line[] {
  const out: Line[] = [];
  const pending = [...margin].sort(byPosition);
  for (const line of main) {
    while (pending.length > 0 && pending[0]!.top <= line.top + 0.5 * line.fontSize) out.push(pending.shift()!);
    out.push(line);
  }
  out.push(...pending);
  return out;
}

function crossesGap(line: Line, gaps: Span[]): boolean {
  return gaps.some((g) => line.x0 < g.end && line.x1 > g.start);
}

/** The narrowest white space between two columns, in font sizes. Gutters of 1 em and less
 *  are common in magazines; a gap this wide running down every line of a region is a gutter. */
const MIN_GUTTER_EM = 0.6;

function minGutter(em: number): number {
  return Math.max(MIN_GUTTER_EM * em, 4);
}

function columnGaps(lines: Line[], em: number): Span[] {
  return projectionGaps(
    lines.map((l) => ({ start: l.x0, end: l.x1 })),
    minGutter(em),
  );
}

/** The region's top and bottom rows when they are rows of their own (white space all across
 *  between them and the rest) of short pieces on one baseline: a spread's foot with its page
 *  numbers, a running head. */
function edgeRows(lines: Line[], em: number): Set<Line> {
  const out = new Set<Line>();
  const hGaps = projectionGaps(
    lines.map((l) => ({ start: l.top, end: l.bottom })),
    0.5 * em,
  );
  if (hGaps.length === 0) return out;
  for (const row of [lines.filter((l) => l.top >= hGaps.at(-1)!.end), lines.filter((l) => l.bottom <= hGaps[0]!.start)]) {
    const baselines = row.map((l) => l.baseline);
    if (row.length === 0 || maxOf(baselines) - minOf(baselines) > 0.4 * em || row.some((l) => l.text.length > 80)) continue;
    for (const l of row) out.add(l);
  }
  return out;
}

/** Columns holding nothing but pieces of the region's top or bottom row (a page number alone in
 *  the corner of a spread's foot) are not columns: each joins its neighbour (the one before it,
 *  or after it when it comes first), so it is read with the page it belongs to. */
function mergeEdgeColumns(lines: Line[], cols: Line[][], em: number): Line[][] {
  if (cols.length < 2) return cols;
  const edge = edgeRows(lines, em);
  if (edge.size === 0) return cols;
  const out: Line[][] = [];
  let carry: Line[] = [];
  for (const col of cols) {
    if (col.every((l) => edge.has(l))) {
      const prev = out.at(-1);
      if (prev) prev.push(...col);
      else carry.push(...col);
      continue;
    }
    out.push([...carry, ...col]);
    carry = [];
  }
  if (out.length === 0) return cols;
  return out;
}

function orderRegion(lines: Line[], em: number, rtlPage: boolean, depth: number): Line[] {
  if (lines.length <= 1 || depth > 60) return sortRows(lines);
  const vGaps = columnGaps(lines, em);
  if (vGaps.length > 0) {
    let cols = mergeEdgeColumns(lines, splitAt(lines, vGaps, (l) => (l.x0 + l.x1) / 2), em);
    if (cols.length === 2) {
      const [left, right] = cols as [Line[], Line[]];
      if (isMarginColumn(left, right, em)) return interleave(left, orderRegion(right, em, rtlPage, depth + 1));
      if (isMarginColumn(right, left, em)) return interleave(right, orderRegion(left, em, rtlPage, depth + 1));
    }
    if (isProseColumns(cols, em)) {
      if (rtlPage) cols = cols.reverse();
      return cols.flatMap((c) => orderRegion(c, em, rtlPage, depth + 1));
    }
  }
  const hGaps = projectionGaps(
    lines.map((l) => ({ start: l.top, end: l.bottom })),
    0.01,
  );
  if (hGaps.length === 0) return sortRows(lines);
  const slabs = splitAt(lines, hGaps, (l) => (l.top + l.bottom) / 2);
  // Consecutive slabs that share a column gutter belong to the same multi-column region.
  const merged: Line[][] = [];
  let prevGaps: Span[] = [];
  for (const slab of slabs) {
    const gaps = columnGaps(slab, em);
    const last = merged.at(-1);
    const shared = gaps.filter((g) => prevGaps.some((p) => Math.min(p.end, g.end) - Math.max(p.start, g.start) >= minGutter(em)));
    // A row where only the longer column still has text crosses no gutter: it continues the region.
    if (last && prevGaps.length > 0 && gaps.length === 0 && slab.every((l) => !crossesGap(l, prevGaps))) {
      last.push(...slab);
      continue;
    }
    if (last && shared.length > 0) {
      last.push(...slab);
      prevGaps = shared.map((g) => {
        const p = prevGaps.find((q) => Math.min(q.end, g.end) - Math.max(q.start, g.start) > 0)!;
        return { start: Math.max(p.start, g.start), end: Math.min(p.end, g.end) };
      });
    } else {
      merged.push([...slab]);
      prevGaps = gaps;
    }
  }
  if (merged.length === 1) return sortRows(lines);
  return merged.flatMap((m) => orderRegion(m, em, rtlPage, depth + 1));
}

/** Orders the line fragments of one orientation for reading. */
export function orderLines(lines: Line[]): Line[] {
  if (lines.length === 0) return lines;
  const em = median(lines.map((l) => l.fontSize)) || 10;
  const rtlChars = lines.filter((l) => l.rtl).reduce((n, l) => n + l.text.length, 0);
  const notes = cornerNotes(lines, em);
  const body = notes.length > 0 ? lines.filter((l) => !notes.includes(l)) : lines;
  return checkedOcrOrder([...orderRegion(body, em, rtlChars > chars(body) / 2, 0), ...notes]);
}

/** Short notes printed in a top corner above everything else, over a part of the page no
 *  other line reaches ("Printed by …" in a print-out's corner): read after the page, not as
 *  its first words. */
function cornerNotes(lines: Line[], em: number): Line[] {
  if (lines.length < 4) return [];
  const notes: Line[] = [];
  const mid = (minOf(lines, (l) => l.top) + maxOf(lines, (l) => l.bottom)) / 2;
  for (const l of lines) {
    if (l.text.length > 40 || l.fontSize > 1.2 * em) continue;
    const above = lines.every((o) => o === l || o.top >= l.bottom - 0.5);
    // Nothing in the upper half of the page's text stands under it (a page number at the
    // foot of the same corner does not count).
    const alone = lines.every((o) => o === l || o.x1 <= l.x0 || o.x0 >= l.x1 || o.top > mid);
    if (above && alone) notes.push(l);
  }
  return notes;
}
