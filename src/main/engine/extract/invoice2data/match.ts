// Picks the template for a document the way invoice2data does: templates by descending
// priority (ties keep their load order), the text prepared with each template's own options,
// and the first whose keywords all match and whose exclude_keywords all miss wins.
import { pySearch, pySub } from './py-re.js';
import type { Invoice2DataTemplate, TemplateOptions } from './schema.js';

/** invoice2data's `prepare_input`: space removal, accent removal, lower case, then `replace`. */
export function prepareInput(text: string, options: TemplateOptions): string {
  let s = text;
  if (options.removeWhitespace) s = s.replace(/ +/g, '');
  if (options.removeAccents) s = s.normalize('NFKD').replace(/[\u0300-\u0362]/g, '');
  if (options.lowercase) s = s.toLowerCase();
  for (const [pattern, repl] of options.replace) s = pySub(pattern, repl, s);
  return s;
}

/** The pattern without its literal spaces (those outside character classes). */
function withoutSpaces(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      const next = pattern[i + 1] ?? '';
      if (!(next === ' ' && !inClass)) out += ch + next;
      i++;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
    if (ch !== ' ' || inClass) out += ch;
  }
  return out;
}

function found(pattern: string, text: string, options: TemplateOptions): boolean {
  try {
    if (pySearch(pattern, text)) return true;
    // With remove_whitespace the text has no spaces left, so a keyword written with spaces
    // ("WS Retail") could never match; invoice2data asks authors to adapt such keywords by
    // hand, we apply the same space removal to the keyword.
    if (options.removeWhitespace && pattern.includes(' ')) return pySearch(withoutSpaces(pattern), text) !== null;
  } catch {
    return false;
  }
  return false;
}

/** Whether the template's keywords all match the prepared text and no exclude keyword does. */
export function matchesTemplate(preparedText: string, template: Invoice2DataTemplate): boolean {
  const o = template.options;
  return (
    template.keywords.every((k) => found(k, preparedText, o)) &&
    !template.excludeKeywords.some((k) => found(k, preparedText, o))
  );
}

/** Templates in the order invoice2data tries them: priority high to low, stable. */
export function byPriority(templates: readonly Invoice2DataTemplate[]): Invoice2DataTemplate[] {
  return templates
    .map((t, i) => ({ t, i }))
    .sort((a, b) => b.t.priority - a.t.priority || a.i - b.i)
    .map(({ t }) => t);
}

/** The template for this (raw) document text, or null when none matches. */
export function matchTemplate(text: string, templates: readonly Invoice2DataTemplate[]): Invoice2DataTemplate | null {
  for (const t of byPriority(templates)) {
    if (matchesTemplate(prepareInput(text, t.options), t)) return t;
  }
  return null;
}
