// The XLSX export read back with exceljs: sheets, headers, typed cells, line items joined by id.
import { describe, expect, it } from 'vitest';
import { writeXlsxExport, type ExportRow } from '../../../../src/main/services/exports/index.js';
import { INVOICE_FIELDS, collector, header, readXlsx, row, sheetValues, source } from './helpers.js';

async function xlsx(rows: ExportRow[], fields = INVOICE_FIELDS) {
  const c = collector();
  await writeXlsxExport(header(fields), source(rows), c.out);
  expect(c.out.writableFinished).toBe(true);
  return readXlsx(c.buffer());
}

const day = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

const INVOICE = {
  invoice_number: '=cmd|calc',
  total: '-12.50',
  issued: '2024-03-05',
  paid: false,
  vendor: { name: 'Ünïcødé 漢字 ✓', address: { city: 'Zürich' } },
  items: [
    { description: 'Bolt', amount: 1e21, shipped: '2024-03-06T08:00:00Z' },
    { description: '+Nut', amount: -0.5, shipped: 'unknown' },
  ],
  tags: ['urgent'],
};

describe('writeXlsxExport', () => {
  it('writes a Documents sheet with typed cells', async () => {
    const failed = row('doc_2', null, { status: 'failed', error_message: 'Password-protected PDF' });
    const book = await xlsx([row('doc_1', INVOICE), failed]);
    expect(book.names).toEqual(['Documents', 'Line items']);
    const documents = book.sheets.get('Documents');
    expect(sheetValues(documents)).toEqual([
      ['document_id', 'filename', 'status', 'error_message', 'invoice_number', 'total', 'issued', 'paid', 'vendor.name', 'vendor.address.city'],
      ['doc_1', 'doc_1.pdf', 'completed', null, '=cmd|calc', -12.5, day(2024, 3, 5), false, 'Ünïcødé 漢字 ✓', 'Zürich'],
      ['doc_2', 'doc_2.pdf', 'failed', 'Password-protected PDF', null, null, null, null, null, null],
    ]);
    expect(documents?.getCell('G2').numFmt).toBe('yyyy-mm-dd');
    expect(documents?.getCell('F2').type).toBe(2); // ExcelJS.ValueType.Number
    expect(documents?.getCell('A1').font?.bold).toBe(true);
  });

  it('writes a Line items sheet joined by document_id, naming the array field when there are several', async () => {
    const book = await xlsx([row('doc_1', INVOICE), row('doc_2', { items: [] }), row('doc_3', { tags: ['b', 'c'] })]);
    const items = book.sheets.get('Line items');
    expect(sheetValues(items)).toEqual([
      ['document_id', 'filename', 'item_index', 'array_field', 'items.description', 'items.amount', 'items.shipped', 'tags'],
      ['doc_1', 'doc_1.pdf', 1, 'items', 'Bolt', 1e21, day(2024, 3, 6), null],
      ['doc_1', 'doc_1.pdf', 2, 'items', '+Nut', -0.5, 'unknown', null],
      ['doc_1', 'doc_1.pdf', 1, 'tags', null, null, null, 'urgent'],
      ['doc_3', 'doc_3.pdf', 1, 'tags', null, null, null, 'b'],
      ['doc_3', 'doc_3.pdf', 2, 'tags', null, null, null, 'c'],
    ]);
    expect(items?.getCell('G2').numFmt).toBe('yyyy-mm-dd');
  });

  it('leaves out the array_field column with one array field, and objects without sub-fields are JSON', async () => {
    const fields = [
      { name: 'meta', type: 'object' as const },
      { name: 'lines', type: 'array' as const, fields: [{ name: 'qty', type: 'number' as const }] },
    ];
    const book = await xlsx([row('doc_1', { meta: { a: [1, 2] }, lines: [{ qty: 3 }, { qty: '4' }] })], fields);
    expect(sheetValues(book.sheets.get('Documents'))).toEqual([
      ['document_id', 'filename', 'status', 'error_message', 'meta'],
      ['doc_1', 'doc_1.pdf', 'completed', null, '{"a":[1,2]}'],
    ]);
    expect(sheetValues(book.sheets.get('Line items'))).toEqual([
      ['document_id', 'filename', 'item_index', 'lines.qty'],
      ['doc_1', 'doc_1.pdf', 1, 3],
      ['doc_1', 'doc_1.pdf', 2, 4],
    ]);
  });

  it('writes both sheets with only their headers when there are no documents', async () => {
    const book = await xlsx([]);
    expect(book.names).toEqual(['Documents', 'Line items']);
    expect(sheetValues(book.sheets.get('Documents'))).toHaveLength(1);
    expect(sheetValues(book.sheets.get('Line items'))).toEqual([
      ['document_id', 'filename', 'item_index', 'array_field', 'items.description', 'items.amount', 'items.shipped', 'tags'],
    ]);
  });

  it('keeps line items to documents that were completed when the Documents sheet was written', async () => {
    let pass = 0;
    const changing = async function* () {
      pass += 1;
      yield row('doc_1', pass === 1 ? null : { tags: ['late'] }, { status: pass === 1 ? 'processing' : 'completed' });
      yield row('doc_2', { tags: ['on time'] });
    };
    const c = collector();
    await writeXlsxExport(header(INVOICE_FIELDS), changing, c.out);
    const book = await readXlsx(c.buffer());
    expect(pass).toBe(2);
    expect(sheetValues(book.sheets.get('Line items')).slice(1).map((r) => [r[0], r[7]])).toEqual([['doc_2', 'on time']]);
  });

  it('writes formula-like text as the string it is: typed string cells, no formula guard', async () => {
    const fields = [{ name: 'phone', type: 'string' as const }, { name: 'lines', type: 'array' as const, fields: [{ name: 'code', type: 'string' as const }] }];
    const data = { phone: '+49 30 1234', lines: [{ code: '-A12' }, { code: '@SUM(1+1)*cmd' }] };
    const c = collector();
    await writeXlsxExport(header(fields), source([row('doc_1', data, { filename: '=evil.pdf' })]), c.out);
    const book = await readXlsx(c.buffer());
    const documents = book.sheets.get('Documents');
    expect(sheetValues(documents)[1]).toEqual(['doc_1', '=evil.pdf', 'completed', null, '+49 30 1234']);
    expect(documents?.getCell('B2').type).toBe(3); // ExcelJS.ValueType.String, not Formula
    expect(documents?.getCell('E2').type).toBe(3);
    expect(sheetValues(book.sheets.get('Line items')).slice(1)).toEqual([
      ['doc_1', '=evil.pdf', 1, '-A12'],
      ['doc_1', '=evil.pdf', 2, '@SUM(1+1)*cmd'],
    ]);
  });

  it('cuts text at the 32,767 characters a cell holds', async () => {
    const book = await xlsx([row('doc_1', { invoice_number: 'x'.repeat(40_000) })]);
    expect(String(book.sheets.get('Documents')?.getCell('E2').value)).toHaveLength(32_767);
  });

  it('never cuts a character in two at the cell limit', async () => {
    const text = `${'x'.repeat(32_766)}😀tail`;
    const book = await xlsx([row('doc_1', { invoice_number: text })]);
    const value = String(book.sheets.get('Documents')?.getCell('E2').value);
    expect(value).toBe('x'.repeat(32_766));
    expect(value).not.toContain('\uFFFD');
  });

  it('writes a day Excel cannot show as a date as its text, and later days as dates', async () => {
    const fields = [
      { name: 'a', type: 'date' as const },
      { name: 'b', type: 'date' as const },
      { name: 'c', type: 'date' as const },
    ];
    const book = await xlsx([row('doc_1', { a: '1023-03-20', b: '1900-02-28', c: '1900-03-01' })], fields);
    const documents = book.sheets.get('Documents');
    expect(sheetValues(documents)[1]?.slice(4)).toEqual(['1023-03-20', '1900-02-28', day(1900, 3, 1)]);
    expect(documents?.getCell('G2').numFmt).toBe('yyyy-mm-dd');
  });

  it('goes on to a further sheet with the same headers when a sheet is full', async () => {
    const fields = [
      { name: 'n', type: 'number' as const },
      { name: 'lines', type: 'array' as const, fields: [{ name: 'code', type: 'string' as const }] },
    ];
    const rows = [1, 2, 3, 4, 5].map((n) => row(`doc_${n}`, { n, lines: [{ code: `${n}a` }, { code: `${n}b` }] }));
    const c = collector();
    await writeXlsxExport(header(fields), source(rows), c.out, { maxSheetRows: 3 });
    const book = await readXlsx(c.buffer());
    expect(book.names).toEqual(['Documents', 'Documents (2)', 'Documents (3)', 'Line items', 'Line items (2)', 'Line items (3)', 'Line items (4)', 'Line items (5)']);
    const documents = book.names.filter((n) => n.startsWith('Documents')).map((n) => sheetValues(book.sheets.get(n)));
    for (const sheet of documents) {
      expect(sheet.length).toBeLessThanOrEqual(3);
      expect(sheet[0]).toEqual(['document_id', 'filename', 'status', 'error_message', 'n']);
    }
    expect(documents.flatMap((sheet) => sheet.slice(1).map((r) => r[4]))).toEqual([1, 2, 3, 4, 5]);
    const items = book.names.filter((n) => n.startsWith('Line items')).flatMap((n) => sheetValues(book.sheets.get(n)).slice(1));
    expect(items.map((r) => r[3])).toEqual(['1a', '1b', '2a', '2b', '3a', '3b', '4a', '4b', '5a', '5b']);
  });

  it('destroys the output and rejects when reading the documents fails', async () => {
    const c = collector();
    const failing = async function* () {
      yield row('doc_1', {});
      throw new Error('store went away');
    };
    await expect(writeXlsxExport(header([]), failing, c.out)).rejects.toThrow('store went away');
    expect(c.out.destroyed).toBe(true);
  });
});
