// Ruled tables: the page's horizontal and vertical rules are merged, grouped into connected
// grids, and each grid's rule positions give rows and columns; a rule missing between two
// slots merges them into one spanning cell. Words are placed in cells by their centres.
import { overlapArea, rectArea, type Orientation, type TextRun } from '../page-model.js';
import { cellText, runCentre, splitRunWords } from './cell-text.js';
import { rectToPage, segmentToFrame } from './frame.js';
import { foreignLines, type ForeignLine } from './foreign.js';
import { stubColumn } from './stub.js';
import type { DetectedTable, Segment, TableCell } from './types.js';
import { maxOf, minOf } from '../extent.js';

/** Distance (points) within which rules are taken as touching or as one line. */
const TOL = 2;

interface HLine {
  y: number;
  x0: number;
  x1: number;
  /** Only ever drawn as the edge of a shading box, never as a rule. */
  edge?: boolean;
}
interface VLine {
  x: number;
  y0: number;
  y1: number;
  edge?: boolean;
}

/** Joins collinear pieces of rules (drawn dash by dash, or cell by cell). */
function mergeH(lines: HLine[]): HLine[] {
  const sorted = [...lines].sort((a, b) => a.y - b.y || a.x0 - b.x0);
  const out: HLine[] = [];
  for (const l of sorted) {
    // `out` is in y order: only its tail lies within reach of l; the first of those that
    // overlaps l takes it.
    let from = out.length;
    while (from > 0 && l.y - out[from - 1]!.y <= TOL / 2) from--;
    let o: HLine | undefined;
    for (let k = from; k < out.length && !o; k++) {
      const c = out[k]!;
      if (l.x0 <= c.x1 + TOL && l.x1 >= c.x0 - TOL) o = c;
    }
    if (o) {
      o.x0 = Math.min(o.x0, l.x0);
      o.x1 = Math.max(o.x1, l.x1);
      if (!l.edge) delete o.edge;
    } else out.push({ ...l });
  }
  return out;
}

function mergeV(lines: VLine[]): VLine[] {
  return mergeH(lines.map((v) => ({ y: v.x, x0: v.y0, x1: v.y1, ...(v.edge ? { edge: true } : {}) }))).map((h) => ({
    x: h.y,
    y0: h.x0,
    y1: h.x1,
    ...(h.edge ? { edge: true } : {}),
  }));
}

function cluster(values: number[], tol: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const groups: number[][] = [];
  for (const v of sorted) {
    const g = groups.at(-1);
    if (g && v - g.at(-1)! <= tol) g.push(v);
    else groups.push([v]);
  }
  return groups.map((g) => g.reduce((a, b) => a + b, 0) / g.length);
}

/** Length of [a, b] covered by the given intervals. */
function covered(intervals: Array<[number, number]>, a: number, b: number): number {
  const clipped = intervals
    .map(([s, e]) => [Math.max(s, a), Math.min(e, b)] as [number, number])
    .filter(([s, e]) => e > s)
    .sort((p, q) => p[0] - q[0]);
  let total = 0;
  let reach = a;
  for (const [s, e] of clipped) {
    if (e <= reach) continue;
    total += e - Math.max(s, reach);
    reach = e;
  }
  return total;
}

/** Groups horizontal and vertical rules into connected grids. */
function components(hs: HLine[], vs: VLine[]): Array<{ hs: HLine[]; vs: VLine[] }> {
  const parent = [...Array(hs.length + vs.length).keys()];
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let i = 0; i < hs.length; i++) {
    const h = hs[i]!;
    for (let j = 0; j < vs.length; j++) {
      const v = vs[j]!;
      if (v.x >= h.x0 - TOL && v.x <= h.x1 + TOL && h.y >= v.y0 - TOL && h.y <= v.y1 + TOL) parent[find(i)] = find(hs.length + j);
    }
  }
  const groups = new Map<number, { hs: HLine[]; vs: VLine[] }>();
  const get = (k: number) => {
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { hs: [], vs: [] }));
    return g;
  };
  hs.forEach((h, i) => get(find(i)).hs.push(h));
  vs.forEach((v, j) => get(find(hs.length + j)).vs.push(v));
  return [...groups.values()];
}

export interface LatticeInput {
  segments: Segment[];
  runs: TextRun[];
  width: number;
  height: number;
}

/** The runs of one orientation, and the rules turned into their reading frame. */
function framed(input: LatticeInput, o: Orientation): { hs: HLine[]; vs: VLine[] } {
  const hs: HLine[] = [];
  const vs: VLine[] = [];
  for (const s of input.segments) {
    const f = segmentToFrame(o, s, input.width, input.height);
    const edge = s.edge ? { edge: true } : {};
    if (Math.abs(f.y1 - f.y0) < 0.01) hs.push({ y: f.y0, x0: f.x0, x1: f.x1, ...edge });
    else vs.push({ x: f.x0, y0: f.y0, y1: f.y1, ...edge });
  }
  return { hs: mergeH(hs), vs: mergeV(vs) };
}

/** Orientations worth looking at: those with a fair share of the page's text. */
function orientations(runs: TextRun[]): Orientation[] {
  const chars = new Map<Orientation, number>();
  const pieces = new Map<Orientation, number>();
  for (const r of runs) {
    chars.set(r.orientation, (chars.get(r.orientation) ?? 0) + r.text.length);
    pieces.set(r.orientation, (pieces.get(r.orientation) ?? 0) + 1);
  }
  const total = [...chars.values()].reduce((a, b) => a + b, 0) || 1;
  // The orientation with the most pieces of text first: a grid is read in the direction most
  // of its cells read (a few heads set sideways do not turn it).
  return [...chars.entries()]
    .filter(([, n]) => n >= 0.1 * total || n >= 40)
    .map(([o]) => o)
    .sort((a, b) => pieces.get(b)! - pieces.get(a)!);
}

/** Whether a grid's columns are marked only by the edges of shading boxes, inside rules drawn
 *  along its rows (office tables banded or highlighted by fill, columns left to alignment).
 *  A grid with a vertical rule of its own inside is ruled (header cells drawn as filled boxes
 *  over a ruled body), and so is one with no rules along its rows (cells drawn as boxes only). */
function shadingColumns(comp: { hs: HLine[]; vs: VLine[] }): boolean {
  if (!comp.vs.some((v) => v.edge)) return false;
  const left = minOf(comp.vs, (v) => v.x);
  const right = maxOf(comp.vs, (v) => v.x);
  if (comp.vs.some((v) => !v.edge && v.x > left + TOL && v.x < right - TOL)) return false;
  return comp.hs.filter((h) => !h.edge).length >= 2;
}

/** Finds ruled tables on a page. */
export function latticeTables(input: LatticeInput): DetectedTable[] {
  if (input.segments.length < 4) return [];
  const out: DetectedTable[] = [];
  for (const o of orientations(input.runs)) {
    const runs = input.runs.filter((r) => r.orientation === o);
    const { hs, vs } = framed(input, o);
    const ctx: GridContext = { runs, o, input, pageVs: vs, foreign: foreignLines(input.runs, o, input.width, input.height) };
    const add = (t: DetectedTable | null): boolean => {
      // A table read in another orientation than its text is not this orientation's table.
      if (!t || out.some((p) => overlapArea(p.box, t.box) > 0.5 * rectArea(t.box))) return false;
      out.push(t);
      return true;
    };
    for (const comp of components(hs, vs)) {
      if (comp.hs.length < 2 || comp.vs.length < 2) continue;
      if (!shadingColumns(comp)) {
        add(gridTable(comp.hs, comp.vs, ctx));
        continue;
      }
      // Columns drawn only by shading: the grid without the shading's edges, else the
      // shaded grid as a fallback for where the text's alignment makes no table.
      let found = false;
      for (const sub of components(
        comp.hs.filter((h) => !h.edge),
        comp.vs.filter((v) => !v.edge),
      )) {
        if (sub.hs.length >= 2 && sub.vs.length >= 2) found = add(gridTable(sub.hs, sub.vs, ctx)) || found;
      }
      const t = found ? null : gridTable(comp.hs, comp.vs, ctx);
      if (t) add({ ...t, fallback: true });
    }
  }
  return out;
}

/** Places runs in fine grid slots (row * columns + column) by their centres; a run drawn
 *  across an inner rule is split into words first. */
function assign(inside: TextRun[], xs: number[], ys: number[], hasV: (x: number, a: number, b: number) => boolean): Map<number, TextRun[]> {
  const nr = ys.length - 1;
  const nc = xs.length - 1;
  const slotRuns = new Map<number, TextRun[]>();
  for (const r of inside) {
    const [, cy] = runCentre(r);
    const crosses = xs.some((x) => x > r.x0 + 0.5 && x < r.x1 - 0.5 && hasV(x, cy - 1, cy + 1));
    for (const w of crosses ? splitRunWords(r) : [r]) {
      const [cx, wy] = runCentre(w);
      const c = Math.min(nc - 1, Math.max(0, xs.findIndex((x) => x > cx) - 1));
      const rr = Math.min(nr - 1, Math.max(0, ys.findIndex((y) => y > wy) - 1));
      const k = rr * nc + c;
      const list = slotRuns.get(k);
      if (list) list.push(w);
      else slotRuns.set(k, [w]);
    }
  }
  return slotRuns;
}

const NUMERIC = /^[-+−–(]?[$€£]?\d[\d.,\s]*%?\)?$/;

/** Text lines (baselines) of a slot's runs. */
function slotLines(runs: TextRun[]): Array<{ baseline: number; top: number; bottom: number; text: string }> {
  const out: Array<{ baseline: number; top: number; bottom: number; text: string }> = [];
  for (const r of [...runs].sort((a, b) => a.baseline - b.baseline)) {
    const l = out.at(-1);
    if (l && Math.abs(r.baseline - l.baseline) <= 0.4 * r.fontSize) {
      l.text += ' ' + r.text;
      l.bottom = Math.max(l.bottom, r.bottom);
    } else out.push({ baseline: r.baseline, top: r.top, bottom: r.bottom, text: r.text });
  }
  return out;
}

/** Rules the drawing leaves out: a ruled row whose columns hold several lines of figures
 *  each, on shared baselines, is really several rows (a list of values under one border). */
function hiddenRowRules(slots: Map<number, TextRun[]>, nc: number, ys: number[]): number[] {
  const extra: number[] = [];
  for (let r = 0; r < ys.length - 1; r++) {
    const cols = Array.from({ length: nc }, (_, c) => slotLines(slots.get(r * nc + c) ?? []));
    const multi = cols.filter((ls) => ls.length >= 2);
    const numericCol = multi.some((ls) => ls.every((l) => NUMERIC.test(l.text.trim())));
    if (multi.length < 2 || !numericCol) continue;
    const ref = multi.reduce((a, b) => (b.length > a.length ? b : a));
    for (let i = 1; i < ref.length; i++) extra.push((ref[i - 1]!.bottom + ref[i]!.top) / 2);
  }
  return extra;
}

/** What a grid is read with: the runs of its orientation, the page's vertical rules (in the
 *  same frame) and the lines of other orientations. */
interface GridContext {
  runs: TextRun[];
  o: Orientation;
  input: LatticeInput;
  pageVs: VLine[];
  foreign: ForeignLine[];
}

function gridTable(hs: HLine[], vs: VLine[], ctx: GridContext): DetectedTable | null {
  const { runs, o, input, pageVs } = ctx;
  const xs = cluster(vs.map((v) => v.x), TOL);
  let ys = cluster(hs.map((h) => h.y), TOL);
  if (xs.length < 2 || ys.length < 2) return null;
  const left = xs[0]!;
  const right = xs.at(-1)!;
  const top = ys[0]!;
  const bottom = ys.at(-1)!;
  const inside = runs.filter((r) => {
    const [cx, cy] = runCentre(r);
    return cx > left && cx < right && cy > top && cy < bottom;
  });
  if (inside.length < 2) return null;
  // Lines set sideways (column heads over narrow columns), each within one ruled slot.
  const absorbed: TextRun[] = [];
  for (const f of ctx.foreign) {
    const { x0, x1, top: t, bottom: b } = f.run;
    const c = xs.findIndex((x) => x > (x0 + x1) / 2) - 1;
    const r = ys.findIndex((y) => y > (t + b) / 2) - 1;
    if (c < 0 || r < 0 || x0 < xs[c]! - 1 || x1 > xs[c + 1]! + 1 || t < ys[r]! - 1 || b > ys[r + 1]! + 1) continue;
    inside.push(f.run);
    absorbed.push(...f.sources);
  }
  const hasV = (x: number, a: number, b: number): boolean =>
    covered(
      vs.filter((v) => Math.abs(v.x - x) <= TOL).map((v) => [v.y0, v.y1]),
      a,
      b,
    ) >= 0.75 * (b - a);
  const hasH = (y: number, a: number, b: number): boolean =>
    covered(
      hs.filter((h) => Math.abs(h.y - y) <= TOL).map((h) => [h.x0, h.x1]),
      a,
      b,
    ) >= 0.75 * (b - a);
  let slots = assign(inside, xs, ys, hasV);
  // A partial rule between two columns that never both hold text in a row (header boxes
  // offset from the body's columns) does not separate columns.
  for (let k = xs.length - 2; k >= 1; k--) {
    const nc = xs.length - 1;
    if (covered(vs.filter((v) => Math.abs(v.x - xs[k]!) <= TOL).map((v) => [v.y0, v.y1]), top, bottom) >= 0.6 * (bottom - top)) continue;
    let clash = false;
    for (let r = 0; r < ys.length - 1 && !clash; r++) clash = slots.has(r * nc + k - 1) && slots.has(r * nc + k);
    if (!clash) {
      xs.splice(k, 1);
      slots = assign(inside, xs, ys, hasV);
    }
  }
  // Rows ruled only around a block of figures: split where the figures' lines line up.
  const extra = hiddenRowRules(slots, xs.length - 1, ys);
  if (extra.length > 0) {
    for (const y of extra) hs.push({ y, x0: left, x1: right });
    ys = cluster(hs.map((h) => h.y), TOL);
    slots = assign(inside, xs, ys, hasV);
  }
  const nr = ys.length - 1;
  const nc = xs.length - 1;
  const slotRuns = slots;
  const unruledRow = (rr: number) => covered(hs.filter((h) => Math.abs(h.y - ys[rr]!) <= TOL).map((h) => [h.x0, h.x1]), left, right) < 0.1 * (right - left);
  // Spanning cells: grow right while the rule between slots is missing, then down.
  const owner = new Int32Array(nr * nc).fill(-1);
  const cells: TableCell[] = [];
  for (let r = 0; r < nr; r++) {
    for (let c = 0; c < nc; c++) {
      if (owner[r * nc + c]! >= 0) continue;
      // A missing rule joins two slots only when they do not both hold text of their own
      // (rules are often drawn around a header and left out of the body).
      const crossesX = (x: number) => slotRuns.get(r * nc + c)?.some((t) => t.x0 < x - 1 && t.x1 > x + 1) ?? false;
      let cs = 1;
      while (
        c + cs < nc &&
        owner[r * nc + c + cs]! < 0 &&
        !hasV(xs[c + cs]!, ys[r]!, ys[r + 1]!) &&
        (!slotRuns.has(r * nc + c + cs) || !slotRuns.has(r * nc + c) || crossesX(xs[c + cs]!))
      )
        cs++;
      let rs = 1;
      const hasText = (rr: number) => {
        for (let k = c; k < c + cs; k++) if (slotRuns.has(rr * nc + k)) return true;
        return false;
      };
      const open = (rr: number): boolean => {
        for (let k = c; k < c + cs; k++) {
          if (owner[rr * nc + k]! >= 0 || hasH(ys[rr]!, xs[k]!, xs[k + 1]!)) return false;
        }
        // Text on both sides of a boundary drawn nowhere across the table: separate rows.
        return !hasText(rr) || !hasText(r) || !unruledRow(rr);
      };
      while (r + rs < nr && open(r + rs)) rs++;
      const texts: TextRun[] = [];
      for (let rr = r; rr < r + rs; rr++) {
        for (let k = c; k < c + cs; k++) {
          owner[rr * nc + k] = cells.length;
          texts.push(...(slotRuns.get(rr * nc + k) ?? []));
        }
      }
      const frameBox = { left: xs[c]!, top: ys[r]!, right: xs[c + cs]!, bottom: ys[r + rs]! };
      cells.push({ row: r, col: c, rowSpan: rs, colSpan: cs, text: cellText(texts), box: rectToPage(o, frameBox, input.width, input.height) });
    }
  }
  // Row labels printed left of the rules make a first column.
  let edges = xs;
  let columns = nc;
  let tableLeft = left;
  const textRows = new Set([...slotRuns.keys()].map((k) => Math.floor(k / nc))).size;
  const stub = stubColumn(runs, xs, ys, textRows, pageVs);
  if (stub) {
    for (const c of cells) c.col += 1;
    for (let r = 0; r < nr; r++) {
      const frameBox = { left: stub.left, top: ys[r]!, right: left, bottom: ys[r + 1]! };
      cells.push({ row: r, col: 0, rowSpan: 1, colSpan: 1, text: cellText(stub.rows.get(r) ?? []), box: rectToPage(o, frameBox, input.width, input.height) });
    }
    cells.sort((a, b) => a.row - b.row || a.col - b.col);
    edges = [stub.left, ...xs];
    columns = nc + 1;
    tableLeft = stub.left;
  }
  const table = compact(cells, nr, columns, edges);
  if (table.rowCount < 2 || table.columnCount < 2) return null;
  const filled = table.cells.filter((c) => c.text !== '');
  if (filled.length < 2) return null;
  // Boxes around pages or around paragraphs of prose are frames, not tables.
  if (filled.some((c) => c.text.length > 400) || filled.reduce((n, c) => n + c.text.length, 0) / filled.length > 150) return null;
  // A right-to-left table reads its columns from the right.
  const rtlChars = inside.filter((r) => r.rtl).reduce((n, r) => n + r.text.length, 0);
  if (rtlChars > inside.reduce((n, r) => n + r.text.length, 0) / 2) {
    table.cells = table.cells.map((c) => ({ ...c, col: table.columnCount - c.col - c.colSpan })).sort((a, b) => a.row - b.row || a.col - b.col);
    table.columnEdges = [...table.columnEdges].reverse();
  }
  const box = rectToPage(o, { left: tableLeft, top, right, bottom }, input.width, input.height);
  if (box.left < -2 || box.top < -2 || box.right > input.width + 2 || box.bottom > input.height + 2) return null;
  return { kind: 'lattice', ...table, headerRows: 1, box, orientation: o, ...(absorbed.length > 0 ? { absorbed } : {}) };
}

/** Drops rows and columns in which no cell with text starts, renumbering the cells. */
function compact(cells: TableCell[], nr: number, nc: number, xs: number[]): Pick<DetectedTable, 'cells' | 'rowCount' | 'columnCount' | 'columnEdges'> {
  // Rows and columns in which no cell with text starts are slivers between double rules or
  // the edges of shading boxes: they are dropped, and spans over them shrink.
  const keepRow = Array.from({ length: nr }, (_, r) => cells.some((c) => c.row === r && c.text !== ''));
  const keepCol = Array.from({ length: nc }, (_, k) => cells.some((c) => c.col === k && c.text !== ''));
  const rowIndex: number[] = [];
  const colIndex: number[] = [];
  let n = 0;
  for (let r = 0; r < nr; r++) rowIndex.push(keepRow[r] ? n++ : n);
  const rowCount = n;
  n = 0;
  for (let k = 0; k < nc; k++) colIndex.push(keepCol[k] ? n++ : n);
  const columnCount = n;
  const countKept = (keep: boolean[], from: number, span: number) => keep.slice(from, from + span).filter(Boolean).length;
  const out: TableCell[] = [];
  for (const c of cells) {
    const rs = countKept(keepRow, c.row, c.rowSpan);
    const cs = countKept(keepCol, c.col, c.colSpan);
    if (rs === 0 || cs === 0) continue;
    const row = rowIndex[c.row]!;
    const col = colIndex[c.col]!;
    if (row >= rowCount || col >= columnCount) continue;
    out.push({ ...c, row, col, rowSpan: rs, colSpan: cs });
  }
  const columnEdges = [xs[0]!, ...xs.slice(1).filter((_, k) => keepCol[k])];
  return { cells: out, rowCount, columnCount, columnEdges };
}
