// Field values by label: each scalar field is looked for as a label on the page by its name,
// its description and common synonyms (several languages), and its value is read beside the
// label (same line, or the next text to its right on the same row) or below it, checked
// against the field's type. Every value cites the line it came from.
import type { FieldDefinition } from '../../../shared/api/parsers.js';
import type { ParseRun } from '../../../shared/parse-contract.js';
import type { EvidenceLine } from './evidence.js';
import { NOT_FOUND, roundConfidence, type FieldValue } from './result.js';
import { parseAmount, parseBoolean, parseDate, type DateOrder } from './values.js';

const INVOICE_DATE = ['invoice date', 'date of invoice', 'bill date', 'rechnungsdatum', 'factuurdatum', 'factuur datum', 'date de facture', 'date', 'datum'];
/** Labels of the amount to pay, by language. */
const AMOUNT_DUE = ['amount due', 'total due', 'grand total', 'total amount', 'balance due', 'total ttc', 'total incl', 'gesamtbetrag', 'rechnungsbetrag'];
const AMOUNT_DUE_MORE = ['totaal', 'te betalen', 'montant total', 'net à payer', 'somme à payer', 'należność ogółem', 'do zapłaty'];

/** Labels that commonly stand for a field, keyed by a normalised field name. */
const SYNONYMS: Record<string, string[]> = {
  invoicenumber: ['invoice no', 'invoice #', 'invoice number', 'invoice nr', 'invoice id', 'inv no', 'bill no', 'rechnungsnummer', 'rechnungsnr', 'rechnung nr', 'factuurnummer', 'numéro de facture', 'facture n', 'n° de facture', 'invoice', 'facture', 'rechnung', 'factuur'],
  invoicedate: INVOICE_DATE,
  date: [...INVOICE_DATE, 'fecha'],
  duedate: ['due date', 'payment due', 'due by', 'fälligkeitsdatum', 'fällig am', 'vervaldatum', "date d'échéance"],
  total: ['total', ...AMOUNT_DUE, 'summe', ...AMOUNT_DUE_MORE],
  totalamount: ['total', 'amount due', 'total amount', 'grand total', 'gesamtbetrag', 'totaal'],
  amount: [...AMOUNT_DUE, ...AMOUNT_DUE_MORE, 'total', 'amount', 'betrag', 'bedrag', 'montant'],
  subtotal: ['subtotal', 'sub total', 'net amount', 'total excl', 'total ht', 'untaxed amount', 'nettobetrag', 'subtotaal', 'sous-total'],
  tax: ['tax', 'vat', 'gst', 'mwst', 'ust', 'btw', 'tva', 'sales tax'],
  currency: ['currency', 'währung', 'devise'],
  ordernumber: ['order no', 'order #', 'order number', 'order id', 'po number', 'purchase order', 'bestellnummer', 'ordernummer'],
  customernumber: ['customer no', 'customer #', 'customer number', 'customer id', 'account no', 'account number', 'kundennummer', 'kundennr', 'klantnummer'],
  vendor: ['vendor', 'supplier', 'seller', 'sold by', 'from'],
  company: ['company', 'vendor', 'seller'],
  email: ['email', 'e-mail', 'mail'],
  phone: ['phone', 'tel', 'telephone', 'telefon', 'mobile'],
  iban: ['iban'],
  vatid: ['vat id', 'vat no', 'vat number', 'vat reg no', 'ust-idnr', 'tax id', 'gstin'],
};

/** Labels that stand for a field only when none of its own labels is on the page: a hotel's
 *  "Booking ID" or a shop's "Receipt No" is the document's number when it has no invoice number. */
const FALLBACK_SYNONYMS: Record<string, string[]> = {
  invoicenumber: ['booking id', 'booking no', 'booking number', 'booking ref', 'reservation no', 'reservation number', 'reservation id', 'receipt no', 'receipt number', 'bill number', 'document no', 'document number'],
};

/** Fields a document may state once per group of items before stating its own, below them
 *  (a group's "Subtotal $ 112.00", then the document's "Subtotal $ 262.90"): the last is taken. */
const LAST_STATED = new Set(['subtotal']);

export interface MatchContext {
  dateOrder: DateOrder | null;
}

function normalise(s: string): string {
  return s.toLowerCase().replace(/[_\-.]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** The labels a field may appear under, most specific (longest) first. */
export function labelsFor(field: FieldDefinition): string[] {
  const key = fieldKey(field);
  const spaced = normalise(field.name.replace(/([a-z])([A-Z])/g, '$1 $2'));
  const labels = new Set([spaced, ...(SYNONYMS[key] ?? [])]);
  if (field.description && field.description.length <= 40) labels.add(normalise(field.description));
  return [...labels].filter(Boolean).sort((a, b) => b.length - a.length);
}

/** Labels tried only after every label of `labelsFor` failed (see FALLBACK_SYNONYMS). */
export function fallbackLabelsFor(field: FieldDefinition): string[] {
  const own = new Set(labelsFor(field));
  const key = fieldKey(field);
  return (FALLBACK_SYNONYMS[key] ?? []).filter((l) => !own.has(l)).sort((a, b) => b.length - a.length);
}

/** Plain text lines of a run's blocks (markdown marks removed), each with its block's box: an
 *  evidence stand-in for a run that was not parsed with extraction (tests, stored runs). */
export function runLines(run: ParseRun): EvidenceLine[] {
  const lines: EvidenceLine[] = [];
  for (const chunk of run.chunks) {
    for (const block of chunk.blocks) {
      for (const raw of block.content.split('\n')) {
        const text = raw.replace(/^#+\s*|^[-*]\s+|\*\*|__|`/g, '').replace(/\|/g, ' ').trim();
        if (text) lines.push({ page: block.metadata.page.number, text, box: block.boundingBox });
      }
    }
  }
  return lines;
}

/** Fields holding an identifier (invoice number, order id, customer no.). */
function isIdentifier(field: FieldDefinition): boolean {
  return field.type === 'string' && /(number|_no|_nr|_id|_num|_code|nummer)$|^(id|no|nr)$/i.test(field.name);
}

/** Reads text as the field's type; null when it is not one. */
export function coerce(field: FieldDefinition, text: string, ctx: MatchContext): unknown {
  switch (field.type) {
    case 'number':
      return parseAmount(text, field.format?.decimal_separator);
    case 'date':
      return parseDate(text, ctx.dateOrder);
    case 'boolean':
      return parseBoolean(text);
    default: {
      if (isIdentifier(field)) {
        // An identifier is the first word after its label, and has a digit in it.
        const word = /^(?:[\s°º№:.,;]|#(?=\s))*(\S+)/u.exec(text)?.[1]?.replace(/[.,;:]+$/, '');
        return word && /\d/.test(word) ? word : null;
      }
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
  return new RegExp(`(?<![\\p{L}\\p{N}_])${words.join('[\\s_.\\-]*')}(?![\\p{L}\\p{N}_])`, 'iu');
}

const overlapsVertically = (a: EvidenceLine, b: EvidenceLine) =>
  Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top) > 0.4 * Math.min(a.box.bottom - a.box.top, b.box.bottom - b.box.top);

/** The lines to the right of `line` on its row, nearest first. */
function rowRightOf(line: EvidenceLine, lines: EvidenceLine[]): EvidenceLine[] {
  return lines
    .filter((l) => l !== line && l.page === line.page && l.box.left >= line.box.right - 1 && overlapsVertically(l, line))
    .sort((a, b) => a.box.left - b.box.left);
}

/** The nearest line to the right of `line` on its row. */
function rightOf(line: EvidenceLine, lines: EvidenceLine[]): EvidenceLine | undefined {
  return rowRightOf(line, lines)[0];
}

/** Currency marks and codes, and the tax words printed beside an amount ("29.99 € TTC"). */
const CURRENCY = /[$€£¥₹]|(?<![\p{L}])(?:usd|eur|gbp|inr|rs|rm|myr|sgd|chf|jpy|cad|aud|cny|pln|sek|nok|dkk|ttc|ht|incl|excl)\.?(?![\p{L}])/giu;

/** An amount standing alone in a cell: digits with separators, a sign, a currency mark or code. */
export function isBareAmount(text: string): boolean {
  return /^[-−]?\(?\d[\d.,'\u00a0 ]*\)?$/u.test(text.replace(CURRENCY, ' ').replace(/\s+/g, ' ').trim());
}

const isPercent = (text: string) => /^[-−]?\d+(?:[.,]\d+)?\s?%$/.test(text.trim());

/** A number field's value in the cells after its label on the row (the rest of the label's line,
 *  cut at wide gaps, then the lines to its right): the last amount of the run of amounts that
 *  starts there, past one qualifier ("Tax 15% on $112.90 … $16.94", "Total facture 24.99 5.00
 *  29.99": the base and the parts come first, the value at the right end) and past percentages. */
function amountAcross(rest: string, line: EvidenceLine, lines: EvidenceLine[]): { text: string; line: EvidenceLine; beside: boolean } | null {
  const cells = [
    ...rest.split(/\s{3,}/).filter((t) => t.trim()).map((text) => ({ text, line, beside: false })),
    ...rowRightOf(line, lines).flatMap((l) => l.text.split(/\s{3,}/).filter((t) => t.trim()).map((text) => ({ text, line: l, beside: true }))),
  ];
  // One qualifier may come first; "$50.00 (paid)" alone is read by the caller as before.
  let i = cells.length > 0 && !isBareAmount(cells[0]!.text) ? 1 : 0;
  let value: (typeof cells)[number] | null = null;
  for (; i < cells.length; i++) {
    const cell = cells[i]!;
    if (isBareAmount(cell.text)) value = cell;
    else if (!isPercent(cell.text) && cell.text.replace(CURRENCY, '').trim() !== '') break;
  }
  return value;
}

/** The nearest line below `line`, overlapping it horizontally, within a few line heights. */
function below(line: EvidenceLine, lines: EvidenceLine[]): EvidenceLine | undefined {
  const height = Math.max(line.box.bottom - line.box.top, 4);
  return lines
    .filter(
      (l) =>
        l !== line &&
        l.page === line.page &&
        l.box.top >= line.box.bottom - 0.3 * height &&
        l.box.top - line.box.bottom < 2.5 * height &&
        Math.min(l.box.right, line.box.right) > Math.max(l.box.left, line.box.left) - 2,
    )
    .sort((a, b) => a.box.top - b.box.top || a.box.left - b.box.left)[0];
}

function found(value: unknown, score: number, line: EvidenceLine): FieldValue {
  const ocr = line.ocrConfidence ?? 1;
  return { value, confidence: roundConfidence(score * ocr), citation: { page: line.page, box: line.box, text: line.text }, source: 'label' };
}

/** The value beside or below a field's label. The most specific label wins: every line is
 *  tried with "invoice date" before any line with "date"; a label that starts its line is
 *  preferred to one in the middle of a sentence. */
export function findByLabel(field: FieldDefinition, lines: EvidenceLine[], ctx: MatchContext): FieldValue {
  const byOwn = findByLabels(field, labelsFor(field), lines, ctx);
  return byOwn.value !== null ? byOwn : findByFallbackLabel(field, lines, ctx);
}

/** The value under a field's fallback labels ("Booking ID" for an invoice number) or, for the
 *  document's date, in a sentence with its number; what findByLabel tries after the field's own labels. */
export function findByFallbackLabel(field: FieldDefinition, lines: EvidenceLine[], ctx: MatchContext): FieldValue {
  const fallback = fallbackLabelsFor(field);
  const byFallback = fallback.length ? findByLabels(field, fallback, lines, ctx) : NOT_FOUND;
  if (byFallback.value !== null) return byFallback;
  return DOCUMENT_DATE.has(fieldKey(field)) ? (dateAfterNumber(lines, ctx) ?? NOT_FOUND) : NOT_FOUND;
}

const fieldKey = (field: FieldDefinition) => field.name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Date fields that mean the document's own date. */
const DOCUMENT_DATE = new Set(['date', 'invoicedate', 'issuedate', 'documentdate', 'billdate']);

/** Words joining a document's number to its date in a sentence: "Invoice 7 of", "Facture n° 7 du". */
const DATE_JOIN = /^\s*(?:of|dated|from|du|en\s+date\s+du|vom|van|del|de)\s+/iu;

/** The document's date stated in a sentence with its number, without a date label: "Facture
 *  n°562044387 du 02 Juillet 2015", "Invoice INV-7 dated 3 March 2024", "Rechnung Nr. 7 vom 01.02.2024". */
function dateAfterNumber(lines: EvidenceLine[], ctx: MatchContext): FieldValue | null {
  const numberField: FieldDefinition = { name: 'invoice_number', type: 'string' };
  for (const label of labelsFor(numberField)) {
    const pattern = labelPattern(label);
    for (const line of lines) {
      const m = pattern.exec(line.text);
      if (!m) continue;
      const rest = line.text.slice(m.index + m[0].length).replace(/^(?:\s|[:.°º№#]|n°)+/iu, '');
      const id = /^\S*\d\S*/.exec(rest);
      const join = id ? DATE_JOIN.exec(rest.slice(id[0].length)) : null;
      if (!id || !join) continue;
      const date = parseDate(rest.slice(id[0].length + join[0].length).slice(0, 40), ctx.dateOrder);
      if (date) return found(date, 0.8, line);
    }
  }
  return null;
}

/** Words that make a date a deadline rather than the document's date ("Date limite de paiement"). */
const DEADLINE = /(?<![\p{L}])(?:due|limite|échéance|echeance|fällig\w*|vervaldatum|expir\w*|valid\w*|deadline|vencimiento|scadenza)(?![\p{L}])/iu;

/** Whether a date field wants a deadline (due_date, payment_due, expiry_date). */
const wantsDeadline = (field: FieldDefinition) => DEADLINE.test(field.name.replace(/[_-]+/g, ' ')) || (field.description !== undefined && DEADLINE.test(field.description));

/** The text after a label: separators dropped, but not a minus sign that belongs to the value,
 *  nor the "#" an identifier is written with after the label's colon ("Invoice No : # BLR_7"
 *  gives "#BLR_7"; in "Invoice # 7" the "#" is the label's). */
function textAfterLabel(field: FieldDefinition, text: string): string {
  const sep = /^(?:\s|[:.–—]|#(?![\p{L}\p{N}])|-(?!\d))+/u.exec(text)?.[0] ?? '';
  const rest = text.slice(sep.length).trim();
  const mark = /[:：]\s*#\s*$/.exec(sep);
  if (mark && isIdentifier(field) && /^[\p{L}\p{N}]/u.test(rest)) return `#${rest}`;
  return rest;
}

/** The value beside or below the first of `labels` found (see findByLabel). */
export function findByLabels(field: FieldDefinition, labels: string[], lines: EvidenceLine[], ctx: MatchContext): FieldValue {
  // The document's own statement of such a field is its last (see LAST_STATED).
  const ordered = LAST_STATED.has(fieldKey(field)) ? [...lines].reverse() : lines;
  for (const [score, atStart] of [[1, true], [0.7, false]] as const) {
    for (const label of labels) {
      const pattern = labelPattern(label);
      for (const line of ordered) {
        const m = pattern.exec(line.text);
        if (!m || (atStart && line.text.slice(0, m.index).trim() !== '')) continue;
        // A deadline's line ("Date limite de paiement", "Due date") is not the document's date.
        const after = line.text.slice(m.index + m[0].length);
        if (field.type === 'date' && !wantsDeadline(field) && !DEADLINE.test(label)) {
          // The words just before the label (back to a colon or a digit) and up to its value.
          const near = `${line.text.slice(Math.max(0, m.index - 25), m.index).split(/[\d:]/).at(-1) ?? ''} ${/^\D*/.exec(after)?.[0] ?? ''}`;
          if (DEADLINE.test(near)) continue;
        }
        const rawAfter = textAfterLabel(field, after);
        if (field.type === 'number') {
          const across = amountAcross(rawAfter, line, lines);
          const value = across ? coerce(field, across.text, ctx) : null;
          if (across && value !== null) return found(value, across.beside ? score * 0.9 : score, across.line);
        }
        const sameLine = coerce(field, rawAfter, ctx);
        if (sameLine !== null && sameLine !== '') return found(sameLine, score, line);
        // Words after the label that are not the value ("Total amount due on 3 August"): the
        // value may still stand to the right, but not below.
        const right = rightOf(line, lines);
        const beside = right ? coerce(field, right.text, ctx) : null;
        if (right && beside !== null && beside !== '') return found(beside, score * 0.9, right);
        if (rawAfter) continue;
        const under = below(line, lines);
        const value = under ? coerce(field, under.text, ctx) : null;
        if (under && value !== null && value !== '') return found(value, score * 0.8, under);
      }
    }
  }
  return NOT_FOUND;
}
