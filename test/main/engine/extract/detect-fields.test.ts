// Proposing a parser's fields from the "Label: value" lines of a sample.
import { describe, expect, it } from 'vitest';
import { detectFields, fieldNameFor, typeOfValue } from '../../../../src/main/engine/extract/detect-fields.js';
import { evidenceFromRun } from '../../../../src/main/engine/extract/index.js';
import { runOf } from './run.js';

describe('fieldNameFor', () => {
  it.each([
    ['Invoice No.', 'invoice_no'],
    ['Invoice #', 'invoice_number'],
    ['Total (EUR)', 'total_eur'],
    ['Fällig am', 'fallig_am'],
    ['PO Number', 'po_number'],
    ['  Customer   Name ', 'customer_name'],
    ['2nd Address', 'field_2nd_address'],
  ])('%j → %s', (label, name) => {
    expect(fieldNameFor(label)).toBe(name);
  });

  it('keeps names within the contract’s 100 characters', () => {
    expect(fieldNameFor('a'.repeat(150))).toHaveLength(100);
  });
});

describe('typeOfValue', () => {
  it.each([
    ['yes', 'boolean'],
    ['No', 'boolean'],
    ['2024-03-15', 'date'],
    ['15.03.2024', 'date'],
    ['15 Mar 2024', 'date'],
    ['March 15, 2024', 'date'],
    ['$1,234.56', 'number'],
    ['1.234,56 €', 'number'],
    ['EUR 12', 'number'],
    ['42', 'number'],
    ['-3.5', 'number'],
    ['ACME Corp', 'string'],
    ['12 Main Street', 'string'],
    ['billing@acme.test', 'string'],
    ['Net 30 days', 'string'],
  ])('%j → %s', (value, type) => {
    expect(typeOfValue(value)).toBe(type);
  });

  it('an identifier that starts with three capitals and a dash is text, not a negative number', () => {
    expect(typeOfValue('INV-001')).toBe('string');
    expect(typeOfValue('ABC-12345')).toBe('string');
  });

  it('a phone number is text, not a number', () => {
    expect(typeOfValue('+1 555 0100')).toBe('string');
  });
});

describe('detectFields', () => {
  it('proposes the key fields of business documents by their usual names, then the other labels in reading order', () => {
    const run = runOf([
      ['INVOICE', 'Invoice No.: 10042', 'Invoice Date: 15.03.2024'],
      ['Customer Name: ACME Corp', 'Total Amount: $1,234.56', 'Paid: yes'],
    ]);
    expect(detectFields(evidenceFromRun(run))).toEqual([
      { name: 'invoice_number', type: 'string', description: 'Invoice number', required: false },
      { name: 'invoice_date', type: 'date', description: 'Invoice date', required: false },
      { name: 'total', type: 'number', description: 'Total amount', required: false },
      { name: 'customer_name', type: 'string', description: 'Customer Name', required: false },
      { name: 'paid', type: 'boolean', description: 'Paid', required: false },
    ]);
  });

  it('turns labels it does not know into snake_case fields typed by their values', () => {
    const run = runOf([['Policy No.: 10042', 'Issued On: 15.03.2024', 'Insured Sum: 1.500,00 €', 'Holder: Jane Roe']]);
    expect(detectFields(evidenceFromRun(run))).toEqual([
      { name: 'policy_no', type: 'number', description: 'Policy No.', required: false },
      { name: 'issued_on', type: 'date', description: 'Issued On', required: false },
      { name: 'insured_sum', type: 'number', description: 'Insured Sum', required: false },
      { name: 'holder', type: 'string', description: 'Holder', required: false },
    ]);
  });

  it('reads labels through markdown emphasis and full-width colons', () => {
    const run = runOf([['**Due Date:** 2024-04-01', '- Reference：R-7']]);
    expect(detectFields(evidenceFromRun(run)).map((f) => [f.name, f.type])).toEqual([
      ['due_date', 'date'],
      ['reference', 'string'],
    ]);
  });

  it('drops a second field with the same name, keeping the first', () => {
    const run = runOf([['Date: 15.03.2024', 'Date: 16.03.2024', 'date: yes', 'Invoice #: A-1', 'Invoice Number: A-2']]);
    expect(detectFields(evidenceFromRun(run))).toEqual([
      { name: 'invoice_date', type: 'date', description: 'Invoice date', required: false },
      { name: 'invoice_number', type: 'string', description: 'Invoice number', required: false },
    ]);
  });

  it('does not take a sentence with a colon as a label', () => {
    const run = runOf([
      [
        'The following terms apply to all orders: payment within 30 days.',
        'Thank you for your business, we look forward to working with you again: the team',
        'Total: 5',
      ],
    ]);
    expect(detectFields(evidenceFromRun(run)).map((f) => f.name)).toEqual(['total']);
  });

  it('does not take a short prose sentence with a colon as a label', () => {
    const run = runOf([['Please note the following: payment is due within 30 days.', 'Total: 5']]);
    expect(detectFields(evidenceFromRun(run)).map((f) => f.name)).toEqual(['total']);
  });

  it('does not take a URL or a clock time as a label', () => {
    const run = runOf([['https://example.com/invoices', 'See https://example.com/terms', 'Doors open at 10:30 daily', 'Total: 5']]);
    expect(detectFields(evidenceFromRun(run)).map((f) => f.name)).toEqual(['total']);
  });

  it('does not take a page number as a field', () => {
    const run = runOf([['Page: 1 / 1', 'Seite: 2 von 3', 'Page No.: 4', 'Pack: BX', 'Total: 5']]);
    expect(detectFields(evidenceFromRun(run)).map((f) => f.name)).toEqual(['total', 'pack']);
  });

  it('ignores lines without a value after the colon, and an empty run has no fields', () => {
    expect(detectFields(evidenceFromRun(runOf([['Notes:', 'Signature:   ', 'Plain text line']])))).toEqual([]);
    expect(detectFields(evidenceFromRun(runOf([])))).toEqual([]);
  });

  it('proposes the invoice date stated in a sentence with the number, beside the number from the same line', () => {
    const run = runOf([['Facture n°562044387 du 02 Juillet 2015', 'Date limite de paiement le 05 Juillet 2015', 'Somme à payer 29.99 € TTC']]);
    const fields = detectFields(evidenceFromRun(run));
    expect(fields.slice(0, 3).map((f) => [f.name, f.type])).toEqual([
      ['invoice_number', 'string'],
      ['invoice_date', 'date'],
      ['total', 'number'],
    ]);
  });

  it('proposes a booking ID as the invoice number when no invoice number is labelled', () => {
    const run = runOf([['Booking ID: IBZY2087', 'Date: 31/12/2017', 'Grand Total: Rs 1939']]);
    expect(detectFields(evidenceFromRun(run)).map((f) => f.name)).toEqual(['invoice_number', 'invoice_date', 'total']);
  });

  it('stops at 60 fields', () => {
    const lines = Array.from({ length: 80 }, (_, i) => `Field ${String.fromCharCode(97 + (i % 26))}${Math.floor(i / 26)}: value`);
    const fields = detectFields(evidenceFromRun(runOf([lines])));
    expect(fields).toHaveLength(60);
    expect(fields[0]?.name).toBe('field_a0');
    expect(fields[59]?.name).toBe('field_h2');
  });
});
