// Cell formatting shared by the CSV and XLSX writers, and the small helpers of the module's index.
import { describe, expect, it } from 'vitest';
import { cellText, escapeFormula, normaliseData, parseDay, plainNumber, toCell } from '../../../../src/main/services/exports/cells.js';
import { exportContentType, exportFilename } from '../../../../src/main/services/exports/index.js';
import { INVOICE_FIELDS } from './helpers.js';

describe('plainNumber', () => {
  it('spells out exponent notation', () => {
    expect(plainNumber(1e21)).toBe('1000000000000000000000');
    expect(plainNumber(1.5e22)).toBe('15000000000000000000000');
    expect(plainNumber(-2.25e21)).toBe('-2250000000000000000000');
    expect(plainNumber(1e-7)).toBe('0.0000001');
    expect(plainNumber(-1.23e-8)).toBe('-0.0000000123');
  });

  it('prints ordinary numbers as JS does', () => {
    expect(plainNumber(-12.5)).toBe('-12.5');
    expect(plainNumber(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(plainNumber(123456789012)).toBe('123456789012');
    expect(plainNumber(0.000001)).toBe('0.000001');
    expect(plainNumber(-0)).toBe('0');
  });
});

describe('escapeFormula', () => {
  it.each(['=SUM(A1)', '+A1', '-2+3', '@cmd', '\tx', '\rx', '\uFF1D1+1'])('prefixes %j with a quote', (text) => {
    expect(escapeFormula(text)).toBe(`'${text}`);
  });

  it('leaves other text alone', () => {
    expect(escapeFormula('Acme = best')).toBe('Acme = best');
    expect(escapeFormula("'quoted")).toBe("'quoted");
    expect(escapeFormula('')).toBe('');
  });
});

describe('parseDay', () => {
  it('reads ISO dates and date-times as the calendar day written', () => {
    expect(parseDay('2024-03-05')?.toISOString()).toBe('2024-03-05T00:00:00.000Z');
    expect(parseDay('2024-03-05T23:30:00-05:00')?.toISOString()).toBe('2024-03-05T00:00:00.000Z');
    expect(parseDay(new Date('2024-12-31T22:15:00.000Z'))?.toISOString()).toBe('2024-12-31T00:00:00.000Z');
    expect(parseDay(new Date(Date.UTC(1960, 0, 2, 5)))?.toISOString()).toBe('1960-01-02T00:00:00.000Z');
  });

  it('refuses what is not a real ISO day', () => {
    expect(parseDay('2024-02-30')).toBeNull();
    expect(parseDay('05/03/2024')).toBeNull();
    expect(parseDay('March 5, 2024')).toBeNull();
    expect(parseDay(new Date('nonsense'))).toBeNull();
    expect(parseDay(20240305)).toBeNull();
  });
});

describe('toCell and cellText', () => {
  it('types cells by field type and value', () => {
    expect(toCell('number', -12.5)).toBe(-12.5);
    // Text stays as extracted (XLSX writes it so); cellText guards it for CSV.
    expect(toCell('string', '-12.5')).toBe('-12.5');
    expect(toCell('string', ['=1'])).toBe('["=1"]');
    expect(toCell('boolean', false)).toBe(false);
    expect(toCell('date', '2024-03-05')).toEqual(new Date(Date.UTC(2024, 2, 5)));
    expect(toCell('date', 'next Tuesday')).toBe('next Tuesday');
    expect(toCell('string', { a: 1 })).toBe('{"a":1}');
    expect(toCell('string', null)).toBeNull();
    expect(toCell('string', undefined)).toBeNull();
  });

  it('leaves text that is only a signed number, or a lone dash, as it is', () => {
    expect(['-12.50', '+3', '-1,234.50', '+.5', '-3e5', '-'].map((t) => cellText(t))).toEqual(['-12.50', '+3', '-1,234.50', '+.5', '-3e5', '-']);
    // Anything more than a number is still escaped.
    expect(['-12.50+cmd', '-1,23', '--1', '+-1', '- 5', '-1,234.50)', '-2+3', '-'.concat('\n1')].map((t) => cellText(t))).toEqual([
      "'-12.50+cmd",
      "'-1,23",
      "'--1",
      "'+-1",
      "'- 5",
      "'-1,234.50)",
      "'-2+3",
      "'-\n1",
    ]);
  });

  it('renders cells as CSV text, formula-like text escaped and real numbers not', () => {
    expect([1e21, true, false, null, new Date(Date.UTC(2024, 0, 9)), 'x', '+49 30 1234', -12.5].map((c) => cellText(c))).toEqual([
      '1000000000000000000000',
      'true',
      'false',
      '',
      '2024-01-09',
      'x',
      "'+49 30 1234",
      '-12.5',
    ]);
  });
});

describe('normaliseData', () => {
  it('normalises known fields, nested ones included, and keeps unknown keys', () => {
    const data = {
      total: '1234.50',
      issued: new Date('2024-03-05T12:00:00Z'),
      vendor: { name: 'Acme', founded: '1999' },
      items: [{ description: 'Bolt', amount: '2', shipped: '2024-03-06T08:00:00Z' }],
      extra: '2024-03-05T12:00:00Z',
      ['__proto__']: 'kept',
    };
    const parsed = JSON.parse(JSON.stringify(normaliseData(INVOICE_FIELDS, JSON.parse(JSON.stringify(data)))));
    expect(parsed.total).toBe(1234.5);
    expect(parsed.issued).toBe('2024-03-05');
    expect(parsed.vendor).toEqual({ name: 'Acme', founded: '1999' });
    expect(parsed.items).toEqual([{ description: 'Bolt', amount: 2, shipped: '2024-03-06' }]);
    expect(parsed.extra).toBe('2024-03-05T12:00:00Z');
    expect(normaliseData(INVOICE_FIELDS, null)).toBeNull();
  });

  it('keeps a number field whose text is not a number as text', () => {
    expect(normaliseData(INVOICE_FIELDS, { total: '1,234.50' })).toEqual({ total: '1,234.50' });
  });
});

describe('exportContentType and exportFilename', () => {
  it('names the content types', () => {
    expect(exportContentType('json')).toBe('application/json; charset=utf-8');
    expect(exportContentType('csv')).toBe('text/csv; charset=utf-8');
    expect(exportContentType('xlsx')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  });

  it('makes a safe file name', () => {
    expect(exportFilename('ext_abc', 'csv')).toBe('ext_abc.csv');
    expect(exportFilename('../Invoices: "March"\n', 'xlsx')).toBe('_Invoices_ _March_.xlsx');
    expect(exportFilename('  ', 'json')).toBe('export.json');
    expect(exportFilename('Réçus 2024', 'json')).toBe('Réçus 2024.json');
    expect(exportFilename('x'.repeat(300), 'csv')).toBe(`${'x'.repeat(100)}.csv`);
  });
});
