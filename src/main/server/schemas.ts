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
import { parseRunSchema, unknownConfigOptions } from '../../shared/parse-contract.js';

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

/** The longest id a route looks up; every id this API issues is far shorter. */
const MAX_ID_LENGTH = 200;

/** An id as a route looks it up: one longer than MAX_ID_LENGTH names nothing, and is cut short
 *  (ending in "…", which no id has) so that the route answers its own not-found error (`No
 *  extraction with id …`) without repeating thousands of characters. */
export function lookupId(id: string): string {
  return id.length > MAX_ID_LENGTH ? `${id.slice(0, 40)}…` : id;
}

const resourceId = z.string().min(1).transform(lookupId);

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

/** A parse config sent to the API: an option the config does not have is a 400 naming it (a
 *  misspelt one would otherwise be dropped without a word). Its values are checked by the
 *  engine: a bad value is a FAILED run with INVALID_CONFIG_OPTIONS, not a 400. */
export const clientParseConfigSchema = z.unknown().superRefine((config, ctx) => {
  for (const option of unknownConfigOptions(config)) {
    const hint = option.suggestion ? `; did you mean ${suggestionText(option.path, option.suggestion)}?` : '';
    ctx.addIssue({ code: 'custom', path: option.path, message: `unknown option${hint}` });
  }
});

/** The option meant: its name when it sits beside the misspelt one, else its whole path. */
function suggestionText(path: ReadonlyArray<string | number>, suggestion: ReadonlyArray<string | number>): string {
  const sameParent = path.length === suggestion.length && path.slice(0, -1).every((p, i) => p === suggestion[i]);
  return sameParent ? String(suggestion.at(-1)) : ['config', ...suggestion].join('.');
}

/** JSON `POST /parse`: a file on this machine and the parse config. */
export const parseJsonBodySchema = z
  .object({
    path: z.string().min(1).max(4096),
    config: described(clientParseConfigSchema, 'parse config (target, chunkingStrategy, blockOptions, advancedOptions)').optional(),
  })
  .strict();

/** Multipart `POST /parse`. */
export const parseFormSchema = z.object({
  file: uploadFileSchema,
  config: described(z.string(), 'parse config as JSON').optional(),
});

/** The `config` part of a multipart `POST /parse`, once read as JSON. */
export const parseFormConfigSchema = z.object({ config: clientParseConfigSchema });

/** `Idempotency-Key`: 1–255 printable ASCII characters. */
export const idempotencyKeySchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x20-\x7e]+$/, 'use printable ASCII characters only');
