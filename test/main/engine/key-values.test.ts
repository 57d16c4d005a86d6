// "Label: value" lines and labels set above their values become key_value blocks; headings,
// list items, sentences and times stay as they were.
import { describe, expect, it } from 'vitest';
import type { Block } from '../../../src/shared/parse-contract.js';
import { labelOnly, splitPair } from '../../../src/main/engine/layout/key-values.js';
import { parseDocument } from '../../../src/main/engine/parse.js';
import { makePdf, type TextItemSpec } from '../../helpers/make-pdf.js';

async function blocksOf(items: TextItemSpec[]): Promise<Block[]> {
  const run = await parseDocument(makePdf({ pages: [{ items }] }), {});
  expect(run.status).toBe('PROCESSED');
  return run.chunks.flatMap((c) => c.blocks);
}

describe('splitPair', () => {
  it('reads a short label and its value', () => {
    expect(splitPair('Invoice Date: 03/20/2023')).toEqual({ key: 'Invoice Date', value: '03/20/2023' });
    expect(splitPair('Total: $279.84')).toEqual({ key: 'Total', value: '$279.84' });
    expect(splitPair('Invoice No.: INV-0042')).toEqual({ key: 'Invoice No.', value: 'INV-0042' });
  });

  it('leaves sentences, times, addresses and numbered headings alone', () => {
    expect(splitPair('The reasons are: cost and time')).toBeNull();
    expect(splitPair('Note: this product must be stored in a cool place.')).toBeNull();
    expect(splitPair('Meet at 10:30 in the lobby')).toBeNull();
    expect(splitPair('http://example.com/path')).toBeNull();
    expect(splitPair('1.2 Scope: what this covers')).toBeNull();
    expect(splitPair('Date: 2021-04-26 Due: 2021-05-03')).toBeNull();
    expect(splitPair('Summary:')).toBeNull();
    expect(splitPair('Table 6.1: Size of the market')).toBeNull();
    expect(splitPair('WHERE <logic to test: user and/or group>')).toBeNull();
    expect(splitPair('S: S132415345')).toBeNull();
    expect(splitPair('A very long label that runs on well past forty characters: 12')).toBeNull();
  });

  it('reads a label standing alone', () => {
    expect(labelOnly('Invoice Date:')).toBe('Invoice Date');
    expect(labelOnly('Invoice Date: 03/20/2023')).toBeNull();
    expect(labelOnly('as follows:')).toBeNull();
  });
});

describe('key_value blocks from text', () => {
  it('turns one-line "Label: value" blocks into key_value blocks, content unchanged', async () => {
    const bs = await blocksOf([
      { text: 'Invoice', x: 72, y: 740, size: 24, bold: true },
      { text: 'Invoice Date: 03/20/2023', x: 72, y: 690 },
      { text: 'Total: $279.84', x: 72, y: 650 },
      { text: 'Thank you for your business. Payment is due within thirty days of the invoice date.', x: 72, y: 600 },
    ]);
    const kv = bs.filter((b) => b.type === 'key_value');
    expect(kv.map((b) => b.details)).toEqual([
      { key: 'Invoice Date', value: '03/20/2023' },
      { key: 'Total', value: '$279.84' },
    ]);
    expect(kv.map((b) => b.content)).toEqual(['Invoice Date: 03/20/2023', 'Total: $279.84']);
    expect(bs.find((b) => b.content.startsWith('Thank you'))?.type).toBe('text');
    expect(bs[0]?.type).toBe('heading');
  });

  it('joins a label set above its value into one block over both', async () => {
    const bs = await blocksOf([
      { text: 'Invoice Date:', x: 72, y: 700, bold: true },
      { text: '03/20/2023', x: 72, y: 686 },
      { text: 'Amount Due:', x: 300, y: 600 },
      { text: '$279.84', x: 300, y: 586 },
    ]);
    const kv = bs.filter((b) => b.type === 'key_value');
    expect(kv.map((b) => [b.content, b.details])).toEqual([
      ['Invoice Date: 03/20/2023', { key: 'Invoice Date', value: '03/20/2023' }],
      ['Amount Due: $279.84', { key: 'Amount Due', value: '$279.84' }],
    ]);
    // The box covers the label and the value.
    const box = kv[0]!.boundingBox;
    expect(box.top).toBeLessThan(792 - 700);
    expect(box.bottom).toBeGreaterThan(792 - 686);
    expect(bs.some((b) => b.content === '03/20/2023')).toBe(false);
  });

  it('pairs a row of labels with the row of values under them', async () => {
    const labels = ['Invoice Date:', 'Due Date:', 'Reference:'];
    const values = ['03/20/2023', '04/04/2023', 'CUSTREF123'];
    const bs = await blocksOf([
      { text: 'Invoice INV/2023/03/0008', x: 72, y: 740, size: 20, bold: true },
      ...labels.map((text, i) => ({ text, x: 72 + i * 150, y: 700, bold: true })),
      ...values.map((text, i) => ({ text, x: 72 + i * 150, y: 686 })),
      { text: 'Please pay by bank transfer to the account printed at the foot of this page.', x: 72, y: 640 },
    ]);
    expect(bs.slice(1, 4).map((b) => [b.type, b.content])).toEqual([
      ['key_value', 'Invoice Date: 03/20/2023'],
      ['key_value', 'Due Date: 04/04/2023'],
      ['key_value', 'Reference: CUSTREF123'],
    ]);
  });

  it('keeps headings, list items and labels over prose as they are', async () => {
    const bs = await blocksOf([
      { text: '1.2 Scope: what this covers', x: 72, y: 720, size: 16, bold: true },
      { text: 'This section describes the parts of the system that the document covers in detail.', x: 72, y: 690 },
      { text: '- Colour: red', x: 72, y: 650 },
      { text: 'Requirements:', x: 72, y: 610 },
      { text: 'Every part shall be tested before it is shipped to the customer.', x: 72, y: 596 },
    ]);
    expect(bs.some((b) => b.type === 'key_value')).toBe(false);
    expect(bs[0]?.type).toMatch(/heading/);
  });
});
