// Small skew of a page image (a scan fed a little crooked), found by projection profiles: the
// image is shrunk to about 75 dpi, each cell keeping its share of ink (every other pixel row
// read); cells inside dense dark areas (photographs, filled boxes) are left out, so only
// strokes count. The ink is
// projected onto the rows of the page turned by each candidate angle within ±5°, and the angle
// where the profile is sharpest (largest sum of squared differences between neighbouring rows:
// text lines and the gaps between them) wins, searched coarse to fine. The same is done on the
// columns (a page lying on its side has its lines running down the page) and the sharper of
// the two is kept. Blank pages, and pages where no angle stands out (pictures, drawings, a
// word or two), read 0. About 35 ms of one core for a 300-dpi letter page (turning the image
// level, rotateGrayBy, about 60–70 ms more).
//
// Angle convention: degrees, positive when the page's content is turned clockwise as seen on
// screen (y down), i.e. a line of text that should be level runs downhill to the right.
// Turning the image by the negative of the angle makes it level.
import { otsuLevel, sampledHistogram, type GrayImage } from '../image/gray.js';

/** Largest skew looked for (degrees). */
const MAX_ANGLE = 5;
/** Resolution the profiles are taken at (pixels per inch). */
const WORK_DPI = 75;
/** Below this many inked cells (at WORK_DPI) a page is blank. */
const MIN_INK_CELLS = 150;
/** Local share of ink above which a cell lies in a picture or a filled area. */
const DENSE = 0.45;
/** Side of the window the local share of ink is measured over (inches). */
const DENSITY_WINDOW = 0.3;
/** The best angle's sharpness must beat the median angle's by this factor. */
const MIN_CONTRAST = 2.5;
/** Skews smaller than this (degrees) are not worth correcting. */
export const MIN_SKEW = 0.3;

export interface SkewEstimate {
  /** Degrees, clockwise positive (0 when none was found). */
  angle: number;
  /** Best angle's sharpness over the median angle's (1 when there was nothing to measure). */
  contrast: number;
}

/** Otsu's threshold over a sample of the image, kept between ink and paper. */
function threshold(img: GrayImage): number {
  const { hist, n } = sampledHistogram(img);
  return Math.min(170, Math.max(90, otsuLevel(hist, n)));
}

/** Inked cells of the shrunk image as parallel arrays (x, y in cells; weight 0–1). */
interface Ink {
  xs: Float32Array;
  ys: Float32Array;
  ws: Float32Array;
  n: number;
  width: number;
  height: number;
}

function inkCells(img: GrayImage, dpi: number): Ink | undefined {
  const f = Math.max(1, Math.round(dpi / WORK_DPI));
  const cw = Math.floor(img.width / f);
  const ch = Math.floor(img.height / f);
  if (cw < 8 || ch < 8) return undefined;
  const t = threshold(img);
  const count = new Uint16Array(cw * ch);
  const { width: w, data } = img;
  // Every other row of pixels in a cell is enough for its share of ink (and halves the
  // reading); every cell reads the same rows.
  const rowStep = f >= 2 ? 2 : 1;
  for (let cy = 0; cy < ch; cy++) {
    const crow = cy * cw;
    for (let k = 0; k < f; k += rowStep) {
      for (let cx = 0, x = (cy * f + k) * w; cx < cw; cx++) {
        let c = 0;
        for (let j = 0; j < f; j++, x++) if (data[x]! < t) c++;
        if (c > 0) count[crow + cx] = count[crow + cx]! + c;
      }
    }
  }
  let inked = 0;
  for (let i = 0; i < count.length; i++) if (count[i]! > 0) inked++;
  if (inked < MIN_INK_CELLS) return undefined;
  // Local share of ink (integral image over a window of DENSITY_WINDOW inches).
  const r = Math.max(2, Math.round((DENSITY_WINDOW * (dpi / f)) / 2));
  const sat = new Float64Array((cw + 1) * (ch + 1));
  for (let y = 0; y < ch; y++) {
    let acc = 0;
    for (let x = 0; x < cw; x++) {
      acc += count[y * cw + x]!;
      sat[(y + 1) * (cw + 1) + x + 1] = sat[y * (cw + 1) + x + 1]! + acc;
    }
  }
  const full = Math.ceil(f / rowStep) * f;
  const xs = new Float32Array(inked);
  const ys = new Float32Array(inked);
  const ws = new Float32Array(inked);
  let n = 0;
  for (let y = 0; y < ch; y++) {
    const y0 = Math.max(0, y - r);
    const y1 = Math.min(ch, y + r + 1);
    for (let x = 0; x < cw; x++) {
      const c = count[y * cw + x]!;
      if (c === 0) continue;
      const x0 = Math.max(0, x - r);
      const x1 = Math.min(cw, x + r + 1);
      const s = sat[y1 * (cw + 1) + x1]! - sat[y0 * (cw + 1) + x1]! - sat[y1 * (cw + 1) + x0]! + sat[y0 * (cw + 1) + x0]!;
      if (s / ((y1 - y0) * (x1 - x0) * full) > DENSE) continue;
      xs[n] = x + 0.5;
      ys[n] = y + 0.5;
      ws[n] = c / full;
      n++;
    }
  }
  if (n < MIN_INK_CELLS) return undefined;
  return { xs, ys, ws, n, width: cw, height: ch };
}

/** Sharpness of the profile across `a` (ink projected onto u·cos − v·sin, one bin per cell)
 *  for a content skew of `deg`: sum of squared differences between neighbouring bins. */
function sharpness(a: Float32Array, b: Float32Array, ws: Float32Array, n: number, span: number, deg: number, bins: Float64Array): number {
  const t = (deg * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  const offset = span * Math.abs(sin) + 1;
  const size = Math.min(bins.length, Math.ceil(offset + span * (cos + Math.abs(sin))) + 2);
  bins.fill(0, 0, size);
  for (let i = 0; i < n; i++) {
    const p = a[i]! * cos - b[i]! * sin + offset;
    const k = Math.floor(p);
    // Split between the two nearest bins, so the score changes smoothly with the angle.
    const frac = p - k;
    const w = ws[i]!;
    bins[k] = bins[k]! + w * (1 - frac);
    bins[k + 1] = bins[k + 1]! + w * frac;
  }
  let s = 0;
  for (let k = 1; k < size; k++) {
    const d = bins[k]! - bins[k - 1]!;
    s += d * d;
  }
  return s;
}

/** Coarse steps over ±MAX_ANGLE: the best angle, its sharpness, and its contrast over the
 *  median angle's. */
function coarse(score: (deg: number) => number): { deg: number; s: number; contrast: number } {
  const tried: { deg: number; s: number }[] = [];
  for (let deg = -MAX_ANGLE; deg <= MAX_ANGLE + 1e-9; deg += 0.5) tried.push({ deg, s: score(deg) });
  const best = tried.reduce((p, c) => (c.s > p.s ? c : p));
  const sorted = tried.map((c) => c.s).sort((x, y) => x - y);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return { ...best, contrast: median > 0 ? best.s / median : 1 };
}

/** Finer steps around a coarse best angle. */
function refine(score: (deg: number) => number, start: { deg: number; s: number }): number {
  let best = start;
  for (const [step, reach] of [
    [0.1, 0.4],
    [0.025, 0.075],
  ] as const) {
    const centre = best.deg;
    for (let deg = centre - reach; deg <= centre + reach + 1e-9; deg += step) {
      if (Math.abs(deg) > MAX_ANGLE + 0.5 || Math.abs(deg - centre) < 1e-9) continue;
      const s = score(deg);
      if (s > best.s) best = { deg, s };
    }
  }
  return best.deg;
}

/** Skew of a page image at `dpi` (see the angle convention above); 0 when blank or unclear. */
export function estimateSkew(img: GrayImage, dpi: number): SkewEstimate {
  const ink = inkCells(img, dpi);
  if (!ink) return { angle: 0, contrast: 1 };
  const { xs, ys, ws, n, width, height } = ink;
  const span = Math.max(width, height);
  const bins = new Float64Array(Math.ceil(2 * Math.hypot(width, height)) + 8);
  // Rows: a line skewed clockwise by θ is level in y·cos θ − x·sin θ.
  const rowScore = (deg: number) => sharpness(ys, xs, ws, n, span, deg, bins);
  // Columns (a page on its side): a column skewed clockwise by θ is straight in x·cos θ + y·sin θ.
  const colScore = (deg: number) => sharpness(xs, ys, ws, n, span, -deg, bins);
  const rows = coarse(rowScore);
  const cols = coarse(colScore);
  const [best, score] = cols.contrast > rows.contrast ? [cols, colScore] : [rows, rowScore];
  if (best.contrast < MIN_CONTRAST) return { angle: 0, contrast: best.contrast };
  const angle = refine(score, best);
  // An angle at the edge of the range is not a skew that was found but one that was cut off.
  if (Math.abs(angle) >= MAX_ANGLE - 0.25) return { angle: 0, contrast: best.contrast };
  return { angle: Math.round(angle * 1000) / 1000, contrast: best.contrast };
}

/** A point of an image turned by `deg` (rotateGrayBy: canvas `w2` × `h2`) back on the image
 *  before the turn (`w` × `h`): turned by −deg about the centres. */
export function unturnPoint(x: number, y: number, deg: number, w2: number, h2: number, w: number, h: number): [number, number] {
  const t = (-deg * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  const dx = x - w2 / 2;
  const dy = y - h2 / 2;
  return [w / 2 + dx * cos - dy * sin, h / 2 + dx * sin + dy * cos];
}
