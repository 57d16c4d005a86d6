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

describe('line item columns', () => {
  // Description | Quantity | Unit Price | Disc.% Taxes | Amount, the discount and taxes not named by the parser.
  const azure = page([
    cell('Description', 32, 301, 54), cell('Quantity', 257, 301, 41), cell('Unit Price', 332, 301, 46), cell('Disc.% Taxes', 402, 301, 62), cell('Amount', 526, 301, 37),
    cell('[17589684] Beeswax XL', 32, 322, 110), cell('1.00 kg', 266, 322, 32), cell('42.00', 352, 322, 26), cell('0.00 15.00%', 412, 322, 59), cell('$ 42.00', 530, 322, 33),
    cell('Acme beeswax', 32, 335, 67),
    cell('[FURN_7777] Office Chair', 32, 352, 118), cell('1.00 Units', 252, 352, 46), cell('70.00', 352, 352, 26), cell('0.00 15.00%', 412, 352, 59), cell('$ 70.00', 530, 352, 33),
  ]);

  it('sets aside the values under a header no sub-field names, instead of giving them to the nearest column', () => {
    expect(lineItemsOnPage(items, azure, ctx)?.items).toEqual([
      { description: '[17589684] Beeswax XL\nAcme beeswax', quantity: 1, unit_price: 42, amount: 42 },
      { description: '[FURN_7777] Office Chair', quantity: 1, unit_price: 70, amount: 70 },
    ]);
  });

  it('reads on past a group\'s subtotal when more items follow, and stops at the totals', () => {
    const grouped = page([
      ...azure.lines,
      cell('Subtotal $ 112.00', 482, 368, 81),
      cell('--- Food Products ---', 32, 381, 93),
      cell('*987123* Olive Oil', 32, 394, 85), cell('1.00 L', 272, 394, 27), cell('1.00', 357, 394, 20), cell('10.00 15.00%', 406, 394, 65), cell('$ 0.90', 536, 394, 27),
      cell('Subtotal $ 0.90', 482, 410, 81),
      cell('Subtotal', 310, 430, 39), cell('$ 112.90', 523, 430, 40),
      cell('Tax 15% on $ 112.90', 310, 445, 94), cell('$ 16.94', 529, 445, 34),
    ]);
    expect(lineItemsOnPage(items, grouped, ctx)?.items.map((i) => [i['description'], i['unit_price'], i['amount']])).toEqual([
      ['[17589684] Beeswax XL\nAcme beeswax', 42, 42],
      ['[FURN_7777] Office Chair', 70, 70],
      ['*987123* Olive Oil', 1, 0.9],
    ]);
  });

  it('gives each header to the sub-field it names best, whatever the order of the columns', () => {
    const priced = page([
      cell('Item', 50, 100, 40), cell('Total Price', 300, 100, 60), cell('Unit Price', 400, 100, 60),
      cell('Lamp', 50, 115, 40), cell('30.00', 300, 115, 40), cell('10.00', 400, 115, 40),
    ]);
    const fields: FieldDefinition = { name: 'line_items', type: 'array', fields: [{ name: 'description', type: 'string' }, { name: 'unit_price', type: 'number' }, { name: 'amount', type: 'number' }] };
    expect(lineItemsOnPage(fields, priced, ctx)?.items).toEqual([{ description: 'Lamp', unit_price: 10, amount: 30 }]);
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
