// A ruled table in an image: read by OCR, its grid comes from the rules seen in the image
// (lattice detection), with the cells' words in place.
import { drawRuledTable, whitePage } from '../../../helpers/draw-page.js';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument } from '../../../../src/main/engine/parse.js';
import { closeOcrScheduler } from '../../../../src/main/engine/ocr/scheduler.js';

/** A 1000 × 700 PNG (no resolution stated: read as 300 dpi) of a ruled 4 × 3 table; `turned`,
 *  the page on its side (turned a quarter clockwise, 700 × 1000). */
async function tablePng(turned = false): Promise<Uint8Array> {
  const { canvas, ctx } = turned ? whitePage(700, 1000) : whitePage(1000, 700);
  if (turned) {
    ctx.translate(700, 0);
    ctx.rotate(Math.PI / 2);
  }
  drawRuledTable(ctx, [40, 500, 730, 960], [40, 195, 350, 505, 660]);
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
