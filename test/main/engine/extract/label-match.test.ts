// Field extraction by label matching over a hand-built parse run.
import { describe, expect, it } from 'vitest';
import type { FieldDefinition } from '../../../../src/shared/api/parsers.js';
import { evidenceFromRun, extractByLabels, extractFields } from '../../../../src/main/engine/extract/index.js';
import { runLines } from '../../../../src/main/engine/extract/label-match.js';
import { runOf } from './run.js';

const perFile = (fields: FieldDefinition[]) => ({ fields, result_mode: 'one_per_file' as const });

describe('runLines', () => {
  it('splits blocks into trimmed lines with their page, markdown marks and table pipes removed', () => {
    const run = runOf([['# Invoice', '**Invoice No:** A-17\n\n- item one', '| Total | 42 |'], ['`code` __under__']]);
    expect(runLines(run).map(({ page, text }) => ({ page, text }))).toEqual([
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
    expect(out).toMatchObject({ data: { invoice_number: 'INV-0042', invoice_date: '2024-03-15', total: 1234.56, paid: true }, confidence: 1 });
  });

  it('reads the value from the next line when the label stands alone, with less confidence', () => {
    const run = runOf([['Invoice Date', '15 Mar 2024', 'Bill To', 'ACME Corp']]);
    const out = extractByLabels(run, perFile([{ name: 'invoice_date', type: 'date' }, { name: 'bill_to', type: 'string' }]));
    expect(out).toMatchObject({ data: { invoice_date: '2024-03-15', bill_to: 'ACME Corp' }, confidence: 0.8 });
  });

  it('does not take the value from the next page as the label\'s value', () => {
    const run = runOf([['Some text', 'Invoice Date'], ['15 Mar 2024']]);
    const out = extractByLabels(run, perFile([{ name: 'invoice_date', type: 'date' }]));
    // Only the layout fallback (a bare date anywhere) may find it, with its low confidence.
    expect(out.fields['invoice_date']?.source).toBe('layout');
    expect(out.fields['invoice_date']?.confidence).toBeLessThanOrEqual(0.6);
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

  it('takes the document\'s subtotal, stated after the subtotals of its groups of items', () => {
    const run = runOf([['Beeswax 42.00', 'Chair 70.00', 'Subtotal $ 112.00', 'Truffles 150.90', 'Subtotal $ 150.90', 'Subtotal $ 262.90', 'Tax $ 16.94', 'Total $ 279.84']]);
    const out = extractByLabels(run, perFile([{ name: 'subtotal', type: 'number' }, { name: 'total', type: 'number' }]));
    expect(out.data).toEqual({ subtotal: 262.9, total: 279.84 });
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
    expect(extractByLabels(runOf([['x']]), perFile([]))).toMatchObject({ data: {}, confidence: null });
  });

  it('a value that cannot be read as the field’s type is not taken', () => {
    const run = runOf([['Total: see attached', 'Due Date: soon']]);
    expect(extractByLabels(run, perFile([{ name: 'total', type: 'number' }, { name: 'due_date', type: 'date' }]))).toMatchObject({
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

  it('extractByLabels is extractFields over the run\'s evidence', () => {
    const run = runOf([['Total: 5']]);
    const spec = perFile([{ name: 'total', type: 'number' }]);
    expect(extractByLabels(run, spec)).toEqual(extractFields(evidenceFromRun(run), spec));
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

describe('extractFields over located lines', () => {
  const line = (text: string, left: number, top: number, right: number, page = 1) => ({ page, text, box: { left, top, right, bottom: top + 10 } });
  const doc = (lines: ReturnType<typeof line>[]) => ({
    pages: [{ page: 1, width: 600, height: 800, spatial: '', lines }],
  });

  it('reads a value to the right of a label on its row and cites that text', () => {
    const out = extractFields(doc([line('Invoice No.', 50, 100, 110), line('Total', 50, 140, 80), line('INV-77', 300, 101, 340), line('1.234,50', 300, 139, 350)]), perFile([
      { name: 'invoice_number', type: 'string' },
      { name: 'total', type: 'number' },
    ]));
    expect(out.data).toEqual({ invoice_number: 'INV-77', total: 1234.5 });
    expect(out.fields['invoice_number']).toEqual({ confidence: 0.9, source: 'label', citation: { page: 1, text: 'INV-77', box: { left: 300, top: 101, right: 340, bottom: 111 } } });
  });

  it('reads a value below its label, not from a column beside it', () => {
    const out = extractFields(doc([line('Due Date', 50, 100, 100), line('Reference', 300, 100, 360), line('2024-05-01', 50, 113, 110), line('R-5', 300, 113, 330)]), perFile([
      { name: 'due_date', type: 'date' },
      { name: 'reference', type: 'string' },
    ]));
    expect(out.data).toEqual({ due_date: '2024-05-01', reference: 'R-5' });
    expect(out.fields['reference']?.citation?.box.left).toBe(300);
  });

  it('reads numeric dates in the order the document uses elsewhere', () => {
    const out = extractFields(doc([line('Invoice Date: 03/04/2024', 50, 100, 200), line('Shipped 12/31/2023', 50, 120, 200)]), perFile([{ name: 'invoice_date', type: 'date' }]));
    expect(out.data).toEqual({ invoice_date: '2024-03-04' });
  });

  it('reads a tax or total at the right end of its row, past the base and percentage in its label', () => {
    // "Tax 15% on $ 112.90 … $ 16.94": the base is part of the label, the value is the last amount.
    const out = extractFields(
      doc([line('Subtotal', 310, 538, 349), line('$ 262.90', 523, 538, 563), line('Tax 15% on $ 112.90', 310, 559, 404), line('$ 16.94', 529, 559, 563), line('Total', 310, 580, 334), line('$ 279.84', 523, 581, 563)]),
      perFile([{ name: 'subtotal', type: 'number' }, { name: 'tax', type: 'number' }, { name: 'total', type: 'number' }]),
    );
    expect(out.data).toEqual({ subtotal: 262.9, tax: 16.94, total: 279.84 });
    expect(out.fields['tax']?.citation?.text).toBe('$ 16.94');
    // A row of net, tax and gross under a total's label: the gross at the right end.
    const row = extractFields(doc([line('Total facture', 40, 423, 111), line('24.99', 335, 423, 367), line('5.00', 431, 423, 455), line('29.99', 530, 423, 562)]), perFile([{ name: 'total', type: 'number' }]));
    expect(row.data).toEqual({ total: 29.99 });
  });

  it('reads the last amount of a line cut by wide gaps, and stops at the next label on the row', () => {
    const out = extractFields(doc([line('VAT 20% on 100.00      20.00', 50, 100, 300), line('Total 120.00', 50, 120, 150), line('Paid', 200, 120, 230), line('50.00', 260, 120, 300)]), perFile([
      { name: 'tax', type: 'number' },
      { name: 'total', type: 'number' },
    ]));
    expect(out.data).toEqual({ tax: 20, total: 120 });
  });

  it('keeps the "#" an identifier is printed with after the label\'s colon', () => {
    const out = extractFields(doc([line('Invoice No : # BLR_WFLD2015', 400, 40, 560), line('Order # 4471', 50, 60, 150)]), perFile([
      { name: 'invoice_number', type: 'string' },
      { name: 'order_number', type: 'string' },
    ]));
    expect(out.data).toEqual({ invoice_number: '#BLR_WFLD2015', order_number: '4471' });
  });

  it('reads a booking or receipt number as the invoice number only when no invoice number is labelled', () => {
    const booking = doc([line('Booking ID', 317, 147, 361), line('IBZY2087', 317, 158, 354)]);
    expect(extractFields(booking, perFile([{ name: 'invoice_number', type: 'string' }])).data).toEqual({ invoice_number: 'IBZY2087' });
    const both = doc([line('Booking ID: B-1', 50, 100, 200), line('Invoice No: INV-9', 50, 120, 200)]);
    expect(extractFields(both, perFile([{ name: 'invoice_number', type: 'string' }])).data).toEqual({ invoice_number: 'INV-9' });
  });

  it('does not take a deadline\'s date as the document\'s date, and reads the date stated with the number', () => {
    const out = extractFields(doc([line('Facture n°562044387 du 02 Juillet 2015', 40, 321, 308), line('Date limite de paiement le 05 Juillet 2015', 40, 339, 274)]), perFile([
      { name: 'date', type: 'date' },
      { name: 'due_date', type: 'date' },
    ]));
    expect(out.data).toEqual({ date: '2015-07-02', due_date: null });
    expect(out.fields['date']).toMatchObject({ source: 'label', confidence: 0.8 });
    // "Invoice Date: … Due Date: …" on one line keeps its invoice date.
    expect(extractFields(doc([line('Invoice Date: 2024-03-15 Due Date: 2024-04-15', 50, 100, 400)]), perFile([{ name: 'date', type: 'date' }])).data).toEqual({ date: '2024-03-15' });
    expect(extractFields(doc([line('Rechnung Nr. 7 vom 01.02.2024', 50, 100, 400)]), perFile([{ name: 'invoice_date', type: 'date' }])).data).toEqual({ invoice_date: '2024-02-01' });
  });

  it('one_per_page keys citations by page', () => {
    const out = extractFields(
      { pages: [1, 2].map((p) => ({ page: p, width: 600, height: 800, spatial: '', lines: [line(`Total: ${p}0`, 50, 100, 120, p)] })) },
      { fields: [{ name: 'total', type: 'number' }], result_mode: 'one_per_page' },
    );
    expect(out.data).toEqual([{ page: 1, total: 10 }, { page: 2, total: 20 }]);
    expect(Object.keys(out.fields)).toEqual(['p1.total', 'p2.total']);
  });
});
