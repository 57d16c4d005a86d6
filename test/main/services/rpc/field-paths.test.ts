// Correction paths checked against a parser's fields, and values coerced to the field's type.
import { describe, expect, it } from 'vitest';
import type { ParserSnapshot } from '../../../../src/main/store/queries/extractions.js';
import { coerceValue, resolveFieldPath } from '../../../../src/main/services/rpc/field-paths.js';

const PARSER: ParserSnapshot = {
  parser_id: 'prs_1',
  name: 'Invoices',
  result_mode: 'one_per_file',
  fields: [
    { name: 'total', type: 'number', format: { decimal_separator: ',' } },
    { name: 'seller', type: 'object', fields: [{ name: 'name', type: 'string' }] },
    { name: 'seller.vat', type: 'string' },
    { name: 'line_items', type: 'array', fields: [{ name: 'amount', type: 'number' }] },
    { name: 'tags', type: 'array' },
    { name: 'paid', type: 'boolean' },
    { name: 'due', type: 'date' },
  ],
};

describe('resolveFieldPath', () => {
  it('names scalar fields, object members, line item fields and plain list items', () => {
    expect(resolveFieldPath(PARSER, 'total')).toMatchObject({ path: 'total', segments: ['total'], detail_key: 'total' });
    expect(resolveFieldPath(PARSER, 'seller.name')).toMatchObject({ segments: ['seller', 'name'], detail_key: 'seller.name' });
    expect(resolveFieldPath(PARSER, 'seller.vat')).toMatchObject({ segments: ['seller.vat'], detail_key: 'seller.vat' });
    expect(resolveFieldPath(PARSER, 'line_items.2.amount')).toMatchObject({ segments: ['line_items', 2, 'amount'], detail_key: 'line_items[2].amount' });
    expect(resolveFieldPath(PARSER, 'line_items[2].amount').path).toBe('line_items.2.amount');
    expect(resolveFieldPath(PARSER, 'tags.0')).toMatchObject({ segments: ['tags', 0], field: { type: 'string' } });
  });

  it('starts one-per-page paths with the page', () => {
    const perPage: ParserSnapshot = { ...PARSER, result_mode: 'one_per_page' };
    expect(resolveFieldPath(perPage, 'p2.total')).toMatchObject({ segments: [{ page: 2 }, 'total'], detail_key: 'p2.total' });
    expect(() => resolveFieldPath(perPage, 'total')).toThrow(/start the path with the page, as in p1.total/);
  });

  it('refuses paths that name no single value, saying what would', () => {
    expect(() => resolveFieldPath(PARSER, 'subtotal')).toThrow(/no field "subtotal".*total, seller/);
    expect(() => resolveFieldPath(PARSER, 'seller')).toThrow(/name one of them, as in seller.name/);
    expect(() => resolveFieldPath(PARSER, 'line_items')).toThrow(/is a list.*line_items.0.amount/);
    expect(() => resolveFieldPath(PARSER, 'line_items.0')).toThrow(/holds several values/);
    expect(() => resolveFieldPath(PARSER, 'total.x')).toThrow(/number, with nothing inside it/);
  });
});

describe('coerceValue', () => {
  const field = (name: string) => resolveFieldPath(PARSER, name).field;
  it('reads numbers, dates and yes/no the way extraction does', () => {
    expect(coerceValue(field('total'), '1.234,56')).toBe(1234.56);
    expect(coerceValue(field('line_items.0.amount'), '$1,234.50')).toBe(1234.5);
    expect(coerceValue(field('line_items.0.amount'), 12)).toBe(12);
    expect(coerceValue(field('due'), '15 March 2024')).toBe('2024-03-15');
    expect(coerceValue(field('paid'), 'yes')).toBe(true);
    expect(coerceValue(field('seller.name'), '  ACME  ')).toBe('ACME');
    expect(coerceValue(field('total'), '')).toBeNull();
  });

  it('refuses what the type cannot hold', () => {
    expect(() => coerceValue(field('total'), 'abc')).toThrow(/"abc" is not a number/);
    expect(() => coerceValue(field('due'), 'soon')).toThrow(/not a date/);
    expect(() => coerceValue(field('total'), { a: 1 })).toThrow(/single value/);
  });
});
