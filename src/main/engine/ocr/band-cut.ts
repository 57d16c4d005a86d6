// Where to cut a tall page image in two bands that two OCR workers read in about the same time.
//
// tesseract's time has two parts. Finding the lines (its page layout analysis) follows the ink's
// detail, which a row shows as strokes: runs of ink along it. Reading the lines (its line
// recogniser, most of the time) scales every text line to one height and reads along it, so a
// line costs about its length over its height, whatever the type size: the page's ink, reduced
// so a word's letters run together, shows that as connected pieces, each piece of text height
// counting its width over its height, and pieces too small (specks, a photograph's screen dots)
// or too tall (a photograph, a dark scanner edge) for text counting nothing. The cut is sought
// midway between the row that halves the strokes and the row that halves the text. Strokes
// alone gave a headline's tall letters and a halftone photograph too much weight (a magazine
// page cut a fifth too low, one band a third slower than the other); text alone, too little
// (measured on the UNLV magazine pages, both ways, one process alternating the cuts).
import { otsuLevel, sampledHistogram, type GrayImage } from '../image/gray.js';
import type { Rect } from '../page-model.js';

/** The cut is looked for this near (a fraction of the page's height) the target row (a cut
 *  through text costs a little overlap; unequal bands cost more), and within this middle part
 *  of the page. */
const SPLIT_REACH = 0.03;
const SPLIT_WINDOW: [number, number] = [0.3, 0.7];
/** A cut through this many blank rows in a row (pixels) crosses no glyph. */
const SPLIT_MIN_GAP = 6;
/** Reduced pixels per inch for finding the pieces of text (letters of a word join up). */
const REDUCED_DPI = 100;
/** Heights (inches) of a piece of text: from a small letter to a large headline. */
const TEXT_HEIGHT_INCHES: [number, number] = [0.04, 1];

export interface BandCut {
  row: number;
  /** A blank run at least SPLIT_MIN_GAP rows tall lies around the row: nothing is cut. */
  clean: boolean;
}

/** The cut: the middle of the blank run nearest the target row (see above), or failing one
 *  (columns whose lines are not level, a picture or a dark edge across the page) the row with
 *  the least ink there, nearest among equals. */
export function bandCut(img: GrayImage, dpi: number): BandCut {
  const { height: h } = img;
  const { inkPerRow, strokesPerRow, textPerRow } = inkAndText(img, dpi);
  const byStrokes = halfway(strokesPerRow);
  const byText = halfway(textPerRow);
  const half = Math.round(byText === undefined ? (byStrokes ?? h / 2) : ((byStrokes ?? byText) + byText) / 2);
  const target = Math.min(Math.ceil(h * SPLIT_WINDOW[1]), Math.max(Math.floor(h * SPLIT_WINDOW[0]), half));
  const from = Math.max(Math.floor(h * SPLIT_WINDOW[0]), target - Math.floor(SPLIT_REACH * h));
  const to = Math.min(Math.ceil(h * SPLIT_WINDOW[1]), target + Math.ceil(SPLIT_REACH * h));
  let blank: number | undefined;
  let quiet = from;
  let runStart = -1;
  for (let y = from; y <= to; y++) {
    const count = y < to ? inkPerRow[y]! : -1;
    if (count >= 0 && (count < inkPerRow[quiet]! || (count === inkPerRow[quiet]! && Math.abs(y - target) < Math.abs(quiet - target)))) quiet = y;
    if (count === 0) {
      if (runStart < 0) runStart = y;
      continue;
    }
    if (runStart >= 0) {
      const mid = Math.floor((runStart + y) / 2);
      if (y - runStart >= SPLIT_MIN_GAP && (blank === undefined || Math.abs(mid - target) < Math.abs(blank - target))) blank = mid;
      runStart = -1;
    }
  }
  return blank !== undefined ? { row: blank, clean: true } : { row: quiet, clean: false };
}

/** The first row with half the total above it (undefined when the total is nothing). */
function halfway(perRow: ArrayLike<number>): number | undefined {
  let total = 0;
  for (let y = 0; y < perRow.length; y++) total += perRow[y]!;
  for (let y = 0, seen = 0; y < perRow.length && total > 0; y++) {
    seen += perRow[y]!;
    if (seen >= total / 2) return y;
  }
  return undefined;
}

/** Dark pixels and strokes (runs of dark pixels) of each row, and the text each row holds: every
 *  piece of text's width over its height, put on the row through its middle. */
function inkAndText(img: GrayImage, dpi: number): { inkPerRow: Uint32Array; strokesPerRow: Uint32Array; textPerRow: Float64Array } {
  const { width: w, height: h, data } = img;
  const { hist, n } = sampledHistogram(img);
  const ink = otsuLevel(hist, n);
  const f = Math.max(1, Math.round(dpi / REDUCED_DPI));
  const rw = Math.ceil(w / f);
  const rh = Math.ceil(h / f);
  // Reduced image: a cell is dark when any of its pixels is.
  const dark = new Uint8Array(rw * rh);
  const inkPerRow = new Uint32Array(h);
  const strokesPerRow = new Uint32Array(h);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    const cells = Math.floor(y / f) * rw;
    let count = 0;
    let strokes = 0;
    let before = 0;
    for (let cell = 0, x = 0; cell < rw; cell++) {
      const end = Math.min(w, x + f);
      let any = 0;
      for (; x < end; x++) {
        const isInk = data[row + x]! <= ink ? 1 : 0;
        count += isInk;
        strokes += isInk & (before ^ 1);
        before = isInk;
        any |= isInk;
      }
      if (any) dark[cells + cell] = 1;
    }
    inkPerRow[y] = count;
    strokesPerRow[y] = strokes;
  }
  const textPerRow = new Float64Array(h);
  const [minH, maxH] = TEXT_HEIGHT_INCHES.map((inches) => (inches * dpi) / f) as [number, number];
  for (const box of pieces(dark, rw, rh)) {
    const height = box.bottom - box.top + 1;
    if (height < minH || height > maxH) continue;
    const middle = Math.min(h - 1, Math.round(((box.top + box.bottom + 1) / 2) * f));
    textPerRow[middle]! += (box.right - box.left + 1) / height;
  }
  return { inkPerRow, strokesPerRow, textPerRow };
}

/** Bounding boxes of the 8-connected dark pieces of a binary image, labelled run by run (a run
 *  of dark cells joins every run of the row above that touches it, corners included). */
export function pieces(dark: Uint8Array, w: number, h: number): Rect[] {
  const parent: number[] = [];
  const boxes: Rect[] = [];
  const find = (a: number): number => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]!]!;
      a = parent[a]!;
    }
    return a;
  };
  // Runs of the row above and of this row: start, end (inclusive), label.
  let above: number[] = [];
  for (let y = 0; y < h; y++) {
    const row = y * w;
    const runs: number[] = [];
    let p = 0;
    for (let x = 0; x < w; x++) {
      if (!dark[row + x]) continue;
      const start = x;
      while (x + 1 < w && dark[row + x + 1]) x++;
      const end = x;
      while (p < above.length && above[p + 1]! < start - 1) p += 3;
      let label = -1;
      for (let q = p; q < above.length && above[q]! <= end + 1; q += 3) {
        const other = find(above[q + 2]!);
        if (label < 0) label = other;
        else if (other !== label) {
          const [keep, drop] = other < label ? [other, label] : [label, other];
          parent[drop] = keep;
          const a = boxes[keep]!;
          const b = boxes[drop]!;
          a.left = Math.min(a.left, b.left);
          a.top = Math.min(a.top, b.top);
          a.right = Math.max(a.right, b.right);
          a.bottom = Math.max(a.bottom, b.bottom);
          label = keep;
        }
      }
      if (label < 0) {
        label = parent.length;
        parent.push(label);
        boxes.push({ left: start, top: y, right: end, bottom: y });
      } else {
        const box = boxes[label]!;
        if (start < box.left) box.left = start;
        if (end > box.right) box.right = end;
        box.bottom = y;
      }
      runs.push(start, end, label);
    }
    above = runs;
  }
  return boxes.filter((_, label) => parent[label] === label);
}
