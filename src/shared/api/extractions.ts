// Extraction jobs and their documents: statuses, list filters, result shapes.
import { z } from 'zod';
import { timestampSchema } from './common.js';

export const EXTRACTION_STATUSES = ['queued', 'processing', 'completed', 'failed', 'partial'] as const;
export type ExtractionStatus = (typeof EXTRACTION_STATUSES)[number];
export const DOCUMENT_STATUSES = ['queued', 'processing', 'completed', 'failed'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** Most files one extraction takes. */
export const MAX_FILES_PER_EXTRACTION = 50;

/** The desktop's (and local automation's) way to submit files: paths on this machine. */
export const extractionCreateLocalSchema = z
  .object({
    parser_id: z.string().min(1),
    paths: z.array(z.string().min(1).max(4096)).min(1).max(MAX_FILES_PER_EXTRACTION),
  })
  .strict();
export type ExtractionCreateLocal = z.infer<typeof extractionCreateLocalSchema>;

export const extractionListQuerySchema = z.object({
  parser_id: z.string().min(1).optional(),
  status: z.enum(EXTRACTION_STATUSES).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).max(200).optional(),
});
export type ExtractionListQuery = z.output<typeof extractionListQuerySchema>;

export const documentSummarySchema = z.object({
  document_id: z.string(),
  filename: z.string(),
  page_count: z.number().int(),
  credits_used: z.number().int(),
  status: z.enum(DOCUMENT_STATUSES),
  error_message: z.string().nullable(),
});
export type DocumentSummary = z.infer<typeof documentSummarySchema>;

export const extractionSchema = z.object({
  extraction_id: z.string(),
  parser_id: z.string(),
  status: z.enum(EXTRACTION_STATUSES),
  file_count: z.number().int(),
  page_count: z.number().int(),
  credits_used: z.number().int(),
  credits_remaining: z.number().nullable(),
  document_summary: z.object({
    total: z.number().int(),
    completed: z.number().int(),
    failed: z.number().int(),
    processing: z.number().int(),
  }),
  created_at: timestampSchema,
  updated_at: timestampSchema,
  completed_at: timestampSchema.nullable(),
});
export type ExtractionCore = z.infer<typeof extractionSchema>;

export const extractionWithDocumentsSchema = extractionSchema.extend({ documents: z.array(documentSummarySchema) });
export type Extraction = z.infer<typeof extractionWithDocumentsSchema>;

/** Where and how surely one field's value was found. */
export const fieldDetailSchema = z.object({
  confidence: z.number(),
  source: z.enum(['rule', 'form', 'template', 'label', 'table', 'layout', 'none']),
  /** The user replaced the value found (the citation still shows where it was read). */
  corrected: z.boolean().optional(),
  citation: z
    .object({
      page: z.number().int(),
      box: z.object({ left: z.number(), top: z.number(), right: z.number(), bottom: z.number() }),
      text: z.string(),
    })
    .nullable(),
});
export type FieldDetail = z.infer<typeof fieldDetailSchema>;

export const documentResultSchema = documentSummarySchema.extend({
  extracted_data: z.unknown().nullable(),
  confidence: z.number().nullable(),
  /** Per field path (`total`, `seller.name`, `p2.total`): confidence, source and citation. */
  fields: z.record(z.string(), fieldDetailSchema).nullable().optional(),
  processing_time_ms: z.number().int().nullable(),
  created_at: timestampSchema,
  completed_at: timestampSchema.nullable(),
});
export type DocumentResult = z.infer<typeof documentResultSchema>;

export const extractionResultsSchema = extractionSchema.extend({ documents: z.array(documentResultSchema) });
export type ExtractionResults = z.infer<typeof extractionResultsSchema>;

/** One document in full: its result plus the facts of its file. */
export const documentDetailSchema = documentResultSchema.extend({
  extraction_id: z.string(),
  parser_id: z.string(),
  parser_name: z.string(),
  file_type: z.string(),
  file_size: z.number().int(),
  content_hash: z.string(),
  attempts: z.number().int(),
});
export type DocumentDetail = z.infer<typeof documentDetailSchema>;

export const EXPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const exportQuerySchema = z.object({
  format: z.enum(EXPORT_FORMATS).default('json'),
  line_items: z.enum(['rows', 'json']).default('rows'),
  /** CSV only: start the file with a UTF-8 byte-order mark, so Excel on Windows reads accented
   *  and non-Latin text right (the app's own exports ask for it; off by default for scripts). */
  bom: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});
/** An export's options (`bom` may be left out: off). */
export type ExportQuery = Omit<z.infer<typeof exportQuerySchema>, 'bom'> & { bom?: boolean | undefined };
