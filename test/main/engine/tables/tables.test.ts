import { describe, expect, it } from 'vitest';
import type { Block } from '../../../../src/shared/parse-contract.js';
import { parseDocument } from '../../../../src/main/engine/parse.js';
import { isKeyValueGrid } from '../../../../src/main/engine/tables/index.js';
import { cellText } from '../../../../src/main/engine/tables/cell-text.js';
import type { TextRun } from '../../../../src/main/engine/page-model.js';
import { makeTablePdf, textOps } from '../../../helpers/make-table-pdf.js';
import { makePdf } from '../../../helpers/make-pdf.js';

const ROWS = [
  ['Region', 'Sales', null],
  ['North', '120', '15%'],
  ['South', '80', '9%'],
  ['East', '45', '4%'],
];

async function blocks(bytes: Uint8Array, tables: Record<string, unknown> = {}): Promise<Block[]> {
  const run = await parseDocument(bytes, { blockOptions: { tables } });
  expect(run.status).toBe('PROCESSED');
  return run.chunks.flatMap((c) => c.blocks);
}

describe('ruled tables', () => {
  it('builds the grid from stroked rules, with a header cell spanning two columns', async () => {
    const bs = await blocks(makeTablePdf({ rows: ROWS, colWidths: [100, 80, 80], rules: 'stroke' }), { targetFormat: 'html' });
    const tables = bs.filter((b) => b.type === 'table');
    expect(tables).toHaveLength(1);
    expect(tables[0]!.details).toMatchObject({ rowCount: 4, columnCount: 3 });
    expect(tables[0]!.content).toContain('<th colspan="2">Sales</th>');
    expect(tables[0]!.content).toContain('<td>North</td><td>120</td><td>15%</td>');
  });

  it('reads rules drawn as thin filled rectangles, and renders GFM markdown', async () => {
    const bs = await blocks(makeTablePdf({ rows: ROWS, colWidths: [100, 80, 80], rules: 'fill' }));
    const table = bs.find((b) => b.type === 'table');
    expect(table?.content.split('\n')).toEqual(['| Region | Sales |  |', '| --- | --- | --- |', '| North | 120 | 15% |', '| South | 80 | 9% |', '| East | 45 | 4% |']);
    // The cells' text is not repeated as paragraphs.
    expect(bs.filter((b) => b.type === 'text' && b.content.includes('North'))).toHaveLength(0);
  });

  it('emits table_cell blocks with row, column and spans when cell blocks are on', async () => {
    const bs = await blocks(makeTablePdf({ rows: ROWS, colWidths: [100, 80, 80] }), { cellBlocksEnabled: true });
    const cells = bs.filter((b) => b.type === 'table_cell');
    expect(cells).toHaveLength(11);
    expect(cells.find((c) => c.content === 'Sales')?.details).toEqual({ rowIndex: 0, columnIndex: 1, rowSpan: 1, colSpan: 2 });
    expect(cells.find((c) => c.content === '9%')?.details).toEqual({ rowIndex: 2, columnIndex: 2, rowSpan: 1, colSpan: 1 });
  });

  it('reads a table on a page turned by /Rotate upright', async () => {
    const bs = await blocks(makeTablePdf({ rows: ROWS, colWidths: [100, 80, 80], rotate: 90 }));
    const table = bs.find((b) => b.type === 'table');
    expect(table?.content.split('\n')[2]).toBe('| North | 120 | 15% |');
  });

  it('finds no table when tables are turned off', async () => {
    const bs = await blocks(makeTablePdf({ rows: ROWS, colWidths: [100, 80, 80] }), { enabled: false });
    expect(bs.some((b) => b.type === 'table')).toBe(false);
  });
});

describe('unruled tables', () => {
  it('finds columns from aligned words and keeps a multi-line cell whole', async () => {
    const rows = [
      ['Item', 'Count', 'Share'],
      ['Apples', '120', '15%'],
      ['Pears', '80', '9%'],
      ['Plums', '45', '4%'],
      ['Cherries', '30', '3%'],
    ];
    // Row baselines; the Apples row has a second line ("red and green") in its first column.
    const ys = [700, 686, 662, 648, 634];
    const items = rows.flatMap((r, i) => r.map((text, c) => ({ text, x: 72 + c * 120, y: ys[i]! })));
    items.push({ text: 'red and green', x: 72, y: 675 });
    const bytes = makePdf({ pages: [{ content: Buffer.from(textOps(items), 'latin1') }] });
    const bs = await blocks(bytes, { targetFormat: 'html' });
    const table = bs.find((b) => b.type === 'table');
    expect(table?.details).toMatchObject({ rowCount: 5, columnCount: 3, detection: 'stream' });
    expect(table?.content).toContain('<td>Apples red and green</td><td>120</td>');
  });

  it('leaves prose alone', async () => {
    const prose = Array.from({ length: 12 }, (_, i) => ({ text: 'This is a line of ordinary prose that runs across the measure of the page.', x: 72, y: 700 - i * 14 }));
    const bs = await blocks(makePdf({ pages: [{ content: Buffer.from(textOps(prose), 'latin1') }] }));
    expect(bs.some((b) => b.type === 'table')).toBe(false);
  });
});

describe('key-value grids', () => {
  const cell = (row: number, col: number, text: string) => ({ row, col, rowSpan: 1, colSpan: 1, text, box: { left: 0, top: 0, right: 1, bottom: 1 } });
  const grid = (texts: string[][]) => ({
    kind: 'stream' as const,
    rowCount: texts.length,
    columnCount: texts[0]!.length,
    cells: texts.flatMap((row, r) => row.map((t, c) => cell(r, c, t))),
    headerRows: 0,
    box: { left: 0, top: 0, right: 1, bottom: 1 },
    orientation: 0 as const,
    columnEdges: [],
  });

  it('reads side-by-side "Label: value" pairs as a form layout, not a table', () => {
    expect(isKeyValueGrid(grid([['Issued: 2021-04-26', 'Sold: 2021-04-26'], ['Due: 2021-05-03', 'Payment: transfer']]))).toBe(true);
    expect(isKeyValueGrid(grid([['Item', 'Qty', 'Price'], ['Chair', '1', '70.00'], ['Desk', '2', '120.00']]))).toBe(false);
  });

  it('reads a row of labels over a row of values as a form layout', () => {
    expect(isKeyValueGrid(grid([['Invoice Date:', 'Due Date:', 'Reference:'], ['03/20/2023', '04/04/2023', 'CUSTREF123']]))).toBe(true);
    expect(isKeyValueGrid(grid([['Invoice Date:', 'Due Date:'], ['03/20/2023', '04/04/2023'], ['03/21/2023', '04/05/2023']]))).toBe(false);
  });
});

describe('cell text', () => {
  const run = (text: string, x0: number, rtl: boolean) =>
    ({ text, x0, x1: x0 + 30, baseline: 100, top: 90, bottom: 100, fontSize: 10, rtl, spaceBefore: false }) as unknown as TextRun;

  it('reads a right-to-left cell from its right edge', () => {
    // "کارگزاری آرمون بورس": the first word is drawn rightmost.
    expect(cellText([run('بورس', 10, true), run('آرمون', 50, true), run('کارگزاری', 90, true)])).toBe('کارگزاری آرمون بورس');
    expect(cellText([run('North', 10, false), run('region', 50, false)])).toBe('North region');
  });
});
