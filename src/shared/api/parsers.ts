// Parsers (extraction templates): field definitions, the JSON Schema made from them, and the
// bodies of create / update / detect-fields.
import { z } from 'zod';
import { timestampSchema } from './common.js';

export const FIELD_TYPES = ['string', 'number', 'boolean', 'date', 'array', 'object'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** A box on a page in points from the top-left, as blocks carry it. */
export interface RuleBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** A user's rule for one field, tried (in order) before the layout heuristics:
 *  - `anchor`: the value next to a label, in a direction (`offset` skips that many words or lines);
 *  - `zone`: the text inside a box of a page (every page when `page` is absent);
 *  - `regex`: a regular expression over the layout-preserving text (`group`: which capture);
 *  - `fixed`: a constant. */
export type FieldRule =
  | { kind: 'anchor'; label: string; direction: 'right' | 'below' | 'above' | 'left'; offset?: number | undefined; maxDistance?: number | undefined }
  | { kind: 'zone'; page?: number | undefined; box: RuleBox }
  | { kind: 'regex'; pattern: string; flags?: string | undefined; group?: number | string | undefined }
  | { kind: 'fixed'; value: string | number | boolean };

/** How a field's text is read: an explicit date format (strptime style, e.g. `%d.%m.%Y`) and
 *  the decimal separator of amounts. */
export interface FieldFormat {
  date_format?: string | undefined;
  decimal_separator?: '.' | ',' | undefined;
}

export interface FieldDefinition {
  name: string;
  type: FieldType;
  description?: string | undefined;
  required?: boolean | undefined;
  /** Sub-fields of an array (one line item) or an object. */
  fields?: FieldDefinition[] | undefined;
  rules?: FieldRule[] | undefined;
  format?: FieldFormat | undefined;
}

/** The limits on what a parser's fields hold: lengths of a field's name, description, an anchor's
 *  label, a regex's pattern and a date format; an anchor's largest offset; how many fields one
 *  list and rules one field have. */
export const FIELD_LIMITS = { name: 100, description: 1000, fields: 200, rules: 20, label: 200, offset: 50, pattern: 2000, dateFormat: 100 } as const;

/** A field name: a letter or _, then letters, digits, spaces, _ . - (at most `FIELD_LIMITS.name` in all). */
export const FIELD_NAME = new RegExp(`^[A-Za-z_][A-Za-z0-9_ .-]{0,${FIELD_LIMITS.name - 1}}$`);

/** The flags a regex rule may have. */
export const REGEX_FLAGS = /^[imsu]*$/;

const ruleBoxSchema = z
  .object({ left: z.number(), top: z.number(), right: z.number(), bottom: z.number() })
  .strict()
  .refine((b) => b.right > b.left && b.bottom > b.top, 'right must exceed left and bottom exceed top');

export const fieldRuleSchema: z.ZodType<FieldRule> = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('anchor'),
      label: z.string().min(1).max(FIELD_LIMITS.label),
      direction: z.enum(['right', 'below', 'above', 'left']),
      offset: z.number().int().min(0).max(FIELD_LIMITS.offset).optional(),
      maxDistance: z.number().positive().max(5000).optional(),
    })
    .strict(),
  z.object({ kind: z.literal('zone'), page: z.number().int().min(1).optional(), box: ruleBoxSchema }).strict(),
  z
    .object({
      kind: z.literal('regex'),
      pattern: z
        .string()
        .min(1)
        .max(FIELD_LIMITS.pattern)
        .refine((p) => {
          try {
            new RegExp(p);
            return true;
          } catch {
            return false;
          }
        }, 'not a valid regular expression'),
      flags: z.string().regex(REGEX_FLAGS, 'flags may only be i, m, s, u').optional(),
      group: z.union([z.number().int().min(0), z.string().min(1)]).optional(),
    })
    .strict(),
  z.object({ kind: z.literal('fixed'), value: z.union([z.string(), z.number(), z.boolean()]) }).strict(),
]);

export const fieldFormatSchema: z.ZodType<FieldFormat> = z
  .object({
    date_format: z.string().min(2).max(FIELD_LIMITS.dateFormat).optional(),
    decimal_separator: z.enum(['.', ',']).optional(),
  })
  .strict();

export const fieldDefinitionSchema: z.ZodType<FieldDefinition> = z.lazy(() =>
  z
    .object({
      name: z.string().regex(FIELD_NAME, `a field name starts with a letter or _ and has at most ${FIELD_LIMITS.name} letters, digits, spaces, _ . -`),
      type: z.enum(FIELD_TYPES),
      description: z.string().max(FIELD_LIMITS.description).optional(),
      required: z.boolean().optional(),
      fields: z.array(fieldDefinitionSchema).max(FIELD_LIMITS.fields).optional(),
      rules: z.array(fieldRuleSchema).max(FIELD_LIMITS.rules).optional(),
      format: fieldFormatSchema.optional(),
    })
    .strict()
    .superRefine((f, ctx) => {
      if (f.fields && f.type !== 'array' && f.type !== 'object') {
        ctx.addIssue({ code: 'custom', path: ['fields'], message: 'only array and object fields have sub-fields' });
      }
      const names = new Set<string>();
      for (const [i, sub] of (f.fields ?? []).entries()) {
        if (names.has(sub.name)) ctx.addIssue({ code: 'custom', path: ['fields', i, 'name'], message: `duplicate field name "${sub.name}"` });
        names.add(sub.name);
      }
    }),
);

export const fieldListSchema = z
  .array(fieldDefinitionSchema)
  .max(FIELD_LIMITS.fields)
  .superRefine((fields, ctx) => {
    const names = new Set<string>();
    for (const [i, f] of fields.entries()) {
      if (names.has(f.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate field name "${f.name}"` });
      names.add(f.name);
    }
  });

/** The longest name a parser can have. */
export const PARSER_NAME_MAX = 100;

export const RESULT_MODES = ['one_per_file', 'one_per_page'] as const;
export type ResultMode = (typeof RESULT_MODES)[number];

export const parserCreateSchema = z
  .object({
    name: z.string().trim().min(1).max(PARSER_NAME_MAX),
    description: z.string().max(2000).optional(),
    result_mode: z.enum(RESULT_MODES).default('one_per_file'),
    fields: fieldListSchema.default([]),
  })
  .strict();
export type ParserCreate = z.output<typeof parserCreateSchema>;

export const parserPatchSchema = z
  .object({
    name: z.string().trim().min(1).max(PARSER_NAME_MAX).optional(),
    description: z.string().max(2000).nullable().optional(),
    result_mode: z.enum(RESULT_MODES).optional(),
    fields: fieldListSchema.optional(),
  })
  .strict();
export type ParserPatch = z.output<typeof parserPatchSchema>;

export const detectFieldsBodySchema = z
  .object({
    sample_file_id: z.string().min(1).optional(),
    prompt: z.string().max(4000).optional(),
    replace_existing_schema: z.boolean().default(false),
  })
  .strict();
export type DetectFieldsBody = z.output<typeof detectFieldsBodySchema>;

export const parserSchema = z.object({
  parser_id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  result_mode: z.enum(RESULT_MODES),
  schema: z.record(z.string(), z.unknown()).nullable(),
  fields: z.array(fieldDefinitionSchema),
  has_sample_file: z.boolean(),
  sample_file_id: z.string().nullable(),
  created_at: timestampSchema,
  updated_at: timestampSchema,
});
export type Parser = z.infer<typeof parserSchema>;

/** The JSON Schema (draft 2020-12) that a parser's fields describe; null when it has none. */
export function fieldsToJsonSchema(fields: FieldDefinition[]): Record<string, unknown> | null {
  if (fields.length === 0) return null;
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', ...objectSchema(fields) };
}

function objectSchema(fields: FieldDefinition[]): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const f of fields) properties[f.name] = fieldSchema(f);
  const required = fields.filter((f) => f.required).map((f) => f.name);
  return { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false };
}

function fieldSchema(f: FieldDefinition): Record<string, unknown> {
  const described = f.description ? { description: f.description } : {};
  switch (f.type) {
    case 'date':
      return { type: ['string', 'null'], format: 'date', ...described };
    case 'array':
      return { type: 'array', items: f.fields?.length ? objectSchema(f.fields) : { type: 'string' }, ...described };
    case 'object':
      return { ...objectSchema(f.fields ?? []), type: ['object', 'null'], ...described };
    default:
      return { type: [f.type, 'null'], ...described };
  }
}

/** What parsers.update says (CONFLICT) when `expected_updated_at` is no longer the parser's version. */
export const PARSER_CHANGED_MESSAGE = 'This parser was changed elsewhere (in another window or through the API) after you opened it.';
