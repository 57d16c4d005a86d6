// The column model shared by CSV and XLSX: one column per header (a key that is text in one
// document and a list in another, a field named like a fixed column), one row per real line
// item, and the path column when the job has paths.
import { describe, expect, it } from 'vitest';
import { documentCells, documentHeaders, fileCells, fileHeaders, uniqueHeaders } from '../../../../src/main/services/exports/columns.js';
import { writeCsvExport, writeJsonExport, writeXlsxExport, type ExportHeader, type ExportRow } from '../../../../src/main/services/exports/index.js';
import { fieldsFromResults, type FileExtraction } from '../../../../src/main/services/extract-files.js';
import { collector, csvObjects, header, readXlsx, row, sheetValues, source } from './helpers.js';

async function csv(head: ExportHeader, rows: ExportRow[], lineItems: 'rows' | 'json' = 'rows') {
  const c = collector();
  await writeCsvExport(head, source(rows), c.out, { lineItems });
  return csvObjects(c.text());
}

async function xlsx(head: ExportHeader, rows: ExportRow[]) {
  const c = collector();
  await writeXlsxExport(head, source(rows), c.out);
  const book = await readXlsx(c.buffer());
  return { documents: sheetValues(book.sheets.get('Documents')), items: sheetValues(book.sheets.get('Line items')) };
}

/** Template results shaped like the corpus's coolblue1, saeco and AzureInterior: `narration` is
 *  text in two and a list of text in saeco; `lines` are line items (objects) in all three. */
const TEMPLATE_DATA: Record<string, Record<string, unknown>> = {
  coolblue1: { invoice_number: '993548900', narration: 'Ordernummer: 12572103', lines: [{ name: 'iPad', qty: 1 }, { line_note: 'Serienummer: SDMPP' }] },
  saeco: { invoice_number: 'VF1005193039', narration: ['SCONL0303006280999', 'SCONL000000444'], lines: [{ name: 'Onderhoudsset', qty: 1 }] },
  AzureInterior: { invoice_number: 'INV/2023/03/0008', lines: [{ sectionheader: '--- Non Food ---' }, { name: 'Beeswax XL', qty: 1 }], narration: 'Due in 15 days.' },
};

function templateRows(): { head: ExportHeader; rows: ExportRow[] } {
  const results = Object.entries(TEMPLATE_DATA).map(
    ([name, data]): FileExtraction => ({ filename: `${name}.pdf`, path: `/in/${name}.pdf`, status: 'completed', error_message: null, page_count: 1, extracted_data: data, confidence: 1, fields: {} }),
  );
  const head = header(fieldsFromResults(results));
  return { head, rows: results.map((r, i) => row(`file_${i + 1}`, r.extracted_data, { filename: r.filename })) };
}

describe('a key that is text in one document and a list in another', () => {
  it('CSV: one narration column, the list as JSON text, and one row per real line item', async () => {
    const { head, rows } = templateRows();
    const { headers, rows: records } = await csv(head, rows);
    expect(new Set(headers).size).toBe(headers.length);
    expect(headers.filter((h) => h === 'narration')).toHaveLength(1);
    expect(headers.filter((h) => h.startsWith('lines.'))).toEqual(['lines.name', 'lines.qty', 'lines.line_note', 'lines.sectionheader']);
    // 2 + 1 + 2 line items: no extra row for the documents whose narration is text.
    expect(records.map((r) => [r.filename, r['lines.name'] || r['lines.line_note'] || r['lines.sectionheader']])).toEqual([
      ['coolblue1.pdf', 'iPad'],
      ['coolblue1.pdf', 'Serienummer: SDMPP'],
      ['saeco.pdf', 'Onderhoudsset'],
      ['AzureInterior.pdf', "'--- Non Food ---"], // CSV's formula guard
      ['AzureInterior.pdf', 'Beeswax XL'],
    ]);
    expect(records.map((r) => r.narration)).toEqual([
      'Ordernummer: 12572103',
      'Ordernummer: 12572103',
      '["SCONL0303006280999","SCONL000000444"]',
      'Due in 15 days.',
      'Due in 15 days.',
    ]);
  });

  it('XLSX: one narration column on Documents, line items only from the lists of objects', async () => {
    const { head, rows } = templateRows();
    const { documents, items } = await xlsx(head, rows);
    const docHeaders = documents[0] as string[];
    expect(new Set(docHeaders).size).toBe(docHeaders.length);
    const narration = docHeaders.indexOf('narration');
    expect(documents.slice(1).map((r) => r[narration])).toEqual(['Ordernummer: 12572103', '["SCONL0303006280999","SCONL000000444"]', 'Due in 15 days.']);
    expect(items[0]).toEqual(['document_id', 'filename', 'item_index', 'lines.name', 'lines.qty', 'lines.line_note', 'lines.sectionheader']);
    expect(items.slice(1).map((r) => [r[0], r[2]])).toEqual([
      ['file_1', 1],
      ['file_1', 2],
      ['file_2', 1],
      ['file_3', 1],
      ['file_3', 2],
    ]);
  });

  it('a key that is text in one document and a list of objects in another keeps both: the text column and the item columns', async () => {
    const fields = fieldsFromResults([
      { filename: 'a.pdf', path: '/a.pdf', status: 'completed', error_message: null, page_count: 1, extracted_data: { tax: '21%' }, confidence: 1, fields: {} },
      { filename: 'b.pdf', path: '/b.pdf', status: 'completed', error_message: null, page_count: 1, extracted_data: { tax: [{ rate: 21, amount: 4.2 }] }, confidence: 1, fields: {} },
    ]);
    const rows = [row('a', { tax: '21%' }), row('b', { tax: [{ rate: 21, amount: 4.2 }] })];
    const asRows = await csv(header(fields), rows);
    expect(asRows.headers.slice(4)).toEqual(['tax', 'tax.rate', 'tax.amount']);
    expect(asRows.rows.map((r) => [r.document_id, r.tax, r['tax.rate'], r['tax.amount']])).toEqual([
      ['a', '21%', '', ''],
      ['b', '', '21', '4.2'],
    ]);
    // As JSON cells, the one tax column holds either form.
    const asJson = await csv(header(fields), rows, 'json');
    expect(asJson.headers.slice(4)).toEqual(['tax']);
    expect(asJson.rows.map((r) => r.tax)).toEqual(['21%', '[{"rate":21,"amount":4.2}]']);
  });
});

describe('fields named like the fixed columns', () => {
  const fields: ExportHeader['fields'] = [
    { name: 'status', type: 'string' },
    { name: 'filename', type: 'string' },
    { name: 'document_id', type: 'string' },
    { name: 'error_message', type: 'string' },
    { name: 'item_index', type: 'array' },
  ];
  const data = { status: 'PAID', filename: 'scan-7.pdf', document_id: 'D-1', error_message: 'none', item_index: ['x'] };

  it('are headed `name (field)` in CSV, keeping both values', async () => {
    const { headers, rows } = await csv(header(fields), [row('doc_1', data)]);
    expect(headers).toEqual([
      'document_id',
      'filename',
      'status',
      'error_message',
      'status (field)',
      'filename (field)',
      'document_id (field)',
      'error_message (field)',
      'item_index',
    ]);
    expect(rows[0]).toMatchObject({ status: 'completed', 'status (field)': 'PAID', filename: 'doc_1.pdf', 'filename (field)': 'scan-7.pdf' });
  });

  it('are headed `name (field)` on both XLSX sheets', async () => {
    const { documents, items } = await xlsx(header(fields), [row('doc_1', data)]);
    expect(documents[0]).toEqual(['document_id', 'filename', 'status', 'error_message', 'status (field)', 'filename (field)', 'document_id (field)', 'error_message (field)']);
    expect(documents[1]?.slice(2, 5)).toEqual(['completed', null, 'PAID']);
    expect(items).toEqual([
      ['document_id', 'filename', 'item_index', 'item_index (field)'],
      ['doc_1', 'doc_1.pdf', 1, 'x'],
    ]);
  });

  it('uniqueHeaders numbers further repeats', () => {
    expect(uniqueHeaders(['status'], ['status', 'status', 'total', 'total'])).toEqual(['status (field)', 'status (field 2)', 'total', 'total (field)']);
  });
});

describe('the path column', () => {
  const fields: ExportHeader['fields'] = [
    { name: 'total', type: 'number' },
    { name: 'lines', type: 'array', fields: [{ name: 'qty', type: 'number' }] },
  ];
  const rows = [
    row('doc_1', { total: 1, lines: [{ qty: 2 }] }, { filename: 'inv.pdf', path: 'march/inv.pdf' }),
    row('doc_2', { total: 3, lines: [] }, { filename: 'inv.pdf', path: 'april/inv.pdf' }),
  ];
  const withPaths = { ...header(fields), paths: true };

  it('follows filename in CSV, XLSX and JSON when the job has paths', async () => {
    const { headers, rows: records } = await csv(withPaths, rows);
    expect(headers.slice(0, 4)).toEqual(['document_id', 'filename', 'path', 'status']);
    expect(records.map((r) => [r.filename, r.path])).toEqual([
      ['inv.pdf', 'march/inv.pdf'],
      ['inv.pdf', 'april/inv.pdf'],
    ]);
    const { documents, items } = await xlsx(withPaths, rows);
    expect(documents.map((r) => r[2])).toEqual(['path', 'march/inv.pdf', 'april/inv.pdf']);
    expect(items).toEqual([
      ['document_id', 'filename', 'path', 'item_index', 'lines.qty'],
      ['doc_1', 'inv.pdf', 'march/inv.pdf', 1, 2],
    ]);
    const c = collector();
    await writeJsonExport(withPaths, source(rows), c.out);
    expect((JSON.parse(c.text()) as { documents: Array<{ path: string }> }).documents.map((d) => d.path)).toEqual(['march/inv.pdf', 'april/inv.pdf']);
  });

  it('is one of the file columns every document row and line item starts with', () => {
    expect(fileHeaders(withPaths)).toEqual(['document_id', 'filename', 'path']);
    expect(fileCells(withPaths, rows[0]!)).toEqual(['doc_1', 'inv.pdf', 'march/inv.pdf']);
    expect(fileHeaders(header(fields))).toEqual(['document_id', 'filename']);
    expect(fileCells(header(fields), rows[0]!)).toEqual(['doc_1', 'inv.pdf']);
    expect(documentHeaders(withPaths)).toEqual([...fileHeaders(withPaths), 'status', 'error_message']);
    expect(documentCells(withPaths, rows[1]!)).toEqual(['doc_2', 'inv.pdf', 'april/inv.pdf', 'completed', null]);
  });

  it('is left out when the job has none', async () => {
    expect((await csv(header(fields), rows)).headers).not.toContain('path');
    expect((await xlsx(header(fields), rows)).documents[0]).not.toContain('path');
  });
});
