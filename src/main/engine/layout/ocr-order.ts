// Reading order of a scanned page, checked against the OCR engine's own page layout. The
// geometric order (reading-order.ts) needs white space running right through a region to see
// its columns; on a magazine page a headline or picture across the columns leaves none, and
// the rows of side-by-side columns would be read across, one line from each in turn.
// tesseract's layout analysis finds columns from their edges instead, so when the geometric
// order is seen weaving between two side-by-side prose columns, the page is read in the order
// tesseract gives its lines.
import type { Line } from '../page-model.js';
import { median, PROSE_MIN_WIDTH_EM } from './stats.js';
import { maxOf, minOf } from '../extent.js';

/** A column region that holds running text: several lines, most of them wide. */
const PROSE_MIN_LINES = 3;
/** Two regions are side by side when their extents across the page overlap less than this
 *  share of the narrower one. */
const SIDE_BY_SIDE_OVERLAP = 0.3;

interface Region {
  x0: number;
  x1: number;
}

function recognisedLine(line: Line): number | undefined {
  return line.runs[0]?.ocrLine;
}

function regionOf(line: Line): number | undefined {
  return line.runs[0]?.ocrBlock;
}

/** The lines of each OCR region (tesseract block). */
function byRegion(lines: Line[]): Map<number, Line[]> {
  const regions = new Map<number, Line[]>();
  for (const l of lines) {
    const r = regionOf(l);
    if (r === undefined) continue;
    const list = regions.get(r);
    if (list) list.push(l);
    else regions.set(r, [l]);
  }
  return regions;
}

/** The OCR regions of the page made of prose, with their horizontal extent. */
function proseRegions(lines: Line[], em: number): Map<number, Region> {
  const prose = new Map<number, Region>();
  for (const [id, ls] of byRegion(lines)) {
    if (ls.length < PROSE_MIN_LINES || median(ls.map((l) => l.x1 - l.x0)) < PROSE_MIN_WIDTH_EM * em) continue;
    prose.set(id, { x0: minOf(ls, (l) => l.x0), x1: maxOf(ls, (l) => l.x1) });
  }
  return prose;
}

/** How far two regions' extents across the page overlap (negative when apart). */
function overlapAcross(a: Region, b: Region): number {
  return Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
}

function sideBySide(a: Region, b: Region): boolean {
  return overlapAcross(a, b) < SIDE_BY_SIDE_OVERLAP * Math.min(a.x1 - a.x0, b.x1 - b.x0);
}

/** True when the order leaves a prose column for one beside it and later comes back to it. */
export function weavesColumns(ordered: Line[], em: number): boolean {
  const prose = proseRegions(ordered, em);
  if (prose.size < 2) return false;
  // The prose regions in the order they are read, each stay counted once.
  const visits: number[] = [];
  for (const l of ordered) {
    const r = regionOf(l);
    if (r === undefined || !prose.has(r) || visits.at(-1) === r) continue;
    visits.push(r);
  }
  for (let i = 0; i < visits.length; i++) {
    const a = visits[i]!;
    const back = visits.indexOf(a, i + 1);
    if (back < 0) continue;
    for (let j = i + 1; j < back; j++) {
      if (sideBySide(prose.get(a)!, prose.get(visits[j]!)!)) return true;
    }
  }
  return false;
}

interface BlockExtent extends Region {
  first: number;
  top: number;
  bottom: number;
}

/** Lines in the order the OCR engine read them (a line split at wide gaps, left to right),
 *  its blocks taken in its order except that a block read right after another, within its width,
 *  starting above it and running into it, is read before it (tesseract reads the first lines
 *  beside a drop capital as a block of their own, after the paragraph they begin). Every line
 *  was recognised (checkedOcrOrder). */
function recognisedOrder(lines: Line[]): Line[] {
  const extents = [...byRegion(lines)].map(([id, ls]): [number, BlockExtent] => [
    id,
    {
      first: minOf(ls, (l) => recognisedLine(l)!),
      x0: minOf(ls, (l) => l.x0),
      x1: maxOf(ls, (l) => l.x1),
      top: minOf(ls, (l) => l.top),
      bottom: maxOf(ls, (l) => l.bottom),
    },
  ]);
  const order: BlockExtent[] = [];
  for (const [, b] of [...extents].sort((p, q) => p[1].first - q[1].first)) {
    const prev = order.at(-1);
    if (prev && overlapAcross(prev, b) >= 0.8 * (b.x1 - b.x0) && b.top < prev.top && b.bottom > prev.top) order.splice(order.length - 1, 0, b);
    else order.push(b);
  }
  const rank = new Map(extents.map(([id, b]) => [id, order.indexOf(b)]));
  return [...lines].sort((a, b) => rank.get(regionOf(a)!)! - rank.get(regionOf(b)!)! || recognisedLine(a)! - recognisedLine(b)! || a.x0 - b.x0);
}

/** The geometric order, or tesseract's when every line was recognised and the geometric
 *  order weaves between columns. */
export function checkedOcrOrder(ordered: Line[]): Line[] {
  if (ordered.length < 2 || !ordered.every((l) => recognisedLine(l) !== undefined && regionOf(l) !== undefined)) return ordered;
  const em = median(ordered.map((l) => l.fontSize)) || 10;
  return weavesColumns(ordered, em) ? recognisedOrder(ordered) : ordered;
}
