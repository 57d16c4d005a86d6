// Tables as GFM markdown (a spanning cell's text in its top-left slot, the slots it covers
// left empty) or as HTML with rowspan / colspan and header cells.
import type { DetectedTable, TableCell } from '../tables/types.js';

/** The table as a row-major grid of slots, each holding the cell that starts there (or null). */
export function tableGrid(t: Pick<DetectedTable, 'rowCount' | 'columnCount' | 'cells'>): Array<Array<TableCell | null>> {
  const grid: Array<Array<TableCell | null>> = Array.from({ length: t.rowCount }, () => Array<TableCell | null>(t.columnCount).fill(null));
  for (const c of t.cells) if (grid[c.row]) grid[c.row]![c.col] = c;
  return grid;
}

function mdCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
}

/** GFM markdown for a table; the first row is the header row. */
export function tableMarkdown(t: Pick<DetectedTable, 'rowCount' | 'columnCount' | 'cells'>): string {
  const grid = tableGrid(t);
  const rows = grid.map((row) => `| ${row.map((c) => mdCell(c?.text ?? '')).join(' | ')} |`);
  const rule = `| ${Array(t.columnCount).fill('---').join(' | ')} |`;
  return [rows[0] ?? '', rule, ...rows.slice(1)].join('\n');
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** HTML for a table: header rows in <thead> with <th>, spans as rowspan / colspan. */
export function tableHtml(t: Pick<DetectedTable, 'rowCount' | 'columnCount' | 'cells' | 'headerRows'>): string {
  const grid = tableGrid(t);
  const row = (cells: Array<TableCell | null>, tag: 'td' | 'th') =>
    '<tr>' +
    cells
      .filter((c): c is TableCell => c !== null)
      .map((c) => {
        const span = (c.rowSpan > 1 ? ` rowspan="${c.rowSpan}"` : '') + (c.colSpan > 1 ? ` colspan="${c.colSpan}"` : '');
        return `<${tag}${span}>${esc(c.text)}</${tag}>`;
      })
      .join('') +
    '</tr>';
  const head = grid.slice(0, t.headerRows).map((r) => row(r, 'th'));
  const body = grid.slice(t.headerRows).map((r) => row(r, 'td'));
  return `<table>${head.length > 0 ? `<thead>${head.join('')}</thead>` : ''}<tbody>${body.join('')}</tbody></table>`;
}

/** Plain text of a table: one line per row, cells separated by tabs. */
export function tableText(t: Pick<DetectedTable, 'rowCount' | 'columnCount' | 'cells'>): string {
  return tableGrid(t)
    .map((r) => r.map((c) => c?.text ?? '').join('\t'))
    .join('\n');
}
