// A tall page is read in two bands at once when two OCR workers are free: the cut runs along a
// blank row near the middle, and the lower band's words come back in page coordinates.
import { describe, expect, it } from 'vitest';
import type { GrayImage } from '../../../../src/main/engine/image/gray.js';
import { bandCut, pieces } from '../../../../src/main/engine/ocr/band-cut.js';
import { setOcrPermits } from '../../../../src/main/engine/ocr/permits.js';
import { joinBands, linesWhere, ocrPageImage } from '../../../../src/main/engine/ocr/recognize.js';
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

describe('bandCut', () => {
  it('cuts along the blank gap nearest the row that halves the text', () => {
    const bars = linesExcept(2000, [[750, 800], [1000, 1040]]);
    const cut = bandCut(pageWithBars(400, 2000, bars), 300);
    expect(cut.clean).toBe(true);
    // Every line is the same: as many lines above the cut as below, give or take one.
    const above = bars.filter(([a, b]) => (a + b) / 2 < cut.row).length;
    expect(Math.abs(2 * above - bars.length)).toBeLessThanOrEqual(2);
    expect(bars.some(([a, b]) => a < cut.row && cut.row < b)).toBe(false);
  });

  it('without a blank gap, cuts along the row with the least ink, to be read with overlap', () => {
    const full = bandCut(pageWithBars(400, 2000, [[0, 2000]]), 300);
    expect(full.clean).toBe(false);
    // Lines every 33 px, 30 px tall: 3-pixel gaps, too thin to count as blank, yet the cut
    // lies in one of them rather than through a line.
    const dense: Array<[number, number]> = [];
    for (let y = 0; y < 2000; y += 33) dense.push([y, y + 30]);
    const cut = bandCut(pageWithBars(400, 2000, dense), 300);
    expect(cut.clean).toBe(false);
    expect(cut.row % 33).toBeGreaterThanOrEqual(30);
    expect(Math.abs(cut.row - 1000)).toBeLessThan(40);
  });

  it('cuts between the row that halves the strokes and the row that halves the text', () => {
    // 41 lines of text, a headline of letters half an inch tall and a halftone photograph after
    // the first 21: the dots and stems are many strokes but little text to read.
    const width = 1200;
    const height = 3000;
    const lines: Array<[number, number]> = [];
    for (let y = 100; y < 940; y += 40) lines.push([y, y + 30]);
    for (let y = 2200; y < 3000; y += 40) lines.push([y, y + 30]);
    const img = pageWithBars(width, height, lines);
    for (let y = 1000; y < 1150; y++) for (let x = 20; x < width - 80; x += 90) img.data.fill(0, y * width + x, y * width + x + 60);
    for (let y = 1200; y < 2150; y++) for (let x = 20 + (y % 3); x < width - 20; x += 3) img.data[y * width + x] = 0;
    let strokes = 0;
    const perRow = Array.from({ length: height }, (_, y) => {
      let n = 0;
      for (let x = 0; x < width; x++) if (img.data[y * width + x] === 0 && (x === 0 || img.data[y * width + x - 1] !== 0)) n++;
      strokes += n;
      return n;
    });
    let strokesHalf = 0;
    for (let seen = 0; seen < strokes / 2; strokesHalf++) seen += perRow[strokesHalf]!;
    const textHalf = 915; // the middle of the 21st line
    const cut = bandCut(img, 300);
    expect(strokesHalf).toBeGreaterThan(1300);
    expect(cut.row).toBeGreaterThan(textHalf + 100);
    expect(cut.row).toBeLessThan(strokesHalf - 100);
  });
});

describe('pieces', () => {
  it('finds 8-connected pieces, joining labels that meet further down', () => {
    const rows = ['#.#...##', '#.#....#', '###...#.', '.....#..'];
    const w = rows[0]!.length;
    const dark = Uint8Array.from(rows.join('').split('').map((c) => (c === '#' ? 1 : 0)));
    const boxes = pieces(dark, w, rows.length).sort((a, b) => a.left - b.left);
    expect(boxes).toEqual([
      { left: 0, top: 0, right: 2, bottom: 2 },
      { left: 5, top: 0, right: 7, bottom: 3 },
    ]);
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
    await ocrPageImage(pageWithBars(400, 500, linesExcept(500, [[220, 280]])), { scheduler: short.scheduler, dpi: 300, detectRotation: false });
    expect(short.heights).toEqual([500]);
  });

  it('reads the page whole when told not to split it (a page with more to come after it)', async () => {
    const idle = fakeScheduler(2);
    await ocrPageImage(img, { scheduler: idle.scheduler, dpi: 300, detectRotation: false, split: false });
    expect(idle.heights).toEqual([2000]);
  });

  it('reads the page whole when the process has fewer than two OCR permits free', async () => {
    const idle = fakeScheduler(2);
    const permits = { acquire: async () => undefined, release: () => undefined, free: 1 };
    setOcrPermits(permits);
    try {
      await ocrPageImage(img, { scheduler: idle.scheduler, dpi: 300, detectRotation: false });
      expect(idle.heights).toEqual([2000]);
      permits.free = 2;
      await ocrPageImage(img, { scheduler: idle.scheduler, dpi: 300, detectRotation: false });
      expect(idle.heights).toHaveLength(3);
    } finally {
      setOcrPermits(undefined);
    }
  });
});

/** A scheduler that "reads" every run of inked rows in the image as one line, named by where
 *  it lies, cut short at the image's edges as a band would cut it. */
function linesScheduler(): { scheduler: OcrScheduler; crops: Array<{ height: number }> } {
  const crops: Array<{ height: number }> = [];
  const scheduler = {
    idle: 2,
    size: 2,
    recognize: async (image: Uint8Array): Promise<TessPage> => {
      const header = new TextDecoder().decode(image.subarray(0, 32));
      const [, w, h] = header.split(/\s+/).map(Number) as [string, number, number];
      const data = image.subarray(image.length - w * h);
      crops.push({ height: h });
      const lines = [];
      let start = -1;
      for (let y = 0; y <= h; y++) {
        const inked = y < h && data.subarray(y * w, (y + 1) * w).some((v) => v < 128);
        if (inked && start < 0) start = y;
        if (!inked && start >= 0) {
          const bbox = { x0: 20, y0: start, x1: w - 20, y1: y };
          lines.push({ words: [{ text: `${start}-${y}`, confidence: 90, bbox: { ...bbox }, symbols: [] }], bbox, baseline: { x0: 20, y0: y, x1: w - 20, y1: y } });
          start = -1;
        }
      }
      return { blocks: [{ paragraphs: [{ lines, bbox: { x0: 0, y0: 0, x1: w, y1: h } }], bbox: { x0: 0, y0: 0, x1: w, y1: h } }] } as unknown as TessPage;
    },
  } as unknown as OcrScheduler;
  return { scheduler, crops };
}

describe('reading a page with no blank row in two overlapping bands', () => {
  // Lines 30 px tall every 33 px: no gap of 6 blank rows anywhere.
  const bars: Array<[number, number]> = [];
  for (let y = 0; y + 30 <= 2000; y += 33) bars.push([y, y + 30]);
  const img = pageWithBars(400, 2000, bars);

  it('reads each line once, whole, from the band its middle lies in', async () => {
    const { scheduler, crops } = linesScheduler();
    const result = await ocrPageImage(img, { scheduler, dpi: 300, detectRotation: false });
    // Each band reaches half an inch (150 px) past the cut.
    expect(crops).toHaveLength(2);
    expect(crops[0]!.height + crops[1]!.height).toBe(2000 + 300);
    const words = result.page.blocks!.flatMap((b) => b.paragraphs.flatMap((p) => p.lines.flatMap((l) => l.words.map((w) => w.bbox))));
    expect(words.map((b) => `${b.y0}-${b.y1}`)).toEqual(bars.map(([a, b]) => `${a}-${b}`));
  });

  it('drops the lines outside a band\'s own side of the cut and shrinks the boxes', () => {
    type Block = Parameters<typeof linesWhere>[0][number];
    const line = (y0: number, y1: number) => ({ bbox: { x0: 0, y0, x1: 10, y1 }, words: [] });
    const blocks = [
      { bbox: { x0: 0, y0: 0, x1: 10, y1: 300 }, paragraphs: [{ bbox: { x0: 0, y0: 0, x1: 10, y1: 300 }, lines: [line(0, 20), line(90, 110), line(200, 300)] }] },
      { bbox: { x0: 0, y0: 250, x1: 10, y1: 300 }, paragraphs: [{ bbox: { x0: 0, y0: 250, x1: 10, y1: 300 }, lines: [line(250, 300)] }] },
    ] as unknown as Block[];
    const kept = linesWhere(blocks, (middle) => middle < 120);
    expect(kept).toHaveLength(1);
    expect(kept[0]!.bbox).toEqual({ x0: 0, y0: 0, x1: 10, y1: 110 });
    expect(kept[0]!.paragraphs[0]!.lines).toHaveLength(2);
  });
});

describe('joining the two bands in reading order', () => {
  type Block = Parameters<typeof joinBands>[0][number];
  /** A block labelled with a name for the assertions. */
  type Named = Block & { name: string };
  const block = (name: string, x0: number, y0: number, x1: number, y1: number): Named => ({ name, bbox: { x0, y0, x1, y1 }, blocktype: 1, paragraphs: [] });
  const names = (blocks: Block[]) => blocks.map((b) => (b as Named).name);
  const cut = 1500;

  it('reads a column that runs on across the cut before the next column', () => {
    // tesseract reads each band column by column: left, then right.
    const upper = [block('title', 200, 50, 1900, 150), block('left-1', 100, 200, 1000, 1480), block('right-1', 1100, 200, 2000, 1490)];
    const lower = [
      block('left-2', 100, 1520, 1000, 2600),
      block('left-3', 100, 2640, 1000, 3000),
      block('right-2', 1100, 1510, 2000, 3000),
      block('footer', 100, 3100, 2000, 3150),
    ];
    expect(names(joinBands(upper, lower, cut, 300))).toEqual(['title', 'left-1', 'left-2', 'left-3', 'right-1', 'right-2', 'footer']);
  });

  it('continues a column from its last block above the cut with its first block below it', () => {
    // One block per line, all in one column: only the lines next to the cut join.
    const upper = [block('line-1', 100, 1200, 1900, 1245), block('line-2', 100, 1300, 1900, 1345)];
    const lower = [block('line-3', 100, 1400, 1900, 1445), block('line-4', 100, 1500, 1900, 1545)];
    expect(names(joinBands(upper, lower, 1360, 300))).toEqual(['line-1', 'line-2', 'line-3', 'line-4']);
  });

  it('puts lower blocks that continue nothing after the upper band', () => {
    // The upper band ends well above the cut: nothing runs on.
    const upper = [block('left-1', 100, 200, 1000, 900), block('right-1', 1100, 200, 2000, 900)];
    const lower = [block('left-2', 100, 1600, 1000, 2600), block('right-2', 1100, 1600, 2000, 2600)];
    expect(names(joinBands(upper, lower, cut, 300))).toEqual(['left-1', 'right-1', 'left-2', 'right-2']);
  });
});
