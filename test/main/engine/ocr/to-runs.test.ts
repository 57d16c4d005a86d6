import { describe, expect, it } from 'vitest';
import { ocrRuns } from '../../../../src/main/engine/ocr/to-runs.js';
import type { TessPage } from '../../../../src/main/engine/ocr/scheduler.js';

function page(words: Array<{ text: string; x0: number; x1: number; conf: number }>): TessPage {
  const line = {
    words: words.map((w) => ({ text: w.text, confidence: w.conf, bbox: { x0: w.x0, y0: 100, x1: w.x1, y1: 140 }, symbols: [], choices: [], font_name: '' })),
    text: '',
    confidence: 90,
    baseline: { x0: 0, y0: 132, x1: 1000, y1: 132 },
    rowAttributes: { rowHeight: 50, ascenders: 10, descenders: 8 },
    bbox: { x0: 0, y0: 100, x1: 1000, y1: 140 },
  };
  const para = { lines: [line], text: '', confidence: 90, bbox: line.bbox, is_ltr: true };
  return { blocks: [{ paragraphs: [para], text: '', confidence: 90, bbox: line.bbox, blocktype: 'FLOWING_TEXT' }] } as unknown as TessPage;
}

describe('OCR words to text runs', () => {
  it('scales pixel boxes to points and keeps confidence as 0–1', () => {
    // 300 dpi: a point is 300 / 72 pixels.
    const runs = ocrRuns(page([{ text: 'Hello', x0: 300, x1: 600, conf: 93 }, { text: ' ', x0: 610, x1: 620, conf: 0 }]), 72 / 300);
    expect(runs).toHaveLength(1);
    const r = runs[0]!;
    expect(r.text).toBe('Hello');
    expect(r.box).toEqual({ left: 72, top: 24, right: 144, bottom: 33.6 });
    expect(r.baseline).toBeCloseTo(31.68);
    expect(r.fontSize).toBeCloseTo(12);
    expect(r.confidence).toBe(0.93);
    expect(r.orientation).toBe(0);
    expect(r.invisible).toBe(false);
  });
});

describe('letter-spaced words', () => {
  /** A word of one-letter symbols 20 px wide, `gap` px apart, on a line 40 px high. */
  function spaced(text: string, gap: number) {
    const symbols = [...text].map((c, i) => ({ text: c, confidence: 90, bbox: { x0: 100 + i * (20 + gap), y0: 100, x1: 120 + i * (20 + gap), y1: 130 } }));
    const bbox = { x0: 100, y0: 100, x1: symbols.at(-1)!.bbox.x1, y1: 130 };
    const line = {
      words: [{ text, confidence: 90, bbox, symbols, choices: [], font_name: '' }],
      baseline: { x0: 0, y0: 130, x1: 1000, y1: 130 },
      rowAttributes: { rowHeight: 40, ascenders: 10, descenders: 8 },
      bbox,
    };
    const para = { lines: [line], bbox };
    return { blocks: [{ paragraphs: [para], bbox }] } as unknown as TessPage;
  }

  it('writes a word whose letters stand as far apart as words letter by letter', () => {
    // 16 px between letters on a 40 px line (0.4): a running foot set in tracked capitals.
    const runs = ocrRuns(spaced('TRAVEL', 16), 1);
    expect(runs.map((r) => r.text)).toEqual(['T', 'R', 'A', 'V', 'E', 'L']);
    expect(runs[1]!.box.left).toBe(136);
  });

  it('keeps ordinary words and small capitals whole', () => {
    expect(ocrRuns(spaced('words', 4), 1).map((r) => r.text)).toEqual(['words']);
    // 10 px on 40 (0.25): small capitals with some tracking.
    expect(ocrRuns(spaced('ROOFS', 10), 1).map((r) => r.text)).toEqual(['ROOFS']);
    // Two letters are never taken for letter-spacing.
    expect(ocrRuns(spaced('OF', 30), 1).map((r) => r.text)).toEqual(['OF']);
  });
});
