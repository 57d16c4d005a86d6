// Pictures in a page image (a scan or a photographed page): photographs, drawings, logos,
// stamps and handwriting, found as the ink that is neither recognised text nor ruling lines.
//
// The page is seen as a grid of cells about a 25th of an inch wide. A cell is inked when a
// fair share of its pixels is dark; the cells under words read with confidence, and along
// the ruling lines, are cleared, and so are rows and columns dark from side to side (a
// scanner's border). Inked cells near one another (a picture's pale parts
// leave gaps) join into regions, and a region is a picture when it is large enough in both
// directions, inked over enough of its box, not lines of print OCR could not read, not a frame
// drawn round something, and not most of the page (a page inked all over is itself a picture).
import { pageTone, type GrayImage } from '../image/gray.js';
import type { Rect } from '../page-model.js';
import type { Segment } from '../tables/types.js';

/** Cells per inch. */
const CELLS_PER_INCH = 25;
/** Share of a cell's pixels that must be dark for it to count as inked. */
const INKED_CELL = 0.06;
/** Cells this far apart (in cells) belong to one region. */
const JOIN = 2;
/** Smallest picture side (inches) and area (square inches). */
const MIN_SIDE = 0.3;
const MIN_AREA = 0.25;
/** Share of a region's box its inked cells must fill (a signature's strokes fill little). */
const MIN_FILL = 0.1;
/** Tallest band of ink (inches) that is a line of print: a region made of several such bands
 *  is text OCR could not read, not a picture. */
const PRINT_LINE = 0.25;
/** Share of a region's inked cells on the edge of its box above which it is a frame drawn
 *  round something, not a picture. */
const FRAME_EDGE = 0.6;
/** Share of the page inked (words and rules left out) above which the page is itself a picture. */
const PICTURE_PAGE = 0.35;
/** A region this large a share of the page is the page, not a picture on it. */
const MAX_PAGE_SHARE = 0.4;
/** Share of a row or column of cells inked when it is a scanner's border, not a picture. */
const BORDER_INKED = 0.9;

/** The picture regions of a grayscale page image scanned or rendered at `dpi`, in points from
 *  the image's top-left. `words` (recognised words to leave out) and `rulings` are in points
 *  in the same frame; `tone`: the image's tones, when known (pageTone). */
export function imagePictures(img: GrayImage, dpi: number, words: Rect[], rulings: Segment[], tone = pageTone(img)): Rect[] {
  if (img.width < 8 || img.height < 8 || !(dpi > 0)) return [];
  // A page dark all over (a photograph of a scene, a negative) is itself a picture.
  if (tone.paper < 128) return [];
  const cell = Math.max(2, Math.round(dpi / CELLS_PER_INCH));
  const gw = Math.ceil(img.width / cell);
  const gh = Math.ceil(img.height / cell);
  const inked = inkedCells(img, cell, gw, gh, tone.ink);
  const toCell = cell * (72 / dpi);
  const clear = (r: Rect, margin: number) => {
    const x0 = Math.max(0, Math.floor(r.left / toCell) - margin);
    const x1 = Math.min(gw - 1, Math.floor(r.right / toCell) + margin);
    const y0 = Math.max(0, Math.floor(r.top / toCell) - margin);
    const y1 = Math.min(gh - 1, Math.floor(r.bottom / toCell) + margin);
    for (let y = y0; y <= y1; y++) inked.fill(0, y * gw + x0, y * gw + x1 + 1);
  };
  for (const w of words) clear(w, 1);
  for (const s of rulings) clear({ left: s.x0, top: s.y0, right: s.x1, bottom: s.y1 }, 1);
  clearBorders(inked, gw, gh);
  let total = 0;
  for (let i = 0; i < inked.length; i++) total += inked[i]!;
  if (total > PICTURE_PAGE * inked.length) return [];
  const inches = (cells: number) => (cells * cell) / dpi;
  const printLine = Math.max(1, Math.floor((PRINT_LINE * dpi) / cell));
  const out: Rect[] = [];
  for (const r of regions(inked, gw, gh)) {
    const w = r.x1 - r.x0 + 1;
    const h = r.y1 - r.y0 + 1;
    if (inches(w) < MIN_SIDE || inches(h) < MIN_SIDE || inches(w) * inches(h) < MIN_AREA) continue;
    if (r.cells < MIN_FILL * w * h || w * h > MAX_PAGE_SHARE * gw * gh) continue;
    if (linesOfPrint(inked, gw, r, printLine) || framed(inked, gw, r)) continue;
    out.push({
      left: r.x0 * toCell,
      top: r.y0 * toCell,
      right: Math.min(img.width, (r.x1 + 1) * cell) * (72 / dpi),
      bottom: Math.min(img.height, (r.y1 + 1) * cell) * (72 / dpi),
    });
  }
  return out.sort((a, b) => a.top - b.top || a.left - b.left);
}

/** Whether a region's rows of ink form two or more bands, none taller than `tallest` cells
 *  (lines of print). */
function linesOfPrint(inked: Uint8Array, gw: number, r: Region, tallest: number): boolean {
  let bands = 0;
  let run = 0;
  for (let y = r.y0; y <= r.y1 + 1; y++) {
    let any = false;
    if (y <= r.y1) for (let x = r.x0; x <= r.x1 && !any; x++) any = inked[y * gw + x] === 1;
    if (any) {
      run++;
      continue;
    }
    if (run > tallest) return false;
    if (run > 0) bands++;
    run = 0;
  }
  return bands >= 2;
}

/** Whether most of a region's ink lies on the edge of its box (a frame). */
function framed(inked: Uint8Array, gw: number, r: Region): boolean {
  if (r.x1 - r.x0 < 4 || r.y1 - r.y0 < 4) return false;
  let edge = 0;
  let all = 0;
  for (let y = r.y0; y <= r.y1; y++) {
    for (let x = r.x0; x <= r.x1; x++) {
      if (inked[y * gw + x] !== 1) continue;
      all++;
      if (x <= r.x0 + 1 || x >= r.x1 - 1 || y <= r.y0 + 1 || y >= r.y1 - 1) edge++;
    }
  }
  return edge > FRAME_EDGE * all;
}

/** 1 for each cell with enough dark pixels (every other pixel of every other row sampled). */
function inkedCells(img: GrayImage, cell: number, gw: number, gh: number, level: number): Uint8Array {
  const { width: w, height: h, data } = img;
  const dark = new Uint32Array(gw * gh);
  const seen = new Uint32Array(gw * gh);
  for (let y = 0; y < h; y += 2) {
    const row = y * w;
    const base = Math.floor(y / cell) * gw;
    for (let x = 0; x < w; x += 2) {
      const c = base + Math.floor(x / cell);
      seen[c]!++;
      if (data[row + x]! <= level) dark[c]!++;
    }
  }
  const inked = new Uint8Array(gw * gh);
  for (let i = 0; i < inked.length; i++) if (seen[i]! > 0 && dark[i]! >= INKED_CELL * seen[i]!) inked[i] = 1;
  return inked;
}

/** Clears the rows and columns inked nearly from side to side: a scanner's border or the dark
 *  edge of its lid, anywhere on the page (a picture on a page leaves its margins white). */
function clearBorders(inked: Uint8Array, gw: number, gh: number): void {
  const rows: number[] = [];
  const cols: number[] = [];
  for (let y = 0; y < gh; y++) {
    let n = 0;
    for (let x = 0; x < gw; x++) n += inked[y * gw + x]!;
    if (n >= BORDER_INKED * gw) rows.push(y);
  }
  for (let x = 0; x < gw; x++) {
    let n = 0;
    for (let y = 0; y < gh; y++) n += inked[y * gw + x]!;
    if (n >= BORDER_INKED * gh) cols.push(x);
  }
  for (const y of rows) inked.fill(0, y * gw, (y + 1) * gw);
  for (const x of cols) for (let y = 0; y < gh; y++) inked[y * gw + x] = 0;
}

interface Region {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Inked cells in it. */
  cells: number;
}

/** Groups of inked cells within JOIN cells of one another. */
function regions(inked: Uint8Array, gw: number, gh: number): Region[] {
  const label = new Int32Array(gw * gh).fill(-1);
  const out: Region[] = [];
  const stack: number[] = [];
  for (let start = 0; start < inked.length; start++) {
    if (!inked[start] || label[start]! >= 0) continue;
    const id = out.length;
    const r: Region = { x0: gw, y0: gh, x1: -1, y1: -1, cells: 0 };
    out.push(r);
    label[start] = id;
    stack.push(start);
    while (stack.length > 0) {
      const i = stack.pop()!;
      const x = i % gw;
      const y = (i - x) / gw;
      r.cells++;
      if (x < r.x0) r.x0 = x;
      if (x > r.x1) r.x1 = x;
      if (y < r.y0) r.y0 = y;
      if (y > r.y1) r.y1 = y;
      for (let ny = Math.max(0, y - JOIN); ny <= Math.min(gh - 1, y + JOIN); ny++) {
        for (let nx = Math.max(0, x - JOIN); nx <= Math.min(gw - 1, x + JOIN); nx++) {
          const j = ny * gw + nx;
          if (inked[j] && label[j]! < 0) {
            label[j] = id;
            stack.push(j);
          }
        }
      }
    }
  }
  return out;
}
