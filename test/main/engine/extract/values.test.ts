// Typed values from the text beside a label: numbers, dates, yes/no.
import { describe, expect, it } from 'vitest';
import { parseBoolean, parseDate, parseNumber } from '../../../../src/main/engine/extract/values.js';

describe('parseNumber', () => {
  it.each([
    ['$1,234.56', 1234.56],
    ['1.234,56 €', 1234.56],
    ['EUR 1.234,56', 1234.56],
    ['12,5', 12.5],
    ['12,50', 12.5],
    ['1,234', 1234],
    ['1,234,567', 1234567],
    ['1.234.567', 1234567],
    ['-12', -12],
    ['−7', -7],
    ['1 234,5', 1234.5],
    ["1'234.50", 1234.5],
    ['0.5', 0.5],
    ['42', 42],
    ['7', 7],
    ['Total 12 items', 12],
    ['12.345', 12.345],
  ])('%s → %s', (text, value) => {
    expect(parseNumber(text)).toBe(value);
  });

  it('reads an amount in parentheses as negative, the accounting convention', () => {
    expect(parseNumber('(1,000)')).toBe(-1000);
    expect(parseNumber('(250.00)')).toBe(-250);
  });

  it.each(['', 'abc', 'n/a', '—'])('%j has no number', (text) => {
    expect(parseNumber(text)).toBeNull();
  });
});

describe('parseDate', () => {
  it.each([
    ['2024-03-15', '2024-03-15'],
    ['2024/1/5', '2024-01-05'],
    ['Date: 2024-03-15T10:00:00Z', '2024-03-15'],
    ['15/03/2024', '2024-03-15'],
    // 15 cannot be a month: read month-first.
    ['03/15/2024', '2024-03-15'],
    ['15.03.2024', '2024-03-15'],
    ['15-03-2024', '2024-03-15'],
    ['15/03/24', '2024-03-15'],
    ['15/03/99', '1999-03-15'],
    // Ambiguous numeric dates are read day-first.
    ['01/02/2024', '2024-02-01'],
    ['March 15, 2024', '2024-03-15'],
    ['Sept 5, 2023', '2023-09-05'],
    ['15 Mar 2024', '2024-03-15'],
    ['1st March 2024', '2024-03-01'],
    ['15. März 2024', '2024-03-15'],
    ['29/02/2024', '2024-02-29'],
  ])('%s → %s', (text, iso) => {
    expect(parseDate(text)).toBe(iso);
  });

  it.each(['31/02/2024', '2024-02-30', '29/02/2023', '2024-13-01', '32.01.2024', '15 Foo 2024', 'n/a', '', '12345'])('%j is not a date', (text) => {
    expect(parseDate(text)).toBeNull();
  });
});

describe('parseBoolean', () => {
  it.each(['yes', 'Yes', 'YES', 'y', 'true', 'TRUE', 'ja', 'oui', 'x', 'X', '☑', '☒ paid', '✓', '✔', '✓ paid'])('%j → true', (text) => {
    expect(parseBoolean(text)).toBe(true);
  });

  it.each(['no', 'No', 'n', 'false', 'nein', 'non', '☐', ' no '])('%j → false', (text) => {
    expect(parseBoolean(text)).toBe(false);
  });

  it.each(['', 'maybe', 'nothing', 'yesterday', 'none', '1', 'unknown'])('%j → null', (text) => {
    expect(parseBoolean(text)).toBeNull();
  });
});
