// Ruling lines seen in a page image (a scan, or a page rendered for OCR): long, thin, dark
// horizontal and vertical strokes, so ruled tables on OCRed pages are found by the lattice
// detector as on digital pages. The image is binarised (Otsu, kept below the paper's tone) and
// shrunk to about 150 dpi (a block is ink when any of its pixels is, so hairlines survive). In
// each row, dark runs of a few points (one-pixel breaks bridged) are pieces; pieces overlapping
// in consecutive rows form strokes, kept when thin (ink per unit of length) and nearly level,
// with a least-squares line through them (slight skew is followed). Strokes in line across gaps
// of a few points are chained (dashed or broken rules). A chain is a rule when it is long and
// mostly inked, the ink across it is a rule's thickness nearly everywhere (text stems and bowls
// run further), and it is clear of ink alongside: a solid rule on at least one side, a dashed or
// broken one on both sides and right beside its pieces, with evenly spaced dashes. Vertical
// rules are found the same way on the transposed image; a short one that meets no horizontal
// rule is dropped (tall letters). About 25 ms of one core for a 300-dpi letter page.
import { pageTone, type GrayImage } from '../image/gray.js';
import { joinRuns, RowRuns } from '../image/runs.js';
import type { Segment } from '../tables/types.js';

/** Resolution the detector works at (pixels per inch). */
const WORK_DPI = 150;
/** Breaks in a stroke bridged within a row (points): scanner dropouts, anti-aliasing. */
const BRIDGE = 0.5;
/** Shortest dark run taken as a piece of a rule (points). */
const PIECE_MIN = 2.5;
/** Shortest rule kept (points). */
const MIN_LENGTH = 24;
/** A vertical rule that meets no horizontal one must be this long (points): tall letters
 *  (a heading's "l" or "I") are shorter. */
const LONE_VERTICAL = 54;
/** Thickest rule (points of ink per unit of length): thicker strokes are text or fills. */
const MAX_THICK = 2.5;
/** Widest gap between the pieces of one dashed or broken rule (points). */
const MAX_GAP = 5;
/** Steepest lean followed (about 2 degrees). */
const MAX_SLOPE = 0.035;
/** Distance from a rule's edge at which the image must be clear of ink (points). */
const CLEARANCE = 1.5;
/** Share of ink allowed alongside a rule, on either side: solid, and dashed or broken. */
const SOLID_SIDE_INK = 0.5;
const GAPPED_SIDE_INK = 0.2;
/** Share of a rule's inked columns where the ink across it is no thicker than a rule. */
const MIN_THIN = 0.85;
/** Share of a broken or dashed rule's length with ink right beside it. */
const ATTACHED_INK = 0.1;
/** Fewest pieces of a dashed rule ("= = =" is not one). */
const MIN_DASHES = 4;
/** A chain this much inked is solid. */
const SOLID = 0.9;
/** Least share of a chain's length inked. */
const MIN_COVER = 0.5;
/** More rules than this is a drawing (line art, a map), not tables. */
const MAX_RULES = 4000;

/** A binarised image: 1 for ink. */
interface Binary {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A rule found along the rows of a binary image, in its pixels: from `a0` to `a1` (exclusive)
 *  along the row, centred on `pos` across. */
interface Rule {
  pos: number;
  a0: number;
  a1: number;
}


/** Binarises and shrinks by `f` (a block is ink when any of its pixels is); the result and
 *  its transpose (for the vertical rules), written together as ink is sparse. */
function binarise(img: GrayImage, f: number, thr: number): [Binary, Binary] {
  const { width: w, height: h, data: src } = img;
  const W = Math.ceil(w / f);
  const H = Math.ceil(h / f);
  const out = new Uint8Array(W * H);
  const outT = new Uint8Array(W * H);
  if (f === 2) {
    // The usual case (300-dpi pages): two rows and two columns at a time.
    for (let y = 0; y < h; y += 2) {
      const s0 = y * w;
      const s1 = y + 1 < h ? s0 + w : s0;
      const by = y >> 1;
      const d = by * W;
      for (let x = 0; x < w; x += 2) {
        const x1 = x + 1 < w ? x + 1 : x;
        if (src[s0 + x]! < thr || src[s0 + x1]! < thr || src[s1 + x]! < thr || src[s1 + x1]! < thr) {
          out[d + (x >> 1)] = 1;
          outT[(x >> 1) * H + by] = 1;
        }
      }
    }
  } else {
    const col = new Int32Array(w);
    for (let x = 0; x < w; x++) col[x] = (x / f) | 0;
    for (let y = 0; y < h; y++) {
      const s = y * w;
      const by = (y / f) | 0;
      const d = by * W;
      for (let x = 0; x < w; x++) {
        if (src[s + x]! < thr) {
          out[d + col[x]!] = 1;
          outT[col[x]! * H + by] = 1;
        }
      }
    }
  }
  return [
    { width: W, height: H, data: out },
    { width: H, height: W, data: outT },
  ];
}

interface Params {
  bridge: number;
  pieceMin: number;
  minLength: number;
  maxThick: number;
  maxGap: number;
  clearance: number;
}

/** A stroke: connected pieces, with a least-squares line through their centres. */
interface Stroke {
  a0: number;
  a1: number;
  ink: number;
  /** Position across at a0 and at a1. */
  p0: number;
  p1: number;
}

/** Dark runs of `pieceMin` or more along each row, grouped into strokes (runs that overlap
 *  in consecutive rows), of which the thin, nearly level ones are returned. */
function strokes(b: Binary, p: Params): Stroke[] {
  const { width: W, height: H, data } = b;
  const runs = new RowRuns(H);
  for (let y = 0; y < H; y++) {
    runs.beginRow(y);
    const row = y * W;
    let x = 0;
    while (x < W) {
      if (data[row + x] === 0) {
        x++;
        continue;
      }
      const s = x;
      let e = x;
      x++;
      while (x < W) {
        if (data[row + x] !== 0) e = x;
        else if (x - e > p.bridge) break;
        x++;
      }
      if (e + 1 - s >= p.pieceMin) runs.add(y, s, e + 1);
    }
  }
  runs.end();
  const root = joinRuns(runs);
  const { count: n, rows: ry, starts: r0, ends: r1 } = runs;
  // Per stroke (at its root): extent, ink, and weighted sums for the line through the runs'
  // centres.
  const a0 = new Int32Array(n).fill(0x7fffffff);
  const a1 = new Int32Array(n);
  const sw = new Float64Array(n);
  const sx = new Float64Array(n);
  const sy = new Float64Array(n);
  const sxx = new Float64Array(n);
  const sxy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = root[i]!;
    const len = r1[i]! - r0[i]!;
    const cx = (r0[i]! + r1[i]!) / 2;
    const y = ry[i]! + 0.5;
    if (r0[i]! < a0[r]!) a0[r] = r0[i]!;
    if (r1[i]! > a1[r]!) a1[r] = r1[i]!;
    sw[r]! += len;
    sx[r]! += len * cx;
    sy[r]! += len * y;
    sxx[r]! += len * cx * cx;
    sxy[r]! += len * cx * y;
  }
  const out: Stroke[] = [];
  for (let i = 0; i < n; i++) {
    if (root[i] !== i) continue;
    const s = { a0: a0[i]!, a1: a1[i]!, w: sw[i]!, sx: sx[i]!, sy: sy[i]!, sxx: sxx[i]!, sxy: sxy[i]! };
    const extent = s.a1 - s.a0;
    if (s.w / extent > p.maxThick) continue;
    const mx = s.sx / s.w;
    const my = s.sy / s.w;
    const vx = s.sxx / s.w - mx * mx;
    const slope = vx > 1 ? (s.sxy / s.w - mx * my) / vx : 0;
    if (Math.abs(slope) > MAX_SLOPE) continue;
    out.push({ a0: s.a0, a1: s.a1, ink: s.w, p0: my + slope * (s.a0 - mx), p1: my + slope * (s.a1 - mx) });
  }
  return out;
}

/** Share of ink along the line from (a0, p0) to (a1, p1), shifted across by `off`. */
function sideInk(b: Binary, a0: number, a1: number, p0: number, p1: number, off: number): number {
  const { width: W, height: H, data } = b;
  let ink = 0;
  let total = 0;
  const slope = a1 > a0 ? (p1 - p0) / (a1 - a0) : 0;
  for (let x = Math.max(0, a0); x < Math.min(W, a1); x++) {
    const y = Math.floor(p0 + slope * (x + 0.5 - a0) + off);
    total++;
    if (y >= 0 && y < H && data[y * W + x] !== 0) ink++;
  }
  return total === 0 ? 0 : ink / total;
}

/** Along a chain's line: the columns with ink on it (within a pixel), and of those, the ones
 *  where the ink across the line is no thicker than `maxThick`. */
function profile(b: Binary, c: Chain, maxThick: number): { inked: number; thin: number } {
  const { width: W, height: H, data } = b;
  const slope = c.a1 > c.a0 ? (c.p1 - c.p0) / (c.a1 - c.a0) : 0;
  const limit = Math.round(maxThick);
  let inked = 0;
  let thin = 0;
  for (let x = Math.max(0, c.a0); x < Math.min(W, c.a1); x++) {
    const yc = Math.floor(c.p0 + slope * (x + 0.5 - c.a0));
    let y = -1;
    for (const d of [0, -1, 1]) {
      const yy = yc + d;
      if (yy >= 0 && yy < H && data[yy * W + x] !== 0) {
        y = yy;
        break;
      }
    }
    if (y < 0) continue;
    inked++;
    let top = y;
    while (top > 0 && data[(top - 1) * W + x] !== 0 && y - top <= limit) top--;
    let bottom = y;
    while (bottom < H - 1 && data[(bottom + 1) * W + x] !== 0 && bottom - top < limit) bottom++;
    if (bottom - top + 1 <= limit) thin++;
  }
  return { inked, thin };
}

/** Whether the gaps of a dashed line are about equal (the first and last may be shorter, where
 *  a rule crosses the dashes). */
function even(gaps: number[]): boolean {
  const inner = gaps.length > 3 ? gaps.slice(1, -1) : gaps;
  const sorted = [...inner].sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1]!;
  return sorted.at(-1)! - sorted[0]! <= Math.max(2, 0.5 * median);
}

interface Chain {
  a0: number;
  a1: number;
  p0: number;
  p1: number;
  inked: number;
  ink: number;
  pieces: number;
  /** Gaps between consecutive pieces. */
  gaps: number[];
}

/** Rules along the rows of a binary image: strokes chained across short gaps, kept when long,
 *  mostly inked and clear of ink alongside. */
function rowRules(b: Binary, p: Params): Rule[] {
  const list = strokes(b, p).sort((s, t) => s.a0 - t.a0);
  const done: Chain[] = [];
  // Chains still open, by position across (buckets wider than the distance a piece may be off).
  const tol = Math.max(1.5, p.maxThick / 2);
  const B = Math.ceil(tol + 1);
  const buckets = new Map<number, Chain[]>();
  const key = (pos: number) => Math.floor(pos / B);
  const put = (c: Chain) => {
    const k = key(c.p1);
    const list = buckets.get(k);
    if (list) list.push(c);
    else buckets.set(k, [c]);
  };
  for (const s of list) {
    let best: Chain | undefined;
    let bestD = Infinity;
    const k = key(s.p0);
    for (let kk = k - 1; kk <= k + 1; kk++) {
      const bucket = buckets.get(kk);
      if (!bucket) continue;
      for (let i = bucket.length - 1; i >= 0; i--) {
        const c = bucket[i]!;
        const gap = s.a0 - c.a1;
        // Too far behind to take more pieces: closed.
        if (gap > p.maxGap) {
          bucket.splice(i, 1);
          continue;
        }
        if (gap < -p.pieceMin) continue;
        const slope = c.a1 - c.a0 > 4 * p.pieceMin ? (c.p1 - c.p0) / (c.a1 - c.a0) : 0;
        const d = Math.abs(c.p1 + slope * (s.a0 - c.a1) - s.p0);
        if (d <= tol && d < bestD) {
          best = c;
          bestD = d;
        }
      }
    }
    if (best) {
      const bucket = buckets.get(key(best.p1))!;
      bucket.splice(bucket.indexOf(best), 1);
      best.p1 = s.p1;
      best.inked += s.a1 - s.a0;
      best.ink += s.ink;
      best.pieces++;
      best.gaps.push(Math.max(0, s.a0 - best.a1));
      best.a1 = Math.max(best.a1, s.a1);
      put(best);
    } else {
      const c: Chain = { a0: s.a0, a1: s.a1, p0: s.p0, p1: s.p1, inked: s.a1 - s.a0, ink: s.ink, pieces: 1, gaps: [] };
      done.push(c);
      put(c);
    }
  }
  const out: Rule[] = [];
  for (const c of done) {
    const extent = c.a1 - c.a0;
    if (extent < p.minLength || c.inked < MIN_COVER * extent) continue;
    if (Math.abs(c.p1 - c.p0) > MAX_SLOPE * extent + 1) continue;
    const { inked, thin } = profile(b, c, p.maxThick);
    const cover = inked / extent;
    // Along a rule the ink across is its thickness; along text, stems and bowls run further.
    if (cover < MIN_COVER || thin < MIN_THIN * inked) continue;
    const half = c.ink / c.inked / 2;
    const off = half + p.clearance;
    const above = sideInk(b, c.a0, c.a1, c.p0, c.p1, -off);
    const below = sideInk(b, c.a0, c.a1, c.p0, c.p1, off);
    if (c.pieces === 1 && cover >= SOLID) {
      // Solid: text may come close on one side (a table's cells), not along both.
      if (Math.max(above, below) > SOLID_SIDE_INK) continue;
    } else {
      // Broken or dashed: clear on both sides, with nothing attached to its pieces (letters'
      // stems and bars carry bowls, arches and serifs), and dashes evenly spaced.
      if (Math.max(above, below) > GAPPED_SIDE_INK) continue;
      const near = half + 1.5;
      if (Math.max(sideInk(b, c.a0, c.a1, c.p0, c.p1, -near), sideInk(b, c.a0, c.a1, c.p0, c.p1, near)) > ATTACHED_INK) continue;
      if (cover < SOLID && (c.pieces < MIN_DASHES || !even(c.gaps))) continue;
    }
    out.push({ pos: (c.p0 + c.p1) / 2, a0: c.a0, a1: c.a1 });
  }
  return out;
}

/** The detector's sizes in pixels, at `px` pixels per point. */
function paramsAt(px: number): Params {
  return {
    bridge: Math.max(1, Math.round(BRIDGE * px)),
    pieceMin: Math.max(3, Math.round(PIECE_MIN * px)),
    minLength: MIN_LENGTH * px,
    maxThick: Math.max(2, MAX_THICK * px),
    maxGap: Math.max(2, Math.round(MAX_GAP * px)),
    clearance: Math.max(2, Math.round(CLEARANCE * px)),
  };
}

/** Ruling lines in a grayscale page image scanned or rendered at `dpi`, as segments in points
 *  from the image's top-left (72 per inch); `ink`: its ink level, when known (pageTone). */
export function imageRulings(img: GrayImage, dpi: number, ink = pageTone(img).ink): Segment[] {
  if (img.width < 2 || img.height < 2 || !(dpi > 0)) return [];
  const f = Math.max(1, Math.round(dpi / WORK_DPI));
  const px = dpi / f / 72;
  const [bin, binT] = binarise(img, f, ink);
  const params = paramsAt(px);
  const hs = rowRules(bin, params);
  const vs = rowRules(binT, params);
  const tol = 3;
  const meets = (v: Rule) => hs.some((h) => v.pos >= h.a0 - tol && v.pos <= h.a1 + tol && h.pos >= v.a0 - tol && h.pos <= v.a1 + tol);
  const keptV = vs.filter((v) => v.a1 - v.a0 >= LONE_VERTICAL * px || meets(v));
  if (hs.length + keptV.length > MAX_RULES) return [];
  const k = 1 / px;
  return [
    ...hs.map((h) => ({ x0: h.a0 * k, y0: h.pos * k, x1: h.a1 * k, y1: h.pos * k })),
    ...keptV.map((v) => ({ x0: v.pos * k, y0: v.a0 * k, x1: v.pos * k, y1: v.a1 * k })),
  ];
}

/** Segments on an image of `width` × `height` (points) after the image is turned clockwise by
 *  `turn`: where they lie on the upright page. */
export function turnSegments(segments: Segment[], turn: 0 | 90 | 180 | 270, width: number, height: number): Segment[] {
  if (turn === 0) return segments;
  const map = (x: number, y: number): [number, number] =>
    turn === 90 ? [height - y, x] : turn === 180 ? [width - x, height - y] : [y, width - x];
  return segments.map((s) => {
    const [ax, ay] = map(s.x0, s.y0);
    const [bx, by] = map(s.x1, s.y1);
    return { x0: Math.min(ax, bx), y0: Math.min(ay, by), x1: Math.max(ax, bx), y1: Math.max(ay, by) };
  });
}
