// The tables stage: ruled tables from the page's rules, then unruled ones from the alignment
// of the remaining line fragments; each becomes a `table` block (markdown or HTML) that takes
// the place of the text lines it covers, with `table_cell` blocks when asked for.
import type { ParseConfig } from '../../../shared/parse-contract.js';
import { overlapArea, type Line, type Orientation, type PageBlock, type PageModel, type Rect } from '../page-model.js';
import { tableHtml, tableMarkdown, tableText } from '../render/table.js';
import { rectToPage } from './frame.js';
import { latticeTables } from './lattice.js';
import { streamTables } from './stream.js';
import type { DetectedTable } from './types.js';

export type TableOptions = ParseConfig['blockOptions']['tables'];

/** Tables found on a page, and the lines they take over. */
export interface PageTables {
  tables: DetectedTable[];
  /** Lines inside some table, by table index. */
  covered: Map<Line, number>;
}

function centreIn(r: Rect, box: Rect, pad = 1): boolean {
  const cx = (r.left + r.right) / 2;
  const cy = (r.top + r.bottom) / 2;
  return cx >= box.left - pad && cx <= box.right + pad && cy >= box.top - pad && cy <= box.bottom + pad;
}

/** "Label: value" in one cell. */
const LABELLED = /^[^:]{1,40}:\s*\S/;

/** A grid whose cells each hold their own "Label: value" pair (invoice headers: "Date: …",
 *  "Due: …" side by side), or a row of labels over a row of values, is a form layout, not a
 *  table: its pairs read as text (and become key_value blocks). */
export function isKeyValueGrid(t: DetectedTable): boolean {
  const filled = t.cells.filter((c) => c.text.trim() !== '');
  if (filled.length === 0) return false;
  // A row of labels ("Invoice Date:", "Due Date:") over a row of their values.
  const labels = filled.filter((c) => c.row === 0);
  if (t.rowCount === 2 && labels.length >= 2 && labels.every((c) => /^\p{L}[^:：]{0,39}[:：]$/u.test(c.text.trim()))) return true;
  if (t.columnCount > 4) return false;
  return filled.filter((c) => LABELLED.test(c.text.trim())).length >= 0.7 * filled.length;
}

/** Finds the tables on a laid-out page (lines already built). */
export function findTables(page: PageModel, lines: Line[]): PageTables {
  const ruled = latticeTables({ segments: page.rulings ?? [], runs: page.runs, width: page.width, height: page.height }).filter((t) => !isKeyValueGrid(t));
  const tables = ruled.filter((t) => !t.fallback);
  const covered = new Map<Line, number>();
  const claim = (t: DetectedTable, index: number) => {
    const absorbed = new Set(t.absorbed ?? []);
    for (const l of lines) {
      if (covered.has(l)) continue;
      if (l.orientation === t.orientation ? centreIn(l.box, t.box) : l.runs.every((r) => absorbed.has(r))) covered.set(l, index);
    }
  };
  tables.forEach(claim);
  for (const o of [0, 90, 180, 270] as Orientation[]) {
    // Right-to-left text is left to the reading-order stage (its gaps are not column gaps).
    const free = lines.filter((l) => l.orientation === o && !covered.has(l) && !l.rtl);
    if (free.length < 4) continue;
    const toPage = (r: Rect) => rectToPage(o, r, page.width, page.height);
    for (const t of streamTables(free, o, toPage)) {
      if (isKeyValueGrid(t)) continue;
      tables.push(t);
      claim(t, tables.length - 1);
    }
  }
  // Grids whose columns only shading draws, where the text's alignment made no table.
  for (const t of ruled.filter((r) => r.fallback)) {
    if (tables.some((p) => overlapArea(p.box, t.box) > 0)) continue;
    const { fallback: _, ...table } = t;
    tables.push(table);
    claim(table, tables.length - 1);
  }
  return { tables, covered };
}

/** The detected table behind each table block, for the stages after layout (a table that
 *  continues on the next page is matched by its columns). */
const detected = new WeakMap<PageBlock, DetectedTable>();

/** The table a table block was built from, if any. */
export function detectedTable(block: PageBlock): DetectedTable | undefined {
  return detected.get(block);
}

/** The table's block (and its cells' blocks when cell blocks are on). */
export function tableBlocks(t: DetectedTable, lines: Line[], options: TableOptions): PageBlock[] {
  const markdown = options.targetFormat === 'html' ? tableHtml(t) : tableMarkdown(t);
  const block: PageBlock = {
    type: 'table',
    lines,
    box: t.box,
    markdown,
    text: tableText(t),
    details: { rowCount: t.rowCount, columnCount: t.columnCount, headerRows: t.headerRows, detection: t.kind },
  };
  detected.set(block, t);
  const out = [block];
  if (options.cellBlocksEnabled) {
    for (const c of t.cells) {
      out.push({
        type: 'table_cell',
        lines: [],
        box: c.box,
        markdown: c.text,
        text: c.text,
        details: { rowIndex: c.row, columnIndex: c.col, rowSpan: c.rowSpan, colSpan: c.colSpan },
        outOfBody: true,
      });
    }
  }
  return out;
}
