// The page model every stage reads and adds to: runs of text from the PDF text layer (or OCR),
// grouped into lines and blocks, in reading order. Later stages (tables, figures, furniture,
// OCR) add their own blocks to a page before rendering.
import type { BlockType, BoundingBox } from '../../shared/parse-contract.js';
import type { FigureCandidate } from './figures/detect.js';
import type { Segment } from './tables/types.js';

/** Direction a run of text reads in, on the upright page (y grows downwards). */
export type Orientation = 0 | 90 | 180 | 270;

/** OCR confidence (0–1) from which a word counts as read: fainter ones may be handwriting, or
 *  a picture's marks misread as letters. */
export const CONFIDENT_WORD = 0.5;

export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** A piece of text in one font, as drawn on the page. */
export interface TextRun {
  text: string;
  /** Box on the upright page, in points from the top-left. */
  box: Rect;
  /** Position in the run's reading frame (text reads left to right, y down). */
  x0: number;
  x1: number;
  baseline: number;
  top: number;
  bottom: number;
  fontSize: number;
  fontName: string;
  bold: boolean;
  italic: boolean;
  monospace: boolean;
  rtl: boolean;
  orientation: Orientation;
  /** Drawn with the invisible text render mode (typical of OCR layers). */
  invisible: boolean;
  /** The text layer put a space between this run and the previous one. */
  spaceBefore: boolean;
  /** The run's own text had white space at its left / right edge (on the page). */
  spaceLeft?: boolean;
  spaceRight?: boolean;
  /** OCR confidence 0–1, absent for text-layer runs (see CONFIDENT_WORD). */
  confidence?: number;
  /** OCR runs: the recognised line the word was read in, numbered in the OCR engine's reading
   *  order over the page, and the text block (column region) that line belongs to. */
  ocrLine?: number;
  ocrBlock?: number;
}

/** Runs sharing a baseline and close enough to be read as one line. */
export interface Line {
  runs: TextRun[];
  text: string;
  box: Rect;
  x0: number;
  x1: number;
  baseline: number;
  top: number;
  bottom: number;
  fontSize: number;
  bold: boolean;
  italic: boolean;
  monospace: boolean;
  rtl: boolean;
  orientation: Orientation;
}

export interface ListMarker {
  marker: string;
  ordered: boolean;
}

/** A located block of content, before ids and contract shaping. */
export interface PageBlock {
  type: BlockType;
  /** Lines of a text-like block, in reading order. */
  lines: Line[];
  box: Rect;
  /** Heading level for heading blocks (1 = title). */
  level?: number;
  list?: ListMarker;
  /** Markdown for blocks rendered by their own stage (tables, figures). */
  markdown?: string;
  /** Plain text for non-text blocks. */
  text?: string;
  details?: Record<string, unknown>;
  /** Whether the block is left out of the markdown body (page furniture). */
  outOfBody?: boolean;
  /** The figure a `figure` block shows (its picture is clipped after layout). */
  figure?: FigureCandidate;
}

/** An AcroForm field on the page: its full name, kind, value (a check box's state as a
 *  boolean, a multi-select list's choices as an array) and box on the upright page. */
export interface FormField {
  name: string;
  kind: 'text' | 'checkbox' | 'radio' | 'choice' | 'signature' | 'button';
  value: string | string[] | boolean | null;
  box: Rect;
}

export interface PageModel {
  number: number;
  width: number;
  height: number;
  /** Clockwise degrees from the page as the file stores it to the upright page every coordinate
   *  is on: the page's own /Rotate, plus the quarter turn OCR found to read a scan upright. */
  rotation: number;
  runs: TextRun[];
  blocks: PageBlock[];
  /** Form fields, when the document has an AcroForm. */
  formFields?: FormField[];
  /** Horizontal and vertical rules drawn on the page (read when the page may hold a table). */
  rulings?: Segment[];
  /** Figures found in the page's drawing (images, charts, logos, handwriting). */
  figures?: FigureCandidate[];
  /** Renders regions of the page (upright points) to PNG bytes, while the document is open. */
  clipRegions?: (boxes: Rect[]) => Promise<Uint8Array[]>;
}

export { quarterTurn } from '../../shared/parse-values.js';

export function toBoundingBox(r: Rect): BoundingBox {
  return { left: round2(r.left), top: round2(r.top), right: round2(r.right), bottom: round2(r.bottom) };
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

export function unionRects(rects: Rect[]): Rect {
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const r of rects) {
    if (r.left < left) left = r.left;
    if (r.top < top) top = r.top;
    if (r.right > right) right = r.right;
    if (r.bottom > bottom) bottom = r.bottom;
  }
  if (left === Infinity) return { left: 0, top: 0, right: 0, bottom: 0 };
  return { left, top, right, bottom };
}

/** A box's area (0 for an empty or inverted box). */
export function rectArea(r: Rect): number {
  return Math.max(0, r.right - r.left) * Math.max(0, r.bottom - r.top);
}

/** The area two boxes share. */
export function overlapArea(a: Rect, b: Rect): number {
  return Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) * Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
}
