// A ruled table in an image: read by OCR, its grid comes from the rules seen in the image
// (lattice detection), with the cells' words in place.
import { createCanvas } from '@napi-rs/canvas';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument } from '../../../../src/main/engine/parse.js';
import { closeOcrScheduler } from '../../../../src/main/engine/ocr/scheduler.js';

const ROWS = [
  ['Item', 'Qty', 'Price'],
  ['Apples', '12', '3.50'],
  ['Pears', '7', '2.25'],
  ['Plums', '30', '9.10'],
];

/** A 1000 × 700 PNG (no resolution stated: read as 300 dpi) of a ruled 4 × 3 table; `turned`,
 *  the page on its side (turned a quarter clockwise, 700 × 1000). */
async function tablePng(turned = false): Promise<Uint8Array> {
  const canvas = turned ? createCanvas(700, 1000) : createCanvas(1000, 700);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  if (turned) {
    ctx.translate(700, 0);
    ctx.rotate(Math.PI / 2);
  }
  ctx.strokeStyle = '#000000';
  ctx.lineWidth = 3;
  const xs = [40, 500, 730, 960];
  const ys = [40, 195, 350, 505, 660];
  for (const y of ys) {
    ctx.beginPath();
    ctx.moveTo(xs[0]!, y);
    ctx.lineTo(xs.at(-1)!, y);
    ctx.stroke();
  }
  for (const x of xs) {
    ctx.beginPath();
    ctx.moveTo(x, ys[0]!);
    ctx.lineTo(x, ys.at(-1)!);
    ctx.stroke();
  }
  ctx.fillStyle = '#000000';
  ctx.font = '44px sans-serif';
  ROWS.forEach((row, r) => row.forEach((text, c) => ctx.fillText(text, xs[c]! + 30, ys[r]! + 95)));
  return new Uint8Array(await canvas.encode('png'));
}

describe('tables on OCRed pages', () => {
  afterAll(async () => closeOcrScheduler());

  it.each([
    ['upright', false],
    ['turned on its side', true],
  ])('finds a ruled table in an image from the rules it shows (%s)', async (_, turned) => {
    const run = await parseDocument(await tablePng(turned), { blockOptions: { tables: { cellBlocksEnabled: true } } });
    expect(run.status).toBe('PROCESSED');
    const blocks = run.chunks.flatMap((c) => c.blocks);
    const tables = blocks.filter((b) => b.type === 'table');
    expect(tables).toHaveLength(1);
    expect(tables[0]!.details).toMatchObject({ rowCount: 4, columnCount: 3, detection: 'lattice' });
    const cells = blocks.filter((b) => b.type === 'table_cell');
    expect(cells).toHaveLength(12);
    const at = (row: number, col: number) => cells.find((c) => c.details?.['rowIndex'] === row && c.details?.['columnIndex'] === col)?.content;
    expect(at(0, 0)).toBe('Item');
    expect(at(1, 0)).toBe('Apples');
    expect(at(2, 2)).toBe('2.25');
    expect(at(3, 1)).toBe('30');
  }, 60_000);
});
