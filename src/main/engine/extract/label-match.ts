// Field extraction by label matching: each scalar field is looked for as a label on the page
// ("Invoice No.: 123", or a label with its value on the next line) by its name, its
// description and common synonyms, and the text beside it is read as the field's type.
import type { FieldDefinition, ResultMode } from '../../../shared/api/parsers.js';
import type { ParseRun } from '../../../shared/parse-contract.js';
import { parseBoolean, parseDate, parseNumber } from './values.js';

/** Labels that commonly stand for a field, keyed by a normalised field name. */
const SYNONYMS: Record<string, string[]> = {
  invoicenumber: ['invoice no', 'invoice #', 'invoice number', 'invoice nr', 'inv no', 'rechnungsnummer', 'rechnung nr', 'facture n'],
  invoicedate: ['invoice date', 'date of invoice', 'rechnungsdatum', 'date'],
  duedate: ['due date', 'payment due', 'fällig', 'faellig am'],
  total: ['total', 'amount due', 'total due', 'grand total', 'gesamtbetrag', 'summe'],
  totalamount: ['total', 'amount due', 'total amount', 'grand total', 'gesamtbetrag'],
  subtotal: ['subtotal', 'sub total', 'net amount', 'nettobetrag'],
  tax: ['tax', 'vat', 'mwst', 'ust', 'sales tax'],
  currency: ['currency', 'währung'],
  ordernumber: ['order no', 'order #', 'order number', 'po number', 'purchase order', 'bestellnummer'],
  customernumber: ['customer no', 'customer #', 'customer number', 'account no', 'kundennummer'],
  vendor: ['vendor', 'supplier', 'from', 'seller'],
  email: ['email', 'e-mail'],
  phone: ['phone', 'tel', 'telephone', 'telefon'],
};

export interface LineText {
  page: number;
  text: string;
}

export interface ExtractionOutput {
  data: unknown;
  confidence: number | null;
}

function normalise(s: string): string {
  return s.toLowerCase().replace(/[_\-.]+/g, ' ').replace(/\s+/g, ' ').trim();
}

function labelsFor(field: FieldDefinition): string[] {
  const key = field.name.toLowerCase().replace(/[^a-z0-9]/g, '');
  const spaced = normalise(field.name.replace(/([a-z])([A-Z])/g, '$1 $2'));
  const labels = new Set([spaced, ...(SYNONYMS[key] ?? [])]);
  if (field.description && field.description.length <= 40) labels.add(normalise(field.description));
  // Longest first, so "invoice date" wins over "date".
  return [...labels].filter(Boolean).sort((a, b) => b.length - a.length);
}

/** Plain text lines of a run's blocks, markdown marks removed. */
export function runLines(run: ParseRun): LineText[] {
  const lines: LineText[] = [];
  for (const chunk of run.chunks) {
    for (const block of chunk.blocks) {
      for (const raw of block.content.split('\n')) {
        const text = raw.replace(/^#+\s*|^[-*]\s+|\*\*|__|`/g, '').replace(/\|/g, ' ').trim();
        if (text) lines.push({ page: block.metadata.page.number, text });
      }
    }
  }
  return lines;
}

function coerce(field: FieldDefinition, text: string): unknown {
  switch (field.type) {
    case 'number':
      return parseNumber(text);
    case 'date':
      return parseDate(text);
    case 'boolean':
      return parseBoolean(text);
    default: {
      // A wide gap ends a value; so does the next "Label:" (lines of a paragraph arrive joined).
      const first = text.split(/\s{3,}/)[0]!;
      const next = /\s(?=\p{Lu}[\p{L}.#/-]*(?: [\p{L}.#/-]+){0,3}:\s)/u.exec(first);
      const value = (next ? first.slice(0, next.index) : first).trim();
      // Another label ("Invoice Date:") is not a value.
      if (value.length === 0 || /:$/.test(value)) return null;
      return value.slice(0, 500);
    }
  }
}

/** A pattern finding a label in original text: its words in order, any spacing or
 *  punctuation between them, not inside a longer word. */
function labelPattern(label: string): RegExp {
  const words = label.split(' ').map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?<![\\p{L}\\p{N}])${words.join('[\\s_.\\-]*')}(?![\\p{L}\\p{N}])`, 'iu');
}

/** The value beside (or below) a field's label, with a score for how sure the match is. The
 *  most specific label wins: every line is tried with "invoice date" before any with "date". */
function findField(field: FieldDefinition, lines: LineText[]): { value: unknown; score: number } {
  const labels = labelsFor(field);
  for (const [score, atStart] of [[1, true], [0.7, false]] as const) {
    for (const label of labels) {
      const pattern = labelPattern(label);
      for (let i = 0; i < lines.length; i++) {
        const text = lines[i]!.text;
        const m = pattern.exec(text);
        if (!m || (atStart && text.slice(0, m.index).trim() !== '')) continue;
        // Separators after the label, but not a minus sign that belongs to the value.
        const rawAfter = text.slice(m.index + m[0].length).replace(/^(?:\s|[:#.–—]|-(?!\d))+/, '').trim();
        const sameLine = coerce(field, rawAfter);
        if (sameLine !== null && sameLine !== '') return { value: sameLine, score };
        const next = lines[i + 1];
        if (next && next.page === lines[i]!.page) {
          const below = coerce(field, next.text.trim());
          if (below !== null && below !== '') return { value: below, score: score * 0.8 };
        }
      }
    }
  }
  return { value: null, score: 0 };
}

function extractFrom(fields: FieldDefinition[], lines: LineText[]): { data: Record<string, unknown>; confidence: number | null } {
  const data: Record<string, unknown> = {};
  let total = 0;
  let counted = 0;
  for (const field of fields) {
    if (field.type === 'array') {
      data[field.name] = [];
      continue;
    }
    if (field.type === 'object') {
      data[field.name] = extractFrom(field.fields ?? [], lines).data;
      continue;
    }
    const { value, score } = findField(field, lines);
    data[field.name] = value;
    total += score;
    counted++;
  }
  return { data, confidence: counted > 0 ? Math.round((total / counted) * 1000) / 1000 : null };
}

/** Fills a parser's fields from a parse run: one object per file, or one per page. */
export function extractByLabels(run: ParseRun, parser: { fields: FieldDefinition[]; result_mode: ResultMode }): ExtractionOutput {
  const lines = runLines(run);
  if (parser.result_mode === 'one_per_file') return extractFrom(parser.fields, lines);
  const pages = [...new Set(lines.map((l) => l.page))].sort((a, b) => a - b);
  const perPage = pages.map((page) => ({ page, ...extractFrom(parser.fields, lines.filter((l) => l.page === page)) }));
  const scores = perPage.map((p) => p.confidence).filter((c): c is number => c !== null);
  return {
    data: perPage.map((p) => ({ page: p.page, ...p.data })),
    confidence: scores.length ? Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 1000) / 1000 : null,
  };
}
