// Export writers for `GET /v1/extractions/:id/export` and `/documents/:doc_id/export`: JSON, CSV
// and XLSX, each streamed into a Writable from documents read one at a time (a single-document
// export is the same writer fed one row). Pure: no store, no HTTP. Cell formatting and the
// formula-injection rule are described in cells.ts.
import type { Writable } from 'node:stream';
import type { ExportFormat } from '../../../shared/api/extractions.js';
import { writeCsvExport } from './csv-export.js';
import { writeJsonExport } from './json-export.js';
import type { ExportHeader, ExportOptions, RowSource } from './types.js';
import { writeXlsxExport } from './xlsx-export.js';

export type { ExportHeader, ExportOptions, ExportRow, RowSource } from './types.js';
export { writeCsvExport, writeJsonExport, writeXlsxExport };

const CONTENT_TYPES: Record<ExportFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Streams one export in `format` into `out` and ends it (destroys it on failure). */
export function writeExport(format: ExportFormat, header: ExportHeader, rows: RowSource, out: Writable, options: ExportOptions): Promise<void> {
  switch (format) {
    case 'json':
      return writeJsonExport(header, rows, out);
    case 'csv':
      return writeCsvExport(header, rows, out, options);
    case 'xlsx':
      return writeXlsxExport(header, rows, out);
  }
}

/** The Content-Type header for an export format. */
export function exportContentType(format: ExportFormat): string {
  return CONTENT_TYPES[format];
}

/** A safe download name: `base` stripped of path separators, quotes and control characters
 *  (at most 100 characters, `export` when nothing is left) plus the format's extension. */
export function exportFilename(base: string, format: ExportFormat): string {
  const safe = base
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
    .slice(0, 100)
    .trim();
  return `${safe || 'export'}.${format}`;
}
