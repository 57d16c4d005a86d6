// Which way a scan's lines run, read from its ink before recognition, and what OCR then tries:
// a page on its side is sampled at the two quarter turns only and read whole once, turned.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../../../src/main/engine/image/decode.js';
import { rotateGray, type GrayImage } from '../../../../src/main/engine/image/gray.js';
import { lineDirection, neighbourCounts } from '../../../../src/main/engine/ocr/line-direction.js';
import { ocrPageImage } from '../../../../src/main/engine/ocr/recognize.js';
import type { OcrScheduler, TessPage } from '../../../../src/main/engine/ocr/scheduler.js';

const OCR_CORPUS = fileURLToPath(new URL('../../../../../shared/corpus/ocr/', import.meta.url));

async function scan(name: string): Promise<{ gray: GrayImage; dpi: number }> {
  const { frames } = decodeImage(new Uint8Array(readFileSync(OCR_CORPUS + name)), name.endsWith('.tif') ? 'tiff' : 'png');
  const first = await frames.next();
  return first.value!;
}

/** A scheduler that reads two confident words across any image, and notes each image's size. */
function confidentScheduler(): { scheduler: OcrScheduler; sizes: string[] } {
  const sizes: string[] = [];
  const word = (x: number, text: string) => ({ text, confidence: 95, bbox: { x0: x, y0: 5, x1: x + 80, y1: 25 }, symbols: [] });
  const scheduler = {
    idle: 1,
    size: 1,
    recognize: async (image: Uint8Array): Promise<TessPage> => {
      const [, w, h] = new TextDecoder().decode(image.subarray(0, 32)).split(/\s+/);
      sizes.push(`${w}x${h}`);
      const line = { words: [word(10, 'Invoice'), word(100, 'numbers')], bbox: { x0: 10, y0: 5, x1: 180, y1: 25 }, baseline: { x0: 10, y0: 22, x1: 180, y1: 22 } };
      return { blocks: [{ paragraphs: [{ lines: [line], bbox: line.bbox }], bbox: line.bbox }] } as unknown as TessPage;
    },
  } as unknown as OcrScheduler;
  return { scheduler, sizes };
}

describe('lineDirection', () => {
  it('finds the lines of print running across an upright or upside-down scan, and up and down one on its side', async () => {
    for (const name of ['phototest.tif', 'eurotext.tif', '8087_054.3B.tif']) {
      const { gray, dpi } = await scan(name);
      expect([name, lineDirection(gray, dpi)]).toEqual([name, 'across']);
      expect([name, lineDirection(rotateGray(gray, 180), dpi)]).toEqual([name, 'across']);
      expect([name, lineDirection(rotateGray(gray, 90), dpi)]).toEqual([name, 'upDown']);
      expect([name, lineDirection(rotateGray(gray, 270), dpi)]).toEqual([name, 'upDown']);
      // Clearly: nearest neighbours beside each other outnumber those above or below tenfold.
      const { across, upDown } = neighbourCounts(gray, dpi);
      expect(across).toBeGreaterThan(10 * upDown);
    }
  });

  it('says nothing of a blank page or of ink without lines', () => {
    const blank: GrayImage = { width: 600, height: 800, data: new Uint8Array(600 * 800).fill(255) };
    expect(lineDirection(blank, 300)).toBeNull();
    // A grid of square dots, as close across as up and down.
    const dots: GrayImage = { width: 600, height: 800, data: new Uint8Array(600 * 800).fill(255) };
    for (let y = 20; y < 780; y += 30) for (let x = 20; x < 580; x += 30) for (let dy = 0; dy < 12; dy++) dots.data.fill(0, (y + dy) * 600 + x, (y + dy) * 600 + x + 12);
    expect(lineDirection(dots, 300)).toBeNull();
  });
});

describe('ocrPageImage with the lines known', () => {
  it('reads a page on its side as two small samples then the whole page turned, never upright', async () => {
    const { gray, dpi } = await scan('phototest.tif');
    const sideways = rotateGray(gray, 90); // 480 x 640
    const { scheduler, sizes } = confidentScheduler();
    const result = await ocrPageImage(sideways, { scheduler, dpi, detectRotation: true });
    // Both samples read alike: the first turn (90) is kept; the page read whole, turned upright.
    expect(result).toMatchObject({ rotation: 90, width: 640, height: 480 });
    expect(sizes).toHaveLength(3);
    expect(sizes.slice(0, 2).map((s) => s.split('x').map(Number)).every(([w, h]) => w! <= 1200 && h! <= 1200)).toBe(true);
    expect(sizes[2]).toBe('640x480');
  });

  it('reads an upright page once when its reading is confident, and not at all turned', async () => {
    const { gray, dpi } = await scan('phototest.tif');
    const { scheduler, sizes } = confidentScheduler();
    expect(await ocrPageImage(gray, { scheduler, dpi, detectRotation: true })).toMatchObject({ rotation: 0 });
    expect(sizes).toEqual(['640x480']);
  });
});
