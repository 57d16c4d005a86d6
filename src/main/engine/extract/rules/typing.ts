// How a rule's text becomes the field's value: dates by the field's own strptime format first,
// numbers with its decimal separator, yes/no answers; strings beside a label end at a wide gap,
// strings a zone or a regular expression delimits are kept whole.
import type { FieldDefinition, FieldRule } from '../../../../shared/api/parsers.js';
import type { BoundingBox } from '../../../../shared/parse-contract.js';
import { strptime } from '../invoice2data/dates.js';
import { coerce, type MatchContext } from '../label-match.js';
import { roundConfidence, type FieldValue } from '../result.js';

/** The longest string a zone or a regular expression yields. */
const MAX_WHOLE = 2000;
/** How many words of a text are tried against a date format. */
const MAX_DATE_WORDS = 200;

/** `beside`: the text next to a label (a string ends at a wide gap or the next "Label:");
 *  `whole`: text the rule delimits itself (a zone, a capture), kept as it is. */
export type Reading = 'beside' | 'whole';

/** The date in the text by a strptime format: the whole text, else any run of as many words as
 *  the format has (brackets and trailing commas around it ignored). */
function byFormat(text: string, format: string): string | null {
  const whole = strptime(text.trim(), format);
  if (whole) return whole;
  const n = format.trim().split(/\s+/).length;
  const words = text.trim().split(/\s+/).slice(0, MAX_DATE_WORDS);
  for (let i = 0; i + n <= words.length; i++) {
    const run = words.slice(i, i + n).join(' ');
    const found = strptime(run, format) ?? strptime(run.replace(/^[([{"'«]+|[)\]}"'»,;:]+$/gu, ''), format);
    if (found) return found;
  }
  return null;
}

/** The text read as the field's type; null when it is not one (or the field is not a scalar). */
export function typed(field: FieldDefinition, text: string, ctx: MatchContext, reading: Reading): string | number | boolean | null {
  let value: unknown;
  switch (field.type) {
    case 'array':
    case 'object':
      return null;
    case 'date': {
      const format = field.format?.date_format;
      value = (format ? byFormat(text, format) : null) ?? coerce(field, text, ctx);
      break;
    }
    case 'string':
      value = reading === 'beside' ? coerce(field, text, ctx) : text.trim().slice(0, MAX_WHOLE);
      break;
    default:
      value = coerce(field, text, ctx);
  }
  if (typeof value === 'string') return value === '' ? null : value;
  return typeof value === 'number' || typeof value === 'boolean' ? value : null;
}

/** A `fixed` rule's constant as the field's type: booleans and finite numbers stand as they
 *  are, 1 / 0 are true / false, strings are read like any other text. */
export function fixedValue(field: FieldDefinition, value: Extract<FieldRule, { kind: 'fixed' }>['value'], ctx: MatchContext): string | number | boolean | null {
  if (field.type === 'string') return typed(field, String(value), ctx, 'whole');
  if (typeof value === 'string') return typed(field, value, ctx, 'whole');
  if (field.type === 'boolean') {
    if (typeof value === 'boolean') return value;
    return value === 1 ? true : value === 0 ? false : null;
  }
  if (field.type === 'number') return typeof value === 'number' && Number.isFinite(value) ? value : null;
  return null;
}

/** A value a rule found: its confidence (times the OCR confidence of the text, when known) and
 *  the page, box and text it cites. */
export function ruleValue(value: unknown, score: number, page: number, box: BoundingBox, text: string, ocr?: number): FieldValue {
  return { value, confidence: roundConfidence(score * (ocr ?? 1)), citation: { page, box, text }, source: 'rule' };
}
