// Whether a page's text could hold a table, decided from its runs alone, so the operator list
// (a second pass over the content stream) is read for ruling lines only on such pages.
import type { TextRun } from '../page-model.js';

/** Rows with a wide gap between two runs needed before the page's rules are read. */
const MIN_SPLIT_ROWS = 3;

/** Width of the buckets gap positions are counted in (points). */
const GAP_BUCKET = 6;

/** True when a few text rows are split by wide gaps at the same place (a column boundary)
 *  other than the page's column gutters: the gap most rows share is a layout's gutter (two- and
 *  three-column prose), not a table's column. */
export function mayHoldTable(runs: TextRun[]): boolean {
  const rows = new Map<string, TextRun[]>();
  for (const r of runs) {
    const key = `${r.orientation}:${Math.round(r.baseline / 2)}`;
    const row = rows.get(key);
    if (row) row.push(r);
    else rows.set(key, [r]);
  }
  const gapsByRow: number[][] = [];
  for (const row of rows.values()) {
    if (row.length < 2) continue;
    row.sort((a, b) => a.x0 - b.x0);
    const gaps: number[] = [];
    for (let i = 1; i < row.length; i++) {
      const left = row[i - 1]!;
      const right = row[i]!;
      // Lone glyphs spread apart (formulas, sub- and superscripts) are not cells side by side.
      if (left.text.trim().length < 2 || right.text.trim().length < 2) continue;
      if (right.x0 - left.x1 >= 0.8 * right.fontSize) gaps.push(Math.round((right.x0 + left.x1) / 2 / GAP_BUCKET));
    }
    if (gaps.length > 0) gapsByRow.push(gaps);
  }
  if (gapsByRow.length < MIN_SPLIT_ROWS) return false;
  // Gutters: gap positions (give or take a bucket) shared by more than half of the page's rows.
  const counts = new Map<number, number>();
  for (const gaps of gapsByRow) for (const g of new Set(gaps.flatMap((b) => [b - 1, b, b + 1]))) counts.set(g, (counts.get(g) ?? 0) + 1);
  const gutter = (b: number) => (counts.get(b) ?? 0) > rows.size / 2;
  // A table's column boundary: the same gap position (not a gutter) on several rows. Gaps that
  // fall anywhere (wide word spacing, formulas) do not line up.
  for (const [b, n] of counts) {
    if (n >= MIN_SPLIT_ROWS && !gutter(b)) return true;
  }
  // Three or more cells side by side on several rows.
  return gapsByRow.filter((gaps) => gaps.length >= 2).length >= MIN_SPLIT_ROWS;
}
