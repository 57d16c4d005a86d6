// Numbers with the template's decimal separator, and coercion to field types.
import { describe, expect, it } from 'vitest';
import { loadTemplate } from '../../../../../src/main/engine/extract/invoice2data/template.js';
import { coerceValue, isPresent, parseNumber } from '../../../../../src/main/engine/extract/invoice2data/values.js';

describe('parseNumber', () => {
  it.each([
    ['1939', '.', 1939],
    ['4.11', '.', 4.11],
    ['1,234.56', '.', 1234.56],
    ["1'234.50", '.', 1234.5],
    ['1 234.50', '.', 1234.5],
    ['-12.5', '.', -12.5],
    ['34,73', ',', 34.73],
    ['1.234,56', ',', 1234.56],
    ['12 345,00', ',', 12345],
    ['1.234.567', ',', 1234567],
    ['-9,32', ',', -9.32],
  ])('%s with separator %s', (text, sep, value) => {
    expect(parseNumber(text, sep)).toBe(value);
  });

  it('refuses text that is no number, or a decimal separator used twice', () => {
    expect(parseNumber('abc')).toBeNull();
    expect(parseNumber('€ 12')).toBeNull();
    expect(parseNumber('1.2.3', '.')).toBeNull();
    expect(parseNumber('')).toBeNull();
  });
});

describe('coerceValue', () => {
  const options = loadTemplate("keywords: [x]\noptions: {decimal_separator: ',', date_formats: ['%d-%m-%Y']}", 'x.yml').options;

  it('reads ints (cut toward zero), floats, dates and strings', () => {
    expect(coerceValue('21,9', 'int', options)).toBe(21);
    expect(coerceValue('-3,7', 'int', options)).toBe(-3);
    expect(coerceValue('1.234,5', 'float', options)).toBe(1234.5);
    expect(coerceValue('8-9-2022', 'date', options)).toBe('2022-09-08');
    expect(coerceValue('8-9-2022', 'datetime', options)).toBe('2022-09-08');
    expect(coerceValue(' x ', 'str', options)).toBe(' x ');
  });

  it('reads an empty match as 0, like invoice2data, and unreadable text as null', () => {
    expect(coerceValue('', 'int', options)).toBe(0);
    expect(coerceValue('', 'float', options)).toBe(0);
    expect(coerceValue('n/a', 'float', options)).toBeNull();
    expect(coerceValue('someday', 'date', options)).toBeNull();
  });
});

describe('isPresent', () => {
  it('follows Python truthiness, except that 0 counts', () => {
    expect([0, 'a', [1], { a: 1 }, false].map(isPresent)).toEqual([true, true, true, true, true]);
    expect([null, undefined, '', [], {}].map(isPresent)).toEqual([false, false, false, false, false]);
  });
});
