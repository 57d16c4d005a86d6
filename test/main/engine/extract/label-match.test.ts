// Field extraction by label matching over a hand-built parse run.
import { describe, expect, it } from 'vitest';
import type { FieldDefinition } from '../../../../src/shared/api/parsers.js';
import { extractFields } from '../../../../src/main/engine/extract/index.js';
import { extractByLabels, runLines } from '../../../../src/main/engine/extract/label-match.js';
import { runOf } from './run.js';

const perFile = (fields: FieldDefinition[]) => ({ fields, result_mode: 'one_per_file' as const });

describe('runLines', () => {
  it('splits blocks into trimmed lines with their page, markdown marks and table pipes removed', () => {
    const run = runOf([['# Invoice', '**Invoice No:** A-17\n\n- item one', '| Total | 42 |'], ['`code` __under__']]);
    expect(runLines(run)).toEqual([
      { page: 1, text: 'Invoice' },
      { page: 1, text: 'Invoice No: A-17' },
      { page: 1, text: 'item one' },
      { page: 1, text: 'Total   42' },
      { page: 2, text: 'code under' },
    ]);
  });
});

describe('extractByLabels', () => {
  it('reads a value on the label’s line, typed by the field', () => {
    const run = runOf([['Invoice Number: INV-0042', 'Invoice Date: 15.03.2024', 'Total: $1,234.56', 'Paid: yes']]);
    const out = extractByLabels(
      run,
      perFile([
        { name: 'invoice_number', type: 'string' },
        { name: 'invoice_date', type: 'date' },
        { name: 'total', type: 'number' },
        { name: 'paid', type: 'boolean' },
      ]),
    );
    expect(out).toEqual({ data: { invoice_number: 'INV-0042', invoice_date: '2024-03-15', total: 1234.56, paid: true }, confidence: 1 });
  });

  it('reads the value from the next line when the label stands alone, with less confidence', () => {
    const run = runOf([['Invoice Date', '15 Mar 2024', 'Bill To', 'ACME Corp']]);
    const out = extractByLabels(run, perFile([{ name: 'invoice_date', type: 'date' }, { name: 'bill_to', type: 'string' }]));
    expect(out).toEqual({ data: { invoice_date: '2024-03-15', bill_to: 'ACME Corp' }, confidence: 0.8 });
  });

  it('does not take the value from the next page', () => {
    const run = runOf([['Some text', 'Invoice Date'], ['15 Mar 2024']]);
    expect(extractByLabels(run, perFile([{ name: 'invoice_date', type: 'date' }]))).toEqual({ data: { invoice_date: null }, confidence: 0 });
  });

  it('finds fields by their synonyms: "Invoice #" for invoice_number, "Amount due" for total', () => {
    const run = runOf([['Invoice #: A-17', 'Amount due: 1.234,56 €', 'VAT: 19,00']]);
    const out = extractByLabels(run, perFile([{ name: 'invoice_number', type: 'string' }, { name: 'total', type: 'number' }, { name: 'tax', type: 'number' }]));
    expect(out.data).toEqual({ invoice_number: 'A-17', total: 1234.56, tax: 19 });
    expect(out.confidence).toBe(1);
  });

  it('finds camelCase field names and short descriptions as labels', () => {
    const run = runOf([['Customer Ref: C-9', 'Kundenname: Müller GmbH']]);
    const out = extractByLabels(
      run,
      perFile([
        { name: 'customerRef', type: 'string' },
        { name: 'customer_name', type: 'string', description: 'Kundenname' },
      ]),
    );
    expect(out.data).toEqual({ customerRef: 'C-9', customer_name: 'Müller GmbH' });
  });

  it('"Total" is not found inside "Subtotal", and "Invoice Date" is not read as a bare "Date"', () => {
    const run = runOf([['Invoice Date: 15.03.2024', 'Subtotal: 90.00', 'Total: 99.00']]);
    const out = extractByLabels(run, perFile([{ name: 'invoice_date', type: 'date' }, { name: 'total', type: 'number' }, { name: 'subtotal', type: 'number' }]));
    expect(out.data).toEqual({ invoice_date: '2024-03-15', total: 99, subtotal: 90 });
  });

  it('a specific label ("Invoice Date") wins over a generic synonym ("Date") found earlier', () => {
    const run = runOf([['Date: 01.01.2024', 'Invoice Date: 15.03.2024']]);
    expect(extractByLabels(run, perFile([{ name: 'invoice_date', type: 'date' }])).data).toEqual({ invoice_date: '2024-03-15' });
  });

  it('cuts a text value where the next label of a paragraph-joined line begins', () => {
    const run = runOf([['Invoice No: A-17 Date: 2024-03-15 Total: 99.00']]);
    const out = extractByLabels(run, perFile([{ name: 'invoice_number', type: 'string' }, { name: 'invoice_date', type: 'date' }, { name: 'total', type: 'number' }]));
    expect(out.data).toEqual({ invoice_number: 'A-17', invoice_date: '2024-03-15', total: 99 });
    // Labels found mid-line count 0.7: (1 + 0.7 + 0.7) / 3.
    expect(out.confidence).toBe(0.8);
  });

  it('a label inside another word is not a match', () => {
    const run = runOf([['Totality: 5']]);
    expect(extractByLabels(run, perFile([{ name: 'total', type: 'number' }])).data).toEqual({ total: null });
  });

  it('a missing field is null and lowers the confidence; arrays are empty and objects recurse without counting', () => {
    const run = runOf([['Invoice No: A-17', 'Email: billing@acme.test']]);
    const out = extractByLabels(
      run,
      perFile([
        { name: 'invoice_number', type: 'string' },
        { name: 'due_date', type: 'date' },
        { name: 'line_items', type: 'array', fields: [{ name: 'sku', type: 'string' }] },
        { name: 'contact', type: 'object', fields: [{ name: 'email', type: 'string' }, { name: 'phone', type: 'string' }] },
      ]),
    );
    expect(out.data).toEqual({ invoice_number: 'A-17', due_date: null, line_items: [], contact: { email: 'billing@acme.test', phone: null } });
    expect(out.confidence).toBe(0.5);
  });

  it('a parser without scalar fields has no confidence', () => {
    expect(extractByLabels(runOf([['x']]), perFile([]))).toEqual({ data: {}, confidence: null });
  });

  it('a value that cannot be read as the field’s type is not taken', () => {
    const run = runOf([['Total: see attached', 'Due Date: soon']]);
    expect(extractByLabels(run, perFile([{ name: 'total', type: 'number' }, { name: 'due_date', type: 'date' }]))).toEqual({
      data: { total: null, due_date: null },
      confidence: 0,
    });
  });

  it('one_per_page gives one object per page, with its page number', () => {
    const run = runOf([
      ['Invoice No: 1', 'Total: 10'],
      ['Invoice No: 2', 'Total: 20,50'],
      ['Invoice No: 3'],
    ]);
    const out = extractByLabels(run, { fields: [{ name: 'invoice_number', type: 'string' }, { name: 'total', type: 'number' }], result_mode: 'one_per_page' });
    expect(out.data).toEqual([
      { page: 1, invoice_number: '1', total: 10 },
      { page: 2, invoice_number: '2', total: 20.5 },
      { page: 3, invoice_number: '3', total: null },
    ]);
    // Pages score 1, 1 and 0.5.
    expect(out.confidence).toBe(0.833);
  });

  it('extractFields is extractByLabels', () => {
    const run = runOf([['Total: 5']]);
    const spec = perFile([{ name: 'total', type: 'number' }]);
    expect(extractFields(run, spec)).toEqual(extractByLabels(run, spec));
  });

  it('keeps the minus sign of a negative amount after the label', () => {
    const run = runOf([['Total: -50.00']]);
    expect(extractByLabels(run, perFile([{ name: 'total', type: 'number' }])).data).toEqual({ total: -50 });
  });

  it('reads a whole text value when wide gaps on the line are collapsed', () => {
    const run = runOf([['Vendor: ACME Corp     Invoice No: 123']]);
    const out = extractByLabels(run, perFile([{ name: 'vendor', type: 'string' }, { name: 'invoice_number', type: 'string' }]));
    expect(out.data).toEqual({ vendor: 'ACME Corp', invoice_number: '123' });
  });
});
