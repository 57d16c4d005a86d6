// Exports of a job (or one document) as JSON, CSV or XLSX, streamed from the store a page of
// rows at a time, so a 10,000-document export never exists as one string or one array.
import { ApiError } from '../../shared/api/errors.js';
import { exportFileBase } from '../../shared/export-names.js';
import type { DocumentResult, ExportQuery } from '../../shared/api/extractions.js';
import type { Store } from '../store/store-client.js';
import { exportContentType, exportFilename, writeExport, type ExportHeader, type ExportRow, type RowSource } from './exports/index.js';
import type { ExportsService, ExportTarget } from './types.js';

/** Rows read from the store per query. */
const PAGE_ROWS = 200;

/** A one-per-page result becomes one row per page in CSV and XLSX (the file name says which
 *  page); JSON keeps the document whole, its pages (with their `page` numbers) in extracted_data. */
function* expand(doc: DocumentResult): Generator<ExportRow> {
  if (!Array.isArray(doc.extracted_data)) {
    yield doc;
    return;
  }
  for (const [i, page] of (doc.extracted_data as Array<Record<string, unknown>>).entries()) {
    const { page: number, ...data } = page;
    yield { ...doc, filename: `${doc.filename} (page ${typeof number === 'number' ? number : i + 1})`, extracted_data: data };
  }
}

/** The exports service. */
export function createExportsService(store: Store): ExportsService {
  async function target(extractionId: string, query: ExportQuery, documentId?: string): Promise<ExportTarget> {
    const head = await store.call('exportHeader', { extraction_id: extractionId });
    if (!head) throw new ApiError('RESOURCE_NOT_FOUND', `No extraction with id ${extractionId}.`, 'extraction_id');
    if (documentId) {
      const doc = await store.call('documentDetail', { extraction_id: extractionId, document_id: documentId });
      if (!doc) throw new ApiError('RESOURCE_NOT_FOUND', `No document ${documentId} in extraction ${extractionId}.`, 'document_id');
    }
    const header: ExportHeader = {
      extraction_id: extractionId,
      parser_id: head.parser.parser_id,
      parser_name: head.parser.name,
      fields: head.parser.fields,
      paths: head.paths,
    };
    const perPageRows = query.format !== 'json';
    const rows: RowSource = async function* () {
      let after = -1;
      for (;;) {
        const page = await store.call('exportRows', { extraction_id: extractionId, after_position: after, limit: PAGE_ROWS, document_id: documentId });
        for (const { position: _position, extraction_id: _extraction, ...doc } of page) {
          if (perPageRows) yield* expand(doc);
          else yield doc;
        }
        if (page.length < PAGE_ROWS) return;
        after = page[page.length - 1]!.position;
      }
    };
    return {
      contentType: exportContentType(query.format),
      filename: exportFilename(documentId ? `${extractionId}-${documentId}` : extractionId, query.format),
      suggestedName: exportFileBase(head.parse_only ? null : head.parser.name, head.created_at),
      write: (out) => writeExport(query.format, header, rows, out, { lineItems: query.line_items, bom: query.bom }),
    };
  }
  return {
    extraction: (extractionId, query) => target(extractionId, query),
    document: (extractionId, documentId, query) => target(extractionId, query, documentId),
  };
}
