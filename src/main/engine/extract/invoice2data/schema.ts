// The shape of an invoice2data template (YAML or JSON), checked with zod, and the typed form
// the engine works on. Both the legacy field syntax (a regex string or list, `static_` and
// `sum_` prefixes) and the newer `{parser: regex|static|lines, …}` syntax are accepted.
import { z } from 'zod';

/** Value types a field or a line column can be coerced to. */
export type ValueType = 'int' | 'float' | 'date' | 'datetime' | 'str';
/** How several regex matches collapse into one value. */
export type GroupMethod = 'sum' | 'min' | 'max' | 'first' | 'last' | 'join';

/** A page region for a field (pdftotext `-f -l -x -y -r -W -H`: pages, pixels at `r` dpi). */
export interface TemplateArea {
  f: number;
  l: number;
  x: number;
  y: number;
  r: number;
  W: number;
  H: number;
}

/** One block of line items: where it starts and ends and how its lines look. */
export interface LinesRule {
  start: string;
  end: string;
  line: string[];
  firstLine: string[] | null;
  lastLine: string[] | null;
  skipLine: string[];
  types: Record<string, ValueType>;
  lineSeparator: string;
}

interface FieldBase {
  /** The key in the template's `fields`. */
  name: string;
  /** The key in the output (`static_vat` → `vat`, `sum_amount_tax` → `amount_tax`). */
  key: string;
}
/** A field read with regexes (`parser: regex`, or the legacy string / list syntax). */
export interface RegexField extends FieldBase {
  parser: 'regex';
  regex: string[];
  type: ValueType | null;
  group: GroupMethod | null;
  area: TemplateArea | null;
  /** Legacy syntax: duplicates are removed without keeping their order in invoice2data. */
  legacy: boolean;
}
/** A fixed value (`parser: static`, or a `static_` key). */
export interface StaticField extends FieldBase {
  parser: 'static';
  value: unknown;
  /** `static_x: value` (always output) rather than `{parser: static}` (output when non-empty). */
  legacy: boolean;
}
/** Line items (`parser: lines`), output as a list of rows. */
export interface LinesField extends FieldBase {
  parser: 'lines';
  rules: LinesRule[];
}
/** One entry of `fields`, in template order. */
export type FieldDef = RegexField | StaticField | LinesField;

/** The `tables` plugin: named groups of `body`, matched line by line between start and end. */
export interface TableDef {
  start: string;
  end: string;
  body: string;
  lineSeparator: string;
  types: Record<string, ValueType>;
}

/** `options`, with invoice2data's defaults applied. */
export interface TemplateOptions {
  currency: string;
  dateFormats: string[];
  languages: string[];
  decimalSeparator: string;
  removeWhitespace: boolean;
  removeAccents: boolean;
  lowercase: boolean;
  replace: [string, string][];
}

/** A loaded, validated template. */
export interface Invoice2DataTemplate {
  /** The file name it came from (invoice2data's `template_name`). */
  name: string;
  issuer: string;
  keywords: string[];
  excludeKeywords: string[];
  /** Higher priority templates are tried first (default 5). */
  priority: number;
  fields: FieldDef[];
  /** The legacy top-level `lines` plugin, output under `lines`. */
  lines: LinesRule[] | null;
  tables: TableDef[];
  options: TemplateOptions;
  /** `null`: invoice2data's default (date, amount, invoice_number, issuer). */
  requiredFields: string[] | null;
  inputModule: string | null;
}

const scalarText = z.union([z.string(), z.number()]).transform(String);
const textList = z.union([scalarText, z.array(scalarText)]).transform((v) => (Array.isArray(v) ? v : [v]));
const valueType = z
  .enum(['int', 'float', 'date', 'datetime', 'str', 'string'])
  .transform((t): ValueType => (t === 'string' ? 'str' : t));
const types = z.record(z.string(), valueType).default({});

/** `area:` of a field. */
export const areaSchema = z.object({
  f: z.number(),
  l: z.number(),
  x: z.number(),
  y: z.number(),
  r: z.number(),
  W: z.number(),
  H: z.number(),
});

/** `{parser: regex, regex, type?, group?, area?}`. */
export const regexFieldSchema = z.looseObject({
  parser: z.literal('regex'),
  regex: textList,
  type: valueType.optional(),
  group: z.enum(['sum', 'min', 'max', 'first', 'last', 'join']).optional(),
  area: areaSchema.optional(),
});

/** `{parser: static, value}`. */
export const staticFieldSchema = z.looseObject({ parser: z.literal('static'), value: z.unknown() });

/** One lines rule set (also the flat form of a `lines` parser or plugin). */
export const linesRuleSchema = z.looseObject({
  start: scalarText,
  end: scalarText,
  line: textList,
  first_line: textList.optional(),
  last_line: textList.optional(),
  skip_line: textList.optional(),
  types,
  line_separator: z.string().default('\\n'),
});

/** A `lines` parser or plugin with several rule sets (`rules: [...]`). */
export const linesRulesSchema = z.looseObject({ rules: z.array(linesRuleSchema).min(1) });

/** One entry of `tables`. */
export const tableSchema = z.looseObject({
  start: scalarText,
  end: scalarText,
  body: scalarText,
  line_separator: z.string().default('\\n'),
  types,
});

const replacePair = z.tuple([scalarText, scalarText]);

/** `options:` with invoice2data's defaults. */
export const optionsSchema = z.looseObject({
  currency: scalarText.default('EUR'),
  date_formats: textList.default([]),
  languages: textList.default([]),
  decimal_separator: scalarText.default('.'),
  remove_whitespace: z.boolean().default(false),
  remove_accents: z.boolean().default(false),
  lowercase: z.boolean().default(false),
  // A single pair is accepted as well as a list of pairs.
  replace: z.union([replacePair.transform((p) => [p]), z.array(replacePair)]).default([]),
  required_fields: z.array(scalarText).optional(),
});

/** The top level of a template file. */
export const templateSchema = z.looseObject({
  issuer: scalarText.optional(),
  keywords: textList.refine((k) => k.length > 0, 'needs at least one keyword'),
  exclude_keywords: textList.default([]),
  fields: z.record(z.string(), z.unknown()).default({}),
  lines: z.unknown().optional(),
  tables: z.unknown().optional(),
  options: optionsSchema.default(optionsSchema.parse({})),
  required_fields: z.array(scalarText).optional(),
  priority: z.number().default(5),
  input_module: z.string().optional(),
});

/** The legacy syntax of a field: a regex, a list of regexes, or a `static_` value. */
export const legacyFieldSchema = z.union([z.string(), z.number(), z.boolean(), z.array(scalarText)]);
