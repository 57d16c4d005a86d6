// Scoring of the fields task (corpus README, "Scoring by GT kind / fields"). Pure functions, no I/O.
//
// invoice2data GT (a list with one dict): field by field on the expected keys. Dates → YYYY-MM-DD,
// numbers → float equal within 0.005, strings → flat() (case-sensitive), lists of dicts (`lines`,
// `line_items`, `sums`) item by item in order with the same rules per key. `desc`, `currency` and
// `issuer` come from template options: they are scored only when our output has them.
//
// SROIE key fields (task 3): company, date, address, total; a field is correct when the prediction
// equals the GT after whitespace collapse. The GT date is converted to YYYY-MM-DD (day-first, as
// printed on Malaysian receipts) to compare with our normalised date; a numeric total is formatted
// with the GT's number of decimals.
import { flat } from './metrics.js';

/** Numbers are equal within this tolerance. */
export const NUMBER_TOLERANCE = 0.005;

/** Keys that come from invoice2data template options: scored only when our output has them. */
export const TEMPLATE_OPTION_KEYS = ['desc', 'currency', 'issuer'] as const;

/** The SROIE key fields. */
export const SROIE_FIELDS = ['company', 'date', 'address', 'total'] as const;
export type SroieField = (typeof SROIE_FIELDS)[number];

type Json = unknown;

/** invoice2data's convention: a key starting or ending with "date" holds a date. */
export function isDateKey(key: string): boolean {
  return /^date|date$/i.test(key);
}

const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/;

function isoOf(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** An ISO date or date-time string as YYYY-MM-DD; null when it is not one. */
export function normaliseDate(s: string): string | null {
  const m = ISO_DATE.exec(s.trim());
  return m ? isoOf(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function monthOf(name: string): number | null {
  const i = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  return i < 0 ? null : i + 1;
}

function fullYear(y: string): number {
  return y.length <= 2 ? 2000 + Number(y) : Number(y);
}

/**
 * A SROIE GT date as YYYY-MM-DD. The receipts print dates day-first (`05-02-18`, `11/5/2018`,
 * `25 DEC 2018`, `DEC 25, 2018`); a four-digit year first means year-month-day. Null when unparsed.
 */
export function sroieDateToIso(s: string): string | null {
  const t = flat(s);
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(t);
  if (m) return isoOf(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$/.exec(t);
  if (m) return isoOf(fullYear(m[3] as string), Number(m[2]), Number(m[1]));
  m = /^(\d{1,2})[-/. ]?([A-Za-z]{3,9})[-/. ,]*(\d{2}|\d{4})$/.exec(t);
  if (m) {
    const month = monthOf(m[2] as string);
    return month === null ? null : isoOf(fullYear(m[3] as string), month, Number(m[1]));
  }
  m = /^([A-Za-z]{3,9})[-/. ]?(\d{1,2})[-/. ,]+(\d{4})$/.exec(t);
  if (m) {
    const month = monthOf(m[1] as string);
    return month === null ? null : isoOf(Number(m[3]), month, Number(m[2]));
  }
  return null;
}

/** A number, or a plain decimal string (`"4.11"`, `"-3"`) as a number; NaN otherwise. */
export function toNumber(v: Json): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) return Number(v);
  return Number.NaN;
}

function isRecord(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Absent for scoring: undefined or null. */
function absent(v: Json): boolean {
  return v === undefined || v === null;
}

function scalarText(v: Json): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v) ?? '';
}

/**
 * Compares one predicted value with the GT value of `key` under the invoice2data rules:
 * GT null → prediction absent; GT number → float within 0.005; GT string under a date key (or an
 * ISO date) → YYYY-MM-DD equality; other strings → flat() equality; arrays item by item in order
 * with equal length; dicts on the GT's keys.
 */
export function valuesEqual(key: string, gt: Json, pred: Json): boolean {
  if (gt === null || gt === undefined) return absent(pred);
  if (absent(pred)) return false;
  if (typeof gt === 'number') return Math.abs(toNumber(pred) - gt) <= NUMBER_TOLERANCE + 1e-9;
  if (typeof gt === 'boolean') return pred === gt;
  if (typeof gt === 'string') {
    const gtDate = isDateKey(key) || ISO_DATE.test(gt) ? normaliseDate(gt) : null;
    if (gtDate !== null) return typeof pred === 'string' && normaliseDate(pred) === gtDate;
    if (typeof pred !== 'string' && typeof pred !== 'number') return false;
    return flat(gt) === flat(scalarText(pred));
  }
  if (Array.isArray(gt)) {
    return Array.isArray(pred) && pred.length === gt.length && gt.every((g, i) => valuesEqual(key, g, pred[i]));
  }
  if (isRecord(gt)) {
    return isRecord(pred) && Object.entries(gt).every(([k, g]) => valuesEqual(k, g, pred[k]));
  }
  return false;
}

/** Item-by-item tally of a list-of-dicts field (`lines`, `line_items`, `sums`). */
export interface ItemTally {
  items: number;
  itemsCorrect: number;
  predItems: number;
  /** GT item keys, and how many of them our item at the same position has right. */
  cells: number;
  cellsCorrect: number;
}

/** True for a non-empty list whose items are all dicts. */
export function isListOfDicts(v: Json): v is Record<string, Json>[] {
  return Array.isArray(v) && v.length > 0 && v.every(isRecord);
}

/** Compares the items of a list-of-dicts field by position. */
export function tallyItems(gt: Record<string, Json>[], pred: Json): ItemTally {
  const list = Array.isArray(pred) ? pred : [];
  const tally: ItemTally = { items: gt.length, itemsCorrect: 0, predItems: list.length, cells: 0, cellsCorrect: 0 };
  gt.forEach((item, i) => {
    const ours: Json = list[i];
    let all = true;
    for (const [k, g] of Object.entries(item)) {
      tally.cells++;
      const ok = isRecord(ours) && valuesEqual(k, g, ours[k]);
      if (ok) tally.cellsCorrect++;
      else all = false;
    }
    if (all && isRecord(ours)) tally.itemsCorrect++;
  });
  return tally;
}

/** One scored key. */
export interface FieldResult {
  key: string;
  correct: boolean;
  /** Our output has no value (absent or null) while the GT has one. */
  missing: boolean;
  expected: Json;
  predicted: Json;
  /** For list-of-dicts keys. */
  items?: ItemTally;
}

/** Score of one invoice2data document. */
export interface InvoiceScore {
  fields: FieldResult[];
  scored: number;
  correct: number;
  /** correct / scored (0 when nothing was scored). */
  rate: number;
  allCorrect: boolean;
  /** GT keys our output lacks. */
  missing: string[];
  /** Keys our output has (non-null) that the GT does not. */
  extra: string[];
  /** Template-option keys left out because our output does not have them. */
  skipped: string[];
  /** Sum over list-of-dicts keys. */
  items: ItemTally;
}

/** Options of scoreInvoice. */
export interface InvoiceScoreOptions {
  /** Score only these GT keys (template-free runs: the fields the parser names). */
  only?: readonly string[];
}

/** The single dict of an invoice2data GT file (a list with one dict; a bare dict is accepted). */
export function invoiceGt(value: Json): Record<string, Json> | null {
  const first: Json = Array.isArray(value) ? value[0] : value;
  return isRecord(first) ? first : null;
}

/** Scores our extracted_data (null when the run failed) against an invoice2data GT dict. */
export function scoreInvoice(gt: Record<string, Json>, pred: Record<string, Json> | null, options: InvoiceScoreOptions = {}): InvoiceScore {
  const ours = pred ?? {};
  const only = options.only ? new Set(options.only) : null;
  const optionKeys = new Set<string>(TEMPLATE_OPTION_KEYS);
  const fields: FieldResult[] = [];
  const skipped: string[] = [];
  const items: ItemTally = { items: 0, itemsCorrect: 0, predItems: 0, cells: 0, cellsCorrect: 0 };
  for (const [key, expected] of Object.entries(gt)) {
    if (only && !only.has(key)) continue;
    if (optionKeys.has(key) && absent(ours[key])) {
      skipped.push(key);
      continue;
    }
    const predicted: Json = ours[key];
    const result: FieldResult = { key, correct: valuesEqual(key, expected, predicted), missing: !absent(expected) && absent(predicted), expected, predicted };
    if (isListOfDicts(expected)) {
      result.items = tallyItems(expected, predicted);
      for (const k of Object.keys(items) as (keyof ItemTally)[]) items[k] += result.items[k];
    }
    fields.push(result);
  }
  const correct = fields.filter((f) => f.correct).length;
  const extra = Object.keys(ours).filter((k) => !(k in gt) && !absent(ours[k]) && (!only || only.has(k)));
  return {
    fields,
    scored: fields.length,
    correct,
    rate: fields.length === 0 ? 0 : correct / fields.length,
    allCorrect: pred !== null && fields.length > 0 && correct === fields.length,
    missing: fields.filter((f) => f.missing).map((f) => f.key),
    extra,
    skipped,
    items,
  };
}

/** One SROIE key field. */
export interface SroieFieldResult {
  field: SroieField;
  expected: string;
  /** The GT as compared (the date converted to YYYY-MM-DD, else flat()). */
  expectedCompared: string;
  /** Our value as compared, or null when we gave none. */
  predicted: string | null;
  correct: boolean;
}

/** Score of one SROIE receipt. */
export interface SroieScore {
  fields: SroieFieldResult[];
  correct: number;
  predicted: number;
  expected: number;
}

function decimalsOf(s: string): number {
  const m = /\.(\d+)\s*$/.exec(s);
  return m ? (m[1] as string).length : 0;
}

/** Our value of a SROIE field in the form it is compared in; null when we gave none. */
export function sroieCompared(field: SroieField, pred: Json, gt: string): string | null {
  if (absent(pred) || pred === '') return null;
  if (field === 'total' && typeof pred === 'number') return pred.toFixed(decimalsOf(gt));
  const text = flat(scalarText(pred));
  if (field === 'date') return normaliseDate(text) ?? text;
  return text;
}

/** Scores our extracted_data (null when the run failed) against a SROIE GT dict. */
export function scoreSroie(gt: Record<string, Json>, pred: Record<string, Json> | null): SroieScore {
  const ours = pred ?? {};
  const fields: SroieFieldResult[] = [];
  for (const field of SROIE_FIELDS) {
    const raw = gt[field];
    if (typeof raw !== 'string' || flat(raw) === '') continue;
    const expectedCompared = field === 'date' ? (sroieDateToIso(raw) ?? flat(raw)) : flat(raw);
    const predicted = sroieCompared(field, ours[field], raw);
    fields.push({ field, expected: raw, expectedCompared, predicted, correct: predicted !== null && predicted === expectedCompared });
  }
  return {
    fields,
    correct: fields.filter((f) => f.correct).length,
    predicted: fields.filter((f) => f.predicted !== null).length,
    expected: fields.length,
  };
}

/** Precision / recall / F1 from counts; precision is null when nothing was predicted. */
export interface Prf {
  correct: number;
  predicted: number;
  expected: number;
  precision: number | null;
  recall: number;
  f1: number;
}

/** precision = correct / predicted, recall = correct / expected, F1 their harmonic mean (0 when nothing is correct). */
export function prf(correct: number, predicted: number, expected: number): Prf {
  const precision = predicted === 0 ? null : correct / predicted;
  const recall = expected === 0 ? 0 : correct / expected;
  const f1 = correct === 0 || precision === null ? 0 : (2 * precision * recall) / (precision + recall);
  return { correct, predicted, expected, precision, recall, f1 };
}

/** Per-field and overall P/R/F1 over a set of SROIE receipts. */
export function sroieTotals(scores: SroieScore[]): { perField: Record<SroieField, Prf>; overall: Prf } {
  const perField = {} as Record<SroieField, Prf>;
  for (const field of SROIE_FIELDS) {
    const all = scores.flatMap((s) => s.fields.filter((f) => f.field === field));
    perField[field] = prf(all.filter((f) => f.correct).length, all.filter((f) => f.predicted !== null).length, all.length);
  }
  const sum = (pick: (s: SroieScore) => number): number => scores.reduce((n, s) => n + pick(s), 0);
  return { perField, overall: prf(sum((s) => s.correct), sum((s) => s.predicted), sum((s) => s.expected)) };
}

/** Micro totals over invoice scores: fields, exact-field rate, all-correct documents, items. */
export interface InvoiceTotals {
  documents: number;
  scored: number;
  correct: number;
  rate: number;
  /** Mean of the per-document rates. */
  macroRate: number;
  allCorrect: number;
  items: ItemTally;
  /** Per-key accuracy across documents. */
  perKey: Record<string, { documents: number; correct: number }>;
}

/** Aggregates invoice scores. */
export function invoiceTotals(scores: InvoiceScore[]): InvoiceTotals {
  const items: ItemTally = { items: 0, itemsCorrect: 0, predItems: 0, cells: 0, cellsCorrect: 0 };
  const perKey: Record<string, { documents: number; correct: number }> = {};
  let scored = 0;
  let correct = 0;
  for (const s of scores) {
    scored += s.scored;
    correct += s.correct;
    for (const k of Object.keys(items) as (keyof ItemTally)[]) items[k] += s.items[k];
    for (const f of s.fields) {
      const entry = (perKey[f.key] ??= { documents: 0, correct: 0 });
      entry.documents++;
      if (f.correct) entry.correct++;
    }
  }
  return {
    documents: scores.length,
    scored,
    correct,
    rate: scored === 0 ? 0 : correct / scored,
    macroRate: scores.length === 0 ? 0 : scores.reduce((n, s) => n + s.rate, 0) / scores.length,
    allCorrect: scores.filter((s) => s.allCorrect).length,
    items,
    perKey,
  };
}

/** One AcroForm field of the GT: its name, PDF type and raw value (null when unset). */
export interface AcroGtField {
  name: string;
  type: string;
  value: Json;
}

export interface AcroScore {
  correct: number;
  total: number;
  misses: Array<{ name: string; expected: Json; predicted: Json }>;
}

/** A PDF name or string as a plain value: `/Yes` → `Yes`; arrays element by element. */
function plainFormValue(v: Json): Json {
  if (typeof v === 'string') return v.startsWith('/') ? v.slice(1) : v;
  if (Array.isArray(v)) return v.map(plainFormValue);
  return v ?? null;
}

/** The parser that names every GT form field: choices held as lists become arrays. */
export function acroformParser(fields: AcroGtField[]): { name: string; fields: Array<{ name: string; type: string }> } {
  return { name: 'eval AcroForm', fields: fields.map((f) => ({ name: f.name, type: Array.isArray(f.value) ? 'array' : 'string' })) };
}

/** dict name → value equality (the README's rule): unset is null, `/Off` of a check box is unset. */
export function scoreAcroform(gt: AcroGtField[], pred: Record<string, Json> | null): AcroScore {
  const misses: AcroScore['misses'] = [];
  for (const f of gt) {
    const expected = plainFormValue(f.value === 'Off' || f.value === '/Off' ? null : f.value);
    const predicted = plainFormValue(pred?.[f.name] ?? null);
    if (JSON.stringify(expected) !== JSON.stringify(predicted)) misses.push({ name: f.name, expected, predicted });
  }
  return { correct: gt.length - misses.length, total: gt.length, misses };
}
