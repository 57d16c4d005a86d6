// invoice2data-compatible template extraction: pick the template for a document's text and
// extract its fields. Templates come from `loadTemplate` / `loadTemplates` (template.ts).
import { extractWithTemplate, type ExtractOptions } from './extract.js';
import { matchTemplate } from './match.js';
import type { Invoice2DataTemplate } from './schema.js';

export { extractWithTemplate, DEFAULT_REQUIRED_FIELDS, type ExtractOptions, type ExtractResult } from './extract.js';
export { matchTemplate, matchesTemplate, prepareInput, byPriority } from './match.js';
export { loadTemplate, loadTemplates, TemplateError } from './template.js';
export { parseDate, strptime } from './dates.js';
export { parseNumber } from './values.js';
export { PyRegexError } from './py-regex.js';
export type * from './schema.js';

/** What `runInvoice2Data` found: the issuer of the matching template (null: none matched). */
export interface Invoice2DataResult {
  template: string | null;
  data: Record<string, unknown>;
  missing: string[];
}

/** Matches the text against the templates and extracts with the first that fits. */
export function runInvoice2Data(
  text: string,
  templates: readonly Invoice2DataTemplate[],
  opts: ExtractOptions = {},
): Invoice2DataResult {
  const template = matchTemplate(text, templates);
  if (!template) return { template: null, data: {}, missing: [] };
  return { template: template.issuer, ...extractWithTemplate(text, template, opts) };
}
