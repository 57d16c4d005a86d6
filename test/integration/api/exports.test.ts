// Exports downloaded over HTTP and parsed back: JSON, CSV (RFC 4180, line items as rows or as
// a JSON cell) and XLSX (read with exceljs), for a whole job and for one document. One job is
// processed by the engine; a second harness (no job runner) records results with line items,
// a failure and untidy values straight into the store, since the interim extractor never fills
// array fields.
import ExcelJS from 'exceljs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Extraction, ExtractionResults } from '../../../src/shared/api/extractions.js';
import type { FieldDefinition, Parser } from '../../../src/shared/api/parsers.js';
import {
  createParser,
  csvRecords,
  expectError,
  expectJson,
  getResults,
  INVOICE_FIELDS,
  invoicePdf,
  openHarness,
  parseCsv,
  submitUpload,
  waitForExtraction,
  type ApiHarness,
} from './harness.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HUGE = Number('123456789012345678901234');
/** HUGE (1.2345678901234569e+23) as a plain decimal. */
const HUGE_PLAIN = '123456789012345690000000';

interface JsonExport {
  extraction: { extraction_id: string; parser_id: string; parser_name: string };
  documents: Array<Record<string, unknown>>;
}

async function download(h: ApiHarness, pathname: string, contentType: string, filename: string): Promise<Buffer> {
  const res = await h.api(pathname);
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  expect(res.headers.get('content-type')).toBe(contentType);
  expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${filename}"`);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return Buffer.from(await res.arrayBuffer());
}

/** Every row of a sheet as cell values, header included (empty cells are null). */
function sheetRows(sheet: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  const width = sheet.columnCount;
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    rows.push(Array.from({ length: width }, (_, c) => row.getCell(c + 1).value ?? null));
  }
  return rows;
}

async function loadXlsx(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb;
}

const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

describe('exports of a processed job', () => {
  let h: ApiHarness;
  let parser: Parser;
  let job: Extraction;
  let results: ExtractionResults;

  beforeAll(async () => {
    h = await openHarness('exports');
    parser = await createParser(h, { name: 'Export invoices', fields: INVOICE_FIELDS });
    job = await submitUpload(h, parser.parser_id, [
      ['inv, 1.pdf', invoicePdf(1)],
      ['inv-2.pdf', invoicePdf(2, 0, { number: '=1+2', date: '15.03.2024', total: '123,456,789,012,345,678,901,234' })],
      ['inv-3.pdf', invoicePdf(3, 1)],
    ]);
    expect((await waitForExtraction(h, job.extraction_id)).status).toBe('completed');
    results = await getResults(h, job.extraction_id);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('extracted what the files say (the values the exports are checked against)', () => {
    expect(Number(HUGE_PLAIN)).toBe(HUGE);
    expect(results.documents.map((d) => d.extracted_data)).toEqual([
      { invoice_number: 'INV-1', invoice_date: '2024-03-15', total: 1250.5, line_items: [] },
      { invoice_number: '=1+2', invoice_date: '2024-03-15', total: HUGE, line_items: [] },
      { invoice_number: 'INV-3', invoice_date: '2024-03-15', total: 3250.5, line_items: [] },
    ]);
  });

  it('JSON: the job and every document as the results show them', async () => {
    const id = job.extraction_id;
    const body = await download(h, `/v1/extractions/${id}/export?format=json`, 'application/json; charset=utf-8', `${id}.json`);
    const parsed = JSON.parse(body.toString('utf8')) as JsonExport;
    expect(parsed.extraction).toEqual({ extraction_id: id, parser_id: parser.parser_id, parser_name: 'Export invoices' });
    expect(parsed.documents).toEqual(
      results.documents.map((d) => ({
        document_id: d.document_id,
        filename: d.filename,
        status: d.status,
        error_message: d.error_message,
        page_count: d.page_count,
        extracted_data: d.extracted_data,
        confidence: d.confidence,
        processing_time_ms: d.processing_time_ms,
        created_at: d.created_at,
        completed_at: d.completed_at,
      })),
    );
    // Without a format, JSON is the default.
    const plain = await download(h, `/v1/extractions/${id}/export`, 'application/json; charset=utf-8', `${id}.json`);
    expect(JSON.parse(plain.toString('utf8'))).toEqual(parsed);
  });

  it('CSV (line_items=rows): header, one row per document, dates YYYY-MM-DD, plain numbers, escaped formulas', async () => {
    const id = job.extraction_id;
    const text = (await download(h, `/v1/extractions/${id}/export?format=csv`, 'text/csv; charset=utf-8', `${id}.csv`)).toString('utf8');
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    // Asked for (the app's own CSV exports, for Excel): the same file after a byte-order mark.
    const marked = await download(h, `/v1/extractions/${id}/export?format=csv&bom=true`, 'text/csv; charset=utf-8', `${id}.csv`);
    expect([...marked.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(marked.subarray(3).toString('utf8')).toBe(text);
    const refused = await h.api(`/v1/extractions/${id}/export?format=csv&bom=yes`);
    expect(refused.status).toBe(400);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(text).toContain('"inv, 1.pdf"');
    const { header, records } = csvRecords(text);
    expect(header).toEqual([
      'document_id',
      'filename',
      'status',
      'error_message',
      'invoice_number',
      'invoice_date',
      'total',
      'line_items.description',
      'line_items.amount',
    ]);
    const [d1, d2, d3] = results.documents;
    expect(records).toEqual([
      {
        document_id: d1!.document_id,
        filename: 'inv, 1.pdf',
        status: 'completed',
        error_message: '',
        invoice_number: 'INV-1',
        invoice_date: '2024-03-15',
        total: '1250.5',
        'line_items.description': '',
        'line_items.amount': '',
      },
      {
        document_id: d2!.document_id,
        filename: 'inv-2.pdf',
        status: 'completed',
        error_message: '',
        invoice_number: "'=1+2",
        invoice_date: '2024-03-15',
        total: HUGE_PLAIN,
        'line_items.description': '',
        'line_items.amount': '',
      },
      {
        document_id: d3!.document_id,
        filename: 'inv-3.pdf',
        status: 'completed',
        error_message: '',
        invoice_number: 'INV-3',
        invoice_date: '2024-03-15',
        total: '3250.5',
        'line_items.description': '',
        'line_items.amount': '',
      },
    ]);
  });

  it('CSV (line_items=json): the array field is one JSON column', async () => {
    const id = job.extraction_id;
    const text = (await download(h, `/v1/extractions/${id}/export?format=csv&line_items=json`, 'text/csv; charset=utf-8', `${id}.csv`)).toString('utf8');
    const { header, records } = csvRecords(text);
    expect(header).toEqual(['document_id', 'filename', 'status', 'error_message', 'invoice_number', 'invoice_date', 'total', 'line_items']);
    expect(records.map((r) => [r['document_id'], r['total'], JSON.parse(r['line_items']!)])).toEqual(
      results.documents.map((d) => [d.document_id, expect.any(String), []]),
    );
    expect(records.map((r) => r['total'])).toEqual(['1250.5', HUGE_PLAIN, '3250.5']);
  });

  it('XLSX: a Documents sheet with typed cells and a Line items sheet', async () => {
    const id = job.extraction_id;
    const wb = await loadXlsx(await download(h, `/v1/extractions/${id}/export?format=xlsx`, XLSX_TYPE, `${id}.xlsx`));
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Documents', 'Line items']);
    const docs = sheetRows(wb.getWorksheet('Documents')!);
    expect(docs[0]).toEqual(['document_id', 'filename', 'status', 'error_message', 'invoice_number', 'invoice_date', 'total']);
    expect(docs.slice(1)).toEqual([
      [results.documents[0]!.document_id, 'inv, 1.pdf', 'completed', null, 'INV-1', day('2024-03-15'), 1250.5],
      // A typed string cell: the value as extracted, no formula guard (CSV has it).
      [results.documents[1]!.document_id, 'inv-2.pdf', 'completed', null, '=1+2', day('2024-03-15'), HUGE],
      [results.documents[2]!.document_id, 'inv-3.pdf', 'completed', null, 'INV-3', day('2024-03-15'), 3250.5],
    ]);
    expect(wb.getWorksheet('Documents')!.getCell('F2').numFmt).toBe('yyyy-mm-dd');
    const items = sheetRows(wb.getWorksheet('Line items')!);
    expect(items).toEqual([['document_id', 'filename', 'item_index', 'line_items.description', 'line_items.amount']]);
  });

  it('one document, in each format', async () => {
    const id = job.extraction_id;
    const doc = results.documents[1]!;
    const base = `/v1/extractions/${id}/documents/${doc.document_id}/export`;
    const json = JSON.parse((await download(h, `${base}?format=json`, 'application/json; charset=utf-8', `${id}-${doc.document_id}.json`)).toString('utf8')) as JsonExport;
    expect(json.extraction.extraction_id).toBe(id);
    expect(json.documents).toHaveLength(1);
    expect(json.documents[0]).toMatchObject({ document_id: doc.document_id, filename: 'inv-2.pdf', extracted_data: doc.extracted_data });

    const csv = csvRecords((await download(h, `${base}?format=csv`, 'text/csv; charset=utf-8', `${id}-${doc.document_id}.csv`)).toString('utf8'));
    expect(csv.records).toHaveLength(1);
    expect(csv.records[0]).toMatchObject({ document_id: doc.document_id, invoice_number: "'=1+2", total: HUGE_PLAIN });

    const wb = await loadXlsx(await download(h, `${base}?format=xlsx`, XLSX_TYPE, `${id}-${doc.document_id}.xlsx`));
    const rows = sheetRows(wb.getWorksheet('Documents')!);
    expect(rows).toHaveLength(2);
    expect(rows[1]?.[0]).toBe(doc.document_id);
  });

  it('a one_per_page parser: a result per page, exported as a row per page', async () => {
    const perPage = await createParser(h, {
      name: 'Per page',
      result_mode: 'one_per_page',
      fields: [
        { name: 'invoice_number', type: 'string' },
        { name: 'total', type: 'number' },
      ],
    });
    const pages = await submitUpload(h, perPage.parser_id, [['two-pages.pdf', invoicePdf(5, 1)]]);
    await waitForExtraction(h, pages.extraction_id);
    const res = await getResults(h, pages.extraction_id);
    expect(res.documents[0]!.extracted_data).toEqual([
      { page: 1, invoice_number: 'INV-5', total: 5250.5 },
      { page: 2, invoice_number: null, total: null },
    ]);
    const id = pages.extraction_id;
    const { header, records } = csvRecords((await download(h, `/v1/extractions/${id}/export?format=csv`, 'text/csv; charset=utf-8', `${id}.csv`)).toString('utf8'));
    expect(header).toEqual(['document_id', 'filename', 'status', 'error_message', 'invoice_number', 'total']);
    expect(records.map((r) => [r['filename'], r['invoice_number'], r['total']])).toEqual([
      ['two-pages.pdf (page 1)', 'INV-5', '5250.5'],
      ['two-pages.pdf (page 2)', '', ''],
    ]);
    const wb = await loadXlsx(await download(h, `/v1/extractions/${id}/export?format=xlsx`, XLSX_TYPE, `${id}.xlsx`));
    expect(sheetRows(wb.getWorksheet('Documents')!).slice(1).map((r) => [r[1], r[4], r[5]])).toEqual([
      ['two-pages.pdf (page 1)', 'INV-5', 5250.5],
      ['two-pages.pdf (page 2)', null, null],
    ]);
    // JSON keeps the document whole, as /results has it: one entry, its pages numbered.
    const json = JSON.parse((await download(h, `/v1/extractions/${id}/export?format=json`, 'application/json; charset=utf-8', `${id}.json`)).toString('utf8'));
    expect(json.documents).toHaveLength(1);
    expect(json.documents[0]).toMatchObject({ filename: 'two-pages.pdf', extracted_data: res.documents[0]!.extracted_data });
  });

  it('refuses an unknown format, job or document', async () => {
    const id = job.extraction_id;
    const bad = await expectError(await h.api(`/v1/extractions/${id}/export?format=pdf`), 400, 'INVALID_PAYLOAD');
    expect(bad.message).toMatch(/^format: /);
    expect((await expectError(await h.api(`/v1/extractions/${id}/export?line_items=columns`), 400, 'INVALID_PAYLOAD')).message).toMatch(/^line_items: /);
    await expectError(await h.api('/v1/extractions/ext_missing/export?format=xlsx'), 404, 'RESOURCE_NOT_FOUND');
    const res = await h.api(`/v1/extractions/${id}/documents/doc_missing/export?format=csv`);
    expect(res.headers.get('content-disposition')).toBeNull();
    await expectError(res, 404, 'RESOURCE_NOT_FOUND');
  });
});

describe('exports with line items, a failed document and untidy values', () => {
  const FIELDS: FieldDefinition[] = [
    { name: 'invoice_number', type: 'string' },
    { name: 'invoice_date', type: 'date' },
    { name: 'total', type: 'number' },
    { name: 'customer', type: 'object', fields: [{ name: 'name', type: 'string' }] },
    {
      name: 'line_items',
      type: 'array',
      fields: [
        { name: 'description', type: 'string' },
        { name: 'qty', type: 'number' },
      ],
    },
  ];
  let m: ApiHarness;
  let job: Extraction;
  let ids: [string, string, string];

  beforeAll(async () => {
    m = await openHarness('exports-items', {}, { runJobs: false });
    const parser = await createParser(m, { name: 'Line items', fields: FIELDS });
    const paths = ['a.pdf', 'b.pdf', 'c.pdf'].map((f) => path.join(m.root, f));
    for (const [i, p] of paths.entries()) await writeFile(p, invoicePdf(i + 1));
    const res = await m.api('/v1/extractions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ parser_id: parser.parser_id, paths }),
    });
    job = (await expectJson<{ extraction: Extraction }>(res, 202)).extraction;
    ids = job.documents.map((d) => d.document_id) as [string, string, string];
    // Finish the documents as the runner would.
    const data = [
      {
        invoice_number: 'A-1',
        invoice_date: '2024-03-05T23:30:00+00:00',
        total: '12.50',
        customer: { name: 'ACME, "Ltd"' },
        line_items: [
          { description: 'Widget\nlarge', qty: 2 },
          { description: '+cmd', qty: '1e-7' },
        ],
      },
      { invoice_number: 'B-2', invoice_date: '2024-12-31', total: 1e21, customer: null, line_items: [] },
    ];
    for (const extracted of data) {
      const claim = await m.app.store.call('claimNextDocument', { lease: 'test' });
      await m.app.store.call('completeDocument', {
        document_id: claim!.document_id,
        lease: 'test',
        extracted_data: extracted,
        confidence: 0.9,
        parse_run: null,
        page_count: 1,
        processing_time_ms: 5,
      });
    }
    const last = await m.app.store.call('claimNextDocument', { lease: 'test' });
    await m.app.store.call('failDocument', {
      document_id: last!.document_id,
      lease: 'test',
      error_code: 'CORRUPT_FILE',
      error_message: 'Unreadable: "xref", damaged',
      retry: false,
      max_attempts: 1,
    });
  });
  afterAll(async () => {
    await m?.close();
  });

  it('the job is partial', async () => {
    const done = await waitForExtraction(m, job.extraction_id, 2_000);
    expect(done.status).toBe('partial');
    expect(done.document_summary).toEqual({ total: 3, completed: 2, failed: 1, processing: 0 });
  });

  it('JSON normalises dates and numeric strings of the parser’s fields', async () => {
    const id = job.extraction_id;
    const parsed = JSON.parse((await download(m, `/v1/extractions/${id}/export`, 'application/json; charset=utf-8', `${id}.json`)).toString('utf8')) as JsonExport;
    expect(parsed.documents.map((d) => [d['document_id'], d['status'], d['error_message'], d['extracted_data']])).toEqual([
      [
        ids[0],
        'completed',
        null,
        {
          invoice_number: 'A-1',
          invoice_date: '2024-03-05',
          total: 12.5,
          customer: { name: 'ACME, "Ltd"' },
          line_items: [
            { description: 'Widget\nlarge', qty: 2 },
            { description: '+cmd', qty: 1e-7 },
          ],
        },
      ],
      [ids[1], 'completed', null, { invoice_number: 'B-2', invoice_date: '2024-12-31', total: 1e21, customer: null, line_items: [] }],
      [ids[2], 'failed', 'Unreadable: "xref", damaged', null],
    ]);
  });

  it('CSV line_items=rows: a row per item with the document cells repeated; item-less and failed documents keep one row', async () => {
    const id = job.extraction_id;
    const text = (await download(m, `/v1/extractions/${id}/export?format=csv&line_items=rows`, 'text/csv; charset=utf-8', `${id}.csv`)).toString('utf8');
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([
      'document_id',
      'filename',
      'status',
      'error_message',
      'invoice_number',
      'invoice_date',
      'total',
      'customer.name',
      'line_items.description',
      'line_items.qty',
    ]);
    expect(rows.slice(1)).toEqual([
      [ids[0], 'a.pdf', 'completed', '', 'A-1', '2024-03-05', '12.5', 'ACME, "Ltd"', 'Widget\nlarge', '2'],
      [ids[0], 'a.pdf', 'completed', '', 'A-1', '2024-03-05', '12.5', 'ACME, "Ltd"', "'+cmd", '0.0000001'],
      [ids[1], 'b.pdf', 'completed', '', 'B-2', '2024-12-31', '1000000000000000000000', '', '', ''],
      [ids[2], 'c.pdf', 'failed', 'Unreadable: "xref", damaged', '', '', '', '', '', ''],
    ]);
    // The quoting on the wire: embedded quotes doubled, the line break kept inside quotes.
    expect(text).toContain('"ACME, ""Ltd"""');
    expect(text).toContain('"Widget\nlarge"');
  });

  it('CSV line_items=json: one row per document, the items as a JSON cell', async () => {
    const id = job.extraction_id;
    const { header, records } = csvRecords(
      (await download(m, `/v1/extractions/${id}/export?format=csv&line_items=json`, 'text/csv; charset=utf-8', `${id}.csv`)).toString('utf8'),
    );
    expect(header.slice(-2)).toEqual(['customer.name', 'line_items']);
    expect(records.map((r) => r['document_id'])).toEqual(ids);
    expect(JSON.parse(records[0]!['line_items']!)).toEqual([
      { description: 'Widget\nlarge', qty: 2 },
      { description: '+cmd', qty: 1e-7 },
    ]);
    expect(JSON.parse(records[1]!['line_items']!)).toEqual([]);
    expect(records[2]!['line_items']).toBe('');
  });

  it('XLSX: the Line items sheet joins the Documents sheet by document_id', async () => {
    const id = job.extraction_id;
    const wb = await loadXlsx(await download(m, `/v1/extractions/${id}/export?format=xlsx`, XLSX_TYPE, `${id}.xlsx`));
    const docs = sheetRows(wb.getWorksheet('Documents')!);
    expect(docs).toEqual([
      ['document_id', 'filename', 'status', 'error_message', 'invoice_number', 'invoice_date', 'total', 'customer.name'],
      [ids[0], 'a.pdf', 'completed', null, 'A-1', day('2024-03-05'), 12.5, 'ACME, "Ltd"'],
      [ids[1], 'b.pdf', 'completed', null, 'B-2', day('2024-12-31'), 1e21, null],
      [ids[2], 'c.pdf', 'failed', 'Unreadable: "xref", damaged', null, null, null, null],
    ]);
    const items = sheetRows(wb.getWorksheet('Line items')!);
    expect(items).toEqual([
      ['document_id', 'filename', 'item_index', 'line_items.description', 'line_items.qty'],
      [ids[0], 'a.pdf', 1, 'Widget\nlarge', 2],
      [ids[0], 'a.pdf', 2, '+cmd', 1e-7],
    ]);
    const docIds = new Set(docs.slice(1).map((r) => r[0]));
    for (const row of items.slice(1)) expect(docIds.has(row[0])).toBe(true);
  });

  it('one document’s CSV carries only its own item rows', async () => {
    const id = job.extraction_id;
    const text = (
      await download(m, `/v1/extractions/${id}/documents/${ids[0]}/export?format=csv`, 'text/csv; charset=utf-8', `${id}-${ids[0]}.csv`)
    ).toString('utf8');
    const { records } = csvRecords(text);
    expect(records.map((r) => [r['document_id'], r['line_items.description']])).toEqual([
      [ids[0], 'Widget\nlarge'],
      [ids[0], "'+cmd"],
    ]);
  });
});
