// A tall page is read in two bands at once when two OCR workers are free: the cut runs along a
// blank row near the middle, and the lower band's words come back in page coordinates.
import { describe, expect, it } from 'vitest';
import type { GrayImage } from '../../../../src/main/engine/image/gray.js';
import { blankRowNearMiddle, ocrPageImage } from '../../../../src/main/engine/ocr/recognize.js';
import type { OcrScheduler, TessPage } from '../../../../src/main/engine/ocr/scheduler.js';

/** A white page with black bars (lines of "text") covering the given row ranges. */
function pageWithBars(width: number, height: number, bars: Array<[number, number]>): GrayImage {
  const data = new Uint8Array(width * height).fill(255);
  for (const [from, to] of bars) {
    for (let y = from; y < to; y++) for (let x = 20; x < width - 20; x += 3) data.fill(0, y * width + x, y * width + x + 2);
  }
  return { width, height, data };
}

/** Text lines 30 px tall every 40 px from the top to the bottom, except where `gaps` leave room. */
function linesExcept(height: number, gaps: Array<[number, number]>): Array<[number, number]> {
  const bars: Array<[number, number]> = [];
  for (let y = 10; y + 30 < height; y += 40) {
    if (!gaps.some(([a, b]) => y + 30 > a && y < b)) bars.push([y, y + 30]);
  }
  return bars;
}

/** The rows of a PGM image (its header's height). */
function pgmHeight(pgm: Uint8Array): number {
  const header = new TextDecoder().decode(pgm.subarray(0, 32)).split(/\s+/);
  return Number(header[2]);
}

/** A scheduler that answers every image with one word at the image's top and records heights. */
function fakeScheduler(idle: number): { scheduler: OcrScheduler; heights: number[] } {
  const heights: number[] = [];
  const word = (y: number) => ({ text: `word${y}`, confidence: 95, bbox: { x0: 10, y0: y, x1: 90, y1: y + 20 }, symbols: [] });
  const scheduler = {
    idle,
    size: 2,
    recognize: async (image: Uint8Array): Promise<TessPage> => {
      const h = pgmHeight(image);
      heights.push(h);
      const line = { words: [word(5)], bbox: { x0: 10, y0: 5, x1: 90, y1: 25 }, baseline: { x0: 10, y0: 22, x1: 90, y1: 22 } };
      const para = { lines: [line], bbox: line.bbox };
      return { blocks: [{ paragraphs: [para], bbox: line.bbox }] } as unknown as TessPage;
    },
  } as unknown as OcrScheduler;
  return { scheduler, heights };
}

describe('blankRowNearMiddle', () => {
  it('cuts along the blank gap nearest the middle', () => {
    const img = pageWithBars(400, 2000, linesExcept(2000, [[700, 760], [1000, 1040]]));
    const cut = blankRowNearMiddle(img)!;
    expect(cut).toBeGreaterThan(990);
    expect(cut).toBeLessThan(1050);
  });

  it('finds no cut when ink crosses every row of the middle, or the only gaps are hairlines', () => {
    const full = pageWithBars(400, 2000, [[0, 2000]]);
    expect(blankRowNearMiddle(full)).toBeUndefined();
    // Lines every 33 px, 30 px tall: 3-pixel gaps, too thin to cut along safely.
    const dense: Array<[number, number]> = [];
    for (let y = 0; y < 2000; y += 33) dense.push([y, y + 30]);
    expect(blankRowNearMiddle(pageWithBars(400, 2000, dense))).toBeUndefined();
  });
});

describe('reading a page in two bands', () => {
  const img = pageWithBars(400, 2000, linesExcept(2000, [[980, 1040]]));

  it('reads both bands at once and puts the lower band back in place', async () => {
    const { scheduler, heights } = fakeScheduler(2);
    const result = await ocrPageImage(img, { scheduler, dpi: 300, detectRotation: false });
    expect(heights).toHaveLength(2);
    expect(heights[0]! + heights[1]!).toBe(2000);
    const words = result.page.blocks!.flatMap((b) => b.paragraphs.flatMap((p) => p.lines.flatMap((l) => l.words)));
    expect(words.map((w) => w.bbox.y0)).toEqual([5, heights[0]! + 5]);
    const lines = result.page.blocks!.flatMap((b) => b.paragraphs.flatMap((p) => p.lines));
    expect(lines[1]!.baseline.y0).toBe(heights[0]! + 22);
    expect(result.height).toBe(2000);
  });

  it('reads the page whole when fewer than two workers are free, or the page is short', async () => {
    const busy = fakeScheduler(1);
    await ocrPageImage(img, { scheduler: busy.scheduler, dpi: 300, detectRotation: false });
    expect(busy.heights).toEqual([2000]);
    const short = fakeScheduler(2);
    await ocrPageImage(pageWithBars(400, 1200, linesExcept(1200, [[560, 640]])), { scheduler: short.scheduler, dpi: 300, detectRotation: false });
    expect(short.heights).toEqual([1200]);
  });
});
