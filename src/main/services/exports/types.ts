// What every export writer takes: the job it describes, a way to read its documents one at a time,
// and the CSV line-item layout.
import type { DocumentResult, ExportQuery } from '../../../shared/api/extractions.js';
import type { FieldDefinition } from '../../../shared/api/parsers.js';

/** The extraction an export describes, and the parser fields that decide its columns. */
export interface ExportHeader {
  extraction_id: string;
  parser_id: string;
  parser_name: string;
  fields: FieldDefinition[];
  /** The documents carry paths (`ExportRow.path`) that tell same-named files apart: CSV and XLSX
   *  add a `path` column after `filename`, JSON a `path` key. */
  paths?: boolean | undefined;
}

/** One document; `extracted_data` is the object keyed by field name, or null when it failed.
 *  `path`: where the file was below the folder it was added from (`march/inv-1.pdf`). */
export type ExportRow = DocumentResult & { path?: string | null | undefined };

/** Opens a fresh pass over the documents, in order. JSON and CSV read it once; XLSX reads it a
 *  second time for its "Line items" sheet (a zip holds its sheets one after another, so one pass
 *  would have to hold a whole sheet in memory). Pass a function that re-runs the query. */
export type RowSource = () => AsyncIterable<ExportRow>;

export interface ExportOptions {
  /** CSV only: a row per line item (`rows`), or a JSON array per array field (`json`). */
  lineItems: ExportQuery['line_items'];
  /** CSV only: start with a UTF-8 byte-order mark. */
  bom?: boolean | undefined;
}
