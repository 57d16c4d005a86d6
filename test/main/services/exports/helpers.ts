// Test helpers for the export writers: a collecting Writable, a stalling Writable, rows, and a
// small RFC 4180 reader (csv-parse is not a dependency).
import { Writable } from 'node:stream';
import { parseCsv } from '../../../helpers/csv.js';
import ExcelJS from 'exceljs';
import type { ExportHeader, ExportRow, RowSource } from '../../../../src/main/services/exports/index.js';

export const HEADER_BASE = { extraction_id: 'ext_1', parser_id: 'prs_1', parser_name: 'Invoices' } as const;

/** A header with the given fields. */
export function header(fields: ExportHeader['fields']): ExportHeader {
  return { ...HEADER_BASE, fields };
}

/** A completed document row with `data`; override anything else. */
export function row(id: string, data: unknown, over: Partial<ExportRow> = {}): ExportRow {
  return {
    document_id: id,
    filename: `${id}.pdf`,
    page_count: 1,
    credits_used: 1,
    status: 'completed',
    error_message: null,
    extracted_data: data,
    confidence: 0.9,
    processing_time_ms: 120,
    created_at: '2024-03-05T10:00:00.000Z',
    completed_at: '2024-03-05T10:00:01.000Z',
    ...over,
  };
}

/** A RowSource over fixed rows. */
export function source(rows: ExportRow[]): RowSource {
  return async function* () {
    for (const r of rows) yield r;
  };
}

/** A Writable that keeps everything written to it. */
export function collector(): { out: Writable; buffer(): Buffer; text(): string } {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(Buffer.from(chunk));
      cb();
    },
  });
  return { out, buffer: () => Buffer.concat(chunks), text: () => Buffer.concat(chunks).toString('utf8') };
}

/** A Writable that accepts `openBytes` bytes, then holds every write until release() is called. */
export function stallingWriter(openBytes: number) {
  const chunks: Buffer[] = [];
  let bytes = 0;
  let held: (() => void)[] = [];
  let stalled = true;
  const out = new Writable({
    highWaterMark: 16 * 1024,
    write(chunk: Buffer, _enc, cb) {
      chunks.push(Buffer.from(chunk));
      bytes += chunk.length;
      if (stalled && bytes > openBytes) held.push(cb);
      else setImmediate(cb);
    },
  });
  return {
    out,
    bytes: () => bytes,
    buffer: () => Buffer.concat(chunks),
    release() {
      stalled = false;
      const waiting = held;
      held = [];
      for (const cb of waiting) cb();
    },
  };
}

export { parseCsv };

/** CSV rows as objects keyed by the header row. */
export function csvObjects(text: string): { headers: string[]; rows: Record<string, string>[] } {
  const [headers = [], ...rest] = parseCsv(text);
  return { headers, rows: rest.map((r) => Object.fromEntries(headers.map((h, i) => [h, r[i] ?? '']))) };
}

/** An XLSX file read back with exceljs: sheet names in order, and the sheets by name. */
export async function readXlsx(bytes: Buffer): Promise<{ names: string[]; sheets: Map<string, ExcelJS.Worksheet> }> {
  const workbook = new ExcelJS.Workbook();
  // exceljs types its argument as an ArrayBuffer; at run time it takes a Node Buffer.
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheets = new Map(workbook.worksheets.map((s) => [s.name, s]));
  return { names: workbook.worksheets.map((s) => s.name), sheets };
}

/** A sheet's rows as arrays of cell values (null when empty), header row first, column A at 0. */
export function sheetValues(sheet: ExcelJS.Worksheet | undefined): unknown[][] {
  if (!sheet) throw new Error('missing sheet');
  const width = sheet.columnCount;
  const rows: unknown[][] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const line = sheet.getRow(r);
    rows.push(Array.from({ length: width }, (_, c) => line.getCell(c + 1).value ?? null));
  }
  return rows;
}

/** An invoice parser: scalars of each type, a nested object, and two array fields. */
export const INVOICE_FIELDS: ExportHeader['fields'] = [
  { name: 'invoice_number', type: 'string' },
  { name: 'total', type: 'number' },
  { name: 'issued', type: 'date' },
  { name: 'paid', type: 'boolean' },
  {
    name: 'vendor',
    type: 'object',
    fields: [
      { name: 'name', type: 'string' },
      { name: 'address', type: 'object', fields: [{ name: 'city', type: 'string' }] },
    ],
  },
  {
    name: 'items',
    type: 'array',
    fields: [
      { name: 'description', type: 'string' },
      { name: 'amount', type: 'number' },
      { name: 'shipped', type: 'date' },
    ],
  },
  { name: 'tags', type: 'array' },
];
