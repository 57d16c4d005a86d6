// Typed values as invoice2data coerces them: numbers with the template's decimal separator
// (the other of `.`/`,` is a thousands separator, as are spaces and apostrophes), ints cut
// toward zero, dates via the template's formats and languages.
import { parseDate } from './dates.js';
import type { TemplateOptions, ValueType } from './schema.js';

const FLOAT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/** invoice2data's `parse_number`: "1.234,56" with separator "," is 1234.56. Null when the text
 *  is not a number (or holds the decimal separator twice). */
export function parseNumber(value: string, decimalSeparator = '.'): number | null {
  let s = value.trim().replace(/(?<=\d)_(?=\d)/g, '');
  if (/[,.'\s]/.test(s)) {
    if (decimalSeparator !== '' && s.split(decimalSeparator).length > 2) return null;
    const thousands = decimalSeparator === '.' ? ',' : '.';
    s = s.split(thousands).join('').replace(/[\s']/g, '');
    if (decimalSeparator !== '.' && decimalSeparator !== '') s = s.split(decimalSeparator).join('.');
  }
  return FLOAT.test(s) ? Number(s) : null;
}

/** A matched string as the given type (`int`, `float`, `date`/`datetime` → `YYYY-MM-DD`, `str`).
 *  An empty string is 0 for numbers, as in invoice2data; null when the text cannot be read. */
export function coerceValue(value: string, type: ValueType, options: TemplateOptions): string | number | null {
  switch (type) {
    case 'int': {
      if (value === '') return 0;
      const n = parseNumber(value, options.decimalSeparator);
      return n === null ? null : Math.trunc(n);
    }
    case 'float':
      return value === '' ? 0 : parseNumber(value, options.decimalSeparator);
    case 'date':
    case 'datetime':
      return parseDate(value, options.dateFormats, options.languages);
    case 'str':
      return value;
  }
}

/** Python truthiness as invoice2data uses it to keep a value (`value or value == 0.0`). */
export function isPresent(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}
