// What a page draws besides text, from pdf.js's operator list: each raster image and each
// painted path, with its box on the upright page (points from the top-left) and the cues the
// figure stage reads (curves, diagonal strokes, fill colour). White paint is left out: it is
// how pages blank out areas, not something a reader sees.
import { OPS } from '../pdf/pdfjs.js';
import type { Matrix as M } from '../pdf/matrix.js';
import { DrawOp, FILL_PAINTS, isWhiteColour, STROKE_PAINTS, walkOperators, type OperatorList } from '../pdf/operator-walk.js';
import type { Rect } from '../page-model.js';

const { MOVE, LINE, CURVE, QUAD, CLOSE } = DrawOp;
const IMAGE_OPS = new Set<number>([OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageXObjectRepeat]);

/** More path segments than this on a page: the drawing is summarised by its boxes only. */
const MAX_SEGMENTS = 200_000;

export interface PageImage {
  box: Rect;
  /** An image mask (a stencil painted in the fill colour, e.g. a scanned signature or logo). */
  mask: boolean;
}

export interface PagePath {
  box: Rect;
  stroked: boolean;
  filled: boolean;
  /** Fill colour as pdf.js reports it (`#rrggbb`), when filled. */
  fill?: string;
  /** Bézier pieces in the path. */
  curves: number;
  /** Straight pieces that are neither horizontal nor vertical. */
  diagonals: number;
  /** Straight pieces in all. */
  segments: number;
  /** The path is one axis-aligned rectangle. */
  rect: boolean;
}

export interface PageGraphics {
  images: PageImage[];
  paths: PagePath[];
}

function boxOf(m: M, x0: number, y0: number, x1: number, y1: number): Rect {
  const ax = m[0] * x0 + m[2] * y0 + m[4];
  const bx = m[0] * x1 + m[2] * y0 + m[4];
  const cx = m[0] * x0 + m[2] * y1 + m[4];
  const dx = m[0] * x1 + m[2] * y1 + m[4];
  const ay = m[1] * x0 + m[3] * y0 + m[5];
  const by = m[1] * x1 + m[3] * y0 + m[5];
  const cy = m[1] * x0 + m[3] * y1 + m[5];
  const dy = m[1] * x1 + m[3] * y1 + m[5];
  return { left: Math.min(ax, bx, cx, dx), top: Math.min(ay, by, cy, dy), right: Math.max(ax, bx, cx, dx), bottom: Math.max(ay, by, cy, dy) };
}

/** Images and painted paths on the page; `view` maps PDF space onto the upright page. */
export function pageGraphics(ops: OperatorList, view: number[]): PageGraphics {
  const images: PageImage[] = [];
  const paths: PagePath[] = [];
  let budget = MAX_SEGMENTS;
  walkOperators(ops, view, (fn, args, gs) => {
    if (IMAGE_OPS.has(fn) || fn === OPS.paintImageMaskXObject) {
      images.push({ box: boxOf(gs.ctm, 0, 0, 1, 1), mask: fn === OPS.paintImageMaskXObject });
      return;
    }
    if (fn !== OPS.constructPath || !args) return;
    const paint = args[0] as number;
    const stroked = STROKE_PAINTS.has(paint) && !isWhiteColour(gs.stroke);
    const filled = FILL_PAINTS.has(paint) && !isWhiteColour(gs.fill);
    if (!stroked && !filled) return;
    const minMax = args[2] as ArrayLike<number> | null;
    const data = (args[1] as ArrayLike<number>[] | null)?.[0];
    if (!minMax || minMax.length < 4 || !Number.isFinite(minMax[0])) return;
    const path: PagePath = {
      box: boxOf(gs.ctm, minMax[0]!, minMax[1]!, minMax[2]!, minMax[3]!),
      stroked,
      filled,
      ...(filled ? { fill: gs.fill } : {}),
      curves: 0,
      diagonals: 0,
      segments: 0,
      rect: false,
    };
    if (data && budget > 0) budget -= describe(data, gs.ctm, path);
    paths.push(path);
  });
  return { images, paths };
}

/** Counts a path's curves and straight pieces (on the page, so a rotated page's lines stay
 *  horizontal or vertical) and whether it is one rectangle. Returns the pieces read. */
function describe(data: ArrayLike<number>, m: M, path: PagePath): number {
  const tx = (x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
  let start: [number, number] = [0, 0];
  let at: [number, number] = [0, 0];
  let moves = 0;
  let pieces = 0;
  const straight = (to: [number, number]) => {
    const dx = Math.abs(to[0] - at[0]);
    const dy = Math.abs(to[1] - at[1]);
    if (dx > 0.5 || dy > 0.5) {
      path.segments++;
      if (dx > 0.5 && dy > 0.5 && Math.min(dx, dy) / Math.max(dx, dy) > 0.05) path.diagonals++;
    }
    at = to;
  };
  for (let k = 0; k < data.length; ) {
    const op = data[k]!;
    pieces++;
    if (op === MOVE) {
      moves++;
      at = start = tx(data[k + 1]!, data[k + 2]!);
      k += 3;
    } else if (op === LINE) {
      straight(tx(data[k + 1]!, data[k + 2]!));
      k += 3;
    } else if (op === CURVE) {
      path.curves++;
      at = tx(data[k + 5]!, data[k + 6]!);
      k += 7;
    } else if (op === QUAD) {
      path.curves++;
      at = tx(data[k + 3]!, data[k + 4]!);
      k += 5;
    } else if (op === CLOSE) {
      straight(start);
      k += 1;
    } else break;
  }
  path.rect = moves === 1 && path.curves === 0 && path.diagonals === 0 && path.segments >= 3 && path.segments <= 5;
  return pieces;
}
