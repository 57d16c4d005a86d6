// One walk over a page's operator list with the graphics state the analysis stages need: the
// transformation onto the upright page (through saves, restores and form XObjects) and the
// fill and stroke colours. Tables (rules), figures (pictures and drawings) and the OCR
// decision (what a page paints) each read the operators they care about through it.
import { OPS } from './pdfjs.js';
import { multiply, type Matrix } from './matrix.js';
import { maxOf } from '../extent.js';

/** pdf.js DrawOPS codes inside a packed path (5.x: constructPath = [paintOp, [data], minMax]). */
export const DrawOp = { MOVE: 0, LINE: 1, CURVE: 2, QUAD: 3, CLOSE: 4 } as const;

/** Painting operators of a constructPath that stroke, and those that fill. */
export const STROKE_PAINTS = new Set<number>([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
export const FILL_PAINTS = new Set<number>([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);

export interface PaintState {
  /** PDF space → the upright page (points from the top-left). */
  ctm: Matrix;
  /** Fill and stroke colours as `#rrggbb`. */
  fill: string;
  stroke: string;
}

export interface OperatorList {
  fnArray: number[];
  argsArray: unknown[];
}

/** A pdf.js colour argument as `#rrggbb` (pdf.js gives hex strings; numbers are read too). */
function hexColour(args: unknown): string {
  const a = args as unknown[] | null;
  const v = a?.[0];
  if (typeof v === 'string') return v.length === 7 && !/[A-F]/.test(v) ? v : v.toLowerCase();
  if (a && a.length >= 1 && a.every((n) => typeof n === 'number')) {
    const n = a as number[];
    const to = (x: number) => Math.round(Math.max(0, Math.min(1, x > 1 ? x / 255 : x)) * 255).toString(16).padStart(2, '0');
    return n.length >= 3 ? `#${to(n[0]!)}${to(n[1]!)}${to(n[2]!)}` : `#${to(n[0]!).repeat(3)}`;
  }
  return '#000000';
}

/** Whether a colour is white or nearly (how pages blank out areas). */
export function isWhiteColour(c: string): boolean {
  if (!/^#[0-9a-f]{6}$/.test(c)) return false;
  return [1, 3, 5].every((i) => parseInt(c.slice(i, i + 2), 16) >= 0xf5);
}

/** A lookup from pdf.js operator code to a small code of the caller's (0 for every operator not
 *  listed): each entry is the code, then the operators that get it. */
export function operatorTable<T extends number>(entries: Array<[T, ...number[]]>): Uint8Array {
  const table = new Uint8Array(maxOf(Object.values(OPS)) + 1);
  for (const [code, ...ops] of entries) for (const op of ops) table[op] = code;
  return table;
}

/** What an operator does to the paint state, by operator code (one lookup instead of a chain
 *  of comparisons per operator). */
const enum Change {
  None,
  Save,
  Restore,
  Transform,
  FormBegin,
  FormEnd,
  Fill,
  Stroke,
}
const CHANGES = operatorTable<Change>([
  [Change.Save, OPS.save],
  [Change.Restore, OPS.restore],
  [Change.Transform, OPS.transform],
  [Change.FormBegin, OPS.paintFormXObjectBegin],
  [Change.FormEnd, OPS.paintFormXObjectEnd],
  [Change.Fill, OPS.setFillRGBColor, OPS.setFillGray, OPS.setFillCMYKColor],
  [Change.Stroke, OPS.setStrokeRGBColor, OPS.setStrokeGray, OPS.setStrokeCMYKColor],
]);

/** Calls `visit` for every operator that is not itself a state change, with the state in force
 *  (never changed in place: a change makes a new state, so a save keeps the state itself).
 *  `view` maps PDF space onto the upright page (a viewport's transform). `visit` returning
 *  false stops the walk. */
export function walkOperators(
  ops: OperatorList,
  view: number[],
  visit: (fn: number, args: unknown[] | null, state: Readonly<PaintState>) => void | false,
): void {
  let gs: PaintState = { ctm: view as Matrix, fill: '#000000', stroke: '#000000' };
  const stack: PaintState[] = [];
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i]!;
    const args = ops.argsArray[i] as unknown[] | null;
    // States are written out field by field: an object spread is several times slower, and
    // pages with thousands of colour changes and transforms make it show.
    switch (CHANGES[fn] ?? Change.None) {
      case Change.None:
        if (visit(fn, args, gs) === false) return;
        break;
      case Change.Save:
        stack.push(gs);
        break;
      case Change.Restore:
        gs = stack.pop() ?? gs;
        break;
      case Change.Transform:
        if (args) gs = { ctm: multiply(gs.ctm, args as Matrix), fill: gs.fill, stroke: gs.stroke };
        break;
      case Change.FormBegin: {
        stack.push(gs);
        // pdf.js gives a form's matrix as a Float32Array (or null).
        const m = args?.[0] as ArrayLike<number> | null | undefined;
        if (m && m.length === 6) gs = { ctm: multiply(gs.ctm, Array.from(m) as Matrix), fill: gs.fill, stroke: gs.stroke };
        break;
      }
      case Change.FormEnd:
        gs = stack.pop() ?? gs;
        break;
      case Change.Fill:
        gs = { ctm: gs.ctm, fill: hexColour(args), stroke: gs.stroke };
        break;
      case Change.Stroke:
        gs = { ctm: gs.ctm, fill: gs.fill, stroke: hexColour(args) };
        break;
    }
  }
}
