// The column layout an export derives from a parser's fields: document columns (objects
// flattened as `field.sub`), and one group of line-item columns per array field
// (`array_field.sub`). Nested arrays, and objects without sub-fields, are one JSON column.
import type { FieldDefinition } from '../../../shared/api/parsers.js';
import type { ExportRow } from './types.js';
import { type Cell, escapeFormula, normaliseValue, prop, toCell } from './cells.js';

export interface Column {
  header: string;
  /** The cell this column takes from a record (extracted_data, or one line item). */
  cell(record: unknown): Cell;
}

/** The line items of one array field. */
export interface ItemGroup {
  field: string;
  columns: Column[];
  /** The items in a document's data: [] when absent, a lone value as one item. */
  items(data: unknown): unknown[];
}

/** The columns every document row starts with. */
export const DOCUMENT_HEADERS = ['document_id', 'filename', 'status', 'error_message'] as const;

/** The cells under DOCUMENT_HEADERS for one document. */
export function documentCells(row: ExportRow): Cell[] {
  return [row.document_id, row.filename, row.status, row.error_message].map((v) => (v === null ? null : escapeFormula(v)));
}

/** Columns for the non-array fields of extracted_data, in definition order. */
export function fieldColumns(fields: FieldDefinition[]): Column[] {
  return flatten(fields, '', false);
}

/** One column per array field holding its (normalised) items as a JSON array. */
export function jsonArrayColumns(fields: FieldDefinition[]): Column[] {
  return fields
    .filter((f) => f.type === 'array')
    .map((f) => ({ header: f.name, cell: (data) => toCell(f.type, normaliseValue(f, prop(data, f.name))) }));
}

/** One group of columns per array field; an array without sub-fields is a single column. */
export function itemGroups(fields: FieldDefinition[]): ItemGroup[] {
  return fields
    .filter((f) => f.type === 'array')
    .map((f) => ({
      field: f.name,
      columns: f.fields?.length ? flatten(f.fields, `${f.name}.`, true) : [{ header: f.name, cell: (item) => toCell(undefined, item) }],
      items(data) {
        const value = prop(data, f.name);
        if (value === null || value === undefined) return [];
        return Array.isArray(value) ? value : [value];
      },
    }));
}

function flatten(fields: FieldDefinition[], prefix: string, nested: boolean): Column[] {
  const columns: Column[] = [];
  for (const f of fields) {
    if (f.type === 'array' && !nested) continue;
    if (f.type === 'object' && f.fields?.length) {
      const inner = flatten(f.fields, `${prefix}${f.name}.`, true);
      for (const c of inner) columns.push({ header: c.header, cell: (record) => c.cell(prop(record, f.name)) });
      continue;
    }
    columns.push({ header: prefix + f.name, cell: (record) => toCell(f.type, normaliseValue(f, prop(record, f.name))) });
  }
  return columns;
}
