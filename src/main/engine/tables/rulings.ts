// Ruling lines from a page's drawing: pdf.js's operator list (5.x packs each path into one
// constructPath op: [paintOp, [Float32Array of DrawOPS codes and coordinates], minMax]),
// turned into axis-aligned segments on the upright page. Stroked lines and rectangle edges
// count, and so do thin filled rectangles (the usual way tables are drawn by office tools).
// A larger filled box (cell shading) gives its edges, marked as such: in a grid ruled along its
// rows with no vertical rule of its own, the table detector does not take them as its columns
// unless the text's alignment makes no table; a piece inside a same-coloured box gives none.
import { OPS } from '../pdf/pdfjs.js';
import type { Segment } from './types.js';
import type { Matrix as M } from '../pdf/matrix.js';
import { DrawOp, FILL_PAINTS, STROKE_PAINTS, walkOperators, type OperatorList } from '../pdf/operator-walk.js';

const { MOVE, LINE, CURVE, QUAD, CLOSE } = DrawOp;

/** A filled rectangle thinner than this (points) is drawn as a line. */
const THIN = 3;
/** How far from axis-aligned (points over the segment) a line may lean. */
const SKEW = 1;
/** Shortest segment kept (points). */
const MIN_LENGTH = 3;
/** More path points than this on a page is a drawing (a map, a chart), not a table grid. */
const MAX_POINTS = 400_000;

/** How many of the latest shading boxes a new one is checked against (cell pieces follow
 *  their cell's box closely). */
const RECENT_BOXES = 64;

/** A filled box larger than a rule, and its colour. */
interface ShadeBox {
  left: number;
  right: number;
  top: number;
  bottom: number;
  colour: string;
}

/** Where a path's segments go, and the shading boxes drawn so far. */
interface Sink {
  out: Segment[];
  boxes: ShadeBox[];
  colour: string;
}

/** Only pure white paint is invisible here (light shading still draws a cell's edges). */
const isWhite = (c: string) => c === '#ffffff';

/** Axis-aligned segments drawn on the page; `view` maps PDF space onto the upright page. */
export function rulingSegments(ops: OperatorList, view: number[]): Segment[] {
  const out: Segment[] = [];
  const boxes: ShadeBox[] = [];
  let points = 0;
  let tooMany = false;
  walkOperators(ops, view, (fn, args, gs) => {
    if (fn !== OPS.constructPath || !args) return;
    const paint = args[0] as number;
    const stroke = STROKE_PAINTS.has(paint) && !isWhite(gs.stroke);
    const fill = FILL_PAINTS.has(paint) && !isWhite(gs.fill);
    if (!stroke && !fill) return;
    const data = (args[1] as ArrayLike<number>[] | null)?.[0];
    if (!data) return;
    points += data.length;
    if (points > MAX_POINTS) {
      tooMany = true;
      return false;
    }
    addPath(data, gs.ctm, stroke, fill, { out, boxes, colour: gs.fill });
  });
  return tooMany ? [] : out;
}

/** A subpath's points as x, y pairs (reused from path to path: most pages draw thousands). */
let coords = new Float64Array(256);

function addPath(data: ArrayLike<number>, m: M, stroke: boolean, fill: boolean, sink: Sink): void {
  const [a, b, c, d, e, f] = m;
  let n = 0;
  let curved = false;
  const flush = () => {
    // A curved subpath is neither a rule nor a box.
    if (n >= 4 && !curved) addSubpath(coords, n >> 1, stroke, fill, sink);
    n = 0;
    curved = false;
  };
  /** Appends a point already on the page. */
  const push = (x: number, y: number) => {
    if (n + 2 > coords.length) {
      const grown = new Float64Array(coords.length * 2);
      grown.set(coords);
      coords = grown;
    }
    coords[n++] = x;
    coords[n++] = y;
  };
  const add = (x: number, y: number) => push(a * x + c * y + e, b * x + d * y + f);
  for (let k = 0; k < data.length; ) {
    const op = data[k]!;
    if (op === MOVE) {
      flush();
      add(data[k + 1]!, data[k + 2]!);
      k += 3;
    } else if (op === LINE) {
      add(data[k + 1]!, data[k + 2]!);
      k += 3;
    } else if (op === CURVE) {
      curved = true;
      add(data[k + 5]!, data[k + 6]!);
      k += 7;
    } else if (op === QUAD) {
      curved = true;
      add(data[k + 3]!, data[k + 4]!);
      k += 5;
    } else if (op === CLOSE) {
      if (n > 0) push(coords[0]!, coords[1]!);
      k += 1;
    } else break;
  }
  flush();
}

/** One straight subpath of `count` points (x, y pairs in `pts`). */
function addSubpath(pts: Float64Array, count: number, stroke: boolean, fill: boolean, sink: Sink): void {
  const out = sink.out;
  let left = Infinity;
  let right = -Infinity;
  let top = Infinity;
  let bottom = -Infinity;
  for (let i = 0; i < 2 * count; i += 2) {
    const x = pts[i]!;
    const y = pts[i + 1]!;
    if (x < left) left = x;
    if (x > right) right = x;
    if (y < top) top = y;
    if (y > bottom) bottom = y;
  }
  const w = right - left;
  const h = bottom - top;
  if (fill && isBox(pts, count, left, right, top, bottom)) {
    // A thin filled bar is a rule; a larger filled box (cell shading) gives its edges.
    if (h <= THIN && w >= MIN_LENGTH) out.push({ x0: left, y0: (top + bottom) / 2, x1: right, y1: (top + bottom) / 2 });
    else if (w <= THIN && h >= MIN_LENGTH) out.push({ x0: (left + right) / 2, y0: top, x1: (left + right) / 2, y1: bottom });
    else if (!stroke && w >= MIN_LENGTH && h >= MIN_LENGTH && !insideShading(sink, left, right, top, bottom)) pushEdges(left, right, top, bottom, out);
    if (!stroke) return;
  }
  if (!stroke) return;
  for (let i = 2; i < 2 * count; i += 2) {
    const ax = pts[i - 2]!;
    const ay = pts[i - 1]!;
    const bx = pts[i]!;
    const by = pts[i + 1]!;
    if (Math.abs(ay - by) <= SKEW && Math.abs(bx - ax) >= MIN_LENGTH) {
      const y = (ay + by) / 2;
      out.push({ x0: Math.min(ax, bx), y0: y, x1: Math.max(ax, bx), y1: y });
    } else if (Math.abs(ax - bx) <= SKEW && Math.abs(by - ay) >= MIN_LENGTH) {
      const x = (ax + bx) / 2;
      out.push({ x0: x, y0: Math.min(ay, by), x1: x, y1: Math.max(ay, by) });
    }
  }
}

/** Whether a filled box lies inside a box of the same colour drawn just before: a piece of one
 *  cell's shading (office tools fill a cell, then each line of its text again), whose edges
 *  draw no boundary. Records the box otherwise. */
function insideShading(sink: Sink, left: number, right: number, top: number, bottom: number): boolean {
  const e = 0.5;
  const inside = sink.boxes.some(
    (b) => b.colour === sink.colour && left >= b.left - e && right <= b.right + e && top >= b.top - e && bottom <= b.bottom + e,
  );
  if (inside) return true;
  sink.boxes.push({ left, right, top, bottom, colour: sink.colour });
  if (sink.boxes.length > RECENT_BOXES) sink.boxes.shift();
  return false;
}

function pushEdges(left: number, right: number, top: number, bottom: number, out: Segment[]): void {
  out.push({ x0: left, y0: top, x1: right, y1: top, edge: true });
  out.push({ x0: left, y0: bottom, x1: right, y1: bottom, edge: true });
  out.push({ x0: left, y0: top, x1: left, y1: bottom, edge: true });
  out.push({ x0: right, y0: top, x1: right, y1: bottom, edge: true });
}

/** Whether a closed polygon is an axis-aligned rectangle (every point on its bounding box's corners). */
function isBox(pts: Float64Array, count: number, left: number, right: number, top: number, bottom: number): boolean {
  if (count < 4 || count > 6) return false;
  const e = 0.6;
  for (let i = 0; i < 2 * count; i += 2) {
    const x = pts[i]!;
    const y = pts[i + 1]!;
    if (!((Math.abs(x - left) <= e || Math.abs(x - right) <= e) && (Math.abs(y - top) <= e || Math.abs(y - bottom) <= e))) return false;
  }
  return true;
}

/** Whether a segment is horizontal (on the upright page). */
export function isHorizontal(s: Segment): boolean {
  return s.y0 === s.y1;
}
