// Field paths as the contract writes them (`total`, `seller.name`, `line_items.2.amount`): reading,
// writing (immutably) and listing the values of extracted data, and turning typed text into values.
import type { FieldDefinition, FieldType } from '../../../shared/api/parsers.js';

/** Joins path segments: `fieldPath('line_items', 2, 'amount')` → "line_items.2.amount". */
export function fieldPath(...segments: Array<string | number>): string {
  return segments.map(String).join('.');
}

/** `line_items[2].amount` → `line_items.2.amount`: the form corrections use. */
export function dottedPath(path: string): string {
  return path.trim().replace(/\[(\d+)\]/g, '.$1');
}

/** `line_items.2.amount` → `line_items[2].amount`: the form of the keys of a result's field details. */
export function detailKey(path: string): string {
  return dottedPath(path).replace(/\.(\d+)(?=\.|$)/g, '[$1]');
}

function segmentsOf(path: string): string[] {
  return dottedPath(path)
    .split('.')
    .filter((s) => s !== '');
}

/** The value at a path (dotted or with [n] indexes), or undefined when any step is missing.
 *  Field names may hold dots: at an object, the longest key that starts the rest of the path wins. */
export function getPath(data: unknown, path: string): unknown {
  let current: unknown = data;
  let rest = dottedPath(path);
  while (rest !== '') {
    if (Array.isArray(current)) {
      const m = /^(\d+)(?:\.|$)/.exec(rest);
      if (!m) return undefined;
      current = current[Number(m[1])];
      rest = rest.slice(m[0].length);
    } else if (current !== null && typeof current === 'object') {
      const obj = current as Record<string, unknown>;
      const key = Object.keys(obj)
        .filter((k) => rest === k || rest.startsWith(`${k}.`))
        .sort((a, b) => b.length - a.length)[0];
      if (key === undefined) return undefined;
      current = obj[key];
      rest = rest.slice(key.length + 1);
    } else return undefined;
  }
  return current;
}

/** A copy of `data` with the value at `path` replaced (missing objects and arrays are created). */
export function setPath(data: unknown, path: string, value: unknown): unknown {
  const write = (node: unknown, rest: string): unknown => {
    if (rest === '') return value;
    if (Array.isArray(node)) {
      const m = /^(\d+)(?:\.|$)/.exec(rest);
      if (m) {
        const copy = [...node];
        const index = Number(m[1]);
        const after = rest.slice(m[0].length);
        copy[index] = write(copy[index] ?? emptyFor(after), after);
        return copy;
      }
    }
    const obj = node !== null && typeof node === 'object' && !Array.isArray(node) ? (node as Record<string, unknown>) : {};
    const key =
      Object.keys(obj)
        .filter((k) => rest === k || rest.startsWith(`${k}.`))
        .sort((a, b) => b.length - a.length)[0] ?? rest.split('.')[0]!;
    const after = rest.slice(key.length + 1);
    return { ...obj, [key]: write(obj[key] ?? emptyFor(after), after) };
  };
  return write(data, dottedPath(path));
}

function emptyFor(rest: string): unknown {
  return /^\d+(?:\.|$)/.test(rest) ? [] : {};
}

/** Every leaf of extracted data with its path, in order (arrays by index). */
export function leafPaths(data: unknown, prefix = ''): string[] {
  if (Array.isArray(data)) {
    return data.length === 0 && prefix ? [prefix] : data.flatMap((item, i) => leafPaths(item, prefix ? `${prefix}.${i}` : String(i)));
  }
  if (data !== null && typeof data === 'object') {
    const entries = Object.entries(data as Record<string, unknown>);
    return entries.length === 0 && prefix ? [prefix] : entries.flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
  }
  return prefix ? [prefix] : [];
}

/** The field definition a path points at (array indexes skipped), or null. */
export function definitionAt(fields: FieldDefinition[], path: string): FieldDefinition | null {
  let list: FieldDefinition[] | undefined = fields;
  let found: FieldDefinition | null = null;
  for (const seg of segmentsOf(path)) {
    if (/^\d+$/.test(seg) && found?.type === 'array') continue;
    found = list?.find((f) => f.name === seg) ?? null;
    if (!found) return null;
    list = found.fields;
  }
  return found;
}

/** A value as a cell shows it: "—" for nothing, Yes/No, numbers and text as they are, JSON otherwise. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/** The text an editor starts with for a value. */
export function editText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export type ParsedInput = { ok: true; value: unknown } | { ok: false; message: string };

/** Reads what the user typed as a value of the field's type; empty text is "no value" (null). */
export function parseInput(text: string, type: FieldType | undefined): ParsedInput {
  const t = text.trim();
  if (t === '') return { ok: true, value: null };
  switch (type) {
    case 'number': {
      const normalised = normaliseNumber(t);
      const n = Number(normalised);
      if (normalised === '' || !Number.isFinite(n)) return { ok: false, message: `“${t}” is not a number. Type digits, such as 1234.50.` };
      return { ok: true, value: n };
    }
    case 'boolean': {
      const lower = t.toLowerCase();
      if (['true', 'yes', 'y', '1'].includes(lower)) return { ok: true, value: true };
      if (['false', 'no', 'n', '0'].includes(lower)) return { ok: true, value: false };
      return { ok: false, message: `“${t}” is not yes or no.` };
    }
    case 'date':
      // A day of the calendar: 2020-02-31 reads as 2 March in Date.parse, so the day must come back the same.
      if (!isCalendarDay(t)) {
        return { ok: false, message: `“${t}” is not a date. Write it as YYYY-MM-DD, such as 2024-03-31.` };
      }
      return { ok: true, value: t };
    case 'array':
    case 'object':
      try {
        return { ok: true, value: JSON.parse(t) as unknown };
      } catch {
        return { ok: false, message: 'This value must be written as JSON.' };
      }
    default:
      return { ok: true, value: t };
  }
}

/** True for "2024-03-31", false for "2020-02-31" (which Date.parse reads as 2 March) or "2024-13-01". */
function isCalendarDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** "1 234,50" → "1234.50", "1,234.50" → "1234.50", "€ 12" → "12". */
function normaliseNumber(text: string): string {
  let s = text.replace(/[\s\u00a0'’]/g, '').replace(/^[^\d+-.,]+|[^\d.,]+$/g, '');
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  if (lastComma > lastDot) s = s.replace(/\./g, '').replace(',', '.');
  else s = s.replace(/,/g, '');
  return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(s) ? s : '';
}
