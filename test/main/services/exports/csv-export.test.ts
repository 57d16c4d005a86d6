// The CSV export: columns, line items as rows or JSON, formatting, escaping and quoting.
import { describe, expect, it } from 'vitest';
import { writeCsvExport, type ExportOptions, type ExportRow } from '../../../../src/main/services/exports/index.js';
import { INVOICE_FIELDS, collector, csvObjects, header, parseCsv, row, source } from './helpers.js';

async function csv(rows: ExportRow[], options: ExportOptions = { lineItems: 'rows' }, fields = INVOICE_FIELDS): Promise<string> {
  const c = collector();
  await writeCsvExport(header(fields), source(rows), c.out, options);
  return c.text();
}

const INVOICE = {
  invoice_number: 'INV-7',
  total: -12.5,
  issued: '2024-03-05T23:30:00-05:00',
  paid: true,
  vendor: { name: 'Acme, "The Best"', address: { city: 'Zürich' } },
  items: [
    { description: 'Bolt', amount: 1e21, shipped: new Date(Date.UTC(2024, 2, 6, 15)) },
    { description: 'Nut', amount: 1e-7, shipped: 'soon' },
  ],
  tags: ['urgent', '=HYPERLINK("http://evil")'],
};

describe('writeCsvExport', () => {
  it('writes the header row even with no documents', async () => {
    const text = await csv([]);
    expect(text).toBe(
      'document_id,filename,status,error_message,invoice_number,total,issued,paid,vendor.name,vendor.address.city,' +
        'items.description,items.amount,items.shipped,tags\r\n',
    );
    expect(parseCsv(await csv([], { lineItems: 'json' }))[0]?.slice(-2)).toEqual(['items', 'tags']);
  });

  it('puts each line item on its own row with the document cells repeated', async () => {
    const { headers, rows } = csvObjects(await csv([row('doc_1', INVOICE), row('doc_2', { invoice_number: 'INV-8', items: [] })]));
    expect(headers).toHaveLength(14);
    expect(rows).toHaveLength(5);
    const doc1 = { document_id: 'doc_1', filename: 'doc_1.pdf', status: 'completed', error_message: '', invoice_number: 'INV-7', total: '-12.5', issued: '2024-03-05', paid: 'true', 'vendor.name': 'Acme, "The Best"', 'vendor.address.city': 'Zürich' };
    expect(rows[0]).toEqual({ ...doc1, 'items.description': 'Bolt', 'items.amount': '1000000000000000000000', 'items.shipped': '2024-03-06', tags: '' });
    expect(rows[1]).toEqual({ ...doc1, 'items.description': 'Nut', 'items.amount': '0.0000001', 'items.shipped': 'soon', tags: '' });
    expect(rows[2]).toEqual({ ...doc1, 'items.description': '', 'items.amount': '', 'items.shipped': '', tags: 'urgent' });
    expect(rows[3]?.tags).toBe(`'=HYPERLINK("http://evil")`);
    expect(rows[4]).toMatchObject({ document_id: 'doc_2', invoice_number: 'INV-8', 'items.description': '', tags: '' });
  });

  it('puts each array field in one JSON column with line_items=json', async () => {
    const { headers, rows } = csvObjects(await csv([row('doc_1', INVOICE)], { lineItems: 'json' }));
    expect(headers.slice(-2)).toEqual(['items', 'tags']);
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]?.items ?? '')).toEqual([
      { description: 'Bolt', amount: 1e21, shipped: '2024-03-06' },
      { description: 'Nut', amount: 1e-7, shipped: 'soon' },
    ]);
    expect(JSON.parse(rows[0]?.tags ?? '')).toEqual(['urgent', '=HYPERLINK("http://evil")']);
    expect(rows[0]?.total).toBe('-12.5');
  });

  it('keeps failed documents as one row with their error', async () => {
    const failed = row('doc_9', null, { status: 'failed', error_message: '-- unreadable, "scan" too dark' });
    const { rows } = csvObjects(await csv([failed]));
    expect(rows).toEqual([
      {
        document_id: 'doc_9',
        filename: 'doc_9.pdf',
        status: 'failed',
        error_message: `'-- unreadable, "scan" too dark`,
        invoice_number: '',
        total: '',
        issued: '',
        paid: '',
        'vendor.name': '',
        'vendor.address.city': '',
        'items.description': '',
        'items.amount': '',
        'items.shipped': '',
        tags: '',
      },
    ]);
  });

  it('escapes formula-like text but never real numbers', async () => {
    const fields = [
      { name: 'note', type: 'string' as const },
      { name: 'amount', type: 'number' as const },
    ];
    const values = ['=1+1', '+33 1 23', '-x', '@SUM(A1)', '\tTab', '\rCR', 'plain'];
    const rows = values.map((note, i) => row(`doc_${i}`, { note, amount: i === 0 ? -12.5 : '-3.25' }, { filename: i === 1 ? '=evil.pdf' : 'ok.pdf' }));
    const parsed = csvObjects(await csv(rows, { lineItems: 'rows' }, fields)).rows;
    expect(parsed.map((r) => r.note)).toEqual(["'=1+1", "'+33 1 23", "'-x", "'@SUM(A1)", "'\tTab", "'\rCR", 'plain']);
    expect(parsed.map((r) => r.amount)).toEqual(['-12.5', '-3.25', '-3.25', '-3.25', '-3.25', '-3.25', '-3.25']);
    expect(parsed[1]?.filename).toBe("'=evil.pdf");
  });

  it('quotes commas, quotes and line breaks, and keeps unicode intact', async () => {
    const fields = [{ name: 'note', type: 'string' as const }];
    const notes = ['a,b', 'say "hi"', 'line1\nline2', 'cr\r\nlf', 'Ünïcødé 漢字 ✓ 👍 حَبيبي'];
    const text = await csv(notes.map((note, i) => row(`doc_${i}`, { note })), { lineItems: 'rows' }, fields);
    expect(text).toContain('"a,b"');
    expect(text).toContain('"say ""hi"""');
    expect(text).toContain('"line1\nline2"');
    expect(text.charCodeAt(0)).toBe('d'.charCodeAt(0)); // no byte-order mark
    expect(csvObjects(text).rows.map((r) => r.note)).toEqual(notes);
  });

  it('leaves the cells of absent objects and arrays empty', async () => {
    const { rows } = csvObjects(await csv([row('doc_1', { vendor: null, items: null, tags: undefined })]));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.['vendor.name']).toBe('');
    expect(rows[0]?.['items.description']).toBe('');
  });
});
