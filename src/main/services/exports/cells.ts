// How one extracted value becomes a cell (CSV and XLSX share this), and how the JSON export
// normalises `extracted_data`.
//
// - Dates (date fields, and any Date object): `YYYY-MM-DD`. Accepted: Date objects (their UTC
//   day) and ISO 8601 strings (`YYYY-MM-DD`, optionally followed by a time, whose calendar day is
//   kept as written, with no time-zone shift). Anything else (`05/03/2024`, `March 5`) passes
//   through as text rather than be guessed at.
// - Numbers: plain decimals, never exponent notation (1e21 → 1000000000000000000000, 1e-7 →
//   0.0000001). A number field holding a numeric string ("12.50") is read as that number.
// - Booleans: true / false. null and undefined: an empty cell. Objects and arrays: JSON text.
// - Formula injection (OWASP "CSV Injection"), CSV only: text beginning with = + - @ tab or
//   carriage return (or the full-width ＝ ＋ － ＠ that some spreadsheets normalise) gets a leading
//   `'` in cellText, so no spreadsheet opening the CSV runs it as a formula. Real numbers are never
//   text: -12.5 stays -12.5, and neither is text that is only a signed number (`-12.50`,
//   `+1,234.50`, `-3e5`) or a lone `-` (a blank amount): a spreadsheet reads those as a number or
//   as text, never as a formula, so they are written as they are. XLSX cells are typed strings that no spreadsheet evaluates, so they
//   keep the value as it is (`+49 30 …` stays `+49 30 …`).
import type { FieldDefinition, FieldType } from '../../../shared/api/parsers.js';

/** A typed cell: text (as extracted), a finite number, a boolean, a date (UTC midnight), or empty. */
export type Cell = string | number | boolean | Date | null;

const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
/** A signed number as text, thousands grouped with commas or not: never a formula. */
const SIGNED_NUMBER = /^[-+](?:\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const NUMERIC = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ]\d{2}:\d{2})/;
const EXPONENT = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/;

/** Prefixes `'` to text a spreadsheet would otherwise read as a formula (not to a signed number,
 *  `-12.50`, nor to a lone `-`). */
export function escapeFormula(text: string): string {
  if (!FORMULA_START.test(text) || text === '-' || SIGNED_NUMBER.test(text)) return text;
  return `'${text}`;
}

/** A number as a plain decimal string: what JS prints, with exponent notation spelled out. */
export function plainNumber(n: number): string {
  const printed = String(n);
  const m = EXPONENT.exec(printed);
  if (!m) return printed;
  const [, sign = '', lead = '', fraction = '', exponent = '0'] = m;
  const digits = lead + fraction;
  const point = 1 + Number(exponent); // digits before the decimal point
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** The calendar day a value names, as a Date at UTC midnight; null when it names none. */
export function parseDay(value: unknown): Date | null {
  if (value instanceof Date) {
    const t = value.getTime();
    return Number.isNaN(t) ? null : new Date(t - (((t % 86_400_000) + 86_400_000) % 86_400_000));
  }
  if (typeof value !== 'string') return null;
  const m = ISO_DATE.exec(value.trim());
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? date : null;
}

/** `YYYY-MM-DD` of a day from parseDay. */
export function formatDay(day: Date): string {
  return day.toISOString().slice(0, 10);
}

/** A field's value made tidy for output: dates as `YYYY-MM-DD`, numeric strings in number
 *  fields as numbers, object and line-item sub-fields likewise; unknown keys are kept as they are. */
export function normaliseValue(field: FieldDefinition, value: unknown): unknown {
  switch (field.type) {
    case 'date': {
      const day = parseDay(value);
      return day ? formatDay(day) : value;
    }
    case 'number':
      return typeof value === 'string' ? (toNumber(value) ?? value) : value;
    case 'object':
      return field.fields ? normaliseData(field.fields, value) : value;
    case 'array': {
      const subFields = field.fields;
      return subFields && Array.isArray(value) ? value.map((item) => normaliseData(subFields, item)) : value;
    }
    default:
      return value;
  }
}

/** `extracted_data` (or an object field's value) with each known field normalised. */
export function normaliseData(fields: FieldDefinition[], data: unknown): unknown {
  if (!isRecord(data)) return data ?? null;
  const byName = new Map(fields.map((f) => [f.name, f]));
  return Object.fromEntries(
    Object.entries(data).map(([key, value]) => {
      const field = byName.get(key);
      return [key, field ? normaliseValue(field, value) : value];
    }),
  );
}

/** The cell for a value already passed through normaliseValue; `type` is its field's type. */
export function toCell(type: FieldType | undefined, value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (type === 'date' || value instanceof Date) {
    const day = parseDay(value);
    if (day) return day;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}

/** A cell as CSV text, formula-like text escaped. */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return plainNumber(cell);
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  if (cell instanceof Date) return formatDay(cell);
  return escapeFormula(cell);
}

/** An own property of a plain object, or undefined (never one inherited from Object.prototype). */
export function prop(value: unknown, key: string): unknown {
  return isRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

/** A plain object (not an array, a Date or null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function toNumber(text: string): number | null {
  const trimmed = text.trim();
  if (!NUMERIC.test(trimmed)) return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : null;
}
