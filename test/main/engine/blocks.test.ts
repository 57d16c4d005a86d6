import { describe, expect, it } from 'vitest';
import { buildBlocks, headingLevel, lineListMarker, listMarkerOf } from '../../../src/main/engine/layout/blocks.js';
import type { Line, TextRun } from '../../../src/main/engine/page-model.js';
import { line, run } from './layout-helpers.js';

const stats = { bodySize: 10 };
const X0 = 50;
const X1 = 300;

/** Full-width body lines at the given baselines. */
function body(baselines: number[], prefix = 'body'): Line[] {
  return baselines.map((b, i) => line(`${prefix} line ${i + 1} with enough words to fill the measure`, X0, X1, b));
}

/** A line made of several runs (a bullet glyph and its text), sized like its longest run. */
function runsLine(runs: TextRun[], o: { rtl?: boolean } = {}): Line {
  const main = runs.reduce((a, b) => (b.text.length > a.text.length ? b : a));
  const base = line(runs.map((r) => r.text).join(' '), Math.min(...runs.map((r) => r.x0)), Math.max(...runs.map((r) => r.x1)), main.baseline, {
    size: main.fontSize,
    rtl: o.rtl ?? false,
  });
  return { ...base, runs };
}

function blockTexts(lines: Line[]): string[][] {
  return buildBlocks(lines, stats).map((b) => b.lines.map((l) => l.text));
}

describe('listMarkerOf', () => {
  it('finds bullets', () => {
    expect(listMarkerOf('• First item')).toEqual({ marker: '•', ordered: false });
    expect(listMarkerOf('–  Second item')).toEqual({ marker: '–', ordered: false });
    expect(listMarkerOf('- dash item')).toEqual({ marker: '-', ordered: false });
    expect(listMarkerOf('* starred')).toEqual({ marker: '*', ordered: false });
    expect(listMarkerOf('•glued bullet')).toEqual({ marker: '•', ordered: false });
  });

  it('does not take an asterisk glued to a word for a bullet', () => {
    // System values and footnote marks: "*ALLOBJ access", "*Note".
    expect(listMarkerOf('*ALLOBJ access still can directly access')).toBeUndefined();
    expect(listMarkerOf('*/')).toBeUndefined();
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

describe('lineListMarker', () => {
  it('takes a small glyph set apart before the text for a bullet, whatever letter it maps to', () => {
    // A Wingdings-style bullet extracted as "r", in a smaller size than its text.
    const l = runsLine([run('r', 50, 100, { size: 5, width: 4 }), run('Database performance and scalability', 57, 100, { size: 7.4 })]);
    expect(lineListMarker(l)).toEqual({ marker: 'r', ordered: false });
  });

  it('does not take a small footnote symbol for a bullet', () => {
    const l = runsLine([run('†', 50, 100, { size: 6, width: 4 }), run('Corresponding author', 57, 100)]);
    expect(lineListMarker(l)).toBeUndefined();
  });

  it('takes a glyph from a symbol font for a bullet', () => {
    const mark: TextRun = { ...run('q', 50, 100, { width: 6 }), fontName: 'Wingdings-Regular' };
    const l = runsLine([mark, run('Check the pressure first', 62, 100)]);
    expect(lineListMarker(l)).toEqual({ marker: 'q', ordered: false });
  });

  it('does not take a raised footnote letter or a same-size word for a bullet', () => {
    const raised = runsLine([run('a', 50, 96, { size: 6, width: 3 }), run('Adjusted for age and sex', 55, 100)]);
    expect(lineListMarker(raised)).toBeUndefined();
    const word = runsLine([run('a', 50, 100, { width: 5 }), run('second look at the data', 58, 100)]);
    expect(lineListMarker(word)).toBeUndefined();
  });

  it('reads a dash before a leading number in right-to-left text as part of a section number', () => {
    expect(lineListMarker(line('- 3 پذيرش در بورس', 400, 500, 100, { rtl: true }))).toBeUndefined();
    expect(lineListMarker(line('- 3 apples and pears', 50, 200, 100))).toEqual({ marker: '-', ordered: false });
  });

  it('starts a list item at each glyph-bullet line', () => {
    const lines = [
      line('Engagements cover topics including:', X0, 200, 100),
      runsLine([run('r', X0, 112, { size: 6, width: 4 }), run('Database performance', 57, 112)]),
      runsLine([run('r', X0, 124, { size: 6, width: 4 }), run('Advanced SQL knowledge', 57, 124)]),
    ];
    const blocks = buildBlocks(lines, stats);
    expect(blocks.map((b) => b.list?.marker)).toEqual([undefined, 'r', 'r']);
  });
});

describe('buildBlocks: after a list item', () => {
  it('ends a hanging-indent item at a finished sentence followed by a line back at the marker', () => {
    const lines = [
      line('– Any other person sees the entire value as masked, for example, XXX.', 152, 530, 100),
      line('To implement this column mask, run the statement that is shown here.', 151, 530, 117),
    ];
    const blocks = buildBlocks(lines, stats);
    expect(blocks.map((b) => [b.lines.length, b.list?.marker])).toEqual([
      [1, '–'],
      [1, undefined],
    ]);
  });

  it('keeps a flush continuation line starting in lower case in the item', () => {
    const lines = [
      line('– The system handles it, see the list of options in Section 2.', 152, 530, 100),
      line('and the rest of the sentence runs on under the marker', 152, 480, 112),
    ];
    expect(blockTexts(lines)).toHaveLength(1);
  });

  it('keeps a continuation line of an item in the item', () => {
    const lines = [
      line('– Managers see a masked version of the value with the first five characters replaced with', 152, 542, 100),
      line('the X character (for example, XXX-XX-1234).', 166, 365, 112),
    ];
    expect(blockTexts(lines)).toHaveLength(1);
  });
});

describe('buildBlocks: numbered and italic headings', () => {
  it('makes a numbered line set larger than the paragraph under it a heading, not a list item', () => {
    const lines = [
      line('(2) Scope of the rules', X0, 280, 100, { size: 12.5 }),
      line('the first line of the paragraph is indented and runs on', 60, X1, 118, { size: 11.5 }),
      line('across the measure to the right margin of the column', X0, X1, 135, { size: 11.5 }),
    ];
    const blocks = buildBlocks(lines, { bodySize: 11.5 });
    expect(blocks.map((b) => [b.type, b.list, b.lines.length])).toEqual([
      ['section_heading', undefined, 1],
      ['text', undefined, 2],
    ]);
  });

  it('keeps a numbered line in body size a list item', () => {
    const lines = [line('(2) Scope of the rules', X0, 200, 100), ...body([112, 124])];
    const blocks = buildBlocks(lines, stats);
    expect(blocks[0]!.type).toBe('text');
    expect(blocks[0]!.list).toEqual({ marker: '(2)', ordered: true });
  });

  it('makes a short italic line above upright text a heading', () => {
    const italic = { ...line('Elastic Stop Nut', X0, 120, 100), italic: true };
    const blocks = buildBlocks([italic, ...body([114, 126])], stats);
    expect(blocks.map((b) => [b.type, b.level, b.lines.length])).toEqual([
      ['section_heading', 4, 1],
      ['text', undefined, 2],
    ]);
  });
});

describe('buildBlocks: lines that look like headings but are not', () => {
  it('does not take bold cells of a table header row for headings', () => {
    const lines = [
      line('Column name', 143, 202, 100, { bold: true }),
      line('Data type', 217, 257, 100, { bold: true }),
      line('Description', 289, 339, 100, { bold: true }),
      line('FUNCTION_ID', 143, 203, 119),
      line('VARCHAR(30)', 217, 276, 119),
      line('ID of the function.', 289, 360, 119),
    ];
    expect(buildBlocks(lines, stats).filter((b) => b.type !== 'text')).toEqual([]);
  });

  it('does not take a column of bold form labels for headings when values sit beside them', () => {
    // Reading order puts each value after its label; below each label is the next label.
    const lines = [
      line('Date of filing', 300, 380, 100, { bold: true }),
      line('2024/09/19', 100, 160, 100),
      line('Date of admission', 300, 400, 123, { bold: true }),
      line('2024/10/04', 100, 160, 123),
      line('Session number', 300, 390, 146, { bold: true }),
      line('436', 100, 120, 146),
    ];
    const headings = buildBlocks(lines, stats).filter((b) => b.type !== 'text');
    expect(headings.map((b) => b.lines[0]!.text)).toEqual(['Session number']);
  });

  it('does not take a slightly larger label above small print for a heading', () => {
    const lines = [line('CREATE PERMISSION <name>', 148, 343, 100, { size: 11.5 }), line('Identifies the table on which it is created', 148, 400, 125, { size: 9.2 })];
    expect(buildBlocks(lines, stats)[0]!.type).toBe('text');
  });

  it('takes the last of a run of large bold lines split apart by reading order only', () => {
    // Sidebar lines read between the lines of the next column.
    const lines = [
      line('Implement roles and', 27, 125, 100, { size: 12, bold: true }),
      line('This publication provides information about the feature and', 153, 412, 101),
      line('separation of duties', 27, 122, 114, { size: 12, bold: true }),
      line('of the product in a comprehensive and transparent way, with', 153, 412, 113),
    ];
    const headings = buildBlocks(lines, stats).filter((b) => b.type !== 'text');
    expect(headings.map((b) => b.lines[0]!.text)).toEqual(['separation of duties']);
  });
});
