// Field scoring of the corpus README ("fields", invoice-fields-json(invoice2data)): dates as
// YYYY-MM-DD, numbers within 0.005, strings compared after flat() (case-sensitive), lists and
// line items item by item in order over the expected keys; desc/currency/issuer only when the
// template supplies them.
import { flat } from '../../../../eval/metrics.js';

export interface FieldScore {
  key: string;
  ok: boolean;
  expected: unknown;
  actual: unknown;
}

export interface DocScore {
  name: string;
  template: string | null;
  fields: FieldScore[];
  correct: number;
  total: number;
  /** Expected keys absent from the output, and output keys the GT does not have. */
  missing: string[];
  extra: string[];
}

function asNumber(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) return Number(v);
  return null;
}

/** Whether an extracted value equals the expected one under the README's normalisation. */
export function sameValue(expected: unknown, actual: unknown): boolean {
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && expected.length === actual.length && expected.every((e, i) => sameValue(e, actual[i]));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    const a = actual as Record<string, unknown>;
    return Object.entries(expected).every(([k, v]) => k in a && sameValue(v, a[k]));
  }
  if (typeof expected === 'number') {
    const a = asNumber(actual);
    return a !== null && Math.abs(a - expected) <= 0.005;
  }
  if (typeof expected === 'string') {
    if (typeof actual === 'number') {
      const e = asNumber(expected);
      return e !== null && Math.abs(actual - e) <= 0.005;
    }
    return typeof actual === 'string' && flat(actual) === flat(expected);
  }
  return expected === actual;
}

/** Scores one document: every expected key, except template-level keys it does not supply. */
export function scoreDocument(
  name: string,
  template: string | null,
  expected: Record<string, unknown>,
  actual: Record<string, unknown>,
  supplied: ReadonlySet<string>,
): DocScore {
  const templateKeys = new Set(['desc', 'currency', 'issuer']);
  const fields: FieldScore[] = [];
  for (const [key, value] of Object.entries(expected)) {
    if (templateKeys.has(key) && !supplied.has(key)) continue;
    fields.push({ key, ok: key in actual && sameValue(value, actual[key]), expected: value, actual: actual[key] });
  }
  return {
    name,
    template,
    fields,
    correct: fields.filter((f) => f.ok).length,
    total: fields.length,
    missing: Object.keys(expected).filter((k) => !(k in actual)),
    extra: Object.keys(actual).filter((k) => !(k in expected)),
  };
}

/** One line per document plus its misses, for the test log and the report. */
export function formatScores(scores: readonly DocScore[]): string {
  const lines: string[] = [];
  for (const s of scores) {
    const rate = s.total ? (s.correct / s.total).toFixed(3) : '-';
    lines.push(`${s.name.padEnd(26)} ${String(s.correct).padStart(3)}/${String(s.total).padEnd(3)} ${rate}  template=${s.template ?? 'none'}`);
    for (const f of s.fields.filter((x) => !x.ok)) {
      lines.push(`    miss ${f.key}: expected ${JSON.stringify(f.expected)} got ${JSON.stringify(f.actual)}`);
    }
  }
  const correct = scores.reduce((n, s) => n + s.correct, 0);
  const total = scores.reduce((n, s) => n + s.total, 0);
  const perfect = scores.filter((s) => s.correct === s.total).length;
  lines.push(`overall ${correct}/${total} = ${(correct / total).toFixed(3)}; documents all-correct ${perfect}/${scores.length}`);
  return lines.join('\n');
}
