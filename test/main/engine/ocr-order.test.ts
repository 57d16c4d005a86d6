// Scanned pages: when the geometric reading order weaves between two side-by-side prose
// columns, the OCR engine's own order of its lines is taken instead; otherwise (receipts,
// single columns, text-layer pages) the geometric order stands.
import { describe, expect, it } from 'vitest';
import { buildLines } from '../../../src/main/engine/layout/lines.js';
import { checkedOcrOrder, weavesColumns } from '../../../src/main/engine/layout/ocr-order.js';
import { orderLines } from '../../../src/main/engine/layout/reading-order.js';
import type { Line } from '../../../src/main/engine/page-model.js';
import { line, run } from './layout-helpers.js';

const PITCH = 12;

/** Marks a line as read by OCR: its recognised line number and block. */
function recognised(l: Line, ocrLine: number, ocrBlock: number): Line {
  for (const r of l.runs) Object.assign(r, { ocrLine, ocrBlock });
  return l;
}

function firstWords(lines: Line[]): string[] {
  return lines.map((l) => l.text.split(' ')[0]!);
}

/** Two prose columns, rows level with each other, and a caption across the gutter between
 *  rows 5 and 6 (tesseract reads column A, then column B, then the caption). */
function twoColumnsWithCaption(withOcr: boolean): Line[] {
  const lines: Line[] = [];
  let ocrLine = 0;
  const rowY = (i: number) => 100 + i * PITCH + (i >= 5 ? PITCH : 0);
  for (const [block, prefix, x0, x1] of [[0, 'A', 50, 290], [1, 'B', 305, 545]] as const) {
    for (let i = 0; i < 10; i++) {
      const l = line(`${prefix}${i + 1} words of running text in the column`, x0, x1, rowY(i));
      lines.push(withOcr ? recognised(l, ++ocrLine, block) : l);
    }
  }
  const caption = line('Caption under the picture', 200, 400, 100 + 5 * PITCH + 1);
  lines.push(withOcr ? recognised(caption, ++ocrLine, 2) : caption);
  return lines;
}

describe('reading order of a scanned page', () => {
  const columnA = Array.from({ length: 10 }, (_, i) => `A${i + 1}`);
  const columnB = Array.from({ length: 10 }, (_, i) => `B${i + 1}`);

  it('without OCR lines, a line across the gutter makes the geometric order weave between the columns', () => {
    const ordered = orderLines(twoColumnsWithCaption(false));
    // Read by slabs: the columns above the caption, the caption, the columns below it.
    expect(firstWords(ordered)).toEqual([...columnA.slice(0, 5), ...columnB.slice(0, 5), 'Caption', ...columnA.slice(5), ...columnB.slice(5)]);
  });

  it('on a scanned page, reads each column through in the OCR engine’s order instead', () => {
    const ordered = orderLines(twoColumnsWithCaption(true));
    expect(firstWords(ordered)).toEqual([...columnA, ...columnB, 'Caption']);
  });

  it('reads the first lines beside a drop capital, which tesseract reads after their paragraph, first', () => {
    // Column A: tesseract's block 3 holds the drop capital and the two lines beside it and is
    // read after block 0 (the rest of the paragraph), which it runs into; column B as before.
    const lines = twoColumnsWithCaption(true);
    const a = lines.filter((l) => l.text.startsWith('A'));
    a.forEach((l, i) => recognised(l, i < 2 ? 9 + i : i - 1, i < 2 ? 3 : 0));
    const dropCap = recognised(line('S', 30, 45, 100 + PITCH, { size: 30 }), 10, 3);
    const ordered = orderLines([...lines, dropCap]);
    expect(firstWords(ordered).slice(0, 4)).toEqual(['A1', 'S', 'A2', 'A3']);
    expect(firstWords(ordered).indexOf('B1')).toBeGreaterThan(firstWords(ordered).indexOf('A10'));
  });

  it('keeps a receipt read row by row: its price column is not prose', () => {
    const lines: Line[] = [];
    for (let i = 0; i < 6; i++) {
      lines.push(recognised(line(`Item${i + 1} description of goods`, 20, 200, 100 + i * PITCH), i + 1, 0));
      lines.push(recognised(line(`${i + 1}.50`, 260, 290, 100 + i * PITCH), i + 7, 1));
    }
    const ordered = orderLines(lines);
    // Each price next to its item, as the geometric order reads them (tesseract: items, then prices).
    const pairs = firstWords(ordered).map((w) => w.replace(/^Item(\d)$/, '$1').replace(/^(\d)\.50$/, '$1'));
    for (let i = 0; i < pairs.length; i += 2) expect(pairs[i]).toBe(pairs[i + 1]);
    expect(weavesColumns(ordered, 10)).toBe(false);
  });

  it('leaves the order alone when one line was not recognised (text-layer words on the page)', () => {
    const lines = twoColumnsWithCaption(true);
    const woven = orderLines(twoColumnsWithCaption(false));
    const mixed = woven.map((l) => lines.find((o) => o.text === l.text)!);
    mixed[3]!.runs.forEach((r) => delete r.ocrLine);
    expect(checkedOcrOrder(mixed)).toBe(mixed);
  });

  it('does not take one column above another for weaving', () => {
    // Column A's block is read, then a block under it, then A again: stacked, not side by side.
    const lines = [
      recognised(line('A1 words of running text in the column', 50, 290, 100), 1, 0),
      recognised(line('A2 words of running text in the column', 50, 290, 112), 2, 0),
      recognised(line('C1 words of running text in the column', 50, 290, 124), 4, 1),
      recognised(line('C2 words of running text in the column', 50, 290, 136), 5, 1),
      recognised(line('C3 words of running text in the column', 50, 290, 148), 6, 1),
      recognised(line('A3 words of running text in the column', 50, 290, 160), 3, 0),
    ];
    expect(weavesColumns(lines, 10)).toBe(false);
    expect(checkedOcrOrder(lines)).toBe(lines);
  });
});

describe('line fragments of OCR words', () => {
  it('keeps words OCR read in different lines apart, however small the gap', () => {
    const left = { ...run('gutter', 100, 200), ocrLine: 1, ocrBlock: 0 };
    const right = { ...run('narrow', 133, 200), ocrLine: 9, ocrBlock: 1 };
    expect(buildLines([left, right]).map((l) => l.text)).toEqual(['gutter', 'narrow']);
    const same = { ...right, ocrLine: 1, ocrBlock: 0 };
    expect(buildLines([left, same]).map((l) => l.text)).toEqual(['gutter narrow']);
  });

  /** OCR words of one recognised line at the given x positions (font size 9). */
  function ocrLine(words: Array<[string, number]>): ReturnType<typeof run>[] {
    return words.map(([text, x]) => ({ ...run(text, x, 300, { size: 9 }), ocrLine: 5, ocrBlock: 1 }));
  }

  it('keeps a justified line of a narrow column whole: its stretched word spaces are even', () => {
    // Gaps of 11-12 pt between words of 9 pt type (more than a font size, the usual split).
    const words = ocrLine([['other', 100], ['hotels', 133.5], ['and', 172], ['private', 197]]);
    expect(buildLines(words).map((l) => l.text)).toEqual(['other hotels and private']);
  });

  it('still splits a row of figures, and a line whose wide gap stands out', () => {
    const figures = ocrLine([['1,250.00', 100], ['3', 150], ['3,750.00', 170]]);
    expect(buildLines(figures)).toHaveLength(3);
    const uneven = ocrLine([['Name', 100], ['Widget', 140], ['blue', 169]]);
    expect(buildLines(uneven).map((l) => l.text)).toEqual(['Name', 'Widget blue']);
  });
});
