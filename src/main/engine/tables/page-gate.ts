// Whether a page's text could hold a table, decided from its runs alone, so the operator list
// (a second pass over the content stream) is read for ruling lines only on such pages.
import type { TextRun } from '../page-model.js';

/** Rows with a wide gap between two runs needed before the page's rules are read. */
const MIN_SPLIT_ROWS = 3;

/** True when at least a few text rows are split by wide gaps (cells side by side). */
export function mayHoldTable(runs: TextRun[]): boolean {
  const rows = new Map<string, TextRun[]>();
  for (const r of runs) {
    const key = `${r.orientation}:${Math.round(r.baseline / 2)}`;
    const row = rows.get(key);
    if (row) row.push(r);
    else rows.set(key, [r]);
  }
  let split = 0;
  for (const row of rows.values()) {
    if (row.length < 2) continue;
    row.sort((a, b) => a.x0 - b.x0);
    for (let i = 1; i < row.length; i++) {
      if (row[i]!.x0 - row[i - 1]!.x1 >= 0.8 * row[i]!.fontSize) {
        split++;
        break;
      }
    }
    if (split >= MIN_SPLIT_ROWS) return true;
  }
  return false;
}
