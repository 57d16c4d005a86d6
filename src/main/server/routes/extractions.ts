// Extraction jobs: create (multipart upload or JSON local paths; Idempotency-Key aware), list,
// read, results, one document, cancel.
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../../../shared/api/errors.js';
import {
  documentDetailSchema,
  extractionCreateLocalSchema,
  extractionListQuerySchema,
  extractionResultsSchema,
  extractionSchema,
  extractionWithDocumentsSchema,
  MAX_FILES_PER_EXTRACTION,
} from '../../../shared/api/extractions.js';
import type { IncomingFile } from '../../services/types.js';
import { spoolMultipart, withUpload } from '../multipart.js';
import { defineRoute, type Route } from '../route-spec.js';
import {
  documentParams,
  envelope,
  extractionFormFieldsSchema,
  extractionFormSchema,
  idempotencyKeySchema,
  idParams,
  listEnvelope,
} from '../schemas.js';
import { validate } from '../validate.js';
import type { RouteDeps } from './deps.js';

const extractionEnvelope = envelope('extraction', extractionWithDocumentsSchema);

/** The extraction routes. */
export function extractionRoutes({ services, uploads }: RouteDeps): Route[] {
  /** Spools the files, then queues them; the temp folder goes if anything fails before the service takes over. */
  async function createFromUpload(request: FastifyRequest, idempotencyKey: string | undefined) {
    const upload = await spoolMultipart(request, { ...uploads, fileFields: ['files', 'files[]'], maxFiles: MAX_FILES_PER_EXTRACTION });
    return withUpload(upload, async () => {
      const { parser_id } = validate(extractionFormFieldsSchema, Object.fromEntries(upload.fields), 'body');
      if (upload.files.length === 0) throw new ApiError('INVALID_PAYLOAD', 'files: send at least one file.', 'files');
      const files = upload.files.map(({ kind, filename, tempPath, mime, sha256 }): IncomingFile => ({ kind, filename, tempPath, mime, sha256 }));
      return services.extractions.create({ parser_id, files, idempotencyKey });
    });
  }

  return [
    defineRoute({
      method: 'POST',
      url: '/v1/extractions',
      operationId: 'createExtraction',
      summary: `Queue an extraction of up to ${MAX_FILES_PER_EXTRACTION} files (multipart upload, or JSON paths on this machine)`,
      tag: 'Extractions',
      rateLimitBucket: 'extractions',
      headers: [
        {
          name: 'Idempotency-Key',
          description: 'Replays of the same request within 24 h return the original job with Idempotent-Replayed: true; the key sent with a different request is 409 CONFLICT',
        },
      ],
      body: extractionCreateLocalSchema,
      multipart: extractionFormSchema,
      responses: [{ status: 202, description: 'The queued job (or the original one, on a replay)', schema: extractionEnvelope }],
      handler: async ({ request, reply, body }) => {
        const idempotencyKey = readIdempotencyKey(request.headers['idempotency-key']);
        const result = body
          ? await services.extractions.create({ parser_id: body.parser_id, files: body.paths.map(localFile), idempotencyKey })
          : await createFromUpload(request, idempotencyKey);
        if (result.replayed) reply.header('idempotent-replayed', 'true');
        reply.code(202);
        return { extraction: result.extraction };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/extractions',
      operationId: 'listExtractions',
      summary: 'List extraction jobs, newest first',
      tag: 'Extractions',
      query: extractionListQuerySchema,
      responses: [{ status: 200, description: 'A page of jobs', schema: listEnvelope('extractions', extractionSchema) }],
      handler: async ({ query }) => {
        const page = await services.extractions.list(query);
        return { extractions: page.items, pagination: page.pagination };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/extractions/:id',
      operationId: 'getExtraction',
      summary: 'A job: status and documents (no extracted data)',
      tag: 'Extractions',
      params: idParams,
      responses: [{ status: 200, description: 'The job', schema: extractionEnvelope }],
      handler: async ({ params }) => ({ extraction: await services.extractions.get(params.id) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/extractions/:id/results',
      operationId: 'getExtractionResults',
      summary: 'A job with each document’s extracted data (partial while running)',
      tag: 'Extractions',
      params: idParams,
      responses: [{ status: 200, description: 'The results', schema: envelope('extraction', extractionResultsSchema) }],
      handler: async ({ params }) => ({ extraction: await services.extractions.results(params.id) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/extractions/:id/documents/:doc_id',
      operationId: 'getExtractionDocument',
      summary: 'One document of a job, with its file facts',
      tag: 'Extractions',
      params: documentParams,
      responses: [{ status: 200, description: 'The document', schema: envelope('document', documentDetailSchema) }],
      handler: async ({ params }) => ({ document: await services.extractions.document(params.id, params.doc_id) }),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/extractions/:id/cancel',
      operationId: 'cancelExtraction',
      summary: 'Stop a job: queued documents fail as cancelled, running ones are stopped',
      tag: 'Extractions',
      params: idParams,
      responses: [{ status: 200, description: 'The job after cancelling', schema: extractionEnvelope }],
      handler: async ({ params }) => ({ extraction: await services.extractions.cancel(params.id) }),
    }),
  ];
}

function localFile(path: string): IncomingFile {
  return { kind: 'local', path };
}

function readIdempotencyKey(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) throw new ApiError('INVALID_PAYLOAD', 'Idempotency-Key: send one key.', 'Idempotency-Key');
  const result = idempotencyKeySchema.safeParse(value);
  if (result.success) return result.data;
  const reason = result.error.issues[0]?.message ?? 'invalid';
  throw new ApiError('INVALID_PAYLOAD', `Idempotency-Key: ${reason}`, 'Idempotency-Key');
}
