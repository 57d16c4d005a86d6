// How big the text of a page image is in pixels, to tell pictures whose print is too small for
// recognition (screenshots, low-resolution scans and photos taken from afar) from proper scans.
//
// The image is thresholded at Otsu's level and its ink is gathered into connected pieces
// (8-connected, from the runs of ink on each row: image/runs.ts); pieces the size of a
// character are kept (at least 3 pixels tall and 6 pixels of ink, at most a tenth of the image's
// height and no wider than four times their height, so rules, boxes and pictures are left out),
// and the median of their heights stands for the text's size: most letters are x-height letters,
// so the median falls between x-height and cap height.
import { otsuLevel, sampledHistogram, type GrayImage } from '../image/gray.js';
import { joinRuns, RowRuns } from '../image/runs.js';

export interface TextSize {
  /** Median height of the character-sized pieces of ink (pixels; 0 when there are too few). */
  height: number;
  /** How many character-sized pieces were measured. */
  pieces: number;
}

/** Fewer character-sized pieces than this measure nothing. */
const MIN_PIECES = 20;

/** The median height of the character-sized pieces of ink on the image. */
export function measureTextSize(img: GrayImage): TextSize {
  const { width: w, height: h, data } = img;
  const { hist, n } = sampledHistogram(img);
  const level = otsuLevel(hist, n);
  // Runs of ink, row by row, joined with those of the row above that touch them (diagonals too).
  const runs = new RowRuns(h, 1 << 16);
  for (let y = 0; y < h; y++) {
    runs.beginRow(y);
    const row = y * w;
    let x = 0;
    while (x < w) {
      while (x < w && data[row + x]! > level) x++;
      if (x >= w) break;
      const s = x;
      while (x < w && data[row + x]! <= level) x++;
      runs.add(y, s, x);
    }
  }
  runs.end();
  const root = joinRuns(runs, 1);
  const { count, rows, starts, ends } = runs;
  // Each piece's extent and ink.
  const top = new Int32Array(count).fill(h);
  const bottom = new Int32Array(count).fill(-1);
  const left = new Int32Array(count).fill(w);
  const right = new Int32Array(count).fill(-1);
  const ink = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const r = root[i]!;
    const y = rows[i]!;
    if (y < top[r]!) top[r] = y;
    if (y > bottom[r]!) bottom[r] = y;
    if (starts[i]! < left[r]!) left[r] = starts[i]!;
    if (ends[i]! > right[r]!) right[r] = ends[i]!;
    ink[r] = ink[r]! + ends[i]! - starts[i]!;
  }
  const heights: number[] = [];
  const tallest = Math.max(3, h / 10);
  for (let r = 0; r < count; r++) {
    if (root[r] !== r) continue;
    const ph = bottom[r]! - top[r]! + 1;
    const pw = right[r]! - left[r]!;
    if (ph < 3 || ink[r]! < 6 || ph > tallest || pw > 4 * ph) continue;
    heights.push(ph);
  }
  if (heights.length < MIN_PIECES) return { height: 0, pieces: heights.length };
  heights.sort((a, b) => a - b);
  return { height: heights[heights.length >> 1]!, pieces: heights.length };
}

/** Text whose median piece is shorter than this (pixels) is enlarged before recognition:
 *  8 pixels (a 96-dpi picture of a 9-point invoice) loses whole labels and digits, which
 *  read right at twice the size; 14 pixels (a receipt's dot-matrix print) reads no better. */
const SMALL_TEXT = 11;
/** Below this, three times. */
const TINY_TEXT = 6;
/** An enlarged image stays within this many pixels (a 300-dpi page of A4 is 8.7 million). */
const MAX_PIXELS = 20_000_000;
/** Enlarging by less than this is not worth its cost. */
const MIN_FACTOR = 1.4;

/** How many times to enlarge an image for recognition: 1 when its text is big enough (or
 *  there is too little of it to measure), 2 or 3 for small print, within MAX_PIXELS. */
export function enlargeFactor(img: GrayImage, size: TextSize = measureTextSize(img)): number {
  if (size.height === 0 || size.height >= SMALL_TEXT) return 1;
  const wanted = size.height < TINY_TEXT ? 3 : 2;
  const factor = Math.min(wanted, Math.sqrt(MAX_PIXELS / (img.width * img.height)));
  return factor >= MIN_FACTOR ? factor : 1;
}
