// Proposes a parser's fields from a sample's layout: every "Label: value" line becomes a field
// named after its label, typed by what its value looks like.
import type { FieldDefinition, FieldType } from '../../../shared/api/parsers.js';
import type { ParseRun } from '../../../shared/parse-contract.js';
import { runLines } from './label-match.js';
import { parseBoolean, parseDate, parseNumber } from './values.js';

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
  if (/^[^\p{L}]*\d[\d\s.,'’]*[^\p{L}]*$|^\p{Lu}{3}\s*[-−]?\d/u.test(v) && parseNumber(v) !== null) return 'number';
  return 'string';
}

/** Fields found as labelled values in a processed run, in reading order. */
export function detectFields(run: ParseRun): FieldDefinition[] {
  const fields: FieldDefinition[] = [];
  const seen = new Set<string>();
  for (const line of runLines(run)) {
    const m = LABEL_VALUE.exec(line.text);
    if (!m) continue;
    const label = m[1]!.trim();
    const value = m[2]!.trim();
    // Sentences with a colon are not labels: a label is short and mostly not lowercase prose.
    if (label.split(/\s+/).length > 5 || /^(https?|mailto)$/i.test(label)) continue;
    const name = fieldNameFor(label);
    if (!name || seen.has(name)) continue;
    seen.add(name);
    fields.push({ name, type: typeOfValue(value), description: label, required: false });
    if (fields.length >= MAX_FIELDS) break;
  }
  return fields;
}
