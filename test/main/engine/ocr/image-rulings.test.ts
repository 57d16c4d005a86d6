// Ruling lines found in page images: grids, skewed, dashed and broken rules are found where
// they are; text, filled areas and stacked letters are not taken as rules; rules follow a page
// turned upright; rules seen in the image join the drawn ones without doubling them.
import { describe, expect, it } from 'vitest';
import { rotateGray, type GrayImage } from '../../../../src/main/engine/image/gray.js';
import { imageRulings, turnSegments } from '../../../../src/main/engine/ocr/image-rulings.js';
import { mergeOcr, withImageRulings } from '../../../../src/main/engine/ocr/merge.js';
import type { PageModel } from '../../../../src/main/engine/page-model.js';
import type { Segment } from '../../../../src/main/engine/tables/types.js';
import { grayDrawing } from '../../../helpers/draw-page.js';

function blank(width: number, height: number, paper = 255): GrayImage {
  return { width, height, data: new Uint8Array(width * height).fill(paper) };
}

function fill(img: GrayImage, x: number, y: number, w: number, h: number, ink = 0): void {
  for (let yy = Math.max(0, y); yy < Math.min(img.height, y + h); yy++) {
    for (let xx = Math.max(0, x); xx < Math.min(img.width, x + w); xx++) img.data[yy * img.width + xx] = ink;
  }
}

const horizontal = (s: Segment) => s.y0 === s.y1;
const near = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol;

const PROSE = [
  'The quick brown fox jumps over the lazy dog; Illinois billed 1,111.11 in all.',
  'Information about the committee minutes, from the annual meeting of members.',
  'Total amount due: 4,250.00 — payable within thirty days of the invoice date.',
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.',
  'HILL HOUSE, LITTLE LANE: the mill and the hall were built in 1911 and 1917.',
];

describe('ruling lines in page images', () => {
  it('finds the rules of a grid, in points from the top-left', () => {
    // 150 dpi: 1 pixel = 0.48 points.
    const img = blank(1200, 900);
    const ys = [150, 250, 350, 450];
    const xs = [100, 400, 700, 1000];
    for (const y of ys) fill(img, 100, y, 903, 3);
    for (const x of xs) fill(img, x, 150, 3, 303);
    fill(img, 130, 190, 200, 14); // a bar of text-height ink is no rule
    const segs = imageRulings(img, 150);
    const hs = segs.filter(horizontal).sort((a, b) => a.y0 - b.y0);
    const vs = segs.filter((s) => !horizontal(s)).sort((a, b) => a.x0 - b.x0);
    expect(hs).toHaveLength(4);
    expect(vs).toHaveLength(4);
    const pt = 72 / 150;
    hs.forEach((h, i) => {
      expect(near(h.y0, (ys[i]! + 1.5) * pt, 1)).toBe(true);
      expect(near(h.x0, 100 * pt, 1.5) && near(h.x1, 1003 * pt, 1.5)).toBe(true);
    });
    vs.forEach((v, i) => {
      expect(near(v.x0, (xs[i]! + 1.5) * pt, 1)).toBe(true);
      expect(near(v.y0, 150 * pt, 1.5) && near(v.y1, 453 * pt, 1.5)).toBe(true);
    });
  });

  it('finds a grid scanned at 300 dpi on gray paper, with thin rules', () => {
    const img = blank(1600, 1000, 215);
    for (let i = 0; i < 4; i++) fill(img, 200, 200 + i * 150, 1201, 2, 60);
    for (let i = 0; i < 3; i++) fill(img, 200 + i * 600, 200, 2, 452, 60);
    const segs = imageRulings(img, 300);
    expect(segs.filter(horizontal)).toHaveLength(4);
    expect(segs.filter((s) => !horizontal(s))).toHaveLength(3);
  });

  it('takes no text, at any size, as a rule', () => {
    const img = grayDrawing(2550, 3300, (ctx) => {
      let y = 60;
      for (const size of [25, 33, 42, 50, 67, 100]) {
        for (const font of ['serif', 'sans-serif', 'bold serif', 'bold sans-serif']) {
          const [weight, family] = font.startsWith('bold') ? ['bold ', font.slice(5)] : ['', font];
          ctx.font = `${weight}${size}px ${family}`;
          for (const line of PROSE.slice(0, size >= 67 ? 2 : 5)) {
            y += size * 1.2;
            if (y > 3250) return;
            // Left-aligned lines stack their first letters' stems: no vertical rule either.
            ctx.fillText(size >= 67 ? line.slice(0, 40) : line, 60, y);
          }
        }
      }
    });
    expect(imageRulings(img, 300)).toEqual([]);
  });

  it('takes no filled area or blobs of ink as rules', () => {
    const img = blank(1275, 1650);
    fill(img, 100, 100, 800, 60); // a black bar (a redaction, a header band)
    fill(img, 100, 300, 30, 600); // a thick vertical band
    // Word-sized blobs in rows: small text at low resolution.
    for (let r = 0; r < 20; r++) for (let w = 0; w < 12; w++) fill(img, 100 + w * 70 + (r % 3) * 5, 1000 + r * 25, 40 + ((w * 7 + r) % 20), 9);
    expect(imageRulings(img, 150)).toEqual([]);
  });

  it('follows a slightly skewed rule', () => {
    const img = blank(2400, 800);
    // 0.6 degrees over 2000 pixels: 21 pixels of drift, 3 pixels thick, at 300 dpi.
    for (let x = 200; x < 2200; x++) fill(img, x, Math.round(300 + (x - 200) * 0.0105), 1, 3);
    const segs = imageRulings(img, 300);
    expect(segs).toHaveLength(1);
    const s = segs[0]!;
    expect(horizontal(s)).toBe(true);
    expect(near(s.x0, 48, 2) && near(s.x1, 528, 2)).toBe(true);
    // Across, the middle of the drift.
    expect(near(s.y0, ((300 + 321) / 2 + 1.5) * 0.24, 1.5)).toBe(true);
  });

  it('joins a dashed rule and a rule broken by dropouts', () => {
    const img = blank(2400, 1200);
    for (let x = 200; x < 2200; x += 40) fill(img, x, 300, 24, 3); // dashes 24 px, gaps 16 px
    fill(img, 200, 700, 800, 3);
    fill(img, 1010, 700, 600, 3); // a 10-pixel dropout
    fill(img, 1620, 700, 580, 3);
    fill(img, 1100, 1000, 3, 150); // a short vertical stroke on its own
    const segs = imageRulings(img, 300);
    const hs = segs.filter(horizontal).sort((a, b) => a.y0 - b.y0);
    expect(hs).toHaveLength(2);
    expect(near(hs[0]!.x0, 48, 2) && near(hs[0]!.x1, 2184 * 0.24, 2)).toBe(true);
    expect(near(hs[1]!.x0, 48, 2) && near(hs[1]!.x1, 528, 2)).toBe(true);
    // A short vertical stroke meeting no horizontal rule is not kept (tall letters look like it).
    expect(segs.filter((s) => !horizontal(s))).toEqual([]);
  });

  it('finds a ruled table drawn with text in its cells', () => {
    const img = grayDrawing(2000, 1000, (ctx) => {
      ctx.lineWidth = 3;
      for (let r = 0; r <= 4; r++) {
        ctx.beginPath();
        ctx.moveTo(150, 150 + r * 150);
        ctx.lineTo(1850, 150 + r * 150);
        ctx.stroke();
      }
      for (const x of [150, 700, 1250, 1850]) {
        ctx.beginPath();
        ctx.moveTo(x, 150);
        ctx.lineTo(x, 750);
        ctx.stroke();
      }
      ctx.font = '42px sans-serif';
      for (let r = 0; r < 4; r++) for (let c = 0; c < 3; c++) ctx.fillText(`Cell ${r + 1}.${c + 1} jpqy`, 180 + c * 550, 150 + r * 150 + 95);
    });
    const segs = imageRulings(img, 300);
    expect(segs.filter(horizontal)).toHaveLength(5);
    expect(segs.filter((s) => !horizontal(s))).toHaveLength(4);
  });

  it('measures a 300-dpi letter page in well under 100 ms', () => {
    const img = grayDrawing(2550, 3300, (ctx) => {
      ctx.lineWidth = 3;
      for (let r = 0; r <= 10; r++) ctx.strokeRect(150, 1500 + r * 100, 2250, 100);
      ctx.font = '42px serif';
      for (let i = 0; i < 25; i++) ctx.fillText(PROSE[i % PROSE.length]!, 150, 100 + i * 55);
    });
    imageRulings(img, 300);
    const t0 = performance.now();
    const runs = 5;
    for (let i = 0; i < runs; i++) imageRulings(img, 300);
    const ms = (performance.now() - t0) / runs;
    // Typically 20–35 ms on one core; the bound leaves room for a loaded test machine.
    expect(ms).toBeLessThan(250);
  });
});

describe('rules on a page turned upright', () => {
  it('maps segments through each quarter turn', () => {
    const h: Segment = { x0: 10, y0: 20, x1: 110, y1: 20 };
    const v: Segment = { x0: 30, y0: 5, x1: 30, y1: 55 };
    // The image is 200 × 100 points; turned by 90 it is 100 × 200.
    expect(turnSegments([h, v], 90, 200, 100)).toEqual([
      { x0: 80, y0: 10, x1: 80, y1: 110 },
      { x0: 45, y0: 30, x1: 95, y1: 30 },
    ]);
    expect(turnSegments([h], 180, 200, 100)).toEqual([{ x0: 90, y0: 80, x1: 190, y1: 80 }]);
    expect(turnSegments([h], 270, 200, 100)).toEqual([{ x0: 20, y0: 90, x1: 20, y1: 190 }]);
    expect(turnSegments([h], 0, 200, 100)).toEqual([h]);
  });

  it.each([90, 180, 270] as const)('finds in an image turned by %i what the turn of its rules gives', (turn) => {
    const img = blank(900, 600);
    fill(img, 100, 100, 600, 3);
    fill(img, 100, 400, 600, 3);
    fill(img, 100, 100, 3, 303);
    fill(img, 500, 100, 3, 303);
    const sort = (segs: Segment[]) => [...segs].sort((a, b) => a.x0 - b.x0 || a.y0 - b.y0 || a.x1 - b.x1);
    const expected = sort(turnSegments(imageRulings(img, 150), turn, 900 * 0.48, 600 * 0.48));
    const found = sort(imageRulings(rotateGray(img, turn), 150));
    expect(found).toHaveLength(4);
    found.forEach((s, i) => {
      const e = expected[i]!;
      expect(horizontal(s)).toBe(horizontal(e));
      for (const k of ['x0', 'y0', 'x1', 'y1'] as const) expect(Math.abs(s[k] - e[k])).toBeLessThanOrEqual(1.5);
    });
  });
});

describe('rules in the OCRed page model', () => {
  const page: PageModel = { number: 1, width: 200, height: 100, rotation: 0, runs: [], blocks: [] };
  const seen: Segment[] = [
    { x0: 10, y0: 20.6, x1: 109, y1: 20.6 },
    { x0: 10, y0: 60, x1: 110, y1: 60 },
  ];

  it('adds rules seen in the image to the drawn ones, once', () => {
    const drawnRules: Segment[] = [{ x0: 10, y0: 20, x1: 110, y1: 20 }];
    expect(withImageRulings(drawnRules, seen)).toEqual([drawnRules[0], seen[1]]);
    expect(withImageRulings(undefined, seen)).toEqual(seen);
  });

  it('sets them when OCR replaces the text layer, and on a turned page in its new axes', () => {
    const ocr = { runs: [], rulings: seen, width: 200, height: 100, turn: 0 as const };
    expect(mergeOcr(page, ocr, 'replace').rulings).toEqual(seen);
    expect(mergeOcr(page, ocr, 'merge').rulings).toEqual(seen);
    const turned = mergeOcr({ ...page, rulings: [{ x0: 0, y0: 1, x1: 5, y1: 1 }] }, { ...ocr, width: 100, height: 200, turn: 90 }, 'replace');
    expect(turned.rulings).toEqual(seen);
  });
});
