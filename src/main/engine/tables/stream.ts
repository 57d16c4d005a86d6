// Unruled tables: runs of consecutive text rows split into several fragments whose gaps line
// up into columns. Columns come from the x-projection of the fragments (white space running
// down the region), rows from baselines; a row that only continues cells of the row above
// (its first column empty, or only its first column filled below a complete row) is merged
// into it, so multi-line cells stay whole.
import type { Line, Orientation, TextRun } from '../page-model.js';
import { unionRects } from '../page-model.js';
import { median } from '../layout/stats.js';
import { cellText } from './cell-text.js';
import type { DetectedTable, TableCell } from './types.js';

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

interface Gap {
  start: number;
  end: number;
}

/** White space running down the region: x ranges no fragment of a multi-fragment row covers. */
function columnGaps(rows: Row[], em: number): Gap[] {
  const frags = rows.filter((r) => r.lines.length >= 2).flatMap((r) => r.lines);
  const spans = frags.map((l) => [l.x0, l.x1] as [number, number]).sort((a, b) => a[0] - b[0]);
  const gaps: Gap[] = [];
  let reach = -Infinity;
  for (const [s, e] of spans) {
    if (reach !== -Infinity && s - reach >= 0.5 * em) gaps.push({ start: reach, end: s });
    reach = Math.max(reach, e);
  }
  return gaps;
}

function columnOf(x: number, gaps: Gap[]): number {
  let c = 0;
  while (c < gaps.length && x > gaps[c]!.start) c++;
  return c;
}

/** Finds unruled tables among a page's line fragments of one orientation. */
export function streamTables(lines: Line[], o: Orientation, toPage: (r: { left: number; top: number; right: number; bottom: number }) => DetectedTable['box']): DetectedTable[] {
  if (lines.length < 4) return [];
  const em = median(lines.map((l) => l.fontSize)) || 10;
  const out: DetectedTable[] = [];
  for (const region of regions(groupRows(lines), em)) {
    const t = regionTable(region, em, o, toPage);
    if (t) out.push(t);
  }
  return out;
}

function regionTable(region: Row[], em: number, o: Orientation, toPage: (r: { left: number; top: number; right: number; bottom: number }) => DetectedTable['box']): DetectedTable | null {
  const gaps = columnGaps(region, em);
  const nc = gaps.length + 1;
  if (nc < 2) return null;
  // White space this wide is a gutter between page columns (or facing pages), not a column gap.
  if (gaps.some((g) => g.end - g.start > 12 * em)) return null;
  // Each physical row's fragments by column; a fragment over a gap spans columns.
  type Slot = { runs: TextRun[]; span: number };
  const phys = region.map((row) => {
    const slots = new Map<number, Slot>();
    for (const l of row.lines) {
      const c0 = columnOf(l.x0, gaps);
      // A fragment spans into the next column only if it reaches past the white space into it.
      const c1 = Math.max(c0, gaps.filter((g) => l.x1 > g.end).length);
      const slot = slots.get(c0);
      if (slot) {
        slot.runs.push(...l.runs);
        slot.span = Math.max(slot.span, c1 - c0 + 1);
      } else slots.set(c0, { runs: [...l.runs], span: c1 - c0 + 1 });
    }
    return { row, slots };
  });
  const filledCols = new Set(phys.flatMap((p) => [...p.slots.keys()]));
  if (filledCols.size < 2) return null;
  // Prose in two columns (a two-column page) is not a table.
  const colWidths = [...filledCols].map((c) => median(phys.flatMap((p) => (p.slots.has(c) ? [p.slots.get(c)!.runs.reduce((w, r) => Math.max(w, r.x1), 0) - Math.min(...p.slots.get(c)!.runs.map((r) => r.x0))] : []))));
  if (colWidths.filter((w) => w > 14 * em).length >= 2) return null;
  const pitch = median(region.slice(1).map((r, i) => r.baseline - region[i]!.baseline)) || 1.2 * em;

  // Logical rows.
  const logical: Array<typeof phys> = [];
  for (const p of phys) {
    const cur = logical.at(-1);
    const prev = cur?.at(-1);
    let cont = false;
    if (cur && prev) {
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
      const span = s ? Math.min(s.span, nc - c) : 1;
      const runs = s?.runs ?? [];
      cells.push({ row: r, col: c, rowSpan: 1, colSpan: span, text: cellText(runs), box: toPage(runs.length > 0 ? unionRects(runs.map((x) => ({ left: x.x0, top: x.top, right: x.x1, bottom: x.bottom }))) : { left: 0, top: 0, right: 0, bottom: 0 }) });
      c += span;
    }
  });
  const all = region.flatMap((r) => r.lines);
  const frameBox = { left: Math.min(...all.map((l) => l.x0)), top: Math.min(...all.map((l) => l.top)), right: Math.max(...all.map((l) => l.x1)), bottom: Math.max(...all.map((l) => l.bottom)) };
  const edges = [frameBox.left, ...gaps.map((g) => (g.start + g.end) / 2), frameBox.right];
  const numeric = (s: string) => /^[-+−–(]?[\d.,%\s]+\)?%?$/.test(s) && /\d/.test(s);
  const bodyNumeric = cells.filter((c) => c.row > 0 && numeric(c.text)).length;
  const headNumeric = cells.filter((c) => c.row === 0 && numeric(c.text)).length;
  const headerRows = bodyNumeric > 0 && headNumeric === 0 ? 1 : 0;
  return { kind: 'stream', rowCount: logical.length, columnCount: nc, cells, headerRows, box: toPage(frameBox), orientation: o, columnEdges: edges };
}

function firstText(runs: TextRun[]): string {
  return [...runs].sort((a, b) => a.baseline - b.baseline || a.x0 - b.x0)[0]?.text ?? '';
}
