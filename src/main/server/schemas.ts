// Schemas only the HTTP transport needs: path parameters, response envelopes, the parts of
// multipart forms and the JSON form of /parse. Everything else comes from src/shared/api.
// `docRegistry` carries OpenAPI-only metadata (component names, binary formats, descriptions).
import { z } from 'zod';
import { creditsSchema, userSchema } from '../../shared/api/account.js';
import { paginationSchema } from '../../shared/api/common.js';
import {
  documentDetailSchema,
  documentResultSchema,
  documentSummarySchema,
  extractionResultsSchema,
  extractionSchema,
  extractionWithDocumentsSchema,
  MAX_FILES_PER_EXTRACTION,
} from '../../shared/api/extractions.js';
import { fieldDefinitionSchema, parserSchema } from '../../shared/api/parsers.js';
import { deliveryAttemptSchema, webhookSchema } from '../../shared/api/webhooks.js';
import { parseRunSchema } from '../../shared/parse-contract.js';

export const docRegistry = z.registry<{ id?: string; description?: string; format?: string }>();
/** Shared schemas that become named components of the document. */
const COMPONENTS: Array<[z.ZodType, string]> = [
  [fieldDefinitionSchema, 'FieldDefinition'],
  [parserSchema, 'Parser'],
  [extractionSchema, 'ExtractionSummary'],
  [extractionWithDocumentsSchema, 'Extraction'],
  [extractionResultsSchema, 'ExtractionResults'],
  [documentSummarySchema, 'DocumentSummary'],
  [documentResultSchema, 'DocumentResult'],
  [documentDetailSchema, 'DocumentDetail'],
  [webhookSchema, 'Webhook'],
  [deliveryAttemptSchema, 'DeliveryAttempt'],
  [userSchema, 'User'],
  [creditsSchema, 'Credits'],
  [paginationSchema, 'Pagination'],
  [parseRunSchema, 'ParserRun'],
];
for (const [schema, id] of COMPONENTS) docRegistry.add(schema, { id });

/** Attaches a description for the OpenAPI document and returns the schema. */
export function described<T extends z.ZodType>(schema: T, description: string): T {
  docRegistry.add(schema, { description });
  return schema;
}

const resourceId = z.string().min(1).max(200);

export const idParams = z.object({ id: resourceId });
export const documentParams = z.object({ id: resourceId, doc_id: resourceId });

/** One uploaded file in a multipart form. */
export const uploadFileSchema = z.string();
docRegistry.add(uploadFileSchema, { format: 'binary', description: 'file contents' });

/** `{key: item}` — the single-resource envelope (documents the response). */
export function envelope(key: string, schema: z.ZodType): z.ZodType {
  return z.object({ [key]: schema });
}

/** `{key: [items], pagination}` — the list envelope (documents the response). */
export function listEnvelope(key: string, item: z.ZodType): z.ZodType {
  return z.object({ [key]: z.array(item), pagination: paginationSchema });
}

/** The answer to a DELETE: 200 with what was deleted (rather than 204, so clients can log it). */
export function deletedSchema(idField: string): z.ZodType {
  return z.object({ deleted: z.literal(true), [idField]: z.string() });
}

/** Multipart `POST /v1/extractions`: the text part. */
export const extractionFormFieldsSchema = z.object({ parser_id: z.string().min(1) });
export const extractionFormSchema = extractionFormFieldsSchema.extend({
  files: z.array(uploadFileSchema).min(1).max(MAX_FILES_PER_EXTRACTION),
});

/** Multipart `POST /v1/parsers/:id/detect-fields`. */
export const detectFieldsFormSchema = z.object({
  file: uploadFileSchema.optional(),
  sample_file_id: z.string().optional(),
  prompt: z.string().optional(),
  replace_existing_schema: z.enum(['true', 'false']).optional(),
});

/** JSON `POST /parse`: a file on this machine and the parse config (checked by the engine:
 *  a bad config is a FAILED run with INVALID_CONFIG_OPTIONS, not a 400). */
export const parseJsonBodySchema = z
  .object({
    path: z.string().min(1).max(4096),
    config: described(z.unknown(), 'parse config (target, chunkingStrategy, blockOptions, advancedOptions)').optional(),
  })
  .strict();

/** Multipart `POST /parse`. */
export const parseFormSchema = z.object({
  file: uploadFileSchema,
  config: described(z.string(), 'parse config as JSON').optional(),
});

/** `Idempotency-Key`: 1–255 printable ASCII characters. */
export const idempotencyKeySchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x20-\x7e]+$/, 'use printable ASCII characters only');
