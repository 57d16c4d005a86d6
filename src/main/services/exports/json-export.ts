// The JSON export: `{"extraction": {...}, "documents": [...]}`, written one document at a time.
// `extracted_data` is the document's object, or for a one_per_page parser its list of pages
// (`{page, …fields}`), each normalised like the CSV and XLSX cells (cells.ts).
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { normaliseData } from './cells.js';
import type { ExportHeader, ExportRow, RowSource } from './types.js';

/** Streams the JSON export into `out` with back-pressure, then ends `out`; on failure `out` is
 *  destroyed (a truncated download, never a well-formed partial file). */
export async function writeJsonExport(header: ExportHeader, rows: RowSource, out: Writable): Promise<void> {
  await pipeline(Readable.from(chunks(header, rows)), out);
}

async function* chunks(header: ExportHeader, rows: RowSource): AsyncGenerator<string> {
  const extraction = { extraction_id: header.extraction_id, parser_id: header.parser_id, parser_name: header.parser_name };
  yield `{"extraction":${JSON.stringify(extraction)},"documents":[`;
  let first = true;
  for await (const row of rows()) {
    yield `${first ? '\n' : ',\n'}${JSON.stringify(documentJson(header, row))}`;
    first = false;
  }
  yield first ? ']}\n' : '\n]}\n';
}

function documentJson(header: ExportHeader, row: ExportRow): Record<string, unknown> {
  return {
    document_id: row.document_id,
    filename: row.filename,
    ...(header.paths ? { path: row.path ?? null } : {}),
    status: row.status,
    error_message: row.error_message,
    page_count: row.page_count,
    extracted_data: Array.isArray(row.extracted_data)
      ? row.extracted_data.map((page) => normaliseData(header.fields, page))
      : normaliseData(header.fields, row.extracted_data),
    confidence: row.confidence,
    processing_time_ms: row.processing_time_ms,
    created_at: row.created_at,
    completed_at: row.completed_at,
  };
}
