// Right-to-left items rebuilt from glyphs: multi-character glyphs (Arabic lam-alef) keep their
// own order, Latin words and numbers inside Arabic keep theirs.
import { describe, expect, it } from 'vitest';
import { OPS } from '../../../src/main/engine/pdf/pdfjs.js';
import { logicalFromGlyphs, rebuildRtlItems } from '../../../src/main/engine/pdf/rtl-glyphs.js';

const g = (text: string) => ({ text, space: text === ' ' });
/** Units as drawn, left to right. */
const drawn = (...texts: string[]) => texts.map(g);

describe('logicalFromGlyphs', () => {
  it('reverses glyphs but not the characters of a ligature glyph', () => {
    // "الإنتاجية" drawn left to right: ة ي ج ا ت ن [لإ] ا
    expect(logicalFromGlyphs(drawn('ة', 'ي', 'ج', 'ا', 'ت', 'ن', 'لإ', 'ا'))).toBe('الإنتاجية');
  });

  it('keeps a Latin word and a number in their own order inside Arabic', () => {
    // Logical "بلغة R و Python 2024" drawn left to right: "Python 2024" is one left-to-right run.
    const units = drawn('P', 'y', 't', 'h', 'o', 'n', ' ', '2', '0', '2', '4', ' ', 'و', ' ', 'R', ' ', 'ة', 'غ', 'ل', 'ب');
    expect(logicalFromGlyphs(units)).toBe('بلغة R و Python 2024');
  });

  it('leaves sentence punctuation at the logical end', () => {
    expect(logicalFromGlyphs(drawn('.', 'ا', 'ب', 'ح', 'ر', 'م'))).toBe('مرحبا.');
  });
});

describe('rebuildRtlItems', () => {
  const glyph = (unicode: string) => ({ unicode, isSpace: unicode === ' ' });
  const ops = (...shows: Array<Array<string | number>>) => ({
    fnArray: shows.map(() => OPS.showSpacedText),
    argsArray: shows.map((s) => [s.map((x) => (typeof x === 'number' ? x : glyph(x)))]),
  });

  it('rebuilds only right-to-left items holding a multi-character glyph', () => {
    const items = [
      { str: 'Hello', dir: 'ltr' },
      { str: 'ال', dir: 'rtl' }, // pdf.js reversed the ligature glyph "لا"
      { str: 'بلغة', dir: 'rtl' },
    ];
    const fixes = rebuildRtlItems(items, ops(['H', 'e', 'l', 'l', 'o'], ['لا'], ['ة', 'غ', 'ل', 'ب']));
    expect([...fixes.entries()]).toEqual([[1, 'لا']]);
  });

  it('gives up, changing nothing, when items and glyphs do not line up', () => {
    const items = [{ str: 'ال', dir: 'rtl' }, { str: 'extra text', dir: 'ltr' }];
    expect(rebuildRtlItems(items, ops(['لا'])).size).toBe(0);
  });

  it('reads a line of mostly Latin glyphs left to right, a word-sized Arabic glyph included', () => {
    // One glyph maps to a whole Arabic word and a Latin letter; pdf.js took the line as RTL.
    const items = [{ str: 'ibibah يبيبَح', dir: 'rtl' }];
    const fixes = rebuildRtlItems(items, ops(['حَبيبي h', 'a', 'b', 'i', 'b', 'i']));
    expect(fixes.get(0)).toBe('حَبيبي habibi');
  });

  it('treats a wide TJ adjustment as a word gap', () => {
    const items = [{ str: 'ال ب', dir: 'rtl' }];
    const fixes = rebuildRtlItems(items, ops(['ب', -400, 'لا']));
    expect(fixes.get(0)).toBe('لا ب');
  });
});
