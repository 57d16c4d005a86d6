// Exports of a job or one document as JSON, CSV or XLSX, streamed as an attachment.
import { exportQuerySchema } from '../../../shared/api/extractions.js';
import { defineRoute, type Route } from '../route-spec.js';
import { documentParams, idParams } from '../schemas.js';
import { sendExport } from '../stream-export.js';
import type { RouteDeps } from './deps.js';

const exportResponses = [
  { status: 200, description: 'The export file (JSON)', contentType: 'application/json' },
  { status: 200, description: 'The export file (CSV: one row per document, or per line item)', contentType: 'text/csv' },
  {
    status: 200,
    description: 'The export file (XLSX: documents sheet and line-items sheet)',
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  },
];

/** The export routes. */
export function exportRoutes({ services }: RouteDeps): Route[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/v1/extractions/:id/export',
      operationId: 'exportExtraction',
      summary: 'Download a job’s results as JSON, CSV or XLSX',
      tag: 'Exports',
      params: idParams,
      query: exportQuerySchema,
      responses: exportResponses,
      handler: async ({ reply, params, query }) => sendExport(reply, await services.exports.extraction(params.id, query)),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/extractions/:id/documents/:doc_id/export',
      operationId: 'exportExtractionDocument',
      summary: 'Download one document’s result as JSON, CSV or XLSX',
      tag: 'Exports',
      params: documentParams,
      query: exportQuerySchema,
      responses: exportResponses,
      handler: async ({ reply, params, query }) => sendExport(reply, await services.exports.document(params.id, params.doc_id, query)),
    }),
  ];
}
