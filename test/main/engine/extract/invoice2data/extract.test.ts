// Field extraction with one template: legacy and parser fields, types, grouping, statics,
// areas, required fields, and runInvoice2Data end to end.
import { describe, expect, it } from 'vitest';
import { extractWithTemplate, runInvoice2Data } from '../../../../../src/main/engine/extract/invoice2data/index.js';
import { loadTemplate } from '../../../../../src/main/engine/extract/invoice2data/template.js';

const TEXT = `ACME Supplies                       Invoice 2024-117
Date: 05.03.2024             Due: 19.03.2024
Item A        12,50
Item B      1.000,00
VAT 9%         1,13
VAT 21%       12,34
Total       1.026,00 EUR
Paid by VISA. Paid by VISA.
`;

const template = (fields: string, extra = '') =>
  loadTemplate(
    `issuer: ACME\nkeywords: [ACME]\nfields:\n${fields}\noptions:\n  currency: EUR\n  decimal_separator: ','\n  date_formats: ['%d.%m.%Y']\n${extra}`,
    'acme.yml',
  );

describe('legacy fields', () => {
  it('types fields by name: date* and *date are dates, amount* are numbers', () => {
    const t = template(
      '  amount: Total\\s+(\\S+)\n  date: Date:\\s+(\\S+)\n  due_date: Due:\\s+(\\S+)\n  invoice_number: Invoice (\\S+)\n  payment: (VISA)',
    );
    const { data, missing } = extractWithTemplate(TEXT, t);
    expect(data).toEqual({
      issuer: 'ACME',
      amount: 1026,
      date: '2024-03-05',
      due_date: '2024-03-19',
      invoice_number: '2024-117',
      payment: 'VISA',
      currency: 'EUR',
      desc: 'Invoice from ACME',
    });
    expect(missing).toEqual([]);
  });

  it('sums sum_amount* lists, tries every regex of a list, and keeps static_ values', () => {
    const t = template(
      "  sum_amount_tax: ['VAT 9%\\s+(\\S+)', 'VAT 21%\\s+(\\S+)']\n  items: ['Item (A)', 'Item (B)', 'Item (C)']\n  static_vat: NL001\n  static_empty: ''",
    );
    const { data, missing } = extractWithTemplate(TEXT, t);
    expect(data['amount_tax']).toBeCloseTo(13.47, 5);
    expect(data['items']).toEqual(['A', 'B']);
    expect(data['vat']).toBe('NL001');
    expect(data['empty']).toBe('');
    expect(missing).toEqual(['date', 'amount', 'invoice_number']);
  });

  it('leaves out fields that do not match or have several groups', () => {
    const t = template('  nothing: Nope (\\d+)\n  pair: (Item) (\\w)');
    const { data } = extractWithTemplate(TEXT, t);
    expect(data).not.toHaveProperty('nothing');
    expect(data).not.toHaveProperty('pair');
  });
});

describe('parser fields', () => {
  it('coerces to the type and groups with first, last, min, max, sum and join', () => {
    const amounts = "    regex: ['Item \\w\\s+(\\S+)', 'Total\\s+(\\S+)']\n    type: float\n";
    const t = template(
      ['first', 'last', 'min', 'max', 'sum'].map((g) => `  ${g}:\n    parser: regex\n${amounts}    group: ${g}`).join('\n') +
        "\n  joined:\n    parser: regex\n    regex: ['(Item \\w)', '(VAT \\d+%)']\n    group: join" +
        '\n  count:\n    parser: regex\n    regex: VAT (\\d+)%\n    type: int',
    );
    const { data } = extractWithTemplate(TEXT, t);
    expect(data).toMatchObject({ first: 12.5, last: 1026, min: 12.5, max: 1026, sum: 2038.5 });
    expect(data['joined']).toBe('Item A Item B VAT 9% VAT 21%');
    expect(data['count']).toEqual([9, 21]);
  });

  it('removes duplicates, keeping a single value as a scalar', () => {
    const t = template('  paid:\n    parser: regex\n    regex: Paid by (\\w+)');
    expect(extractWithTemplate(TEXT, t).data['paid']).toBe('VISA');
  });

  it('outputs a static value unless it is empty', () => {
    const t = template("  country:\n    parser: static\n    value: NL\n  none:\n    parser: static\n    value: ''\n  zero:\n    parser: static\n    value: 0");
    const { data } = extractWithTemplate(TEXT, t);
    expect(data).toMatchObject({ country: 'NL', zero: 0 });
    expect(data).not.toHaveProperty('none');
  });

  it('lets a field override the issuer, while desc keeps the template issuer', () => {
    const t = template("  issuer:\n    parser: regex\n    regex: '(ACME \\w+)'");
    const { data } = extractWithTemplate(TEXT, t);
    expect(data['issuer']).toBe('ACME Supplies');
    expect(data['desc']).toBe('Invoice from ACME');
  });

  it('searches an area through the areaText hook, or the whole text without it', () => {
    const t = template('  date:\n    parser: regex\n    regex: (\\d\\d\\.\\d\\d\\.\\d{4})\n    type: date\n    area: {f: 1, l: 1, x: 0, y: 0, r: 72, W: 100, H: 50}');
    expect(extractWithTemplate(TEXT, t).data['date']).toEqual(['2024-03-05', '2024-03-19']);
    const seen: unknown[] = [];
    const areaText = (a: unknown) => {
      seen.push(a);
      return 'Due: 19.03.2024';
    };
    expect(extractWithTemplate(TEXT, t, { areaText }).data['date']).toBe('2024-03-19');
    expect(seen).toEqual([{ f: 1, l: 1, x: 0, y: 0, r: 72, W: 100, H: 50 }]);
  });

  it('reports the required fields that were not found', () => {
    const t = loadTemplate('keywords: [ACME]\nfields: {a: (Item)}\nrequired_fields: [a, b, lines]', 'r.yml');
    expect(extractWithTemplate(TEXT, t).missing).toEqual(['b', 'lines']);
  });
});

describe('runInvoice2Data', () => {
  it('matches, then extracts; no match gives template null', () => {
    const t = template('  amount: Total\\s+(\\S+)');
    expect(runInvoice2Data(TEXT, [t])).toMatchObject({ template: 'ACME', data: { amount: 1026 } });
    expect(runInvoice2Data('other', [t])).toEqual({ template: null, data: {}, missing: [] });
  });
});
