// Unruled tables read the way the text-edge table finders read them: columns from the body
// rows' alignment (a header line whose words head several columns is split among them),
// stacked header lines kept as rows, and a title on the table's left edge taken as its top row.
import { describe, expect, it } from 'vitest';
import type { Block } from '../../../../src/shared/parse-contract.js';
import { parseDocument } from '../../../../src/main/engine/parse.js';
import { textOps } from '../../../helpers/make-table-pdf.js';
import { makePdf } from '../../../helpers/make-pdf.js';
import { parseHtmlTables, toGrid } from '../../../eval/tables-scoring.js';

type Item = { text: string; x: number; y: number };

async function tables(items: Item[]): Promise<Array<{ block: Block; grid: string[][] }>> {
  const bytes = makePdf({ pages: [{ content: Buffer.from(textOps(items), 'latin1') }] });
  const run = await parseDocument(bytes, { blockOptions: { tables: { targetFormat: 'html' } } });
  expect(run.status).toBe('PROCESSED');
  return run.chunks
    .flatMap((c) => c.blocks)
    .filter((b) => b.type === 'table')
    .map((block) => ({ block, grid: toGrid(parseHtmlTables(block.content)[0] ?? []) }));
}

/** Body rows: a label at x 72 and three figures in narrow columns centred on 210, 250, 290. */
function body(y0: number): Item[] {
  const rows = [
    ['North', '12.5', '40.1', '33.0'],
    ['South', '10.2', '38.7', '29.4'],
    ['East', '11.9', '41.3', '30.8'],
    ['West', '13.4', '39.9', '31.6'],
  ];
  return rows.flatMap((r, i) => r.map((text, c) => ({ text, x: c === 0 ? 72 : 200 + (c - 1) * 40, y: y0 - i * 14 })));
}

/** A word centred on x (Helvetica 10 pt widths, near enough). */
function centred(text: string, x: number, y: number, width: number): Item {
  return { text, x: x - width / 2, y };
}

describe('unruled table columns and header rows', () => {
  it('splits a header line whose words head several narrow columns', async () => {
    // "Amount", "Weight" and "Volume" lie 7 pt apart: the line builder joins them into one
    // fragment that runs over the white space between the figures' columns.
    const head = [{ text: 'Region', x: 72, y: 700 }, centred('Amount', 210, 700, 34.5), centred('Weight', 250, 700, 31.1), centred('Volume', 290, 700, 33.9)];
    const found = await tables([...head, ...body(686)]);
    expect(found).toHaveLength(1);
    expect(found[0]!.block.details).toMatchObject({ columnCount: 4, rowCount: 5, detection: 'stream' });
    expect(found[0]!.grid[0]).toEqual(['Region', 'Amount', 'Weight', 'Volume']);
    expect(found[0]!.grid[1]).toEqual(['North', '12.5', '40.1', '33.0']);
  });

  it('keeps the lines of a stacked header as rows of their own', async () => {
    const head = [
      centred('Gross', 210, 714, 28),
      centred('Net', 290, 714, 17),
      centred('sales', 210, 704, 25),
      centred('share', 250, 704, 26),
      centred('sales', 290, 704, 25),
      { text: 'Region', x: 72, y: 694 },
      centred('(EUR)', 210, 694, 29),
      centred('(%)', 250, 694, 16),
      centred('(EUR)', 290, 694, 29),
    ];
    const found = await tables([...head, ...body(680)]);
    expect(found).toHaveLength(1);
    const grid = found[0]!.grid;
    expect(grid.slice(0, 3)).toEqual([
      ['', 'Gross', '', 'Net'],
      ['', 'sales', 'share', 'sales'],
      ['Region', '(EUR)', '(%)', '(EUR)'],
    ]);
    expect(grid).toHaveLength(7);
  });

  it('takes a one-line title on the table left edge as its first row, not an indented one', async () => {
    // The first column's text keeps to x 72 in every row; the title starts there too.
    const head = [{ text: 'Region', x: 72, y: 700 }, centred('Amount', 210, 700, 34.5), centred('Weight', 250, 700, 31.1), centred('Volume', 290, 700, 33.9)];
    const onEdge = await tables([{ text: 'Table 4  Sales by region', x: 72, y: 718 }, ...head, ...body(686)]);
    expect(onEdge[0]!.grid[0]![0]).toBe('Table 4 Sales by region');
    expect(onEdge[0]!.grid[1]).toEqual(['Region', 'Amount', 'Weight', 'Volume']);
    const indented = await tables([{ text: 'Table 4  Sales by region', x: 120, y: 718 }, ...head, ...body(686)]);
    expect(indented[0]!.grid[0]).toEqual(['Region', 'Amount', 'Weight', 'Volume']);
  });

  it('leaves the last line of a paragraph above the table out of it', async () => {
    const head = [{ text: 'Region', x: 72, y: 700 }, centred('Amount', 210, 700, 34.5), centred('Weight', 250, 700, 31.1), centred('Volume', 290, 700, 33.9)];
    const para = [
      { text: 'The figures below give the sales of each region', x: 72, y: 742 },
      { text: 'over the year.', x: 72, y: 730 },
    ];
    const found = await tables([...para, ...head, ...body(686)]);
    expect(found[0]!.grid[0]).toEqual(['Region', 'Amount', 'Weight', 'Volume']);
  });

  it('gives text beyond the body columns, in a row with more pieces than most, a column of its own', async () => {
    const rows = [
      ['Plaintiff', ':'],
      ['Counsel', ':'],
      ['Court', ':', 'No. 07-1315'],
      ['Clerk', ':'],
      ['Reporter', ':'],
    ];
    const items = rows.flatMap((r, i) => r.map((text, c) => ({ text, x: [72, 200, 260][c]!, y: 700 - i * 14 })));
    const found = await tables(items);
    expect(found[0]!.block.details).toMatchObject({ columnCount: 3 });
    expect(found[0]!.grid[2]).toEqual(['Court', ':', 'No. 07-1315']);
    expect(found[0]!.grid[0]).toEqual(['Plaintiff', ':', '']);
  });
});

describe('narrow columns of running text', () => {
  it('reads two narrow columns of prose with a word in the gutter as text, not as a table', async () => {
    const left = ['the old town was walled', 'against the sea for ages', 'and its harbour grew rich', 'on the trade of the coast', 'while the hills behind it', 'kept the roads to the east', 'open in every season of', 'the year for merchants'];
    const right = ['several hundred rooms are', 'ready again in the hotels', 'and in private houses as', 'the travel companies come', 'back to the coast with the', 'first tours of the autumn', 'and the ferries return to', 'their summer timetable'];
    const items: Item[] = [
      ...left.map((text, i) => ({ text, x: 72, y: 700 - i * 12 })),
      ...right.map((text, i) => ({ text, x: 200, y: 700 - i * 12 })),
      // A stray fragment in the gutter (a drop cap, a speck read as a word by OCR).
      { text: 'I', x: 186, y: 664 },
    ];
    expect(await tables(items)).toEqual([]);
  });
});

describe('a table beside unrelated text', () => {
  it('finds a table set across a gutter from other text, with a wide gap between columns in step', async () => {
    // Facing pages: answers on the left page share baselines with some of the table's rows on
    // the right; in the table, the tick columns stand 15 ems from the longest label.
    const labels = ['Persons with disabilities', 'Children', 'Women', 'The elderly', 'Migrants'];
    const items: Item[] = [
      centred('Funded', 560, 714, 36),
      centred('CSOs', 600, 714, 25),
      ...labels.flatMap((text, i) => [
        { text, x: 300, y: 700 - i * 14 },
        { text: '*', x: 558, y: 700 - i * 14 },
        { text: '*', x: 598, y: 700 - i * 14 },
      ]),
      ...['Yes, at the national level', 'Yes, at the local level', 'No'].map((text, i) => ({ text, x: 40, y: 700 - i * 14 })),
    ];
    const found = await tables(items);
    expect(found).toHaveLength(1);
    expect(found[0]!.grid).toEqual([['', 'Funded', 'CSOs'], ...labels.map((l) => [l, '*', '*'])]);
    expect(found[0]!.block.boundingBox.left).toBeGreaterThan(290);
  });

  it('reads a table at the foot of its column after the text above it, before the page\'s foot', async () => {
    const items: Item[] = [
      { text: 'Which groups are served?', x: 300, y: 740 },
      ...['Children', 'Women', 'Migrants', 'Refugees'].flatMap((text, i) => [
        { text, x: 300, y: 700 - i * 14 },
        { text: '*', x: 470, y: 700 - i * 14 },
        { text: '*', x: 530, y: 700 - i * 14 },
      ]),
      { text: 'Annex', x: 40, y: 60 },
    ];
    const bytes = makePdf({ pages: [{ content: Buffer.from(textOps(items), 'latin1') }] });
    const run = await parseDocument(bytes, {});
    const order = run.chunks.flatMap((c) => c.blocks).map((b) => (b.type === 'table' ? 'table' : b.content));
    expect(order).toEqual(['Which groups are served?', 'table', 'Annex']);
  });
});
