// The parse contract (Extend's Parse API shape): request config, parser_run, chunks, blocks
// and failure reasons, declared once as zod schemas. Every process imports these; the values
// an engine thread needs without the schemas live in ./parse-values.ts.
import { z } from 'zod';
import { FAILURE_REASONS, type FailureReason } from './parse-values.js';

export { boxPolygon, FAILURE_REASONS, isRetryable, type FailureReason } from './parse-values.js';

export const failureReasonSchema = z.enum(
  Object.keys(FAILURE_REASONS) as [FailureReason, ...FailureReason[]],
);

const pageRangeSchema = z
  .object({ start: z.number().int().min(1), end: z.number().int().min(1) })
  .refine((r) => r.end >= r.start, { message: 'end must not be before start' });

export const chunkingStrategySchema = z
  .object({
    type: z.enum(['page', 'document', 'section']).default('page'),
    minCharacters: z.number().int().min(0).optional(),
    maxCharacters: z.number().int().min(1).optional(),
  })
  .refine((c) => c.minCharacters === undefined || c.maxCharacters === undefined || c.minCharacters <= c.maxCharacters, {
    message: 'minCharacters must not exceed maxCharacters',
  });

export const parseConfigSchema = z
  .object({
    target: z.enum(['markdown', 'spatial']).default('markdown'),
    chunkingStrategy: chunkingStrategySchema.default({ type: 'page' }),
    blockOptions: z
      .object({
        figures: z
          .object({
            enabled: z.boolean().default(true),
            figureImageClippingEnabled: z.boolean().default(true),
          })
          .default({ enabled: true, figureImageClippingEnabled: true }),
        tables: z
          .object({
            enabled: z.boolean().default(true),
            targetFormat: z.enum(['markdown', 'html']).default('markdown'),
            cellBlocksEnabled: z.boolean().default(false),
          })
          .default({ enabled: true, targetFormat: 'markdown', cellBlocksEnabled: false }),
        text: z
          .object({ signatureDetectionEnabled: z.boolean().default(true) })
          .default({ signatureDetectionEnabled: true }),
        /** Running headers, footers and page numbers: recognised as their own blocks, and kept
         *  out of the markdown body unless `inMarkdown`. */
        furniture: z
          .object({ enabled: z.boolean().default(true), inMarkdown: z.boolean().default(false) })
          .default({ enabled: true, inMarkdown: false }),
      })
      .default({
        figures: { enabled: true, figureImageClippingEnabled: true },
        tables: { enabled: true, targetFormat: 'markdown', cellBlocksEnabled: false },
        text: { signatureDetectionEnabled: true },
        furniture: { enabled: true, inMarkdown: false },
      }),
    advancedOptions: z
      .object({
        pageRotationEnabled: z.boolean().default(true),
        pageRanges: z.array(pageRangeSchema).optional(),
        password: z.string().optional(),
        ocr: z.enum(['auto', 'force', 'off']).default('auto'),
        /** OCR languages as tesseract codes (default ["eng"]); others need local .traineddata files. */
        ocrLanguages: z
          .array(z.string().regex(/^[a-z]{3}(?:_[a-z]{3,4})?$/i, 'use tesseract language codes such as eng, deu, chi_tra'))
          .min(1)
          .optional(),
      })
      .default({ pageRotationEnabled: true, ocr: 'auto' }),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.target === 'spatial' && cfg.chunkingStrategy.type === 'section') {
      ctx.addIssue({
        code: 'custom',
        path: ['chunkingStrategy', 'type'],
        message: 'section chunking is not available with the spatial target',
      });
    }
  });

/** An option a caller's config gives that the contract does not have: where it is
 *  (`["advancedOptions", "pagerange"]`) and, for a near miss, where the option probably meant
 *  is (`["advancedOptions", "pageRanges"]`; an option of the same name elsewhere counts too). */
export interface UnknownConfigOption {
  path: Array<string | number>;
  suggestion?: Array<string | number>;
}

/** The options in `input` the config does not have. resolveParseConfig drops such keys (a run's
 *  stored config stays readable when an option goes away), so configs that come from outside
 *  (the local API) are checked with this first: a misspelt option would otherwise be ignored
 *  without a word. Only names are checked here; values are resolveParseConfig's. */
export function unknownConfigOptions(input: unknown): UnknownConfigOption[] {
  const found: UnknownConfigOption[] = [];
  collectUnknown(parseConfigSchema, input, [], found);
  return found;
}

/** The schema under its defaults and optionals. */
function bare(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (s instanceof z.ZodDefault || s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
  return s;
}

function collectUnknown(schema: z.ZodType, value: unknown, path: Array<string | number>, found: UnknownConfigOption[]): void {
  const s = bare(schema);
  if (s instanceof z.ZodArray) {
    if (Array.isArray(value)) value.forEach((item, i) => collectUnknown(s.element as z.ZodType, item, [...path, i], found));
    return;
  }
  // A value of the wrong type is left to resolveParseConfig, which names it.
  if (!(s instanceof z.ZodObject) || typeof value !== 'object' || value === null || Array.isArray(value)) return;
  const shape = s.shape as Record<string, z.ZodType>;
  for (const [key, v] of Object.entries(value)) {
    if (Object.hasOwn(shape, key)) collectUnknown(shape[key]!, v, [...path, key], found);
    else {
      const here = nearestName(key, Object.keys(shape));
      const suggestion = here !== undefined ? [...path, here] : nearestName(key, optionPaths(), (p) => p.at(-1) ?? '');
      found.push(suggestion ? { path: [...path, key], suggestion } : { path: [...path, key] });
    }
  }
}

let allPaths: string[][] | undefined;

/** Every option of the config, as its path (`["advancedOptions", "pageRanges"]`). */
function optionPaths(): string[][] {
  if (allPaths) return allPaths;
  const out: string[][] = [];
  const visit = (schema: z.ZodType, prefix: string[]) => {
    const s = bare(schema);
    const inner = s instanceof z.ZodArray ? bare(s.element as z.ZodType) : s;
    if (!(inner instanceof z.ZodObject)) return;
    for (const [key, child] of Object.entries(inner.shape as Record<string, z.ZodType>)) {
      out.push([...prefix, key]);
      visit(child, [...prefix, key]);
    }
  };
  visit(parseConfigSchema, []);
  return (allPaths = out);
}

/** The candidate whose name is closest to `name`, when close enough to be a misspelling
 *  (letter case ignored; a third of the longer name's letters may differ). */
function nearestName<T>(name: string, candidates: T[], nameOf: (c: T) => string = String): T | undefined {
  let best: { candidate: T; distance: number } | undefined;
  for (const candidate of candidates) {
    const other = nameOf(candidate);
    const distance = editDistance(name.toLowerCase(), other.toLowerCase());
    if (distance > Math.max(1, Math.floor(Math.max(name.length, other.length) / 3))) continue;
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  return best?.candidate;
}

/** Edits (insert, delete, replace, swap two neighbours) that turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = rows[i]!;
      const above = rows[i - 1]!;
      row[j] = Math.min(above[j]! + 1, row[j - 1]! + 1, above[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, rows[i - 2]![j - 2]! + 1);
    }
  }
  return rows[a.length]![b.length]!;
}

/** The config as a caller writes it (everything optional). */
export type ParseConfigInput = z.input<typeof parseConfigSchema>;
/** The config with every default applied, as echoed by a run. */
export type ParseConfig = z.output<typeof parseConfigSchema>;

export const pointSchema = z.object({ x: z.number(), y: z.number() });
export const boundingBoxSchema = z.object({
  left: z.number(),
  top: z.number(),
  right: z.number(),
  bottom: z.number(),
});
export type BoundingBox = z.infer<typeof boundingBoxSchema>;

export const BLOCK_TYPES = [
  'text',
  'heading',
  'section_heading',
  'table',
  'figure',
  'header',
  'footer',
  'page_number',
  'key_value',
  'table_cell',
] as const;
export const blockTypeSchema = z.enum(BLOCK_TYPES);
export type BlockType = z.infer<typeof blockTypeSchema>;

export const blockSchema = z.object({
  object: z.literal('block'),
  id: z.string().min(1),
  type: blockTypeSchema,
  content: z.string(),
  details: z.record(z.string(), z.unknown()),
  metadata: z.object({
    page: z.object({
      number: z.number().int().min(1),
      width: z.number(),
      height: z.number(),
      /** Clockwise degrees (0, 90, 180 or 270) the page's picture, as the file stores it, was
       *  turned to read it upright: a PDF's /Rotate plus any quarter turn OCR found. Width,
       *  height and every box are on the upright page. Absent in runs made before it existed. */
      rotation: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]).optional(),
    }),
    avgOcrConfidence: z.number().min(0).max(1).optional(),
    minOcrConfidence: z.number().min(0).max(1).optional(),
  }),
  polygon: z.array(pointSchema),
  boundingBox: boundingBoxSchema,
});
export type Block = z.infer<typeof blockSchema>;

/** A `figure` block's `details`. Its picture comes one of two ways: `imagePath`, the PNG file a
 *  run that writes to disk saved (command line, jobs), or `imageUrl`, the same PNG as a
 *  `data:image/png;base64,…` URL, in what `POST /parse` answers (self-contained: the server keeps
 *  no file). `imageError` says why a figure has no picture. Other keys may follow. */
export const figureDetailsSchema = z.looseObject({
  figureType: z.enum(['image', 'chart', 'diagram', 'logo', 'other']),
  source: z.enum(['image', 'drawing']).optional(),
  caption: z.string().optional(),
  text: z.string().optional(),
  signature: z.boolean().optional(),
  imagePath: z.string().optional(),
  imageUrl: z.string().startsWith('data:image/png;base64,').optional(),
  imageError: z.string().optional(),
});
export type FigureDetails = z.infer<typeof figureDetailsSchema>;

export const chunkSchema = z.object({
  object: z.literal('chunk'),
  type: z.enum(['page', 'document', 'section']),
  content: z.string(),
  metadata: z.object({ pageRange: z.object({ start: z.number().int(), end: z.number().int() }) }),
  blocks: z.array(blockSchema),
});
export type Chunk = z.infer<typeof chunkSchema>;

export const parseRunSchema = z.object({
  object: z.literal('parser_run'),
  id: z.string().min(1),
  fileId: z.string().min(1),
  status: z.enum(['PROCESSED', 'FAILED']),
  failureReason: failureReasonSchema.nullable(),
  failureMessage: z.string().nullable(),
  retryable: z.boolean().optional(),
  chunks: z.array(chunkSchema),
  config: parseConfigSchema,
  metrics: z.object({ processingTimeMs: z.number().min(0), pageCount: z.number().int().min(0) }),
  /** What a PROCESSED run leaves out, in sentences (pages of a damaged file that could not be
   *  read, pages the file declares but does not hold); absent when nothing is. */
  warnings: z.array(z.string()).optional(),
});
export type ParseRun = z.infer<typeof parseRunSchema>;

/** Applies defaults to a caller's config, or explains in one sentence why it is invalid. */
export function resolveParseConfig(
  input: unknown,
): { ok: true; config: ParseConfig } | { ok: false; message: string } {
  const parsed = parseConfigSchema.safeParse(input ?? {});
  if (parsed.success) return { ok: true, config: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return { ok: false, message: `Invalid parse options — ${where}${issue?.message ?? 'unknown problem'}.` };
}

/** The caller's config with defaults applied, or every default when it is invalid: what a
 *  failed run echoes. */
export function configOrDefaults(input: unknown): ParseConfig {
  const resolved = resolveParseConfig(input);
  return resolved.ok ? resolved.config : parseConfigSchema.parse({});
}
