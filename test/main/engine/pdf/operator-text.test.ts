// Text items rebuilt from a page's operator list must be the items pdf.js's getTextContent
// gives for the same page: same strings, spaces, line ends and fonts, same positions and
// widths. Checked on content streams that exercise each text-state operator and on real
// documents from the corpus; pages the rebuild does not cover are refused, not guessed.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openPdf } from '../../../../src/main/engine/pdf/open.js';
import { ANALYSIS_OPERATOR_LIST, type PDFPageProxy } from '../../../../src/main/engine/pdf/pdfjs.js';
import { fontMetricsOf, fromFloat32, textFromOperators, type OperatorText } from '../../../../src/main/engine/pdf/operator-text.js';
import { makePdf } from '../../../helpers/make-pdf.js';

const CORPUS = fileURLToPath(new URL('../../../../../shared/corpus/', import.meta.url));

interface Compared {
  str: string;
  hasEOL: boolean;
  fontName: string;
  transform: number[];
  width: number;
}

async function both(page: PDFPageProxy): Promise<{ rebuilt: OperatorText | undefined; pdfjs: Compared[] }> {
  const ops = await page.getOperatorList(ANALYSIS_OPERATOR_LIST);
  const rebuilt = textFromOperators(ops, page.view, (name) => fontMetricsOf(page.commonObjs.get(name)));
  const content = await page.getTextContent({ includeMarkedContent: false, disableNormalization: true });
  const pdfjs = content.items.filter((it) => 'str' in it) as Compared[];
  return { rebuilt, pdfjs };
}

function expectSameItems(rebuilt: OperatorText | undefined, pdfjs: Compared[]): void {
  expect(rebuilt).toBeDefined();
  const items = rebuilt!.items;
  expect(items.map((it) => [it.str, it.hasEOL, it.fontName])).toEqual(pdfjs.map((it) => [it.str, it.hasEOL, it.fontName]));
  for (const [i, it] of items.entries()) {
    const want = pdfjs[i]!;
    for (let k = 0; k < 6; k++) expect(it.transform[k]).toBeCloseTo(want.transform[k]!, 3);
    // A whitespace item's width is the gap it stands for.
    expect(it.width).toBeCloseTo(want.width, 3);
  }
}

async function pagesOf(bytes: Uint8Array): Promise<{ pages: PDFPageProxy[]; done: () => Promise<void> }> {
  const doc = await openPdf(bytes);
  const pages: PDFPageProxy[] = [];
  for (let n = 1; n <= doc.numPages; n++) pages.push(await doc.getPage(n));
  return { pages, done: () => doc.destroy() };
}

const content = (s: string) => ({ content: Buffer.from(s, 'latin1') });

describe('text from the operator list', () => {
  it('gives the items getTextContent gives, operator by operator', async () => {
    const streams = [
      // Kerning in TJ: small adjustments join, a word-sized one is a space, a wide one a gap item.
      'BT /F1 12 Tf 72 700 Td [(Ke) 30 (rn) -250 (word) -2000 (far) 0 (away)] TJ ET',
      // Character and word spacing, horizontal scaling, rise, leading, T*, ' and ".
      'BT /F1 10 Tf 14 TL 2 Tc 72 650 Td (spaced out) Tj T* 5 Tw (word spacing here) Tj 80 Tz (squeezed) Tj ET',
      'BT /F2 11 Tf 72 600 Td 13 TL (first) Tj (second line) \' 1 0.5 (third line) " 3 Ts (raised) Tj ET',
      // A scaled and rotated text matrix, and a scaled CTM.
      'q 2 0 0 2 0 0 cm BT /F1 6 Tf 40 250 Td (scaled by cm) Tj ET Q BT /F1 12 Tf 0 1 -1 0 300 400 Tm (turned) Tj ET',
      // Text state inside q/Q, text beyond the page, overlapping and backward runs.
      'BT /F1 12 Tf 72 500 Td q /F2 20 Tf (big) Tj Q (small) Tj 900 0 Td (gone) Tj -1000 0 Td (back) Tj ET',
      // Marked content ends an item; a font change of size does too.
      'BT /F1 12 Tf 72 450 Td (marked) Tj /P BMC (inside) Tj EMC (after) Tj /F1 8 Tf (smaller) Tj ET',
      // Lines of a column: a move down is a line end.
      'BT /F1 12 Tf 72 400 Td (line one of) Tj 0 -14 Td (a paragraph) Tj 0 -14 Td (and a third) Tj ET',
      // Numbers the content stream wrote with decimals a 32-bit float does not keep.
      'BT /F1 1 Tf 12 0 0 12 277.1988 364.9201 Tm (-) Tj ET BT /F1 1 Tf 12 0 0 12 291.5988 364.9201 Tm (-) Tj ET BT /F1 1 Tf 12 0 0 12 305.9988 364.9201 Tm (x) Tj ET',
    ];
    const { pages, done } = await pagesOf(makePdf({ pages: streams.map(content) }));
    try {
      for (const page of pages) {
        const { rebuilt, pdfjs } = await both(page);
        expect(pdfjs.length).toBeGreaterThan(0);
        expectSameItems(rebuilt, pdfjs);
      }
    } finally {
      await done();
    }
  });

  it('marks items drawn invisibly, and only those', async () => {
    const pdf = makePdf({
      pages: [{ items: [{ text: 'seen text', x: 72, y: 700 }, { text: 'hidden layer', x: 72, y: 650, invisible: true }] }],
    });
    const { pages, done } = await pagesOf(pdf);
    try {
      const { rebuilt } = await both(pages[0]!);
      expect(rebuilt!.items.map((it) => [it.str, it.invisible])).toEqual([
        ['seen text', false],
        ['hidden layer', true],
      ]);
    } finally {
      await done();
    }
  });

  it.each([
    ['right-to-left text (pdf.js reorders it)', 'right_to_left_01.pdf'],
    ['a page set in a vertical font', 'simple3.pdf'],
  ])('refuses %s instead of guessing', async (_what, file) => {
    const { pages, done } = await pagesOf(new Uint8Array(readFileSync(`${CORPUS}text-layout/${file}`)));
    try {
      expect((await both(pages[0]!)).rebuilt).toBeUndefined();
    } finally {
      await done();
    }
  });

  it('matches getTextContent on real documents', async () => {
    for (const file of ['2305.03393v1-pg9.pdf', 'amt_handbook_sample.pdf', 'scotus-transcript-p1.pdf', 'code_and_formula.pdf', 'multi_page.pdf']) {
      const { pages, done } = await pagesOf(new Uint8Array(readFileSync(`${CORPUS}text-layout/${file}`)));
      try {
        for (const page of pages) {
          const { rebuilt, pdfjs } = await both(page);
          expectSameItems(rebuilt, pdfjs);
        }
      } finally {
        await done();
      }
    }
  });

  it('reads back the decimal a 32-bit float was made from', () => {
    expect(fromFloat32(Math.fround(277.1988))).toBe(277.1988);
    expect(fromFloat32(Math.fround(0.1))).toBe(0.1);
    expect(fromFloat32(12)).toBe(12);
    expect(fromFloat32(Math.fround(-3.25))).toBe(-3.25);
    // More places than the float keeps: the float itself.
    const f = Math.fround(1.23456789);
    expect(Math.fround(fromFloat32(f))).toBe(f);
  });
});
