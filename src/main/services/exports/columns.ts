// The column layout an export derives from a parser's fields: document columns (objects
// flattened as `field.sub`), and one group of line-item columns per array field
// (`array_field.sub`). Nested arrays, and objects without sub-fields, are one JSON column.
//
// Fields gathered from template results (the CLI with invoice2data templates) can name one key
// twice: text in one document and a list in another (`narration`). The layout keeps one column
// per header and one row per real line item:
// - a list of objects (an array field with sub-fields) stays a line-item group (`key.sub`, fed by
//   the objects only), and the text form keeps the document column `key`, filled where the value
//   is not a list (with line_items=json that one `key` column holds either form, lists as JSON);
// - a list of plain values (an array field without sub-fields) makes no line items there: `key`
//   is one document column, and a list in it is written as JSON text like any other list.
import type { FieldDefinition } from '../../../shared/api/parsers.js';
import type { ExportHeader, ExportOptions, ExportRow } from './types.js';
import { type Cell, isRecord, normaliseValue, prop, toCell } from './cells.js';

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

type LineItems = ExportOptions['lineItems'];

/** The columns naming the document a row belongs to: `path` (where below the added folder the
 *  file was) only when the job knows paths that tell same-named files apart. */
export function fileHeaders(header: ExportHeader): string[] {
  return ['document_id', 'filename', ...(header.paths ? ['path'] : [])];
}

/** The cells under fileHeaders for one document. */
export function fileCells(header: ExportHeader, row: ExportRow): Cell[] {
  return [row.document_id, row.filename, ...(header.paths ? [row.path ?? null] : [])];
}

/** The columns every document row starts with. */
export function documentHeaders(header: ExportHeader): string[] {
  return [...fileHeaders(header), 'status', 'error_message'];
}

/** The cells under documentHeaders for one document. */
export function documentCells(header: ExportHeader, row: ExportRow): Cell[] {
  return [...fileCells(header, row), row.status, row.error_message];
}

/** `headers` with each one unique among `fixed` and the ones before it: a field named like a
 *  fixed column (`status`, `filename`…) is headed `status (field)`, a further repeat
 *  `status (field 2)`, so a reader keyed by header loses no column. */
export function uniqueHeaders(fixed: readonly string[], headers: string[]): string[] {
  const taken = new Set(fixed);
  return headers.map((header) => {
    let unique = header;
    for (let n = 1; taken.has(unique); n++) unique = `${header} (field${n === 1 ? '' : ` ${n}`})`;
    taken.add(unique);
    return unique;
  });
}

/** How the fields map onto columns, each name once (see the top of the file). */
interface FieldModel {
  /** Fields with document columns. */
  plain: FieldDefinition[];
  /** Array fields with line-item groups (or JSON columns). */
  arrays: FieldDefinition[];
  /** Names with both a document column and a group, by their array field. */
  split: Map<string, FieldDefinition>;
}

function fieldModel(fields: FieldDefinition[]): FieldModel {
  const plain = fields.filter((f) => f.type !== 'array');
  const plainNames = new Set(plain.map((f) => f.name));
  const arrays = fields.filter((f) => f.type === 'array' && (!plainNames.has(f.name) || Boolean(f.fields?.length)));
  return { plain, arrays, split: new Map(arrays.filter((f) => plainNames.has(f.name)).map((f) => [f.name, f])) };
}

/** Columns for the non-array fields of extracted_data, in definition order. */
export function fieldColumns(fields: FieldDefinition[], lineItems: LineItems = 'rows'): Column[] {
  const { plain, split } = fieldModel(fields);
  return flatten(plain, '', false).map((c) => {
    const array = split.get(c.header);
    if (!array) return c;
    const cell = (record: unknown): Cell => {
      const value = prop(record, c.header);
      if (!Array.isArray(value)) return c.cell(record);
      return lineItems === 'json' ? toCell(array.type, normaliseValue(array, value)) : null;
    };
    return { header: c.header, cell };
  });
}

/** One column per array field holding its (normalised) items as a JSON array. */
export function jsonArrayColumns(fields: FieldDefinition[]): Column[] {
  const { arrays, split } = fieldModel(fields);
  return arrays
    .filter((f) => !split.has(f.name))
    .map((f) => ({ header: f.name, cell: (data) => toCell(f.type, normaliseValue(f, prop(data, f.name))) }));
}

/** One group of columns per array field; an array without sub-fields is a single column. */
export function itemGroups(fields: FieldDefinition[]): ItemGroup[] {
  const { arrays, split } = fieldModel(fields);
  return arrays.map((f) => ({
    field: f.name,
    columns: f.fields?.length ? flatten(f.fields, `${f.name}.`, true) : [{ header: f.name, cell: (item) => toCell(undefined, item) }],
    items(data) {
      const value = prop(data, f.name);
      if (value === null || value === undefined) return [];
      const items = Array.isArray(value) ? value : [value];
      // Text under a name that also holds lists of objects has its own document column.
      return split.has(f.name) ? items.filter(isRecord) : items;
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
