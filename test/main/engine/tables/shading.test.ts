// Cell shading and ruled grids: the edges of filled boxes mark columns only in a grid that has
// vertical rules of its own; a table ruled along its rows and banded by fill is read from the
// alignment of its text.
import { describe, expect, it } from 'vitest';
import type { Block } from '../../../../src/shared/parse-contract.js';
import { parseDocument } from '../../../../src/main/engine/parse.js';
import { latticeTables } from '../../../../src/main/engine/tables/lattice.js';
import type { Segment } from '../../../../src/main/engine/tables/types.js';
import type { TextRun } from '../../../../src/main/engine/page-model.js';
import { textOps } from '../../../helpers/make-table-pdf.js';
import { makePdf } from '../../../helpers/make-pdf.js';

async function blocks(bytes: Uint8Array): Promise<Block[]> {
  const run = await parseDocument(bytes, { blockOptions: { tables: { targetFormat: 'html' } } });
  expect(run.status).toBe('PROCESSED');
  return run.chunks.flatMap((c) => c.blocks);
}

const X0 = 72;
const WIDTHS = [120, 80, 80, 80];
const XS = WIDTHS.reduce<number[]>((xs, w) => [...xs, xs.at(-1)! + w], [X0]);
const RIGHT = XS.at(-1)!;
const H = 18;
const TOP = 700;

const BODY = [
  ['Assam', '14,874', '2,554', '17,428'],
  ['Bihar', '21,016', '4,332', '25,348'],
  ['Delhi', '28,084', '411', '28,495'],
  ['Goa', '4,055', '110', '4,165'],
  ['Kerala', '27,923', '3,985', '31,908'],
  ['Odisha', '14,317', '2,552', '16,869'],
];

/** A table ruled along its rows (thin filled bars across the whole width, one at each side),
 *  with a shaded title bar, shaded header cells and every other body row shaded cell by cell:
 *  its columns are drawn only by the shading. */
function bandedTable(innerRules: boolean): Uint8Array {
  const rows = [['Table 5: Outlay by state'], ['State', 'Revenue', 'Capital', 'Total'], ...BODY];
  const ops: string[] = [];
  const shade = (l: number, top: number, r: number) => ops.push(`0.82 0.92 0.95 rg ${l} ${top - H} ${r - l} ${H} re f`);
  rows.forEach((row, i) => {
    const top = TOP - i * H;
    if (i === 0) ops.push(`0.29 0.67 0.78 rg ${X0} ${top - H} ${RIGHT - X0} ${H} re f`);
    else if (i === 1 || i % 2 === 0) for (let c = 0; c < WIDTHS.length; c++) shade(XS[c]!, top, XS[c + 1]!);
  });
  ops.push('0.47 0.75 0.83 rg');
  for (let i = 0; i <= rows.length; i++) ops.push(`${X0 - 1} ${TOP - i * H - 0.5} ${RIGHT - X0 + 2} 1 re f`);
  const bottom = TOP - rows.length * H;
  for (const x of innerRules ? XS : [X0, RIGHT]) ops.push(`${x - 0.5} ${bottom} 1 ${rows.length * H} re f`);
  ops.push('0 g');
  const items = rows.flatMap((row, i) => row.map((text, c) => ({ text, x: XS[c]! + 4, y: TOP - i * H - 13 })));
  ops.push(textOps(items));
  return makePdf({ pages: [{ content: Buffer.from(ops.join('\n'), 'latin1') }] });
}

describe('cell shading', () => {
  it('reads a table ruled only along its rows, its columns shaded, from the alignment of its text', async () => {
    const bs = await blocks(bandedTable(false));
    const tables = bs.filter((b) => b.type === 'table');
    expect(tables).toHaveLength(1);
    expect(tables[0]!.details).toMatchObject({ columnCount: 4, detection: 'stream' });
    expect(tables[0]!.content).toContain('<td>Assam</td><td>14,874</td><td>2,554</td><td>17,428</td>');
    expect(tables[0]!.content).toContain('<td>Odisha</td><td>14,317</td><td>2,552</td><td>16,869</td>');
  });

  it('keeps the shaded grid where the text alone makes no table (a highlighted total row)', async () => {
    const rows = [
      ['Service charges', '$4.11'],
      ['Credits', '$0.00'],
      ['Tax', '$0.00'],
      ['Total for this invoice', '$4.11'],
    ];
    const split = 400;
    const right = 540;
    const ops: string[] = ['0.8 0.8 0.6 rg', `${X0} ${TOP - 4 * H} ${split - X0} ${H} re f`, `${split} ${TOP - 4 * H} ${right - split} ${H} re f`, '0.6 g'];
    for (let i = 0; i <= rows.length; i++) ops.push(`${X0 - 0.5} ${TOP - i * H - 0.5} ${right - X0 + 1} 1 re f`);
    for (const x of [X0, right]) ops.push(`${x - 0.5} ${TOP - rows.length * H} 1 ${rows.length * H} re f`);
    ops.push('0 g', textOps(rows.flatMap((row, i) => row.map((text, c) => ({ text, x: c === 0 ? X0 + 4 : right - 30, y: TOP - i * H - 13 })))));
    const bs = await blocks(makePdf({ pages: [{ content: Buffer.from(ops.join('\n'), 'latin1') }] }));
    const tables = bs.filter((b) => b.type === 'table');
    expect(tables).toHaveLength(1);
    expect(tables[0]!.details).toMatchObject({ rowCount: 4, columnCount: 2, detection: 'lattice' });
    expect(tables[0]!.content).toContain('<td>Total for this invoice</td><td>$4.11</td>');
  });

  it('keeps a grid with vertical rules of its own ruled, shading and all', async () => {
    const bs = await blocks(bandedTable(true));
    const tables = bs.filter((b) => b.type === 'table');
    expect(tables).toHaveLength(1);
    expect(tables[0]!.details).toMatchObject({ rowCount: 8, columnCount: 4, detection: 'lattice' });
    expect(tables[0]!.content).toContain('<td>Assam</td><td>14,874</td><td>2,554</td><td>17,428</td>');
  });
});

describe('shading drawn in pieces', () => {
  it('draws no rule at the edges of a piece inside a cell shaded in the same colour', async () => {
    // A ruled grid whose header cells are shaded, then shaded again behind each line of their
    // text (as office tools draw them): the pieces' edges cross the header cell.
    const rows = [
      ['Country', 'Signed'],
      ['Algeria', '6.19'],
      ['Egypt', '6.60'],
      ['Jordan', '4.20'],
    ];
    const xs = [X0, X0 + 120, X0 + 200];
    const rowTop = (i: number) => TOP - (i === 0 ? 0 : 30 + (i - 1) * H);
    const ops: string[] = ['1 1 0.6 rg'];
    for (let c = 0; c < 2; c++) {
      ops.push(`${xs[c]} ${TOP - 30} ${xs[c + 1]! - xs[c]!} 30 re f`);
      ops.push(`${xs[c]! + 5} ${TOP - 15} ${xs[c + 1]! - xs[c]! - 10} 15 re f`, `${xs[c]! + 5} ${TOP - 30} ${xs[c + 1]! - xs[c]! - 10} 15 re f`);
    }
    ops.push('0 G');
    for (let i = 0; i <= rows.length; i++) ops.push(`${xs[0]} ${rowTop(i)} m ${xs[2]} ${rowTop(i)} l S`);
    for (const x of xs) ops.push(`${x} ${TOP} m ${x} ${rowTop(rows.length)} l S`);
    const items = rows.flatMap((row, i) => row.map((text, c) => ({ text, x: xs[c]! + 8, y: rowTop(i) - 13 })));
    items.push({ text: '(EURm)', x: xs[1]! + 8, y: TOP - 28 });
    ops.push('0 g', textOps(items));
    const bs = await blocks(makePdf({ pages: [{ content: Buffer.from(ops.join('\n'), 'latin1') }] }));
    const table = bs.find((b) => b.type === 'table');
    expect(table?.details).toMatchObject({ rowCount: 4, columnCount: 2, detection: 'lattice' });
    expect(table?.content).toContain('<th>Country</th><th>Signed (EURm)</th>');
  });
});

describe('shading edges in the ruled detector', () => {
  const run = (text: string, x0: number, top: number): TextRun => {
    const x1 = x0 + 5 * text.length;
    const box = { left: x0, top, right: x1, bottom: top + 10 };
    return { text, box, x0, x1, top, bottom: top + 10, baseline: top + 8, fontSize: 10, fontName: 'F1', bold: false, italic: false, monospace: false, rtl: false, orientation: 0, invisible: false, spaceBefore: false };
  };
  const runs = [run('A', 14, 14), run('B', 64, 14), run('C', 14, 44), run('D', 64, 44), run('E', 14, 74), run('F', 64, 74)];
  // Rules along the rows and at both sides; the column boundary at x = 50 only as box edges.
  const rules: Segment[] = [0, 30, 60, 90].map((y) => ({ x0: 10, y0: y, x1: 110, y1: y }));
  rules.push({ x0: 10, y0: 0, x1: 10, y1: 90 }, { x0: 110, y0: 0, x1: 110, y1: 90 });
  const boxes = (edge: boolean): Segment[] =>
    [0, 60].flatMap((y) => [
      { x0: 10, y0: y, x1: 50, y1: y, edge },
      { x0: 10, y0: y + 30, x1: 50, y1: y + 30, edge },
      { x0: 50, y0: y, x1: 50, y1: y + 30, edge },
      { x0: 50, y0: y, x1: 110, y1: y, edge },
      { x0: 50, y0: y + 30, x1: 110, y1: y + 30, edge },
    ]);

  it('takes columns from shading boxes inside rules drawn only along the rows only as a fallback', () => {
    const tables = latticeTables({ segments: [...rules, ...boxes(true)], runs, width: 200, height: 200 });
    expect(tables).toHaveLength(1);
    expect(tables[0]).toMatchObject({ kind: 'lattice', rowCount: 3, columnCount: 2, fallback: true });
  });

  it('takes columns from the same boundaries when they are drawn as rules', () => {
    const [t] = latticeTables({ segments: [...rules, ...boxes(false)], runs, width: 200, height: 200 });
    expect(t).toMatchObject({ kind: 'lattice', rowCount: 3, columnCount: 2 });
    expect(t?.fallback).toBeUndefined();
  });
});
