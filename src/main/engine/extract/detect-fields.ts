// Proposes a parser's fields from a sample's layout: every "Label: value" line becomes a field
// named after its label, typed by what its value looks like.
import type { FieldDefinition, FieldType } from '../../../shared/api/parsers.js';
import { allLines, type DocumentEvidence } from './evidence.js';
import { fallbackLabelsFor, findByFallbackLabel, findByLabels, labelsFor } from './label-match.js';
import { proposeLineItems } from './line-items.js';
import { inferDateOrder, parseBoolean, parseDate, parseNumber } from './values.js';

const LABEL_VALUE = /^([\p{L}][\p{L}\p{N} #./()&'’-]{0,48}?)\s*[:：]\s*(\S.{0,120})$/u;
const MAX_FIELDS = 60;

/** snake_case of a label ("Invoice No." → "invoice_no"). */
export function fieldNameFor(label: string): string {
  const name = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/#/g, ' number ')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z_]/.test(name) ? name.slice(0, 100) : `field_${name}`.slice(0, 100);
}

/** The type a value's text suggests. */
export function typeOfValue(value: string): FieldType {
  const v = value.trim();
  if (parseBoolean(v) !== null && v.length <= 5) return 'boolean';
  if (/\d/.test(v) && parseDate(v) !== null && v.replace(/[\d\s./,-]|[A-Za-z]{3,9}/g, '').length <= 2) return 'date';
  // An amount: digits with separators, a sign or parentheses, and at most a currency symbol or
  // code. Identifiers (INV-001) and phone numbers (+1 555 0100) stay text.
  const amount = /^(?:[$€£¥₹]|(?:USD|EUR|GBP|INR|CHF|JPY|CAD|AUD|CNY|SEK|NOK|DKK)\s?)?[-−]?\(?\d{1,3}(?:[,.'’ ]?\d{3})*(?:[.,]\d+)?\)?\s?(?:[$€£¥₹%]|USD|EUR|GBP|INR|CHF)?$/u;
  if (amount.test(v) && !/^\+/.test(v) && parseNumber(v) !== null) return 'number';
  return 'string';
}

const PROSE_WORDS = new Set(['the', 'a', 'an', 'please', 'note', 'following', 'this', 'that', 'these', 'is', 'are', 'was', 'we', 'you', 'our', 'your', 'will', 'be', 'to', 'at', 'see']);

const PAGE_LABEL = /^(?:page|pg|p|seite|blatt|pagina|página|blad|sida|side)\.?(?:\s*(?:no|nr|n°|number))?\.?$/iu;

/** Sentences with a colon, URLs and clock times are not labels: a label is short, is not
 *  prose, and its value does not continue a URL or a time; a page number is not a field. */
function looksLikeLabel(label: string, value: string): boolean {
  // "Page: 1 / 1" is the page's number, not a field of the document.
  if (PAGE_LABEL.test(label) && /^\d/.test(value)) return false;
  const words = label.toLowerCase().split(/\s+/);
  if (words.length > 5) return false;
  if (/(https?|mailto|ftp|www)$/i.test(label) || value.startsWith('//')) return false;
  if (/\d$/.test(label) && /^\d/.test(value)) return false;
  return words.filter((w) => PROSE_WORDS.has(w)).length < 2 && !(words.length >= 3 && PROSE_WORDS.has(words[0]!));
}

const NEXT_LABEL = /\s(?=\p{Lu}[\p{L}.#/-]*(?: [\p{L}.#/-]+){0,3}\s*[:：]\s)/u;

/** Lines of a paragraph arrive joined ("Invoice No: 7 Invoice Date: 2024-03-15"): split a
 *  line at wide gaps, and after each label's value where the next "Label:" begins. */
export function splitLabelledSegments(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(/\s{3,}/)) {
    let rest = part.trim();
    while (rest) {
      const colon = /[:：]\s/.exec(rest);
      // The value takes at least its first word; the next label may start after it.
      const valueAt = colon ? colon.index + colon[0].length : -1;
      const firstWord = valueAt >= 0 ? /^\S+/.exec(rest.slice(valueAt)) : null;
      const from = valueAt + (firstWord?.[0].length ?? 0);
      const next = firstWord ? NEXT_LABEL.exec(rest.slice(from)) : null;
      if (!next) {
        out.push(rest);
        break;
      }
      out.push(rest.slice(0, from + next.index).trim());
      rest = rest.slice(from + next.index).trim();
    }
  }
  return out;
}

/** The fields most documents of business carry, proposed when their label is on the page
 *  with a value of the right type beside or below it (with or without a colon). */
const KEY_FIELDS: FieldDefinition[] = [
  { name: 'invoice_number', type: 'string', description: 'Invoice number' },
  { name: 'invoice_date', type: 'date', description: 'Invoice date' },
  { name: 'due_date', type: 'date', description: 'Payment due date' },
  { name: 'order_number', type: 'string', description: 'Order number' },
  { name: 'customer_number', type: 'string', description: 'Customer number' },
  { name: 'subtotal', type: 'number', description: 'Amount before tax' },
  { name: 'tax', type: 'number', description: 'Tax amount' },
  { name: 'total', type: 'number', description: 'Total amount' },
];

/** Key fields whose label and a typed value are found; returns them with the labels used. */
function keyFields(doc: DocumentEvidence): { fields: FieldDefinition[]; labels: Set<string> } {
  const lines = allLines(doc);
  const ctx = { dateOrder: inferDateOrder(lines.map((l) => l.text).join('\n')) };
  const fields: Array<{ field: FieldDefinition; at: [number, number, number] }> = [];
  const labels = new Set<string>();
  const cited = new Set<string>();
  for (const field of KEY_FIELDS) {
    const plain: FieldDefinition = { name: field.name, type: field.type };
    // The field's own labels first; its fallbacks ("Booking ID") then stand for it, and are not
    // proposed again as fields of their own.
    let found = findByLabels(plain, labelsFor(plain), lines, ctx);
    if (found.value === null) {
      found = findByFallbackLabel(plain, lines, ctx);
      if (found.value !== null) for (const l of fallbackLabelsFor(plain)) labels.add(fieldNameFor(l));
    }
    // A label in the middle of a line ("Due Date" for "date") is not enough to propose a field,
    // nor is a value another key field already took (one line may state two: "Facture n°7 du 02
    // Juillet 2015").
    const where = found.citation ? `${found.citation.page}:${found.citation.box.left}:${found.citation.box.top}:${found.citation.text}:${String(found.value)}` : '';
    if (found.value === null || found.confidence < 0.75 || cited.has(where)) continue;
    cited.add(where);
    const c = found.citation;
    fields.push({ field: { ...field, required: false }, at: c ? [c.page, c.box.top, c.box.left] : [Infinity, 0, 0] });
    for (const l of labelsFor(field)) labels.add(fieldNameFor(l));
  }
  // In reading order, as the page shows them.
  fields.sort((a, b) => a.at[0] - b.at[0] || a.at[1] - b.at[1] || a.at[2] - b.at[2]);
  return { fields: fields.map((f) => f.field), labels };
}

/** Fields found in a processed document: the key fields of business documents first, then
 *  every other "Label: value" in reading order. */
export function detectFields(doc: DocumentEvidence): FieldDefinition[] {
  const key = keyFields(doc);
  const items = proposeLineItems(doc.pages);
  const fields: FieldDefinition[] = [...key.fields, ...(items ? [items] : [])];
  const seen = new Set<string>([...key.fields.map((f) => f.name), ...key.labels]);
  for (const segment of allLines(doc).flatMap((l) => splitLabelledSegments(l.text))) {
    const m = LABEL_VALUE.exec(segment);
    if (!m) continue;
    const label = m[1]!.trim();
    const value = m[2]!.trim();
    if (!looksLikeLabel(label, value)) continue;
    const name = fieldNameFor(label);
    if (!name || seen.has(name)) continue;
    seen.add(name);
    fields.push({ name, type: typeOfValue(value), description: label, required: false });
    if (fields.length >= MAX_FIELDS) break;
  }
  return fields;
}
