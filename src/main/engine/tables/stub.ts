// Row labels outside a ruled grid: a table whose rules start at its first column of figures
// often prints the labels of its rows (the stub) to the left of the rules, unruled. Text left
// of the grid that sits row by row inside the grid's ruled rows, one line per row, close to
// the grid and with nothing else beside the grid above, below or between those rows, is read
// as the table's first column.
import type { TextRun } from '../page-model.js';
import { runCentre } from './cell-text.js';
import { maxOf, minOf } from '../extent.js';

/** Labels found left of a grid: the runs of each fine row, and the x where the column starts. */
export interface StubColumn {
  left: number;
  rows: Map<number, TextRun[]>;
}

/** Farthest (in ems) the labels may keep from the grid's left rule. */
const MAX_GAP_EM = 3;
/** Fewest labelled rows. */
const MIN_ROWS = 3;

/**
 * The stub column left of a grid with rule positions `xs` (columns) and `ys` (rows), or null.
 * `runs` are the page's runs in the grid's reading frame; `textRows` the number of fine rows
 * of the grid that hold text.
 */
export function stubColumn(runs: TextRun[], xs: number[], ys: number[], textRows: number, ruleXs: Array<{ x: number; y0: number; y1: number }>): StubColumn | null {
  const left = xs[0]!;
  const top = ys[0]!;
  const bottom = ys.at(-1)!;
  const beside = runs.filter((r) => r.x1 <= left + 1 && r.text.trim() !== '');
  const within = (r: TextRun) => {
    const [, cy] = runCentre(r);
    return cy > top && cy < bottom;
  };
  const cand = beside.filter(within);
  if (cand.length < MIN_ROWS) return null;
  const em = maxOf(cand, (r) => r.fontSize);
  const rows = new Map<number, TextRun[]>();
  for (const r of cand) {
    const [, cy] = runCentre(r);
    const k = ys.findIndex((y) => y > cy) - 1;
    // Each label sits inside one ruled row.
    if (k < 0 || r.top < ys[k]! - 1 || r.bottom > ys[k + 1]! + 1) return null;
    const list = rows.get(k);
    if (list) list.push(r);
    else rows.set(k, [r]);
  }
  if (rows.size < MIN_ROWS || rows.size < 0.5 * textRows) return null;
  for (const list of rows.values()) {
    // One line per row, its pieces close together (not a second column of text).
    list.sort((a, b) => a.x0 - b.x0);
    for (let i = 1; i < list.length; i++) {
      if (Math.abs(list[i]!.baseline - list[0]!.baseline) > 0.4 * em || list[i]!.x0 - list[i - 1]!.x1 > 1.5 * em) return null;
    }
  }
  const x0 = minOf(cand, (r) => r.x0);
  const x1 = maxOf(cand, (r) => r.x1);
  if (left - x1 > MAX_GAP_EM * em) return null;
  // Labels cut off from the grid by a rule belong to something else (another ruled table).
  if (ruleXs.some((v) => v.x > x0 && v.x < left - 2 && v.y1 > top && v.y0 < bottom)) return null;
  // Text running on above or below the grid beside it is a column of prose, not labels.
  const near = 1.5 * em;
  const runsOn = beside.some((r) => !within(r) && r.x1 > x0 && r.x0 < left && r.bottom > top - near && r.top < bottom + near);
  return runsOn ? null : { left: x0 - 1, rows };
}
