// The CSV export (RFC 4180: CRLF records, fields quoted when they hold a comma, quote or line
// break; UTF-8 without a byte-order mark). One row per document: document_id, filename, status,
// error_message, then each non-array field. Line items either add rows (`rows`: a row per item,
// document cells repeated, `array_field.sub` columns; an item-less document keeps its one row)
// or sit in one JSON column per array field (`json`).
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { FieldDefinition } from '../../../shared/api/parsers.js';
import { type Cell, cellText } from './cells.js';
import { type Column, DOCUMENT_HEADERS, documentCells, fieldColumns, itemGroups, jsonArrayColumns } from './columns.js';
import type { ExportHeader, ExportOptions, RowSource } from './types.js';

/** Streams the CSV export into `out` row by row with back-pressure, then ends `out`; on failure
 *  `out` is destroyed. The header row is written even when there are no documents. */
export async function writeCsvExport(header: ExportHeader, rows: RowSource, out: Writable, options: ExportOptions): Promise<void> {
  const layout = csvLayout(header.fields, options);
  const stringifier = stringify({ record_delimiter: 'windows', quote_record_delimiter: true });
  await pipeline(Readable.from(records(layout, rows)), stringifier, out);
}

interface CsvLayout {
  headers: string[];
  fields: Column[];
  /** `json`: one JSON column per array field. */
  jsonColumns: Column[];
  /** `rows`: each group fills its own columns; the others stay empty. */
  groups: { columns: Column[]; items(data: unknown): unknown[]; before: number; after: number }[];
}

function csvLayout(fields: FieldDefinition[], options: ExportOptions): CsvLayout {
  const fieldCols = fieldColumns(fields);
  const jsonColumns = options.lineItems === 'json' ? jsonArrayColumns(fields) : [];
  const groups = options.lineItems === 'rows' ? itemGroups(fields) : [];
  const widths = groups.map((g) => g.columns.length);
  const total = widths.reduce((a, b) => a + b, 0);
  let before = 0;
  const placed = groups.map((g, i) => {
    const slot = { columns: g.columns, items: g.items, before, after: total - before - (widths[i] ?? 0) };
    before += widths[i] ?? 0;
    return slot;
  });
  const headers = [
    ...DOCUMENT_HEADERS,
    ...fieldCols.map((c) => c.header),
    ...jsonColumns.map((c) => c.header),
    ...groups.flatMap((g) => g.columns.map((c) => c.header)),
  ];
  return { headers, fields: fieldCols, jsonColumns, groups: placed };
}

async function* records(layout: CsvLayout, rows: RowSource): AsyncGenerator<string[]> {
  yield layout.headers;
  const itemWidth = layout.groups.reduce((n, g) => n + g.columns.length, 0);
  for await (const row of rows()) {
    const data = row.extracted_data;
    const base = [...documentCells(row), ...cells(layout.fields, data), ...cells(layout.jsonColumns, data)].map(cellText);
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
