// Values from the PDF's own form: a field whose name (or description) is the name of an
// AcroForm field takes that field's value, typed as the parser asks.
import type { FieldDefinition } from '../../../shared/api/parsers.js';
import type { DocumentEvidence, FormEvidence } from './evidence.js';
import { coerce, type MatchContext } from './label-match.js';
import type { FieldValue } from './result.js';

const key = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

function typed(field: FieldDefinition, form: FormEvidence, ctx: MatchContext): unknown {
  const v = form.value;
  switch (field.type) {
    case 'boolean':
      return typeof v === 'boolean' ? v : v === null ? false : true;
    case 'array':
      return v === null || v === false ? [] : Array.isArray(v) ? v : [String(v)];
    case 'string':
      if (typeof v === 'boolean') return v ? 'Yes' : null;
      return Array.isArray(v) ? (v.length ? v.join(', ') : null) : v;
    default: {
      const text = Array.isArray(v) ? v.join(' ') : typeof v === 'string' ? v : null;
      return text === null ? null : coerce(field, text, ctx);
    }
  }
}

/** The value of the form field named like the parser's field, or null when there is none. */
export function findInForm(field: FieldDefinition, doc: DocumentEvidence, ctx: MatchContext): FieldValue | null {
  const wanted = new Set([key(field.name), ...(field.description ? [key(field.description)] : [])]);
  for (const page of doc.pages) {
    const form = page.formFields?.find((f) => wanted.has(key(f.name)));
    if (!form) continue;
    const value = typed(field, form, ctx);
    const text = Array.isArray(form.value) ? form.value.join(', ') : String(form.value ?? '');
    return { value: value === undefined ? null : value, confidence: 1, citation: { page: form.page, box: form.box, text }, source: 'form' };
  }
  return null;
}
