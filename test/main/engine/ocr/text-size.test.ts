// Small print is enlarged before recognition: the text's size in pixels is measured on the
// image (the median height of its character-sized pieces of ink), pictures whose print is too
// small are read at twice (or three times) the size, and the page keeps its size in points.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { rgbaToGray, scaleGray, type GrayImage } from '../../../../src/main/engine/image/gray.js';
import { closeOcrScheduler } from '../../../../src/main/engine/ocr/scheduler.js';
import { enlargeFactor, measureTextSize } from '../../../../src/main/engine/ocr/text-size.js';
import { parseDocument } from '../../../../src/main/engine/parse.js';
import { whitePage } from '../../../helpers/draw-page.js';

const FIELDS_CORPUS = fileURLToPath(new URL('../../../../../shared/corpus/fields/', import.meta.url));

/** Lines of text in `px`-pixel type on a white page. */
function printed(width: number, height: number, px: number, lines = 12): GrayImage {
  const { canvas, ctx } = whitePage(width, height);
  ctx.fillStyle = '#000000';
  ctx.font = `${px}px sans-serif`;
  for (let i = 0; i < lines; i++) ctx.fillText('The quick brown fox jumps over the lazy dog 0123', 10, (i + 2) * px * 1.6);
  const rgba = ctx.getImageData(0, 0, width, height).data;
  void canvas;
  return rgbaToGray(rgba, width, height);
}

describe('measuring the size of text', () => {
  it('finds a median piece height between x-height and cap height', () => {
    for (const px of [12, 20, 40]) {
      const size = measureTextSize(printed(Math.ceil(px * 30), Math.ceil(px * 24), px));
      expect(size.pieces).toBeGreaterThan(100);
      // x-height is about half the type size, cap height about 0.7 of it.
      expect(size.height).toBeGreaterThanOrEqual(Math.floor(px * 0.45));
      expect(size.height).toBeLessThanOrEqual(Math.ceil(px * 0.75));
    }
  });

  it('measures nothing on a blank page, a page of rules, or a word or two', () => {
    const blank: GrayImage = { width: 300, height: 200, data: new Uint8Array(300 * 200).fill(255) };
    expect(measureTextSize(blank)).toEqual({ height: 0, pieces: 0 });
    const ruled = { ...blank, data: blank.data.slice() };
    for (let y = 20; y < 200; y += 20) ruled.data.fill(0, y * 300 + 10, y * 300 + 290);
    expect(measureTextSize(ruled).height).toBe(0);
    expect(measureTextSize(printed(400, 60, 12, 0)).height).toBe(0);
    expect(enlargeFactor(blank)).toBe(1);
  });
});

describe('how much to enlarge', () => {
  it('enlarges small print twice, tiny print three times, and leaves proper text alone', () => {
    expect(enlargeFactor(printed(400, 300, 40))).toBe(1);
    expect(enlargeFactor(printed(400, 300, 20))).toBe(1);
    expect(enlargeFactor(printed(400, 300, 13))).toBe(2);
    expect(enlargeFactor({ width: 400, height: 300, data: new Uint8Array(0) }, { height: 5, pieces: 50 })).toBe(3);
  });

  it('stays within 20 million pixels, and does not enlarge by a little', () => {
    expect(enlargeFactor({ width: 3000, height: 2000, data: new Uint8Array(0) }, { height: 8, pieces: 500 })).toBeCloseTo(Math.sqrt(20e6 / 6e6), 6);
    expect(enlargeFactor({ width: 4000, height: 3000, data: new Uint8Array(0) }, { height: 8, pieces: 500 })).toBe(1);
  });
});

describe('enlarging an image', () => {
  it('keeps flat areas, edges and corners, and blends between pixels', () => {
    const img: GrayImage = { width: 2, height: 1, data: new Uint8Array([0, 200]) };
    const big = scaleGray(img, 2);
    expect([big.width, big.height]).toEqual([4, 2]);
    // Pixel centres at 0.25 and 0.75 of the way between the two source pixels' centres.
    expect([...big.data]).toEqual([0, 50, 150, 200, 0, 50, 150, 200]);
    const flat: GrayImage = { width: 5, height: 3, data: new Uint8Array(15).fill(173) };
    expect(new Set(scaleGray(flat, 3).data)).toEqual(new Set([173]));
    expect(scaleGray(flat, 1.5)).toMatchObject({ width: 8, height: 5 });
  });
});

describe('reading a low-resolution picture', () => {
  afterAll(async () => closeOcrScheduler());

  it('reads the labels and numbers of a 96-dpi invoice, with boxes on the page as it is', async () => {
    // 789 × 557 pixels at 96 dpi: its print is 8 pixels high, and read at that size the labels
    // "Invoice No" and "Invoice Date" were lost.
    const run = await parseDocument(new Uint8Array(readFileSync(FIELDS_CORPUS + 'FlipkartInvoice.scan.png')), {});
    expect(run.status).toBe('PROCESSED');
    const text = run.chunks.map((c) => c.content).join('\n');
    expect(text).toContain('BLR_WFLD20151000982590');
    expect(text).toMatch(/Invoice Date: 20-10-2015/);
    expect(text).toMatch(/Order ID: OD304175096047380001/);
    const blocks = run.chunks.flatMap((c) => c.blocks);
    expect(blocks[0]!.metadata.page).toMatchObject({ width: 591.83, height: 417.81 });
    // "Grand Total" is printed at (513, 409) pixels: (384.75, 306.75) points.
    const total = blocks.find((b) => b.content.includes('Grand Total'))!;
    expect(total.boundingBox.top).toBeGreaterThan(302);
    expect(total.boundingBox.top).toBeLessThan(311);
    expect(total.boundingBox.right).toBeGreaterThan(420);
    for (const b of blocks) expect(b.boundingBox.right).toBeLessThanOrEqual(591.83 + 0.01);
  }, 60_000);
});
