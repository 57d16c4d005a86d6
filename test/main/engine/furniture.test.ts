// Running headers, footers and page numbers: found across pages, typed as their own blocks, and
// kept out of the markdown body unless asked for.
import { describe, expect, it } from 'vitest';
import { classifyFurniture, furnitureKey, pageNumberIn, type FurnitureCandidate } from '../../../src/main/engine/layout/furniture.js';
import { parseDocument } from '../../../src/main/engine/parse.js';
import type { Block } from '../../../src/shared/parse-contract.js';
import { makePdf, type PageSpec } from '../../helpers/make-pdf.js';

/** A report page: a running header, body paragraphs, a footer with the page number. */
function reportPage(n: number, body: string): PageSpec {
  return {
    width: 612,
    height: 792,
    items: [
      { text: 'Annual Report 2025 - Northwind Traders', x: 72, y: 760, size: 9 },
      { text: body, x: 72, y: 640, size: 11 },
      { text: `Body paragraph continues on page ${n} with more words.`, x: 72, y: 600, size: 11 },
      { text: `Page ${n} of 3`, x: 280, y: 30, size: 9 },
    ],
  };
}

const blocksOf = (run: Awaited<ReturnType<typeof parseDocument>>): Block[] => run.chunks.flatMap((c) => c.blocks);

describe('page furniture', () => {
  it('types a running header and numbered footers, and keeps them out of the markdown body', async () => {
    const pdf = makePdf({ pages: [reportPage(1, 'Revenue grew in every region.'), reportPage(2, 'Costs fell slightly.'), reportPage(3, 'Outlook remains steady.')] });
    const run = await parseDocument(pdf, {});
    expect(run.status).toBe('PROCESSED');
    const blocks = blocksOf(run);
    const headers = blocks.filter((b) => b.type === 'header');
    const numbers = blocks.filter((b) => b.type === 'page_number');
    expect(headers).toHaveLength(3);
    expect(headers[0]!.content).toContain('Annual Report 2025');
    expect(numbers.map((b) => b.content)).toEqual(['Page 1 of 3', 'Page 2 of 3', 'Page 3 of 3']);
    const markdown = run.chunks.map((c) => c.content).join('\n');
    expect(markdown).not.toContain('Annual Report 2025');
    expect(markdown).not.toContain('Page 2 of 3');
    expect(markdown).toContain('Costs fell slightly.');
  });

  it('keeps them in the markdown when the config asks, and detects nothing when disabled', async () => {
    const pdf = makePdf({ pages: [reportPage(1, 'One.'), reportPage(2, 'Two.')] });
    const kept = await parseDocument(pdf, { blockOptions: { furniture: { inMarkdown: true } } });
    expect(kept.chunks.map((c) => c.content).join('\n')).toContain('Annual Report 2025');
    expect(blocksOf(kept).some((b) => b.type === 'header')).toBe(true);
    const off = await parseDocument(pdf, { blockOptions: { furniture: { enabled: false } } });
    expect(blocksOf(off).some((b) => b.type === 'header' || b.type === 'page_number')).toBe(false);
    expect(off.chunks.map((c) => c.content).join('\n')).toContain('Annual Report 2025');
  });

  it('leaves a one-page document and text that does not repeat alone', async () => {
    const single = makePdf({
      pages: [{ width: 612, height: 792, items: [{ text: 'Invoice INV-1001', x: 72, y: 760, size: 14 }, { text: 'Total 120.00', x: 72, y: 600, size: 11 }] }],
    });
    const run = await parseDocument(single, {});
    expect(blocksOf(run).some((b) => b.type === 'header')).toBe(false);
    expect(run.chunks[0]!.content).toContain('Invoice INV-1001');
  });

  it('keeps spatial output whole (templates read headers)', async () => {
    const pdf = makePdf({ pages: [reportPage(1, 'One.'), reportPage(2, 'Two.')] });
    const run = await parseDocument(pdf, { target: 'spatial' });
    expect(run.chunks[0]!.content).toContain('Annual Report 2025');
  });
});

describe('furniture rules', () => {
  const cand = (page: number, key: string, offset = 30, zone: 'top' | 'bottom' = 'top', pageNumber: number | null = null): FurnitureCandidate => ({
    page,
    index: 0,
    zone,
    key,
    offset,
    pageNumber,
  });

  it('generalises digits and reads page numbers', () => {
    expect(furnitureKey('Page 12 of  40')).toBe('page # of #');
    expect(pageNumberIn('Page 7 of 9')).toBe(7);
    expect(pageNumberIn('- 4 -')).toBe(4);
    expect(pageNumberIn('xiv')).toBe(14);
    expect(pageNumberIn('Total 7')).toBeNull();
  });

  it('needs the same text at the same height on enough pages', () => {
    const moved = classifyFurniture([cand(1, 'acme'), cand(2, 'acme', 90), cand(3, 'other')], 10);
    expect(moved.size).toBe(0);
    const running = classifyFurniture([cand(1, 'acme'), cand(2, 'acme', 34), cand(3, 'acme', 28)], 10);
    expect([...running.keys()]).toEqual([1, 2, 3]);
    expect(running.get(1)!.get(0)).toBe('header');
  });

  it('marks a lone number as a page number only when it is the page number on a one-page document', () => {
    expect(classifyFurniture([cand(1, '#', 20, 'bottom', 1)], 1).get(1)?.get(0)).toBe('page_number');
    expect(classifyFurniture([cand(1, '#', 20, 'bottom', 2019)], 1).size).toBe(0);
  });
});
