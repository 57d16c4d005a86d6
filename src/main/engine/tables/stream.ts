// Unruled tables: runs of consecutive text rows split into several fragments whose gaps line
// up into columns. Columns come from the rows with the usual number of fragments (the body):
// the x ranges their fragments cover, with white space running down between them; text of
// other rows standing alone in that white space adds a column, and a header line the line
// builder joined across columns is cut between its words there. Each text line is a row; below
// the header, a row that only continues cells of the row above (its first column empty, or only
// its first column filled below a complete row) is merged into it, so multi-line cells stay
// whole, while the lines of a stacked header stay rows of their own. A one-line title just
// above the table on its left edge is taken as its first row. Rows gathered across a gutter
// (white space wider than 12 ems with the rows either side not in step: facing pages, or a
// table beside unrelated text) are parted there and each side is looked at on its own.
import type { Line, Orientation, TextRun } from '../page-model.js';
import { unionRects } from '../page-model.js';
import { median } from '../layout/stats.js';
import { cellText } from './cell-text.js';
import type { DetectedTable, TableCell } from './types.js';
import { maxOf, minOf } from '../extent.js';

interface Row {
  lines: Line[];
  baseline: number;
  top: number;
  bottom: number;
}

function groupRows(lines: Line[]): Row[] {
  const sorted = [...lines].sort((a, b) => a.baseline - b.baseline || a.x0 - b.x0);
  const rows: Row[] = [];
  for (const l of sorted) {
    const row = rows.at(-1);
    const ref = row?.lines[0];
    if (row && ref && Math.abs(l.baseline - ref.baseline) <= 0.4 * Math.max(l.fontSize, ref.fontSize)) {
      row.lines.push(l);
      row.top = Math.min(row.top, l.top);
      row.bottom = Math.max(row.bottom, l.bottom);
    } else rows.push({ lines: [l], baseline: l.baseline, top: l.top, bottom: l.bottom });
  }
  for (const r of rows) r.lines.sort((a, b) => a.x0 - b.x0);
  return rows;
}

/** A fragment that reads like prose (long, with several words), not a cell. */
function isProse(l: Line, em: number): boolean {
  return l.x1 - l.x0 > 22 * em && l.text.split(' ').length >= 6;
}

/** Candidate regions: runs of rows where most rows have two or more fragments. */
function regions(rows: Row[], em: number): Row[][] {
  const out: Row[][] = [];
  let cur: Row[] = [];
  let singles = 0;
  const flush = () => {
    // Trailing single-fragment rows are text after the table.
    while (cur.length > 0 && cur.at(-1)!.lines.length < 2) cur.pop();
    if (cur.filter((r) => r.lines.length >= 2).length >= 2) out.push(cur);
    cur = [];
    singles = 0;
  };
  for (const row of rows) {
    const prev = cur.at(-1);
    const gapOk = !prev || row.top - prev.bottom < 2.2 * em;
    const multi = row.lines.length >= 2 && !row.lines.some((l) => isProse(l, em));
    if (!gapOk) flush();
    if (multi) {
      cur.push(row);
      singles = 0;
    } else if (cur.length > 0 && singles < 3 && !row.lines.some((l) => isProse(l, em))) {
      cur.push(row);
      singles++;
    } else flush();
  }
  flush();
  return out;
}

/** A one-line title standing just above a table and starting on the table's left edge, the
 *  edge its first column's text keeps to: it runs on that edge, so it reads as the table's
 *  first row (as the text-edge table finders take it). Not the last line of a paragraph. */
function titleRow(rows: Row[], region: Row[], em: number): Row | null {
  const i = rows.indexOf(region[0]!);
  const cand = rows[i - 1];
  if (!cand || cand.lines.length !== 1) return null;
  const line = cand.lines[0]!;
  if (region[0]!.top - cand.bottom >= 2.2 * em) return null;
  const above = rows[i - 2];
  if (above && cand.top - above.bottom < 2.2 * em) return null;
  const firsts = region.map((r) => r.lines[0]!.x0);
  const left = minOf(firsts);
  const right = maxOf(region.flatMap((r) => r.lines.map((l) => l.x1)));
  if (Math.abs(line.x0 - left) > 1 || line.x1 > right) return null;
  return firsts.filter((x) => Math.abs(x - left) <= 1).length >= 3 ? cand : null;
}

interface Gap {
  start: number;
  end: number;
}

/** x ranges covered by the given spans, overlapping (or nearly touching) ones merged. */
function mergeSpans(spans: Array<[number, number]>, em: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [s, e] of [...spans].sort((a, b) => a[0] - b[0])) {
    const last = out.at(-1);
    if (last && s - last[1] < 0.5 * em) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** White space between column intervals. */
function gapsOf(intervals: Array<[number, number]>): Gap[] {
  return intervals.slice(1).map((iv, i) => ({ start: intervals[i]![1], end: iv[0] }));
}

/** The number of fragments most rows have (ties: the larger), over rows with two or more. */
function modalCount(rows: Row[]): number {
  const freq = new Map<number, number>();
  for (const r of rows) if (r.lines.length >= 2) freq.set(r.lines.length, (freq.get(r.lines.length) ?? 0) + 1);
  let best = 0;
  let bestN = 0;
  for (const [n, f] of freq) if (f > bestN || (f === bestN && n > best)) [best, bestN] = [n, f];
  return best;
}

/** Pieces of a row's text that can sit in cells: its fragments, cut between runs that fall
 *  in different columns with more than a word space between them (a header line whose words
 *  head several columns is one fragment to the line builder). */
function rowUnits(row: Row, gaps: Gap[], em: number): TextRun[][] {
  const mids = gaps.map((g) => (g.start + g.end) / 2);
  const col = (r: TextRun) => mids.filter((m) => m < (r.x0 + r.x1) / 2).length;
  const units: TextRun[][] = [];
  for (const l of row.lines) {
    const runs = [...l.runs].sort((a, b) => a.x0 - b.x0);
    let cur: TextRun[] = [];
    for (const r of runs) {
      const prev = cur.at(-1);
      if (prev && col(prev) !== col(r) && r.x0 - prev.x1 > 0.3 * em) {
        units.push(cur);
        cur = [];
      }
      cur.push(r);
    }
    if (cur.length > 0) units.push(cur);
  }
  return units;
}

function extent(runs: TextRun[]): [number, number] {
  return [minOf(runs, (r) => r.x0), maxOf(runs, (r) => r.x1)];
}

type ToPage = (r: { left: number; top: number; right: number; bottom: number }) => DetectedTable['box'];

/** Finds unruled tables among a page's line fragments of one orientation. */
export function streamTables(lines: Line[], o: Orientation, toPage: ToPage): DetectedTable[] {
  if (lines.length < 4) return [];
  const em = median(lines.map((l) => l.fontSize)) || 10;
  return tablesAmong(lines, em, o, toPage, 0);
}

/** White space wider than this (in ems) between columns needs its rows in step to be a column
 *  gap; wider than GUTTER_MAX it is always a gutter. */
const WIDE_GAP = 12;
const GUTTER_MAX = 30;
/** Share of a region's rows of several fragments that must have text on both sides of a wide
 *  gap for it to part two columns of one table. */
const IN_STEP = 0.8;
/** How many times a region is parted at gutters before it is given up. */
const MAX_SPLITS = 4;

function tablesAmong(lines: Line[], em: number, o: Orientation, toPage: ToPage, depth: number): DetectedTable[] {
  const out: DetectedTable[] = [];
  const rows = groupRows(lines);
  for (const region of regions(rows, em)) {
    const title = titleRow(rows, region, em);
    const tableRows = title ? [title, ...region] : region;
    const gutter = gutterOf(tableRows, em);
    if (gutter) {
      // The region's rows were gathered across a gutter (facing pages, page columns, or a
      // table set beside unrelated text): each side is looked at on its own.
      if (depth >= MAX_SPLITS) continue;
      const regionLines = tableRows.flatMap((r) => r.lines);
      for (const side of [regionLines.filter((l) => l.x1 <= gutter.start), regionLines.filter((l) => l.x0 >= gutter.end)]) {
        if (side.length >= 4) out.push(...tablesAmong(side, em, o, toPage, depth + 1));
      }
      continue;
    }
    const found = regionTable(tableRows, em, o, toPage);
    if (found) out.push(found);
  }
  return out;
}

/** The widest gap between the region's text columns that is a gutter rather than a column gap:
 *  white space wider than WIDE_GAP ems with the rows either side not in step (text on both
 *  sides in fewer than IN_STEP of the rows), or wider than GUTTER_MAX ems. */
function gutterOf(region: Row[], em: number): Gap | null {
  const intervals = mergeSpans(
    region.flatMap((r) => r.lines.map((l) => [l.x0, l.x1] as [number, number])),
    em,
  );
  const multi = region.filter((r) => r.lines.length >= 2);
  let best: Gap | null = null;
  for (const g of gapsOf(intervals)) {
    const width = g.end - g.start;
    if (width <= WIDE_GAP * em) continue;
    const both = multi.filter((r) => r.lines.some((l) => l.x1 <= g.start) && r.lines.some((l) => l.x0 >= g.end)).length;
    const gutter = width > GUTTER_MAX * em || both < IN_STEP * multi.length;
    if (gutter && (!best || width > best.end - best.start)) best = g;
  }
  return best;
}

/** The table a region of rows with no gutter (gutterOf) makes, if any. */
function regionTable(region: Row[], em: number, o: Orientation, toPage: ToPage): DetectedTable | null {
  // Columns: the x ranges the fragments of the rows with the usual number of fragments cover
  // (the body rows); a header line that runs over several columns does not close a gap.
  const mode = modalCount(region);
  if (mode < 2) return null;
  let intervals = mergeSpans(
    region.filter((r) => r.lines.length === mode).flatMap((r) => r.lines.map((l) => [l.x0, l.x1] as [number, number])),
    em,
  );
  // Text of the other multi-fragment rows standing in white space between columns, or beyond
  // the first or last column, adds a column.
  const inner: Array<[number, number]> = [];
  const bodyGaps = gapsOf(intervals);
  const free = [{ start: -Infinity, end: intervals[0]![0] }, ...bodyGaps, { start: intervals.at(-1)![1], end: Infinity }];
  for (const row of region) {
    if (row.lines.length < 2 || row.lines.length === mode) continue;
    for (const u of rowUnits(row, bodyGaps, em)) {
      const [x0, x1] = extent(u);
      if (free.some((g) => x0 > g.start && x1 < g.end)) inner.push([x0, x1]);
    }
  }
  if (inner.length > 0) intervals = mergeSpans([...intervals, ...inner], em);
  const gaps = gapsOf(intervals);
  const nc = intervals.length;
  if (nc < 2) return null;
  const all = region.flatMap((r) => r.lines);
  const frameBox = { left: minOf(all, (l) => l.x0), top: minOf(all, (l) => l.top), right: maxOf(all, (l) => l.x1), bottom: maxOf(all, (l) => l.bottom) };
  const edges = [frameBox.left, ...gaps.map((g) => (g.start + g.end) / 2), frameBox.right];
  // Each physical row's text by column: a piece goes to the column it covers the largest share
  // of, and spans the columns after it whose text it reaches well into.
  type Slot = { runs: TextRun[]; span: number };
  const phys = region.map((row) => {
    const slots = new Map<number, Slot>();
    for (const u of rowUnits(row, gaps, em)) {
      const [x0, x1] = extent(u);
      let c0 = 0;
      let best = -1;
      for (let c = 0; c < nc; c++) {
        const share = (Math.min(x1, edges[c + 1]!) - Math.max(x0, edges[c]!)) / Math.max(1e-6, edges[c + 1]! - edges[c]!);
        if (share > best) [c0, best] = [c, share];
      }
      let c1 = c0;
      while (c1 + 1 < nc && x1 > intervals[c1 + 1]![0] + 0.5 * em) c1++;
      const slot = slots.get(c0);
      if (slot) {
        slot.runs.push(...u);
        slot.span = Math.max(slot.span, c1 - c0 + 1);
      } else slots.set(c0, { runs: [...u], span: c1 - c0 + 1 });
    }
    return { row, slots };
  });
  const filledCols = new Set(phys.flatMap((p) => [...p.slots.keys()]));
  if (filledCols.size < 2) return null;
  // Prose in two columns (a two-column page) is not a table.
  const colWidths = [...filledCols].map((c) => median(phys.flatMap((p) => (p.slots.has(c) ? [p.slots.get(c)!.runs.reduce((w, r) => Math.max(w, r.x1), 0) - minOf(p.slots.get(c)!.runs, (r) => r.x0)] : []))));
  if (colWidths.filter((w) => w > 14 * em).length >= 2) return null;
  const pitch = median(region.slice(1).map((r, i) => r.baseline - region[i]!.baseline)) || 1.2 * em;

  // Logical rows. The lines above the first body row head the columns: each stays a row of
  // its own (a stacked header reads line by line); below it, a line that only continues the
  // cells of the row above joins that row.
  const firstBody = region.findIndex((r) => r.lines.length === mode);
  const logical: Array<typeof phys> = [];
  for (const [i, p] of phys.entries()) {
    const cur = logical.at(-1);
    const prev = cur?.at(-1);
    let cont = false;
    if (cur && prev && i > firstBody) {
      const gap = p.row.baseline - prev.row.baseline;
      const tight = gap <= 1.3 * pitch && gap <= 1.6 * em;
      const curCols = new Set(cur.flatMap((q) => [...q.slots.keys()]));
      const first = p.slots.has(0);
      const onlyFirst = first && p.slots.size === 1;
      if (tight && !first && [...p.slots.keys()].every((c) => curCols.has(c) || cur.length === 1)) cont = true;
      else if (tight && onlyFirst && curCols.size >= 2) cont = /^[\p{Ll}(]/u.test(firstText(p.slots.get(0)!.runs));
    }
    if (cont) cur!.push(p);
    else logical.push([p]);
  }
  if (logical.length < 2) return null;

  const cells: TableCell[] = [];
  logical.forEach((group, r) => {
    const byCol = new Map<number, { runs: TextRun[]; span: number }>();
    for (const p of group) {
      for (const [c, s] of p.slots) {
        const cur = byCol.get(c);
        if (cur) {
          cur.runs.push(...s.runs);
          cur.span = Math.max(cur.span, s.span);
        } else byCol.set(c, { runs: [...s.runs], span: s.span });
      }
    }
    let c = 0;
    while (c < nc) {
      const s = byCol.get(c);
      let span = 1;
      // A spanning piece stops at the next column holding text of its own.
      while (s && span < s.span && c + span < nc && !byCol.has(c + span)) span++;
      const runs = s?.runs ?? [];
      cells.push({ row: r, col: c, rowSpan: 1, colSpan: span, text: cellText(runs), box: toPage(runs.length > 0 ? unionRects(runs.map((x) => ({ left: x.x0, top: x.top, right: x.x1, bottom: x.bottom }))) : { left: 0, top: 0, right: 0, bottom: 0 }) });
      c += span;
    }
  });
  // Columns of running text (prose set in narrow columns, as a magazine page is; its fragments
  // are sentences of several words) are not a table, whatever their widths.
  const filled = cells.filter((c) => c.text.trim() !== '');
  const sentences = filled.filter((c) => c.text.length >= 20 && c.text.split(/\s+/).filter((w) => /\p{L}{2,}/u.test(w)).length >= 4);
  if (filled.length >= 8 && sentences.length >= 0.6 * filled.length) return null;
  const numeric = (s: string) => /^[-+−–(]?[\d.,%\s]+\)?%?$/.test(s) && /\d/.test(s);
  const bodyNumeric = cells.filter((c) => c.row > 0 && numeric(c.text)).length;
  const headNumeric = cells.filter((c) => c.row === 0 && numeric(c.text)).length;
  const headerRows = bodyNumeric > 0 && headNumeric === 0 ? 1 : 0;
  return { kind: 'stream', rowCount: logical.length, columnCount: nc, cells, headerRows, box: toPage(frameBox), orientation: o, columnEdges: edges };
}

function firstText(runs: TextRun[]): string {
  return [...runs].sort((a, b) => a.baseline - b.baseline || a.x0 - b.x0)[0]?.text ?? '';
}
