import { describe, expect, it } from 'vitest';
import { orderLines } from '../../../src/main/engine/layout/reading-order.js';
import type { Line } from '../../../src/main/engine/page-model.js';
import { line } from './layout-helpers.js';

const PITCH = 12;

/** Lines of one column: `n` lines from baseline y0, labelled prefix1..prefixN. */
function column(prefix: string, n: number, x0: number, x1: number, y0: number, o: { rtl?: boolean } = {}): Line[] {
  return Array.from({ length: n }, (_, i) => line(`${prefix}${i + 1} text of the column goes here`, x0, x1, y0 + i * PITCH, o));
}

function texts(lines: Line[]): string[] {
  return lines.map((l) => l.text.split(' ')[0]!);
}

/** The order a naive reader would see: by baseline, then by x. */
function rowMajor(lines: Line[]): Line[] {
  return [...lines].sort((a, b) => a.baseline - b.baseline || a.x0 - b.x0);
}

describe('orderLines', () => {
  it('reads a page number alone in the corner of a spread\'s foot with its own page', () => {
    // Facing pages: the left page's number stands in the outer margin, left of its text.
    const left = column('L', 8, 150, 480, 100);
    const right = column('R', 8, 700, 1030, 100);
    const foot = [line('208 ', 40, 56, 760), line('Annual Report', 150, 330, 760), line('Annex', 700, 730, 760), line('209 ', 1160, 1176, 760)];
    expect(texts(orderLines(rowMajor([...left, ...right, ...foot])))).toEqual([...texts(left), '208', 'Annual', ...texts(right), 'Annex', '209']);
  });

  it('reads a title, then the whole left column, then the right column', () => {
    const title = line('Title spanning both columns of the page', 50, 550, 60, { size: 18 });
    const left = column('L', 8, 50, 290, 100);
    const right = column('R', 8, 310, 550, 100);
    const ordered = orderLines(rowMajor([title, ...left, ...right]));
    expect(texts(ordered)).toEqual(['Title', ...texts(left), ...texts(right)]);
  });

  it('reads two columns without a title column by column', () => {
    const left = column('L', 6, 50, 290, 100);
    const right = column('R', 6, 310, 550, 100);
    expect(texts(orderLines(rowMajor([...left, ...right])))).toEqual([...texts(left), ...texts(right)]);
  });

  it('reads a longer left column whole before a shorter right column under a title', () => {
    // The last page of an article: the right column stops early.
    const title = line('Title spanning both columns of the page', 50, 550, 60, { size: 18 });
    const left = column('L', 8, 50, 290, 100);
    const right = column('R', 5, 310, 550, 100);
    const ordered = orderLines(rowMajor([title, ...left, ...right]));
    expect(texts(ordered)).toEqual(['Title', ...texts(left), ...texts(right)]);
  });

  it('reads a longer left column whole before a shorter right column above a full-width footnote', () => {
    const left = column('L', 8, 50, 290, 100);
    const right = column('R', 5, 310, 550, 100);
    const foot = line('Footnote across the whole width of the page', 50, 550, 100 + 10 * PITCH, { size: 8 });
    const ordered = orderLines(rowMajor([...left, ...right, foot]));
    expect(texts(ordered)).toEqual([...texts(left), ...texts(right), 'Footnote']);
  });

  it('reads a three-column page column by column', () => {
    const a = column('A', 6, 40, 190, 100);
    const b = column('B', 6, 210, 360, 100);
    const c = column('C', 6, 380, 530, 100);
    const title = line('Heading above the three columns of text', 40, 530, 60, { size: 18 });
    const ordered = orderLines(rowMajor([title, ...a, ...b, ...c]));
    expect(texts(ordered)).toEqual(['Heading', ...texts(a), ...texts(b), ...texts(c)]);
  });

  it('reads a side heading in a narrow margin column just before the paragraph beside it', () => {
    const p1 = column('P', 4, 150, 550, 100);
    const p2 = column('Q', 4, 150, 550, 100 + 5 * PITCH);
    const h1 = line('Scope', 50, 90, p1[0]!.baseline, { bold: true });
    const h2 = line('Method', 50, 95, p2[0]!.baseline, { bold: true });
    const ordered = orderLines(rowMajor([...p1, ...p2, h1, h2]));
    expect(texts(ordered)).toEqual(['Scope', ...texts(p1), 'Method', ...texts(p2)]);
  });

  it('reads a grid of short cells row by row', () => {
    const xs = [50, 180, 310, 440];
    const rows = [
      ['Item', 'Qty', 'Price', 'Total'],
      ['Apples', '4', '1.20', '4.80'],
      ['Pears', '2', '0.90', '1.80'],
      ['Plums', '10', '0.30', '3.00'],
      ['Figs', '1', '2.50', '2.50'],
    ];
    const cells: Line[] = [];
    rows.forEach((r, i) => r.forEach((t, j) => cells.push(line(t, xs[j]!, xs[j]! + t.length * 5, 100 + i * PITCH))));
    // Hand them over column by column, the wrong way.
    const byColumn = [...cells].sort((a, b) => a.x0 - b.x0 || a.baseline - b.baseline);
    expect(orderLines(byColumn).map((l) => l.text)).toEqual(rows.flat());
  });

  it('reads the right column first on a right-to-left page', () => {
    const right = Array.from({ length: 6 }, (_, i) => line(`ימין${i + 1} טקסט של העמודה הימנית כאן`, 310, 550, 100 + i * PITCH, { rtl: true }));
    const left = Array.from({ length: 6 }, (_, i) => line(`שמאל${i + 1} טקסט של העמודה השמאלית כאן`, 50, 290, 100 + i * PITCH, { rtl: true }));
    const ordered = orderLines(rowMajor([...left, ...right]));
    expect(texts(ordered)).toEqual([...texts(right), ...texts(left)]);
  });

  it('reads one row of an RTL table from the right', () => {
    const cells = [line('שלוש', 50, 70, 100, { rtl: true }), line('שתיים', 150, 175, 100, { rtl: true }), line('אחת', 250, 265, 100, { rtl: true })];
    expect(orderLines(cells).map((l) => l.text)).toEqual(['אחת', 'שתיים', 'שלוש']);
  });

  it('returns an empty list unchanged and a single line as is', () => {
    expect(orderLines([])).toEqual([]);
    const one = line('alone', 50, 80, 100);
    expect(orderLines([one])).toEqual([one]);
  });

  it('keeps every line exactly once', () => {
    const title = line('Title spanning both columns of the page', 50, 550, 60, { size: 18 });
    const all = [title, ...column('L', 7, 50, 290, 100), ...column('R', 3, 310, 550, 100), line('Footer note across the page', 50, 550, 220)];
    const ordered = orderLines(rowMajor(all));
    expect(ordered).toHaveLength(all.length);
    expect(new Set(ordered)).toEqual(new Set(all));
  });
});

describe('corner notes', () => {
  it("reads a note printed in a top corner, over an empty part of the page, after the page's text", () => {
    const note = line('Printed by', 700, 760, 30, { size: 9 });
    const header = line('Mai 30, 18 13:27', 30, 120, 50, { size: 9 });
    const body = column('B', 6, 30, 400, 70);
    const pageNumber = line('1/1', 740, 760, 560, { size: 9 });
    const order = texts(orderLines([note, header, ...body, pageNumber]));
    expect(order[0]).toBe('Mai');
    expect(order.at(-1)).toBe('Printed');
  });

  it('keeps a top line that stands over the text first (a title, a running header)', () => {
    const title = line('Annual report', 30, 200, 30, { size: 9 });
    const body = column('B', 6, 30, 400, 70);
    expect(texts(orderLines([title, ...body]))[0]).toBe('Annual');
  });
});
