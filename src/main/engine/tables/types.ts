// Shapes shared by the table detectors: ruling segments from the page's drawing, and the
// table grid they build (cells with spans, on the upright page).
import type { Orientation, Rect, TextRun } from '../page-model.js';

/** An axis-aligned ruling line on the upright page, in points from the top-left. A horizontal
 *  segment has y0 === y1 and x0 < x1; a vertical one x0 === x1 and y0 < y1. */
export interface Segment {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** An edge of a filled box larger than a rule (cell shading), not a line drawn as a rule. */
  edge?: boolean;
}

/** One cell of a detected table: its place in the grid, its spans and its text. */
export interface TableCell {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  text: string;
  /** Box on the upright page. */
  box: Rect;
}

/** A table found on a page, before it becomes a block. */
export interface DetectedTable {
  /** How it was found: from ruling lines, or from the alignment of words. */
  kind: 'lattice' | 'stream';
  rowCount: number;
  columnCount: number;
  /** Cells in row-major order; a spanning cell appears once, at its top-left slot. */
  cells: TableCell[];
  /** Rows at the top that head the columns. */
  headerRows: number;
  box: Rect;
  orientation: Orientation;
  /** Column edges in the table's reading frame (columnCount + 1 values), to join a table that
   *  continues on the next page. */
  columnEdges: number[];
  /** Columns drawn only by the edges of cell shading, inside rules drawn along the rows: weak
   *  evidence, used only where the text's alignment makes no table. */
  fallback?: boolean;
  /** Runs of other orientations read into its cells (heads set sideways). */
  absorbed?: TextRun[];
}
