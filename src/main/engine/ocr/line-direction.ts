// Which way a page image's lines of print run, from its ink alone, before any recognition: each
// letter (or word, where letters touch) has its nearest neighbour beside it in the same line far
// more often than in the line above or below, since letters sit closer together than lines. A
// page whose pieces mostly have their nearest neighbour above or below lies on its side; one
// whose pieces mostly have it beside them is upright or upside down. Measured on the corpus's
// scans and photographs, upright and turned a quarter: the ruling side outnumbers the other 3.3
// to 450 times over (a dot-matrix receipt photographed at a slant is the closest), in 2 to 90 ms
// a page. Pieces as near either way (a grid of dots) count for neither side.
import { otsuLevel, sampledHistogram, type GrayImage } from '../image/gray.js';
import { pieces } from './band-cut.js';
import type { Rect } from '../page-model.js';

/** Pixels per inch of the reduced image the pieces are found in. */
const REDUCED_DPI = 150;
/** Longer side (inches) of a piece counted: from a small letter to a short word. */
const PIECE_INCHES: [number, number] = [0.03, 0.4];
/** One direction must have this many times the other's pieces to be called. */
const RULING_RATIO = 3;
/** Fewer pieces with a neighbour than this say nothing (a photograph, a nearly blank page). */
const MIN_PIECES = 30;

export type LineDirection = 'across' | 'upDown';

/** The direction the page's lines run, or null when its ink does not say clearly. */
export function lineDirection(img: GrayImage, dpi: number): LineDirection | null {
  const { across, upDown } = neighbourCounts(img, dpi);
  if (across + upDown < MIN_PIECES) return null;
  if (upDown >= RULING_RATIO * across) return 'upDown';
  if (across >= RULING_RATIO * upDown) return 'across';
  return null;
}

/** How many letter-sized pieces have their nearest neighbour beside them, and how many above or
 *  below. */
export function neighbourCounts(img: GrayImage, dpi: number): { across: number; upDown: number } {
  const f = Math.max(1, Math.round(dpi / REDUCED_DPI));
  const { dark, width, height } = reducedInk(img, f);
  const [minSide, maxSide] = PIECE_INCHES.map((inches) => (inches * dpi) / f) as [number, number];
  const found = pieces(dark, width, height).filter((p) => {
    const side = Math.max(p.right - p.left, p.bottom - p.top) + 1;
    return side >= minSide && side <= maxSide;
  });
  // Pieces in a grid of cells as large as the largest piece: a nearest neighbour closer than
  // that lies in the piece's cell or one around it.
  const cell = Math.ceil(maxSide);
  const columns = Math.ceil(width / cell);
  const grid = new Map<number, Rect[]>();
  for (const p of found) {
    const key = Math.floor(p.top / cell) * columns + Math.floor(p.left / cell);
    const list = grid.get(key);
    if (list) list.push(p);
    else grid.set(key, [p]);
  }
  let across = 0;
  let upDown = 0;
  for (const p of found) {
    const gx = Math.floor(p.left / cell);
    const gy = Math.floor(p.top / cell);
    // The nearest gap to a piece beside it, and to one above or below.
    let beside = Infinity;
    let aboveOrBelow = Infinity;
    for (let y = gy - 1; y <= gy + 1; y++) {
      for (let x = gx - 1; x <= gx + 1; x++) {
        if (x < 0 || x >= columns) continue;
        for (const q of grid.get(y * columns + x) ?? []) {
          if (q === p) continue;
          // Beside: the two share rows; the gap is the blank columns between them.
          if (Math.min(p.bottom, q.bottom) > Math.max(p.top, q.top)) {
            const gap = Math.max(q.left - p.right, p.left - q.right);
            if (gap >= 0) beside = Math.min(beside, gap);
          }
          // Above or below: the two share columns.
          if (Math.min(p.right, q.right) > Math.max(p.left, q.left)) {
            const gap = Math.max(q.top - p.bottom, p.top - q.bottom);
            if (gap >= 0) aboveOrBelow = Math.min(aboveOrBelow, gap);
          }
        }
      }
    }
    // As near either way (or no neighbour at all): the piece says nothing.
    if (beside < aboveOrBelow) across++;
    else if (aboveOrBelow < beside) upDown++;
  }
  return { across, upDown };
}

/** The image reduced by `f` (one pixel of each f × f cell looked at), dark where it is ink. */
function reducedInk(img: GrayImage, f: number): { dark: Uint8Array; width: number; height: number } {
  const { hist, n } = sampledHistogram(img);
  const ink = otsuLevel(hist, n);
  const width = Math.ceil(img.width / f);
  const height = Math.ceil(img.height / f);
  const dark = new Uint8Array(width * height);
  for (let y = 0, ry = 0; y < img.height; y += f, ry++) {
    const row = y * img.width;
    const out = ry * width;
    for (let x = 0, rx = 0; x < img.width; x += f, rx++) if (img.data[row + x]! <= ink) dark[out + rx] = 1;
  }
  return { dark, width, height };
}
