// Line items (the lines parser and plugin), the tables plugin, and unit-of-measure codes.
import { describe, expect, it } from 'vitest';
import { extractWithTemplate } from '../../../../../src/main/engine/extract/invoice2data/index.js';
import { loadTemplate } from '../../../../../src/main/engine/extract/invoice2data/template.js';

const ITEMS = `Header
Pos  Qty  Description            Price
  1    2  Widget large           10,50
          blue edition
          Note: fragile
          ref W-1
  2    1  Bolt                    1.250,00
          ref B-2
Subtotal
Pos  Qty  Description            Price
  3    5  Nut                      0,20
Subtotal
Footer Total 1.271,50
`;

const tpl = (body: string) => loadTemplate(`issuer: Shop\nkeywords: [Header]\n${body}\noptions:\n  decimal_separator: ','\n`, 's.yml');

describe('lines parser', () => {
  it('reads items over first_line / line / last_line / skip_line, in every block, with types', () => {
    const t = tpl(`fields:
  items:
    parser: lines
    start: Pos\\s+Qty
    end: Subtotal
    first_line: ^\\s+(?P<pos>\\d+)\\s+(?P<qty>\\d+)\\s+(?P<desc>.+?)\\s+(?P<price>[\\d.,]+)$
    line: ^\\s+(?P<desc>.+)$
    last_line: ^\\s+ref (?P<ref>\\S+)$
    skip_line: Note
    types: {qty: int, price: float}`);
    expect(extractWithTemplate(ITEMS, t).data['items']).toEqual([
      { pos: '1', qty: 2, desc: 'Widget large\nblue edition', price: 10.5, ref: 'W-1' },
      { pos: '2', qty: 1, desc: 'Bolt', price: 1250, ref: 'B-2' },
      { pos: '3', qty: 5, desc: 'Nut', price: 0.2 },
    ]);
  });

  it('treats every line match as an item when there is no first_line or last_line', () => {
    const t = tpl(`fields:
  prices:
    parser: lines
    start: Pos
    end: Subtotal
    line: ['(?P<price>\\d+,\\d\\d)$', 'ref (?P<ref>\\S+)']
    types: {price: float}`);
    // `\d+,\d\d$` sees only the end of 1.250,00.
    expect(extractWithTemplate(ITEMS, t).data['prices']).toEqual([{ price: 10.5 }, { ref: 'W-1' }, { price: 250 }, { ref: 'B-2' }, { price: 0.2 }]);
  });

  it('runs each rule set of `rules` in turn and concatenates their items', () => {
    const t = tpl(`fields:
  items:
    parser: lines
    rules:
      - {start: Pos, end: Subtotal, line: 'ref (?P<ref>\\S+)'}
      - {start: Pos, end: Subtotal, line: '^\\s+\\d+\\s+\\d+\\s+(?P<name>\\w+)'}`);
    expect(extractWithTemplate(ITEMS, t).data['items']).toEqual([{ ref: 'W-1' }, { ref: 'B-2' }, { name: 'Widget' }, { name: 'Bolt' }, { name: 'Nut' }]);
  });

  it('leaves the field out when no item is found, but the lines plugin always sets lines', () => {
    const parser = tpl('fields:\n  items: {parser: lines, start: Nowhere, end: Subtotal, line: (?P<x>.)}');
    expect(extractWithTemplate(ITEMS, parser).data).not.toHaveProperty('items');
    const plugin = tpl('lines: {start: Nowhere, end: Subtotal, line: (?P<x>.)}');
    expect(extractWithTemplate(ITEMS, plugin).data['lines']).toEqual([]);
  });
});

describe('tables plugin', () => {
  const TEXT = `Header
Invoice date     Amount   Rooms   Guest
12/31/2017       1.939,00   2     Ann Lee
Booking
`;
  it('adds named groups as fields: date* are dates, amount* numbers, others by types or as text', () => {
    const t = tpl(`fields:\n  guest: (Ann)
tables:
  - start: Guest
    end: Booking
    body: (?P<date_invoice>\\S+)\\s+(?P<amount_total>\\S+)\\s+(?P<rooms>\\d+)\\s+(?P<guest>.+)
    types: {rooms: int}
  - start: Header
    end: Booking
    body: ^(?P<title>\\w+) date`);
    const { data } = extractWithTemplate(TEXT, t);
    expect(data).toMatchObject({ date_invoice: '2017-12-31', amount_total: 1939, rooms: 2, guest: 'Ann', title: 'Invoice' });
  });

  it('skips a table whose start or end is missing', () => {
    const t = tpl('tables:\n  - {start: Nope, end: Booking, body: (?P<x>.+)}');
    expect(extractWithTemplate(TEXT, t).data).not.toHaveProperty('x');
  });
});

describe('unit codes', () => {
  it('fills unece_code from uom on lines, never replacing one that was read', () => {
    const t = tpl(`fields:
  lines:
    parser: lines
    start: Header
    end: Footer
    line: '^\\s+(?P<qty>\\d+) (?P<uom>\\w+)(?: (?P<unece_code>[A-Z0-9]{3}))?$'`);
    const text = 'Header\n  2 kg\n  3 Units\n  4 l LTX\n  5 parsec\nFooter';
    expect(extractWithTemplate(text, t).data['lines']).toEqual([
      { qty: '2', uom: 'kg', unece_code: 'KGM' },
      { qty: '3', uom: 'Units', unece_code: 'H87' },
      { qty: '4', uom: 'l', unece_code: 'LTX' },
      { qty: '5', uom: 'parsec', unece_code: '' },
    ]);
  });
});
