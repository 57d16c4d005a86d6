// Line items from a table's header row and the rows below it.
import { describe, expect, it } from 'vitest';
import type { FieldDefinition } from '../../../../src/shared/api/parsers.js';
import { extractFields } from '../../../../src/main/engine/extract/index.js';
import { lineItemsOnPage, proposeLineItems, rowsOf } from '../../../../src/main/engine/extract/line-items.js';

const cell = (text: string, left: number, top: number, width = 60) => ({ page: 1, text, box: { left, top, right: left + width, bottom: top + 10 } });
const page = (lines: ReturnType<typeof cell>[]) => ({ page: 1, width: 600, height: 800, spatial: '', lines });
const ctx = { dateOrder: null };
const items: FieldDefinition = {
  name: 'line_items',
  type: 'array',
  fields: [
    { name: 'description', type: 'string' },
    { name: 'quantity', type: 'number' },
    { name: 'unit_price', type: 'number' },
    { name: 'amount', type: 'number' },
  ],
};

const invoice = page([
  cell('Invoice No: 7', 50, 60, 120),
  cell('Description', 50, 100, 80), cell('Qty', 300, 100, 30), cell('Unit Price', 380, 100, 60), cell('Amount', 480, 100, 50),
  cell('Consulting', 50, 115, 80), cell('2', 305, 115, 10), cell('100.00', 380, 115, 40), cell('200.00', 485, 115, 40),
  cell('on site, March', 50, 127, 90),
  cell('Travel', 50, 139, 50), cell('1', 305, 139, 10), cell('1.250,50', 380, 139, 45), cell('1.250,50', 485, 139, 45),
  cell('Total', 380, 170, 40), cell('1.450,50', 485, 170, 45),
]);

describe('line items', () => {
  it('groups lines into rows', () => {
    expect(rowsOf(invoice.lines).map((r) => r.map((l) => l.text).join(' | '))[1]).toBe('Description | Qty | Unit Price | Amount');
  });

  it('reads the rows under the header, joins continuation lines and stops at the totals', () => {
    const found = lineItemsOnPage(items, invoice, ctx);
    expect(found?.items).toEqual([
      { description: 'Consulting\non site, March', quantity: 2, unit_price: 100, amount: 200 },
      { description: 'Travel', quantity: 1, unit_price: 1250.5, amount: 1250.5 },
    ]);
    expect(found?.cells[1]?.['amount']?.citation).toEqual({ page: 1, box: { left: 485, top: 139, right: 530, bottom: 149 }, text: '1.250,50' });
  });

  it('finds nothing without a header row that names the sub-fields', () => {
    expect(lineItemsOnPage(items, page([cell('Consulting', 50, 115), cell('200.00', 485, 115)]), ctx)).toBeNull();
  });

  it('fills the array field of a parser and cites every cell', () => {
    const out = extractFields({ pages: [invoice] }, { fields: [{ name: 'invoice_number', type: 'string' }, items], result_mode: 'one_per_file' });
    expect((out.data as { line_items: unknown[] }).line_items).toHaveLength(2);
    expect(out.fields['line_items[0].quantity']).toMatchObject({ source: 'table', confidence: 0.85 });
    expect((out.data as { invoice_number: string }).invoice_number).toBe('7');
  });
});

describe('proposing line items', () => {
  it('proposes a line_items array from a header row, columns in page order with their header text', () => {
    expect(proposeLineItems([invoice])).toEqual({
      name: 'line_items',
      type: 'array',
      description: 'Line items',
      required: false,
      fields: [
        { name: 'description', type: 'string', description: 'Description' },
        { name: 'quantity', type: 'number', description: 'Qty' },
        { name: 'unit_price', type: 'number', description: 'Unit Price' },
        { name: 'amount', type: 'number', description: 'Amount' },
      ],
    });
    expect(proposeLineItems([page([cell('Description', 50, 100), cell('Notes', 300, 100)])])).toBeNull();
  });
});
