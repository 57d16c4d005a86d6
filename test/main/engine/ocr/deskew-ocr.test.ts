// A slightly crooked scan through OCR: the page is turned level for recognition (with
// pageRotationEnabled), the text reads cleanly, and the boxes are reported where the text lies
// on the page as it is; a page both on its side and crooked is turned, then levelled.
import { drawRuledTable, TABLE_ROWS, whitePage } from '../../../helpers/draw-page.js';
import { createCanvas, type Canvas } from '@napi-rs/canvas';
import { afterAll, describe, expect, it } from 'vitest';
import { rgbaToGray, type GrayImage } from '../../../../src/main/engine/image/gray.js';
import { ocrPage } from '../../../../src/main/engine/ocr/page-ocr.js';
import { closeOcrScheduler, getOcrScheduler } from '../../../../src/main/engine/ocr/scheduler.js';
import { parseDocument } from '../../../../src/main/engine/parse.js';

const LINES = [
  'Quarterly report of the northern office',
  'Sales rose by twelve percent this spring',
  'while costs stayed close to the budget.',
  'The board will meet again in October.',
];
const W = 1500;
const H = 700;
/** Points per pixel (no resolution in the PNG: read as 300 dpi). */
const PT = 72 / 300;

/** The text on a W × H canvas, turned clockwise by `deg` about the centre. */
function crooked(deg: number): Canvas {
  const { canvas, ctx } = whitePage(W, H, deg);
  ctx.fillStyle = '#000000';
  ctx.font = '48px serif';
  LINES.forEach((line, i) => ctx.fillText(line, 150, 200 + i * 100));
  return canvas;
}

/** The same canvas turned a quarter clockwise (the page lying on its side). */
function onItsSide(src: Canvas): Canvas {
  const canvas = createCanvas(H, W);
  const ctx = canvas.getContext('2d');
  ctx.translate(H, 0);
  ctx.rotate(Math.PI / 2);
  ctx.drawImage(src, 0, 0);
  return canvas;
}

function gray(canvas: Canvas): GrayImage {
  return rgbaToGray(canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height);
}

/** Bounds of the ink, in points. */
function inkBox(img: GrayImage): { left: number; top: number; right: number; bottom: number } {
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if (img.data[y * img.width + x]! >= 128) continue;
      left = Math.min(left, x);
      right = Math.max(right, x + 1);
      top = Math.min(top, y);
      bottom = Math.max(bottom, y + 1);
    }
  }
  return { left: left * PT, top: top * PT, right: right * PT, bottom: bottom * PT };
}

function cer(got: string, want: string): number {
  const a = got.replace(/\s+/g, ' ').trim();
  const b = want.replace(/\s+/g, ' ').trim();
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]! / b.length;
}

async function png(canvas: Canvas): Promise<Uint8Array> {
  return new Uint8Array(await canvas.encode('png'));
}

describe('OCR of a crooked page', () => {
  afterAll(async () => closeOcrScheduler());

  it('levels a page turned 3° for recognition and reports boxes where the text lies', async () => {
    const canvas = crooked(3);
    const run = await parseDocument(await png(canvas), {});
    expect(run.status).toBe('PROCESSED');
    const blocks = run.chunks.flatMap((c) => c.blocks);
    expect(cer(blocks.map((b) => b.content).join(' '), LINES.join(' '))).toBeLessThan(0.03);
    const page = blocks[0]!.metadata.page;
    expect(page.width).toBeCloseTo(W * PT, 3);
    expect(page.height).toBeCloseTo(H * PT, 3);
    // The blocks together cover the ink, and little more.
    const ink = inkBox(gray(canvas));
    const left = Math.min(...blocks.map((b) => b.boundingBox.left));
    const top = Math.min(...blocks.map((b) => b.boundingBox.top));
    const right = Math.max(...blocks.map((b) => b.boundingBox.right));
    const bottom = Math.max(...blocks.map((b) => b.boundingBox.bottom));
    for (const [got, want] of [
      [left, ink.left],
      [top, ink.top],
      [right, ink.right],
      [bottom, ink.bottom],
    ] as const) {
      expect(Math.abs(got - want)).toBeLessThan(6);
    }
  }, 60_000);

  it('measures the skew only with pageRotationEnabled', async () => {
    const img = gray(crooked(3));
    const scheduler = getOcrScheduler();
    const on = await ocrPage(img, 300, { scheduler, detectRotation: true });
    expect(Math.abs((on.skew ?? 0) - 3)).toBeLessThanOrEqual(0.3);
    const off = await ocrPage(img, 300, { scheduler, detectRotation: false });
    expect(off.skew ?? 0).toBe(0);
    expect(off.turn).toBe(0);
    // Unlevelled, the runs' reading frame follows the page: a line's words drift down it.
    const first = (o: typeof on) => o.runs.filter((r) => /Quarterly|office/.test(r.text));
    const drift = (o: typeof on) => {
      const [a, b] = first(o);
      return a && b ? Math.abs(b.baseline - a.baseline) : NaN;
    };
    expect(drift(on)).toBeLessThan(3);
    expect(drift(off)).toBeGreaterThan(5);
    const run = await parseDocument(await png(crooked(3)), { advancedOptions: { pageRotationEnabled: false } });
    expect(run.status).toBe('PROCESSED');
  }, 60_000);

  it('turns a crooked page lying on its side upright first, then levels it', async () => {
    const canvas = crooked(-2);
    const side = onItsSide(canvas);
    const img = gray(side);
    const o = await ocrPage(img, 300, { scheduler: getOcrScheduler(), detectRotation: true });
    expect(o.turn).toBe(270);
    expect(Math.abs((o.skew ?? 0) + 2)).toBeLessThanOrEqual(0.3);
    expect(o.width).toBeCloseTo(W * PT, 3);
    expect(o.height).toBeCloseTo(H * PT, 3);
    const text = o.runs.map((r) => r.text).join(' ');
    expect(cer(text, LINES.join(' '))).toBeLessThan(0.03);
    // Every word box lies where the ink is on the upright page.
    const ink = inkBox(gray(canvas));
    for (const r of o.runs) {
      expect(r.box.left).toBeGreaterThan(ink.left - 6);
      expect(r.box.right).toBeLessThan(ink.right + 6);
      expect(r.box.top).toBeGreaterThan(ink.top - 6);
      expect(r.box.bottom).toBeLessThan(ink.bottom + 6);
    }
    const quarterly = o.runs.find((r) => r.text === 'Quarterly');
    const october = o.runs.find((r) => r.text.startsWith('October'));
    expect(quarterly && october).toBeTruthy();
    // The first word starts at the ink's left edge; the last ends near its right edge.
    expect(Math.abs(quarterly!.box.left - ink.left)).toBeLessThan(6);
    expect(Math.abs(october!.box.right - ink.right)).toBeLessThan(12);
  }, 90_000);

  it('finds a ruled table in a corner of a crooked page, its words in their cells', async () => {
    const { canvas, ctx } = whitePage(1800, 2200, 3);
    drawRuledTable(ctx, [150, 610, 840, 1070], [150, 305, 460, 615, 770]);
    const run = await parseDocument(await png(canvas), { blockOptions: { tables: { cellBlocksEnabled: true } } });
    const blocks = run.chunks.flatMap((c) => c.blocks);
    expect(blocks.filter((b) => b.type === 'table')).toHaveLength(1);
    expect(blocks.filter((b) => b.type === 'table_cell').map((c) => c.content)).toEqual(TABLE_ROWS.flat());
  }, 60_000);
});
