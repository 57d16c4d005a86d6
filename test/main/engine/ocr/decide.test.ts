import { describe, expect, it } from 'vitest';
import { decidePageOcr, wordLikeness, type PagePaint } from '../../../../src/main/engine/ocr/decide.js';
import type { TextRun } from '../../../../src/main/engine/page-model.js';

function run(text: string, extra: Partial<TextRun> = {}): TextRun {
  const box = { left: 10, top: 10, right: 100, bottom: 20 };
  return {
    text, box, x0: 10, x1: 100, baseline: 18, top: 10, bottom: 20, fontSize: 10, fontName: 'F', bold: false, italic: false,
    monospace: false, rtl: false, orientation: 0, invisible: false, spaceBefore: true, ...extra,
  };
}

const noPaint: PagePaint = { imageCover: 0, textShows: 0, paths: 0, glyphs: 0, unmappedGlyphs: 0 };
const scan: PagePaint = { ...noPaint, imageCover: 0.95, imageBox: { left: 0, top: 0, right: 600, bottom: 800 } };
const good = run('The quick brown fox jumps over the lazy dog and keeps running far away');

describe('per-page OCR decision', () => {
  it('follows force and off', () => {
    expect(decidePageOcr('off', [], scan)).toEqual({ ocr: false });
    expect(decidePageOcr('force', [good], noPaint).ocr).toBe(true);
  });

  it('leaves good digital text alone and skips blank pages', () => {
    expect(decidePageOcr('auto', [good], undefined)).toEqual({ ocr: false });
    expect(decidePageOcr('auto', [], noPaint)).toEqual({ ocr: false });
  });

  it('reads a page with no text layer but a scan on it', () => {
    expect(decidePageOcr('auto', [], scan)).toMatchObject({ ocr: true, use: 'replace' });
  });

  it('replaces text from a font without a Unicode map', () => {
    // issue-791: "Peněžní prostředky na účtech" extracted without a ToUnicode map.
    expect(decidePageOcr('auto', [run('3HQČåQtSURVWĜHGN\\QD~þWHFK')], noPaint)).toMatchObject({ ocr: true, use: 'replace' });
    expect(decidePageOcr('auto', [run('\uFFFD\uFFFD\uFFFD abc')], noPaint)).toMatchObject({ ocr: true });
    expect(wordLikeness('Peněžní prostředky na účtech').ratio).toBe(1);
    // Only tokens with two letters or more count, punctuation at their ends aside.
    expect(wordLikeness('a b3 x-1 12 "ab," (Hi) qX7z')).toEqual({ ratio: 2 / 3, tokens: 3 });
  });

  it('verifies an invisible layer over a scan, and fills a scan with a stray caption', () => {
    expect(decidePageOcr('auto', [run('Invisible OCR text', { invisible: true })], scan)).toMatchObject({ ocr: true, use: 'verify' });
    expect(decidePageOcr('auto', [run('Fax page 1')], scan)).toMatchObject({ ocr: true, use: 'merge' });
  });

  it('fills in glyphs that have no Unicode text', () => {
    expect(decidePageOcr('auto', [good], { ...noPaint, glyphs: 40, unmappedGlyphs: 10 })).toMatchObject({ ocr: true, use: 'merge' });
  });
});
