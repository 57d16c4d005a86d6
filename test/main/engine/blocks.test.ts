import { describe, expect, it } from 'vitest';
import { buildBlocks, headingLevel, listMarkerOf } from '../../../src/main/engine/layout/blocks.js';
import type { Line } from '../../../src/main/engine/page-model.js';
import { line } from './layout-helpers.js';

const stats = { bodySize: 10 };
const X0 = 50;
const X1 = 300;

/** Full-width body lines at the given baselines. */
function body(baselines: number[], prefix = 'body'): Line[] {
  return baselines.map((b, i) => line(`${prefix} line ${i + 1} with enough words to fill the measure`, X0, X1, b));
}

function blockTexts(lines: Line[]): string[][] {
  return buildBlocks(lines, stats).map((b) => b.lines.map((l) => l.text));
}

describe('listMarkerOf', () => {
  it('finds bullets', () => {
    expect(listMarkerOf('• First item')).toEqual({ marker: '•', ordered: false });
    expect(listMarkerOf('–  Second item')).toEqual({ marker: '–', ordered: false });
    expect(listMarkerOf('- dash item')).toEqual({ marker: '-', ordered: false });
    expect(listMarkerOf('*starred')).toEqual({ marker: '*', ordered: false });
  });

  it('finds ordered markers', () => {
    expect(listMarkerOf('1. Install the tool')).toEqual({ marker: '1.', ordered: true });
    expect(listMarkerOf('12) Twelfth')).toEqual({ marker: '12)', ordered: true });
    expect(listMarkerOf('a) first option')).toEqual({ marker: 'a)', ordered: true });
    expect(listMarkerOf('(b) second option')).toEqual({ marker: '(b)', ordered: true });
    expect(listMarkerOf('(iv) fourth clause')).toEqual({ marker: '(iv)', ordered: true });
    expect(listMarkerOf('IV. Results')).toEqual({ marker: 'IV.', ordered: true });
  });

  it('does not take a negative number for a bullet', () => {
    expect(listMarkerOf('-5 degrees at night')).toBeUndefined();
    expect(listMarkerOf('–12% on the year')).toBeUndefined();
  });

  it('takes a dash before a counted noun for a bullet', () => {
    expect(listMarkerOf('- 5 apples and pears')).toEqual({ marker: '-', ordered: false });
  });

  it('does not see markers in ordinary text', () => {
    expect(listMarkerOf('The end.')).toBeUndefined();
    expect(listMarkerOf('1.5 million people')).toBeUndefined();
    expect(listMarkerOf('e.g. this one')).toBeUndefined();
    expect(listMarkerOf('2024 was a year')).toBeUndefined();
    expect(listMarkerOf('•')).toBeUndefined();
    expect(listMarkerOf('1.')).toBeUndefined();
  });
});

describe('buildBlocks: paragraphs', () => {
  it('keeps lines at a steady pitch in one paragraph', () => {
    expect(blockTexts(body([100, 112, 124, 136, 148]))).toHaveLength(1);
  });

  it('breaks a paragraph at a larger vertical gap', () => {
    const lines = [...body([100, 112, 124], 'first'), ...body([142, 154], 'second')];
    const groups = blockTexts(lines);
    expect(groups).toHaveLength(2);
    expect(groups[0]!.every((t) => t.startsWith('first'))).toBe(true);
    expect(groups[1]!.every((t) => t.startsWith('second'))).toBe(true);
  });

  it('breaks after a single line when the next is more than two lines away', () => {
    expect(blockTexts(body([100, 125]))).toHaveLength(2);
  });

  it('breaks after a short last line ending a sentence', () => {
    const lines = [
      line('a paragraph with a full first line of text here', X0, X1, 100),
      line('and a short last line.', X0, 160, 112),
      line('A new paragraph starts here with a full line too', X0, X1, 124),
    ];
    expect(blockTexts(lines).map((g) => g.length)).toEqual([2, 1]);
  });

  it('breaks between lines that do not overlap horizontally', () => {
    const lines = [line('left column text here', 50, 250, 100), line('right column text here', 320, 550, 112)];
    expect(blockTexts(lines)).toHaveLength(2);
  });

  it('returns text blocks with the union box of their lines', () => {
    const [b] = buildBlocks(body([100, 112]), stats);
    expect(b!.type).toBe('text');
    expect(b!.level).toBeUndefined();
    expect(b!.box).toEqual({ left: X0, top: 92, right: X1, bottom: 114 });
  });
});

describe('buildBlocks: headings', () => {
  it('makes a much larger line a level-1 heading', () => {
    const blocks = buildBlocks([line('Annual Report', X0, 200, 60, { size: 20 }), ...body([100, 112])], stats);
    expect(blocks.map((b) => [b.type, b.level])).toEqual([
      ['heading', 1],
      ['text', undefined],
    ]);
  });

  it('makes a moderately larger line a level-2 section heading', () => {
    const blocks = buildBlocks([line('Results', X0, 120, 80, { size: 14 }), ...body([100, 112])], stats);
    expect(blocks.map((b) => [b.type, b.level])).toEqual([
      ['section_heading', 2],
      ['text', undefined],
    ]);
  });

  it('makes a bold short line above plain text a section heading', () => {
    const blocks = buildBlocks([line('Background', X0, 110, 88, { bold: true }), ...body([100, 112])], stats);
    expect(blocks.map((b) => [b.type, b.level, b.lines.length])).toEqual([
      ['section_heading', 3, 1],
      ['text', undefined, 2],
    ]);
  });

  it('keeps a bold line in the middle of a paragraph in the paragraph', () => {
    const lines = [
      line('plain words opening the paragraph at full width here', X0, X1, 100),
      line('bold words continuing the same sentence at full width', X0, X1, 112, { bold: true }),
      line('plain words closing the paragraph at full measure now', X0, X1, 124),
    ];
    const blocks = buildBlocks(lines, stats);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.type).toBe('text');
  });

  it('keeps a long bold first line as wide as the next line in the paragraph', () => {
    const lines = [
      line('Bold opening words of a long paragraph that fill the whole of a wide measure from margin to margin', X0, 550, 100, { bold: true }),
      line('and then the plain continuation of that same paragraph, which also runs all the way across the line', X0, 550, 112),
    ];
    expect(lines[0]!.text.length).toBeGreaterThanOrEqual(90);
    const blocks = buildBlocks(lines, stats);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.type).toBe('text');
  });

  it('does not make a list item a heading even when bold', () => {
    const blocks = buildBlocks([line('• Bold item', X0, 110, 100, { bold: true }), ...body([112, 124])], stats);
    expect(blocks[0]!.type).toBe('text');
    expect(blocks[0]!.list).toEqual({ marker: '•', ordered: false });
  });
});

describe('buildBlocks: lists', () => {
  it('starts a block at every list item and keeps continuation lines with their item', () => {
    const lines = [
      line('Ingredients are as follows:', X0, 180, 100),
      line('• Flour from the mill', X0, 160, 112),
      line('ground fine', 62, 120, 124),
      line('• Water', X0, 90, 136),
      line('1. Mix them', X0, 110, 148),
      line('a) slowly', X0, 100, 160),
      line('(iv) then rest', X0, 120, 172),
    ];
    const blocks = buildBlocks(lines, stats);
    expect(blocks.map((b) => b.lines.map((l) => l.text).join(' / '))).toEqual([
      'Ingredients are as follows:',
      '• Flour from the mill / ground fine',
      '• Water',
      '1. Mix them',
      'a) slowly',
      '(iv) then rest',
    ]);
    expect(blocks.map((b) => b.list?.marker)).toEqual([undefined, '•', '•', '1.', 'a)', '(iv)']);
    expect(blocks.map((b) => b.list?.ordered)).toEqual([undefined, false, false, true, true, true]);
  });

  it('does not take a line starting with a negative number for a list item', () => {
    const lines = [line('Temperatures fell overnight to', X0, X1, 100), line('-5 degrees at the summit station', X0, X1, 112)];
    const blocks = buildBlocks(lines, stats);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.list).toBeUndefined();
  });
});

describe('headingLevel', () => {
  const next = body([200]);

  it('grades by size against the body size', () => {
    expect(headingLevel([line('Title', X0, 100, 60, { size: 18 })], stats, next)).toBe(1);
    expect(headingLevel([line('Chapter', X0, 100, 60, { size: 13 })], stats, next)).toBe(2);
    expect(headingLevel([line('Methods', X0, 100, 60, { size: 11.5 })], stats, next)).toBe(2);
    expect(headingLevel([line('2.1 Methods', X0, 100, 60, { size: 11.5 })], stats, next)).toBe(3);
    expect(headingLevel([line('Plain text', X0, 100, 60, { size: 10 })], stats, next)).toBeUndefined();
  });

  it('uses the numbering depth of a bold body-size heading', () => {
    expect(headingLevel([line('Scope', X0, 100, 60, { bold: true })], stats, next)).toBe(3);
    expect(headingLevel([line('3.2 Data sources', X0, 100, 60, { bold: true })], stats, next)).toBe(3);
    expect(headingLevel([line('3.2.1 Sampling', X0, 100, 60, { bold: true })], stats, next)).toBe(4);
  });

  it('does not take a bold line followed by more bold text for a heading', () => {
    const boldNext = [line('more bold text follows here', X0, X1, 200, { bold: true })];
    expect(headingLevel([line('Scope', X0, 100, 60, { bold: true })], stats, boldNext)).toBeUndefined();
  });

  it('does not take a large sentence for a heading', () => {
    const sentence = 'This is a rather long sentence set in a larger type size, as a pull quote.';
    expect(sentence.length).toBeGreaterThan(60);
    expect(headingLevel([line(sentence, X0, X1, 60, { size: 13 })], stats, next)).toBeUndefined();
  });

  it('does not take small print, numbers or long blocks for a heading', () => {
    expect(headingLevel([line('Footnote', X0, 100, 60, { size: 8, bold: true })], stats, next)).toBeUndefined();
    expect(headingLevel([line('2024', X0, 100, 60, { size: 20 })], stats, next)).toBeUndefined();
    expect(headingLevel(body([60, 72, 84, 96]).map((l) => ({ ...l, fontSize: 20 })), stats, next)).toBeUndefined();
  });

  it('takes a slightly large all-capitals line for a heading', () => {
    expect(headingLevel([line('SUMMARY OF TERMS', X0, 150, 60, { size: 10.5 })], stats, next)).toBe(3);
    expect(headingLevel([line('SUMMARY OF TERMS', X0, 150, 60, { size: 10 })], stats, next)).toBeUndefined();
  });
});
