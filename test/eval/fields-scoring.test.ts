import { describe, it, expect } from 'vitest';
import { fieldsKindOf, parseExtract } from './fields.js';
import {
  acroformParser,
  scoreAcroform,
  invoiceGt,
  invoiceTotals,
  isDateKey,
  normaliseDate,
  prf,
  scoreInvoice,
  scoreSroie,
  sroieCompared,
  sroieDateToIso,
  sroieTotals,
  tallyItems,
  toNumber,
  valuesEqual,
} from './fields-scoring.js';

describe('dates', () => {
  it('normalises ISO dates and date-times to YYYY-MM-DD', () => {
    expect(normaliseDate('2014-08-03')).toBe('2014-08-03');
    expect(normaliseDate('2014-8-3')).toBe('2014-08-03');
    expect(normaliseDate('2014-08-03T00:00:00')).toBe('2014-08-03');
    expect(normaliseDate('03/08/2014')).toBeNull();
    expect(normaliseDate('2014-13-03')).toBeNull();
  });

  it('reads SROIE GT dates day-first', () => {
    expect(sroieDateToIso('05-02-18')).toBe('2018-02-05');
    expect(sroieDateToIso('11/5/2018')).toBe('2018-05-11');
    expect(sroieDateToIso('08.03.2017')).toBe('2017-03-08');
    expect(sroieDateToIso('2018-01-05')).toBe('2018-01-05');
    expect(sroieDateToIso('25 DEC 2018')).toBe('2018-12-25');
    expect(sroieDateToIso('25-Dec-18')).toBe('2018-12-25');
    expect(sroieDateToIso('DEC 25, 2018')).toBe('2018-12-25');
    expect(sroieDateToIso('not a date')).toBeNull();
    expect(sroieDateToIso('32/01/2018')).toBeNull();
  });

  it('knows invoice2data date keys', () => {
    expect(isDateKey('date')).toBe(true);
    expect(isDateKey('date_due')).toBe(true);
    expect(isDateKey('payment_date')).toBe(true);
    expect(isDateKey('mandate_id')).toBe(false);
  });
});

describe('valuesEqual', () => {
  it('compares numbers within 0.005, accepting plain numeric strings', () => {
    expect(valuesEqual('amount', 4.11, 4.11)).toBe(true);
    expect(valuesEqual('amount', 4.11, 4.114)).toBe(true);
    expect(valuesEqual('amount', 4.11, 4.115)).toBe(true);
    expect(valuesEqual('amount', 4.11, 4.12)).toBe(false);
    expect(valuesEqual('amount', 319.0, '319.00')).toBe(true);
    expect(valuesEqual('amount', 319.0, '319,00')).toBe(false);
    expect(valuesEqual('amount', 319.0, null)).toBe(false);
    expect(toNumber('abc')).toBeNaN();
  });

  it('compares dates after normalising', () => {
    expect(valuesEqual('date', '2014-08-03', '2014-08-03T00:00:00')).toBe(true);
    expect(valuesEqual('date', '2022-11-28', ['2022-11-28', '2022-12-06'])).toBe(false);
    expect(valuesEqual('date_due', '2015-07-05', '2015-07-06')).toBe(false);
  });

  it('compares strings with flat(), case-sensitive', () => {
    expect(valuesEqual('hotel_details', ' OYO 4189 Resort Nanganallur', '          OYO 4189 Resort Nanganallur')).toBe(true);
    expect(valuesEqual('name', 'Beeswax XL\nAcme beeswax', 'Beeswax XL  Acme beeswax')).toBe(true);
    expect(valuesEqual('name', 'Beeswax XL\nAcme beeswax', 'Beeswax XL')).toBe(false);
    expect(valuesEqual('partner_name', 'Azure Interior', 'azure interior')).toBe(false);
    expect(valuesEqual('pos', '1', 1)).toBe(true);
    expect(valuesEqual('name', 'ﬁle', 'file')).toBe(true);
  });

  it('compares lists in order and dicts on the GT keys; GT null means absent', () => {
    expect(valuesEqual('narration', ['a', 'b'], ['a', 'b'])).toBe(true);
    expect(valuesEqual('narration', ['a', 'b'], ['b', 'a'])).toBe(false);
    expect(valuesEqual('narration', ['a', 'b'], ['a'])).toBe(false);
    expect(valuesEqual('sums', [{ net: 257.59, rate: 23 }], [{ net: 257.59, rate: 23, extra: 'x' }])).toBe(true);
    expect(valuesEqual('x', null, undefined)).toBe(true);
    expect(valuesEqual('x', null, 'y')).toBe(false);
  });
});

describe('tallyItems', () => {
  it('counts items and item keys by position', () => {
    const gt = [{ name: 'A', price_unit: '0.01' }, { line_note: 'n' }, { name: 'B', price_unit: '2.22' }];
    const t = tallyItems(gt, [{ name: 'A', price_unit: '0.01' }, { name: 'B', price_unit: '2.22' }]);
    expect(t).toEqual({ items: 3, itemsCorrect: 1, predItems: 2, cells: 5, cellsCorrect: 2 });
    expect(tallyItems(gt, undefined).itemsCorrect).toBe(0);
  });
});

describe('scoreInvoice', () => {
  const gt = invoiceGt([
    {
      issuer: 'Amazon Web Services',
      amount: 4.11,
      date: '2014-08-03',
      invoice_number: '42183017',
      currency: 'USD',
      lines: [{ name: 'AWS Data Transfer', price_unit: '0.01' }],
      desc: 'Invoice from Amazon Web Services',
    },
  ]) as Record<string, unknown>;

  it('reads the one dict of the GT list', () => {
    expect(gt['amount']).toBe(4.11);
    expect(invoiceGt({ a: 1 })).toEqual({ a: 1 });
    expect(invoiceGt([])).toBeNull();
  });

  it('scores every key, lines as one field, and lists missing and extra keys', () => {
    const s = scoreInvoice(gt, {
      issuer: 'Amazon Web Services',
      amount: 4.11,
      date: '2014-08-03',
      invoice_number: '42183017',
      currency: 'USD',
      lines: [],
      desc: 'Invoice from Amazon Web Services',
      partner_website: 'aws.amazon.com',
    });
    expect(s.scored).toBe(7);
    expect(s.correct).toBe(6);
    expect(s.rate).toBeCloseTo(6 / 7);
    expect(s.allCorrect).toBe(false);
    expect(s.missing).toEqual([]);
    expect(s.extra).toEqual(['partner_website']);
    expect(s.items).toEqual({ items: 1, itemsCorrect: 0, predItems: 0, cells: 2, cellsCorrect: 0 });
    expect(s.fields.find((f) => f.key === 'lines')?.correct).toBe(false);
  });

  it('skips desc, currency and issuer when our output lacks them (no template matched)', () => {
    const s = scoreInvoice(gt, null);
    expect(s.skipped).toEqual(['issuer', 'currency', 'desc']);
    expect(s.scored).toBe(4);
    expect(s.correct).toBe(0);
    expect(s.missing).toEqual(['amount', 'date', 'invoice_number', 'lines']);
    expect(s.allCorrect).toBe(false);
  });

  it('restricts to the named fields for template-free runs', () => {
    const s = scoreInvoice(gt, { invoice_number: '42183017', date: null, amount: 3.2014, total: 9 }, { only: ['invoice_number', 'date', 'amount', 'total'] });
    expect(s.fields.map((f) => [f.key, f.correct, f.missing])).toEqual([
      ['amount', false, false],
      ['date', false, true],
      ['invoice_number', true, false],
    ]);
    expect(s.extra).toEqual(['total']);
  });

  it('is all-correct when every scored key matches', () => {
    const s = scoreInvoice({ amount: 319.0, invoice_number: '#BLR' }, { amount: 319, invoice_number: '#BLR' });
    expect(s.allCorrect).toBe(true);
    const totals = invoiceTotals([s, scoreInvoice({ amount: 1 }, { amount: 2 })]);
    expect(totals).toMatchObject({ documents: 2, scored: 3, correct: 2, allCorrect: 1 });
    expect(totals.rate).toBeCloseTo(2 / 3);
    expect(totals.macroRate).toBeCloseTo(0.5);
    expect(totals.perKey['amount']).toEqual({ documents: 2, correct: 1 });
  });
});

describe('SROIE', () => {
  const gt = { company: 'MR. D.I.Y. (KUCHAI) SDN BHD', date: '08-03-17', address: 'LOT 1851-A & 1851-B,  JALAN KPB 6', total: '37.80' };

  it('compares after whitespace collapse, case-sensitive, date via YYYY-MM-DD, total with the GT decimals', () => {
    const s = scoreSroie(gt, { company: 'MR. D.I.Y. (KUCHAI)  SDN BHD', date: '2017-03-08', address: 'Lot 1851-A & 1851-B, Jalan KPB 6', total: 37.8 });
    expect(s.fields.map((f) => [f.field, f.correct])).toEqual([
      ['company', true],
      ['date', true],
      ['address', false],
      ['total', true],
    ]);
    expect(s).toMatchObject({ correct: 3, predicted: 4, expected: 4 });
  });

  it('treats null and empty predictions as not predicted', () => {
    const s = scoreSroie(gt, { company: null, date: '', total: 6 });
    expect(s).toMatchObject({ correct: 0, predicted: 1, expected: 4 });
    expect(scoreSroie(gt, null)).toMatchObject({ correct: 0, predicted: 0, expected: 4 });
  });

  it('formats numbers and strings for comparison', () => {
    expect(sroieCompared('total', 141.5, '141.50')).toBe('141.50');
    expect(sroieCompared('total', 27, '27')).toBe('27');
    expect(sroieCompared('total', '141.5', '141.50')).toBe('141.5');
    expect(sroieCompared('date', '2018-02-05', '05-02-18')).toBe('2018-02-05');
    expect(sroieCompared('company', undefined, 'X')).toBeNull();
  });

  it('computes per-field and overall precision / recall / F1', () => {
    const a = scoreSroie(gt, { company: 'MR. D.I.Y. (KUCHAI) SDN BHD', total: 6 });
    const b = scoreSroie({ company: 'X', total: '1.00' }, { company: 'X', total: 1 });
    const t = sroieTotals([a, b]);
    expect(t.perField.company).toMatchObject({ correct: 2, predicted: 2, expected: 2, precision: 1, recall: 1, f1: 1 });
    expect(t.perField.total).toMatchObject({ correct: 1, predicted: 2, expected: 2, precision: 0.5, recall: 0.5, f1: 0.5 });
    expect(t.perField.date).toMatchObject({ correct: 0, predicted: 0, expected: 1, precision: null, recall: 0, f1: 0 });
    expect(t.overall).toMatchObject({ correct: 3, predicted: 4, expected: 6 });
    expect(prf(3, 4, 6).f1).toBeCloseTo((2 * 0.75 * 0.5) / 1.25);
  });
});

describe('fields task helpers', () => {
  it('maps gt_kind values (or the GT shape) to scoring families', () => {
    expect(fieldsKindOf('invoice-fields-json(invoice2data)', null)).toBe('invoice2data');
    expect(fieldsKindOf('invoice-fields-json(invoice2data) via OCR', null)).toBe('invoice2data');
    expect(fieldsKindOf('invoice-fields-json(derived from CII XML)', null)).toBe('cii');
    expect(fieldsKindOf('key-fields(SROIE: company,date,address,total)+ocr-lines', null)).toBe('sroie');
    expect(fieldsKindOf('acroform-field-values(file-internal)', null)).toBe('acroform');
    expect(fieldsKindOf('', [{ amount: 1 }])).toBe('invoice2data');
    expect(fieldsKindOf('', { company: 'X' })).toBe('sroie');
    expect(fieldsKindOf('', { acroform_fields: [] })).toBe('acroform');
    expect(fieldsKindOf('', 'x')).toBe('unknown');
  });

  it('parses the extract document and tolerates anything else', () => {
    expect(parseExtract('{"document":{"status":"failed","error_message":"No template matches this document."}}')?.status).toBe('failed');
    expect(parseExtract('')).toBeNull();
    expect(parseExtract('{"documents":[]}')).toBeNull();
    expect(parseExtract('not json')).toBeNull();
  });
});

describe('AcroForm values', () => {
  const gt = [
    { name: 'Check Box0', type: '/Btn', value: null },
    { name: 'Combo Box0', type: '/Ch', value: '111' },
    { name: 'List Box1', type: '/Ch', value: ['mm11'] },
    { name: 'Agree', type: '/Btn', value: '/Yes' },
  ];

  it('names every field, choices held as lists as arrays', () => {
    expect(acroformParser(gt).fields.map((f) => f.type)).toEqual(['string', 'string', 'array', 'string']);
  });

  it('compares name → value, PDF names without their slash, unset as null', () => {
    expect(scoreAcroform(gt, { 'Check Box0': null, 'Combo Box0': '111', 'List Box1': ['mm11'], Agree: 'Yes' })).toEqual({ correct: 4, total: 4, misses: [] });
    expect(scoreAcroform(gt, { 'Check Box0': 'Yes', 'Combo Box0': '222' }).misses.map((m) => m.name)).toEqual(['Check Box0', 'Combo Box0', 'List Box1', 'Agree']);
  });
});
