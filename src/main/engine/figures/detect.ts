// Figures on a page from what it draws: raster images, and clusters of vector paths that form
// a drawing (curves, slanted strokes, or bars of a chart) rather than rules, cell borders or
// boxes around text. Each gets a figureType from simple cues a reader would also use: where it
// sits and how large it is (a logo), axes, bars and slices (a chart), labelled shapes (a diagram).
import { overlapArea, rectArea, unionRects, type Rect, type TextRun } from '../page-model.js';
import type { PageGraphics, PagePath } from './graphics.js';
import { maxOf, minOf } from '../extent.js';

export type FigureType = 'image' | 'chart' | 'diagram' | 'logo' | 'other';

export interface FigureCandidate {
  box: Rect;
  source: 'image' | 'drawing';
  figureType: FigureType;
  /** Pen-like strokes (curved or slanted, unfilled) in a short wide band: handwriting. */
  ink: boolean;
  /** Seen in a page image (a scan): the words read inside it stay the page's text. */
  scanned?: boolean;
}

/** Paths this close (points) belong to the same drawing. */
const JOIN_GAP = 6;
/** Grid cell used to find neighbouring paths quickly (points). */
const CELL = 24;
/** Up to this many boxes every pair is compared directly. */
const SMALL_SET = 16;

const width = (r: Rect) => r.right - r.left;
const height = (r: Rect) => r.bottom - r.top;

function clip(r: Rect, w: number, h: number): Rect {
  return { left: Math.max(0, r.left), top: Math.max(0, r.top), right: Math.min(w, r.right), bottom: Math.min(h, r.bottom) };
}

function near(a: Rect, b: Rect, gap: number): boolean {
  return a.left - gap <= b.right && b.left - gap <= a.right && a.top - gap <= b.bottom && b.top - gap <= a.bottom;
}

function centreIn(r: Rect, box: Rect): boolean {
  const x = (r.left + r.right) / 2;
  const y = (r.top + r.bottom) / 2;
  return x >= box.left && x <= box.right && y >= box.top && y <= box.bottom;
}

/** The boxes of one group that reach one grid cell. */
interface CellGroup {
  root: number;
  extent: Rect;
  members: number[];
}

/** Adds box `i` to its group in the cell, merging the cell's entries that became one group. */
function addToCell(cell: CellGroup[], i: number, box: Rect, find: (i: number) => number): void {
  const root = find(i);
  let mine: CellGroup | undefined;
  let w = 0;
  for (const g of cell) {
    g.root = find(g.root);
    if (g.root !== root) {
      cell[w++] = g;
    } else if (!mine) {
      mine = g;
      cell[w++] = g;
    } else {
      extend(mine.extent, g.extent);
      for (const j of g.members) mine.members.push(j);
    }
  }
  cell.length = w;
  if (mine) {
    extend(mine.extent, box);
    mine.members.push(i);
  } else {
    cell.push({ root, extent: { ...box }, members: [i] });
  }
}

function extend(r: Rect, by: Rect): void {
  if (by.left < r.left) r.left = by.left;
  if (by.top < r.top) r.top = by.top;
  if (by.right > r.right) r.right = by.right;
  if (by.bottom > r.bottom) r.bottom = by.bottom;
}

/** Groups boxes that touch (within `gap`), by union-find over a coarse grid. */
export function clusterBoxes<T extends { box: Rect }>(items: T[], gap: number): T[][] {
  const n = items.length;
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const join = (i: number, j: number): void => {
    const a = find(i);
    const c = find(j);
    if (a !== c && near(items[i]!.box, items[j]!.box, gap)) parent[a] = c;
  };
  if (n <= SMALL_SET) {
    for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) join(i, j);
  } else {
    // Each cell keeps its boxes by group, with the group's extent in the cell: a box is
    // compared only with the boxes of other groups it comes near, so a dense drawing (a map,
    // a scatter plot: thousands of paths, most already joined) costs no more than a sparse one.
    // Cells are keyed by number; two cells sharing a key only cost extra distance checks.
    const grid = new Map<number, CellGroup[]>();
    for (let i = 0; i < n; i++) {
      const b = items[i]!.box;
      const x0 = Math.floor((b.left - gap) / CELL);
      const x1 = Math.floor((b.right + gap) / CELL);
      const y0 = Math.floor((b.top - gap) / CELL);
      const y1 = Math.floor((b.bottom + gap) / CELL);
      for (let x = x0; x <= x1; x++) {
        for (let y = y0; y <= y1; y++) {
          const key = x * 65_536 + y;
          const cell = grid.get(key);
          if (!cell) {
            grid.set(key, [{ root: i, extent: { ...b }, members: [i] }]);
            continue;
          }
          for (const g of cell) {
            if (find(g.root) === find(i) || !near(b, g.extent, gap)) continue;
            for (const j of g.members) {
              if (near(b, items[j]!.box, gap)) {
                parent[find(i)] = find(j);
                break;
              }
            }
          }
          addToCell(cell, i, b, find);
        }
      }
    }
  }
  const groups = new Map<number, T[]>();
  for (let i = 0; i < n; i++) {
    const root = find(i);
    const g = groups.get(root);
    if (g) g.push(items[i]!);
    else groups.set(root, [items[i]!]);
  }
  return [...groups.values()];
}

interface Drawing {
  box: Rect;
  paths: PagePath[];
}

/** Three or more filled, text-free bars standing on one baseline (or starting at one edge) with
 *  different lengths: a bar chart. A table's shaded cells in a row have equal heights. */
function hasBars(paths: PagePath[], runs: TextRun[]): boolean {
  const bars = paths.filter((p) => p.filled && p.rect && Math.min(width(p.box), height(p.box)) >= 3 && !runs.some((r) => centreIn(r.box, p.box)));
  if (bars.length < 3) return false;
  const lengthsDiffer = (ls: number[]) => maxOf(ls) >= 1.3 * minOf(ls);
  const byEdge = (edge: (r: Rect) => number, length: (r: Rect) => number) => {
    const groups = new Map<number, number[]>();
    for (const b of bars) {
      const k = Math.round(edge(b.box) / 1.5);
      const g = groups.get(k) ?? [];
      g.push(length(b.box));
      groups.set(k, g);
    }
    return [...groups.values()].some((ls) => ls.length >= 3 && lengthsDiffer(ls));
  };
  return byEdge((r) => r.bottom, height) || byEdge((r) => r.left, width);
}

/** A long horizontal and a long vertical stroke at the drawing's bottom and left: chart axes. */
function hasAxes(d: Drawing): boolean {
  const w = width(d.box);
  const h = height(d.box);
  const xAxis = d.paths.some((p) => height(p.box) <= 2 && width(p.box) >= 0.5 * w && p.box.bottom >= d.box.top + 0.6 * h);
  const yAxis = d.paths.some((p) => width(p.box) <= 2 && height(p.box) >= 0.5 * h && p.box.left <= d.box.left + 0.4 * w);
  return xAxis && yAxis;
}

/** Three or more filled curved shapes in different colours around one centre: a pie chart. */
function hasSlices(d: Drawing): boolean {
  const slices = d.paths.filter((p) => p.filled && p.curves > 0);
  if (slices.length < 3 || new Set(slices.map((p) => p.fill)).size < 3) return false;
  const cx = (d.box.left + d.box.right) / 2;
  const cy = (d.box.top + d.box.bottom) / 2;
  const pad = 0.15 * Math.max(width(d.box), height(d.box));
  return slices.filter((p) => p.box.left - pad <= cx && p.box.right + pad >= cx && p.box.top - pad <= cy && p.box.bottom + pad >= cy).length >= 3;
}

const NUMBER = /^[-+−(]?[$€£¥]?\d[\d.,]*%?\)?$/;

function classifyDrawing(d: Drawing, runs: TextRun[], pageW: number, pageH: number): { figure: boolean; type: FigureType; ink: boolean } {
  const inside = runs.filter((r) => centreIn(r.box, d.box));
  const around = runs.filter((r) => centreIn(r.box, chartLabelArea(d.box)));
  const shaped = d.paths.reduce((n, p) => n + p.curves + p.diagonals, 0);
  const bars = hasBars(d.paths, runs);
  const stroked = d.paths.filter((p) => p.stroked && !p.filled);
  const ink =
    inside.length === 0 &&
    stroked.length >= 0.8 * d.paths.length &&
    stroked.reduce((n, p) => n + p.curves + p.diagonals, 0) >= 6 &&
    height(d.box) <= 90 &&
    width(d.box) >= 1.2 * height(d.box);
  // Curves or slanted strokes make a drawing: a few of them, or two joining several shapes.
  if (!bars && shaped < 4 && !(shaped >= 2 && d.paths.length >= 4)) return { figure: false, type: 'other', ink: false };
  // A frame (rounded box, callout) around a paragraph is part of the text, not a figure.
  if (!bars && d.paths.length <= 3 && inside.length >= 2) return { figure: false, type: 'other', ink: false };
  const numbers = around.filter((r) => NUMBER.test(r.text.trim())).length;
  // Small and in a letterhead's place: a logo, however it is drawn (rings, slices, lettering).
  if (!ink && isLogoPlace(d.box, pageW, pageH)) return { figure: true, type: 'logo', ink: false };
  if (bars || hasSlices(d) || (hasAxes(d) && (numbers >= 3 || d.paths.length >= 4))) return { figure: true, type: 'chart', ink: false };
  if (ink) return { figure: true, type: 'other', ink: true };
  const shapes = d.paths.filter((p) => p.rect || (p.curves > 0 && p.segments <= 4)).length;
  if (inside.length >= 2 && shapes >= 3) return { figure: true, type: 'diagram', ink: false };
  return { figure: true, type: 'other', ink: false };
}

/** Joins images that are one picture: tiles edge to edge, or one drawn over most of another.
 *  Pictures whose (often transparent) margins merely overlap stay apart. */
function joinTiles<T extends { box: Rect; mask: boolean }>(images: T[]): Array<{ box: Rect; mask: boolean }> {
  if (images.length > 300) {
    // A page tiled from hundreds of pieces: touching pieces are joined, quickly.
    return clusterBoxes(images, 1).map((g) => ({ box: unionRects(g.map((i) => i.box)), mask: g.every((i) => i.mask) }));
  }
  const groups = images.map((im) => ({ box: im.box, mask: im.mask }));
  for (let merged = true; merged; ) {
    merged = false;
    for (let i = 0; i < groups.length && !merged; i++) {
      for (let j = i + 1; j < groups.length && !merged; j++) {
        const a = groups[i]!.box;
        const b = groups[j]!.box;
        const shared = overlapArea(a, b) >= 0.6 * Math.min(rectArea(a), rectArea(b));
        const e = 1.5;
        const sideBySide = Math.abs(a.top - b.top) <= e && Math.abs(a.bottom - b.bottom) <= e && (Math.abs(a.right - b.left) <= e || Math.abs(b.right - a.left) <= e);
        const stacked = Math.abs(a.left - b.left) <= e && Math.abs(a.right - b.right) <= e && (Math.abs(a.bottom - b.top) <= e || Math.abs(b.bottom - a.top) <= e);
        if (shared || sideBySide || stacked) {
          groups[i] = { box: unionRects([a, b]), mask: groups[i]!.mask && groups[j]!.mask };
          groups.splice(j, 1);
          merged = true;
        }
      }
    }
  }
  return groups;
}

/** Where a chart's tick labels and category names sit around its plot: left of the value
 *  axis and below the category axis. */
export function chartLabelArea(box: Rect): Rect {
  return { left: box.left - 40, top: box.top - 6, right: box.right + 6, bottom: box.bottom + 20 };
}

/** The share of a box covered by text set over it. */
function textCover(box: Rect, runs: TextRun[]): number {
  let covered = 0;
  for (const r of runs) if (!r.invisible) covered += overlapArea(r.box, box);
  return covered / Math.max(1, rectArea(box));
}

/** Small, and at the top or bottom edge of the page: where letterheads put a logo. */
function isLogoPlace(box: Rect, pageW: number, pageH: number): boolean {
  const small = rectArea(box) <= 0.04 * pageW * pageH && Math.max(width(box), height(box)) <= 200;
  return small && (box.bottom <= 0.2 * pageH || box.top >= 0.9 * pageH);
}

/** The figures drawn on a page. `runs` are the page's text (upright boxes). */
export function findFigures(g: PageGraphics, runs: TextRun[], pageW: number, pageH: number): FigureCandidate[] {
  const pageArea = pageW * pageH;
  const out: FigureCandidate[] = [];
  // Raster images: tiles of one picture are joined; backgrounds and specks are not figures.
  const images = g.images
    .map((im) => ({ ...im, box: clip(im.box, pageW, pageH) }))
    .filter((im) => width(im.box) >= 12 && height(im.box) >= 12 && rectArea(im.box) >= 300 && rectArea(im.box) <= 0.85 * pageArea);
  const imageGroups = joinTiles(images)
    // A picture under a run of text (a shaded band behind a heading or a summary) is its background.
    .filter((im) => textCover(im.box, runs) < 0.15);
  // Paths: page-sized backgrounds and frames around the whole page are left out.
  const paths = g.paths
    .map((p) => ({ ...p, box: clip(p.box, pageW, pageH) }))
    .filter((p) => width(p.box) >= 0 && height(p.box) >= 0 && rectArea(p.box) <= 0.5 * pageArea);
  const drawings: Drawing[] = clusterBoxes(paths, JOIN_GAP).map((ps) => ({ box: unionRects(ps.map((p) => p.box)), paths: ps }));
  for (const im of imageGroups) {
    out.push({ box: im.box, source: 'image', figureType: isLogoPlace(im.box, pageW, pageH) ? 'logo' : 'image', ink: false });
  }
  for (const d of drawings) {
    if (width(d.box) < 24 || height(d.box) < 10 || rectArea(d.box) < 500) continue;
    // Strokes over a picture (arrows, call-outs) belong to it.
    const host = out.find((f) => f.source === 'image' && overlapArea(f.box, d.box) >= 0.5 * rectArea(d.box));
    if (host) continue;
    const c = classifyDrawing(d, runs, pageW, pageH);
    if (c.figure) out.push({ box: d.box, source: 'drawing', figureType: c.type, ink: c.ink });
  }
  return out.sort((a, b) => a.box.top - b.box.top || a.box.left - b.box.left);
}
