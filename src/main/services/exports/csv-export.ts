// The CSV export (RFC 4180: CRLF records, fields quoted when they hold a comma, quote or line
// break; UTF-8, with a byte-order mark only when asked: Excel on Windows needs it to read the
// text as UTF-8, scripts usually do not want it). One row per document: document_id, filename (path,
// when the job has paths), status, error_message, then each non-array field. Line items either
// add rows (`rows`: a row per item, document cells repeated, `array_field.sub` columns; an
// item-less document keeps its one row) or sit in one JSON column per array field (`json`).
// Headers are unique (columns.ts: uniqueHeaders).
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { type Cell, cellText } from './cells.js';
import { type Column, documentCells, documentHeaders, fieldColumns, itemGroups, jsonArrayColumns, uniqueHeaders } from './columns.js';
import type { ExportHeader, ExportOptions, RowSource } from './types.js';

/** Streams the CSV export into `out` row by row with back-pressure, then ends `out`; on failure
 *  `out` is destroyed. The header row is written even when there are no documents. */
export async function writeCsvExport(header: ExportHeader, rows: RowSource, out: Writable, options: ExportOptions): Promise<void> {
  const layout = csvLayout(header, options);
  const stringifier = stringify({ record_delimiter: 'windows', quote_record_delimiter: true, bom: options.bom === true });
  await pipeline(Readable.from(records(layout, rows)), stringifier, out);
}

interface CsvLayout {
  header: ExportHeader;
  headers: string[];
  fields: Column[];
  /** `json`: one JSON column per array field. */
  jsonColumns: Column[];
  /** `rows`: each group fills its own columns; the others stay empty. */
  groups: { columns: Column[]; items(data: unknown): unknown[]; before: number; after: number }[];
}

function csvLayout(header: ExportHeader, options: ExportOptions): CsvLayout {
  const fieldCols = fieldColumns(header.fields, options.lineItems);
  const jsonColumns = options.lineItems === 'json' ? jsonArrayColumns(header.fields) : [];
  const groups = options.lineItems === 'rows' ? itemGroups(header.fields) : [];
  const widths = groups.map((g) => g.columns.length);
  const total = widths.reduce((a, b) => a + b, 0);
  let before = 0;
  const placed = groups.map((g, i) => {
    const slot = { columns: g.columns, items: g.items, before, after: total - before - (widths[i] ?? 0) };
    before += widths[i] ?? 0;
    return slot;
  });
  const fixed = documentHeaders(header);
  const named = [...fieldCols, ...jsonColumns, ...groups.flatMap((g) => g.columns)].map((c) => c.header);
  return { header, headers: [...fixed, ...uniqueHeaders(fixed, named)], fields: fieldCols, jsonColumns, groups: placed };
}

async function* records(layout: CsvLayout, rows: RowSource): AsyncGenerator<string[]> {
  yield layout.headers;
  const itemWidth = layout.groups.reduce((n, g) => n + g.columns.length, 0);
  for await (const row of rows()) {
    const data = row.extracted_data;
    const base = [...documentCells(layout.header, row), ...cells(layout.fields, data), ...cells(layout.jsonColumns, data)].map(cellText);
    let itemRows = 0;
    for (const group of layout.groups) {
      for (const item of group.items(data)) {
        const itemCells = cells(group.columns, item).map(cellText);
        yield [...base, ...blank(group.before), ...itemCells, ...blank(group.after)];
        itemRows += 1;
      }
    }
    if (itemRows === 0) yield [...base, ...blank(itemWidth)];
  }
}

function cells(columns: Column[], record: unknown): Cell[] {
  return columns.map((c) => c.cell(record));
}

function blank(n: number): string[] {
  return new Array<string>(n).fill('');
}
