// Runs one template over a document's text, in invoice2data's order: issuer, the fields as
// listed (regex, static, lines), currency, the `lines` and `tables` plugins, unit codes for
// line items, and `desc`. Pure: text in, data out.
import { parseLines } from './lines.js';
import { prepareInput } from './match.js';
import { parseRegexField } from './regex-field.js';
import type { Invoice2DataTemplate, TemplateArea } from './schema.js';
import { extractTables } from './tables.js';
import { normalizeLinesUom } from './unece.js';
import { isPresent } from './values.js';

/** Fields invoice2data requires when a template lists no `required_fields`. */
export const DEFAULT_REQUIRED_FIELDS = ['date', 'amount', 'invoice_number', 'issuer'] as const;

/** Hooks from the caller (the engine itself never reads files). */
export interface ExtractOptions {
  /** Text of a page region, for fields with an `area` (invoice2data re-runs pdftotext on it).
   *  Without it, or when it returns null, such fields search the whole text. */
  areaText?: (area: TemplateArea) => string | null;
}

/** What one template found in a document. */
export interface ExtractResult {
  /** Field values: strings, numbers, dates as `YYYY-MM-DD`, lists, and line-item lists. */
  data: Record<string, unknown>;
  /** Required fields that were not found (the document would be rejected by invoice2data). */
  missing: string[];
}

/** Extracts the template's fields from a document's raw text (prepared here with the
 *  template's options). Always returns what was found; `missing` says what is incomplete. */
export function extractWithTemplate(text: string, template: Invoice2DataTemplate, opts: ExtractOptions = {}): ExtractResult {
  const options = template.options;
  const prepared = prepareInput(text, options);
  const data: Record<string, unknown> = { issuer: template.issuer };
  for (const field of template.fields) {
    if (field.parser === 'static') {
      if (field.legacy || isPresent(field.value)) data[field.key] = field.value;
    } else if (field.parser === 'regex') {
      // invoice2data searches an area's raw pdftotext output, without the template's options.
      const content = (field.area && opts.areaText?.(field.area)) ?? prepared;
      const value = parseRegexField(field, content, options);
      if (isPresent(value)) data[field.key] = value;
    } else {
      const rows = parseLines(field.rules, prepared, options);
      if (rows.length > 0) data[field.key] = rows;
    }
  }
  data['currency'] = options.currency;
  // The plugin sets `lines` even when it found none.
  if (template.lines) data['lines'] = parseLines(template.lines, prepared, options);
  extractTables(template.tables, prepared, options, data);
  normalizeLinesUom(data);
  data['desc'] = `Invoice from ${template.issuer}`;
  const required = template.requiredFields ?? DEFAULT_REQUIRED_FIELDS;
  return { data, missing: required.filter((k) => !(k in data)) };
}
