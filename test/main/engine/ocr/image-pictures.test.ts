// Pictures found in page images (scans, photographed pages): a photograph, a drawing and
// handwriting are found where they are; recognised words, ruling lines, a scanner's dark
// border, specks and a drop cap are not pictures; a scan read by OCR gains figure blocks with
// their pictures cut from it, and a signature by its label is marked.
import type { SKRSContext2D } from '@napi-rs/canvas';
import { afterAll, describe, expect, it } from 'vitest';
import { imagePictures } from '../../../../src/main/engine/ocr/image-pictures.js';
import { closeOcrScheduler } from '../../../../src/main/engine/ocr/scheduler.js';
import { parseDocument } from '../../../../src/main/engine/parse.js';
import type { StoredFigure } from '../../../../src/main/engine/figures/sink.js';
import type { Rect } from '../../../../src/main/engine/page-model.js';
import type { Block } from '../../../../src/shared/parse-contract.js';
import { grayDrawing, whitePage } from '../../../helpers/draw-page.js';

type Ctx = SKRSContext2D;

/** A white page at 150 dpi (1 pixel = 0.48 points), as gray pixels. */
const page = grayDrawing;

/** A photograph: a gradient with a dark shape and pale patches (gaps in its ink). */
function photo(ctx: Ctx, x: number, y: number, w: number, h: number): void {
  const g = ctx.createLinearGradient(x, y, x + w, y + h);
  g.addColorStop(0, '#202020');
  g.addColorStop(0.5, '#909090');
  g.addColorStop(1, '#303030');
  ctx.fillStyle = g;
  ctx.fillRect(x, y, w, h);
  ctx.fillStyle = '#f4f4f4';
  ctx.fillRect(x + w * 0.6, y + h * 0.1, w * 0.2, h * 0.2);
  ctx.fillStyle = '#000000';
}

/** A handwritten signature: one looping pen stroke, 2 pixels wide. */
function scribble(ctx: Ctx, x: number, y: number, w: number, h: number): void {
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(x, y + h * 0.7);
  for (let i = 1; i <= 40; i++) {
    const t = i / 40;
    ctx.lineTo(x + t * w, y + h * (0.5 + 0.45 * Math.sin(t * 7 * Math.PI)) * (0.6 + 0.4 * Math.cos(t * 3 * Math.PI)));
  }
  ctx.stroke();
}

const PT = 72 / 150;
const inPoints = (x: number, y: number, w: number, h: number): Rect => ({ left: x * PT, top: y * PT, right: (x + w) * PT, bottom: (y + h) * PT });
const near = (a: Rect, b: Rect, tol: number) =>
  Math.abs(a.left - b.left) <= tol && Math.abs(a.top - b.top) <= tol && Math.abs(a.right - b.right) <= tol && Math.abs(a.bottom - b.bottom) <= tol;

describe('pictures in page images', () => {
  it('finds a photograph and a signature where they are, in points, and nothing else', () => {
    const lines = [200, 240, 280, 320];
    const img = page(1275, 1650, (ctx) => {
      ctx.font = '28px sans-serif';
      for (const y of lines) ctx.fillText('Words of a paragraph read by OCR on this scanned page.', 100, y);
      photo(ctx, 150, 420, 450, 300);
      scribble(ctx, 700, 1200, 300, 80);
      // Ruling lines of a table, a speck of dust, and a large initial letter.
      ctx.fillRect(100, 900, 1000, 3);
      ctx.fillRect(100, 1000, 1000, 3);
      ctx.fillRect(100, 900, 3, 103);
      ctx.fillRect(1097, 900, 3, 103);
      ctx.fillRect(1000, 500, 4, 4);
      ctx.font = 'bold 60px serif';
      ctx.fillText('S', 1000, 650);
      // A scanner's dark border along the foot of the page.
      ctx.fillRect(0, 1560, 1275, 90);
    });
    const words = lines.map((y) => inPoints(100, y - 24, 730, 32));
    const rulings = [
      { x0: 100 * PT, y0: 901 * PT, x1: 1100 * PT, y1: 901 * PT },
      { x0: 100 * PT, y0: 1001 * PT, x1: 1100 * PT, y1: 1001 * PT },
      { x0: 101 * PT, y0: 900 * PT, x1: 101 * PT, y1: 1003 * PT },
      { x0: 1098 * PT, y0: 900 * PT, x1: 1098 * PT, y1: 1003 * PT },
    ];
    const found = imagePictures(img, 150, words, rulings);
    expect(found).toHaveLength(2);
    expect(near(found[0]!, inPoints(150, 420, 450, 300), 6), JSON.stringify(found[0])).toBe(true);
    expect(near(found[1]!, inPoints(700, 1200, 300, 80), 8), JSON.stringify(found[1])).toBe(true);
  });

  it('leaves out the words OCR read, and print it could not read, but not a logo', () => {
    const img = page(1275, 800, (ctx) => {
      ctx.font = '28px sans-serif';
      for (let i = 0; i < 6; i++) ctx.fillText('Words of a paragraph read by OCR on this scanned page.', 100, 200 + 40 * i);
    });
    const words = Array.from({ length: 6 }, (_, i) => inPoints(100, 176 + 40 * i, 730, 32));
    expect(imagePictures(img, 150, words, [])).toEqual([]);
    // The same lines unread (faint or damaged print) are still lines of print.
    expect(imagePictures(img, 150, [], [])).toEqual([]);
    // A logo's large letters, unread, are a picture.
    const logo = page(1275, 800, (ctx) => {
      ctx.font = 'bold 96px serif';
      ctx.fillText('ACME', 100, 200);
    });
    const found = imagePictures(logo, 150, [], []);
    expect(found).toHaveLength(1);
    expect(found[0]!.left).toBeCloseTo(100 * PT, -1);
  });

  it('takes a page that is dark all over as the page, not a picture on it', () => {
    const img = page(600, 800, (ctx) => {
      const g = ctx.createLinearGradient(0, 0, 600, 800);
      g.addColorStop(0, '#181818');
      g.addColorStop(1, '#585858');
      ctx.fillStyle = g;
      ctx.fillRect(20, 20, 560, 760);
    });
    expect(imagePictures(img, 150, [], [])).toEqual([]);
  });
});

describe('figures in scans', () => {
  afterAll(async () => closeOcrScheduler());

  it('gives a scanned page figure blocks with their pictures, and marks a signature by its label', async () => {
    // A letter scanned (300 dpi, as a file without a resolution is read): a paragraph, a
    // photograph, and a signature on its line.
    const { canvas, ctx } = whitePage(1275, 1650);
    ctx.fillStyle = '#000000';
    ctx.font = '30px sans-serif';
    ctx.fillText('The enclosed photograph shows the house as it stands today.', 100, 200);
    ctx.fillText('Please sign below to accept the terms of this agreement.', 100, 250);
    photo(ctx, 150, 350, 500, 350);
    ctx.fillText('Signature:', 100, 1100);
    ctx.strokeStyle = '#000000';
    scribble(ctx, 320, 990, 450, 150);
    const png = new Uint8Array(await canvas.encode('png'));
    const written: Array<{ name: string; png: Uint8Array }> = [];
    const sink = {
      async write(name: string, bytes: Uint8Array): Promise<StoredFigure> {
        written.push({ name, png: bytes });
        return { url: `data:image/png;base64,${Buffer.from(bytes).toString('base64')}` };
      },
    };
    const run = await parseDocument(png, { blockOptions: { text: { signatureDetectionEnabled: true } } }, { figureSink: sink });
    expect(run.status).toBe('PROCESSED');
    const blocks: Block[] = run.chunks.flatMap((c) => c.blocks);
    const text = blocks.filter((b) => b.type !== 'figure').map((b) => b.content).join(' ');
    expect(text).toMatch(/enclosed photograph shows the house/);
    expect(text).toMatch(/Signature/);
    const figures = blocks.filter((b) => b.type === 'figure');
    expect(figures).toHaveLength(2);
    const [picture, signature] = figures;
    // 1 pixel = 0.24 points.
    expect(near(picture!.boundingBox, { left: 150 * 0.24, top: 350 * 0.24, right: 650 * 0.24, bottom: 700 * 0.24 }, 4), JSON.stringify(picture!.boundingBox)).toBe(true);
    expect(picture!.details).toMatchObject({ figureType: 'image', source: 'image' });
    expect(picture!.details['signature']).toBeUndefined();
    expect(signature!.details).toMatchObject({ signature: true });
    expect(signature!.boundingBox.left).toBeGreaterThan(300 * 0.24);
    expect(signature!.boundingBox.right).toBeLessThan(790 * 0.24);
    // Each picture is cut from the scan at its resolution: the figure plus a white border.
    expect(written.map((w) => w.name)).toEqual(['page-1-figure-1.png', 'page-1-figure-2.png']);
    const widthOf = (bytes: Uint8Array) => Buffer.from(bytes).readUInt32BE(16);
    expect(Math.abs(widthOf(written[0]!.png) - ((picture!.boundingBox.right - picture!.boundingBox.left + 4) * 300) / 72)).toBeLessThanOrEqual(2);
    expect(String(picture!.details['imageUrl'])).toMatch(/^data:image\/png;base64,/);
  }, 60_000);
});
