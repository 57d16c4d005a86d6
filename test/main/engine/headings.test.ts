import { describe, expect, it } from 'vitest';
import { headingLevel, numberedHeadingLevel } from '../../../src/main/engine/layout/headings.js';
import type { Line } from '../../../src/main/engine/page-model.js';
import { line } from './layout-helpers.js';

const stats = { bodySize: 10 };
const X0 = 50;
const X1 = 300;
const next = [line('plain body text that follows the candidate at full width', X0, X1, 200)];

function italic(l: Line): Line {
  return { ...l, italic: true };
}

describe('headingLevel: what is not a heading', () => {
  it('needs a word: not a tick, a lone letter or a page number', () => {
    expect(headingLevel([line('X', 429, 435, 60, { bold: true })], stats, next)).toBeUndefined();
    expect(headingLevel([line('A', X0, 60, 60, { size: 14 })], stats, next)).toBeUndefined();
    expect(headingLevel([line('xi', 539, 547, 760, { bold: true })], stats, next)).toBeUndefined();
    expect(headingLevel([line('iii', 539, 547, 760, { bold: true })], stats, next)).toBeUndefined();
    expect(headingLevel([line('Scope', X0, 100, 60, { bold: true })], stats, next)).toBe(3);
  });

  it('does not take a web or e-mail address for a heading', () => {
    expect(headingLevel([line('ibm.com/redbooks', X0, 150, 60, { size: 12 })], stats, next)).toBeUndefined();
    expect(headingLevel([line('www.example.org', X0, 150, 60, { bold: true })], stats, next)).toBeUndefined();
    expect(headingLevel([line('info@example.org', X0, 150, 60, { bold: true })], stats, next)).toBeUndefined();
  });

  it('does not take a caption or a lead-in ending in a colon for a heading', () => {
    expect(headingLevel([line('Figure 7-26. Self-locking nuts', X0, 200, 60, { bold: true })], stats, next)).toBeUndefined();
    expect(headingLevel([line('Table 2-1 Function usage view', X0, 200, 60, { bold: true })], stats, next)).toBeUndefined();
    expect(headingLevel([line('For more information:', X0, 150, 60, { size: 12, bold: true })], stats, next)).toBeUndefined();
  });

  it('does not take small bold text turned against the page for a heading', () => {
    const turned: Line = { ...line('QIBM_DB_SECADM', 305, 390, 456, { size: 9, bold: true }), orientation: 270 };
    expect(headingLevel([turned], { bodySize: 9 }, undefined)).toBeUndefined();
    const big: Line = { ...line('Annual Report', 305, 390, 456, { size: 20, bold: true }), orientation: 90 };
    expect(headingLevel([big], stats, undefined)).toBe(1);
  });

  it('does not take a line beside a same-style cell or beside small print for a heading', () => {
    const cell = line('Description', 289, 339, 60, { bold: true });
    expect(headingLevel([cell], stats, next, { rowMates: [line('Data type', 217, 257, 60, { bold: true })] })).toBeUndefined();
    const label = line('FOR ROWS', 148, 200, 60, { size: 11.5, bold: true });
    const note = line('Specifies a condition that can be true', 322, 531, 61, { size: 9.2 });
    expect(headingLevel([label], stats, next, { rowMates: [note] })).toBeUndefined();
    // Body text in another column beside a heading does not matter.
    const column = line('body text of the other column at body size', 320, 560, 60);
    expect(headingLevel([cell], stats, next, { rowMates: [column] })).toBe(3);
  });

  it('does not take a slightly large line above small print for a heading', () => {
    const small = [line('Names the row permission for row access control', X0, X1, 80, { size: 9.2 })];
    expect(headingLevel([line('CREATE PERMISSION <name>', X0, 200, 60, { size: 11.5 })], stats, small)).toBeUndefined();
    expect(headingLevel([line('CREATE PERMISSION <name>', X0, 200, 60, { size: 11.5 })], stats, next)).toBe(2);
  });

  it('does not take a slightly large line with more of the same below it for a heading', () => {
    const same = [line('separation of duties', X0, 150, 74, { size: 12, bold: true })];
    expect(headingLevel([line('Implement roles and', X0, 150, 60, { size: 12, bold: true })], stats, same)).toBeUndefined();
    expect(headingLevel([line('2 Implement roles', X0, 150, 60, { size: 12, bold: true })], stats, same)).toBe(2);
  });

  it('does not take an all-capitals statement ending in punctuation for a heading', () => {
    expect(headingLevel([line('DISABLE;', X0, 100, 60, { size: 11 })], stats, next)).toBeUndefined();
  });
});

describe('headingLevel: bold and italic body-size headings', () => {
  it('takes a bold line above smaller bold text (a title over a byline) for a heading', () => {
    const byline = [line('Company name in smaller bold', X0, 200, 80, { size: 8, bold: true })];
    expect(headingLevel([line('Prospectus of admission', X0, 200, 60, { bold: true })], stats, byline)).toBe(3);
  });

  it('takes a bold numbered line for a heading even with bold text after it', () => {
    const boldNext = [line('3.2.1 Sampling', X0, 150, 80, { bold: true })];
    expect(headingLevel([line('3.2 Data sources', X0, 150, 60, { bold: true })], stats, boldNext)).toBe(3);
    expect(headingLevel([line('Scope', X0, 150, 60, { bold: true })], stats, boldNext)).toBeUndefined();
  });

  it('reads right-to-left section numbers with dashes', () => {
    const boldNext = [{ ...line('تاريخ ارائه مدارک', 408, 493, 80, { bold: true, rtl: true }) }];
    expect(headingLevel([line('- 3 پذيرش در بورس', 409, 506, 60, { bold: true, rtl: true })], stats, boldNext)).toBe(3);
  });

  it('takes a short italic title-like line above plain text for a heading', () => {
    expect(headingLevel([italic(line('Boots Self-Locking Nut', X0, 165, 60))], stats, next)).toBe(4);
  });

  it('does not take italic sentences, captions or italics above more italics for headings', () => {
    expect(headingLevel([italic(line('Expert help to achieve your goals', X0, 200, 60))], stats, [italic(next[0]!)])).toBeUndefined();
    expect(headingLevel([italic(line('see the note below,', X0, 165, 60))], stats, next)).toBeUndefined();
    expect(headingLevel([italic(line('Figure 3-1 Create permission statement', X0, 200, 60))], stats, next)).toBeUndefined();
    expect(headingLevel([italic(line('Small italic label', X0, 200, 60, { size: 9 }))], stats, next)).toBeUndefined();
  });
});

describe('numberedHeadingLevel', () => {
  const body = { bodySize: 11.5 };
  const para = [line('the paragraph under the heading in body size runs on', X0, X1, 80, { size: 11.5 })];

  it('takes a numbered line larger than the body text after it for a heading', () => {
    expect(numberedHeadingLevel([line('(1) Revision of the act', X0, 200, 60, { size: 12.5 })], body, para)).toBe(3);
  });

  it('leaves body-size items, sentences and footnotes as list items', () => {
    expect(numberedHeadingLevel([line('(1) Revision of the act', X0, 200, 60, { size: 11.5 })], body, para)).toBeUndefined();
    expect(numberedHeadingLevel([line('(1) The act was revised.', X0, 200, 60, { size: 12.5 })], body, para)).toBeUndefined();
    const footnote = [line('2) a footnote in small print', X0, X1, 80, { size: 8.5 })];
    expect(numberedHeadingLevel([line('1) another footnote', X0, 200, 60, { size: 8.5 })], body, footnote)).toBeUndefined();
    expect(numberedHeadingLevel([line('(1) Revision of the act', X0, 200, 60, { size: 12.5 })], body, undefined)).toBeUndefined();
  });
});

describe('headingLevel: words that only look like labels', () => {
  it('keeps headings that start like a caption label or consist of roman-numeral letters', () => {
    expect(headingLevel([line('Table of Contents', X0, 200, 60, { bold: true })], stats, next)).toBe(3);
    expect(headingLevel([line('Examples', X0, 200, 60, { bold: true })], stats, next)).toBe(3);
    expect(headingLevel([line('Civil', X0, 200, 60, { bold: true })], stats, next)).toBe(3);
  });
});
