// invoice2data's `regex` parser: every regex's findall matches, coerced to the field's type,
// grouped (sum, min, max, first, last, join) or else de-duplicated; one value stays a scalar,
// several become a list.
import { pyFindall } from './py-re.js';
import type { GroupMethod, RegexField, TemplateOptions, ValueType } from './schema.js';
import { coerceValue, parseNumber } from './values.js';

type Scalar = string | number;

/** Python's `str()` of a value, so a float 42 joins as "42.0". */
function pyStr(v: Scalar, type: ValueType | null): string {
  return typeof v === 'number' && type === 'float' && Number.isInteger(v) ? `${v}.0` : String(v);
}

function less(a: Scalar, b: Scalar): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  return String(a) < String(b);
}

function group(method: GroupMethod, values: Scalar[], field: RegexField, options: TemplateOptions): Scalar | Scalar[] {
  // `filter(None, …)`: empty strings and zeros take no part in grouping.
  const kept = values.filter((v) => v !== '' && v !== 0);
  if (kept.length === 0) return kept;
  switch (method) {
    case 'sum':
      return kept.reduce<number>((acc, v) => acc + (typeof v === 'number' ? v : (parseNumber(v, options.decimalSeparator) ?? 0)), 0);
    case 'min':
      return kept.reduce((a, b) => (less(b, a) ? b : a));
    case 'max':
      return kept.reduce((a, b) => (less(a, b) ? b : a));
    case 'first':
      return kept[0]!;
    case 'last':
      return kept[kept.length - 1]!;
    case 'join':
      return [kept.map((v) => pyStr(v, field.type)).join(' ')];
  }
}

/** The field's value in `content`, or undefined when a regex has several capturing groups
 *  (invoice2data refuses those). Values that cannot be coerced to the type are dropped. */
export function parseRegexField(field: RegexField, content: string, options: TemplateOptions): Scalar | Scalar[] | undefined {
  const raw: string[] = [];
  for (const pattern of field.regex) {
    const matches = pyFindall(pattern, content);
    if (matches.some((m) => Array.isArray(m))) return undefined;
    raw.push(...(matches as string[]));
  }
  let values: Scalar[] = raw;
  if (field.type !== null) {
    const type = field.type;
    values = raw.map((v) => coerceValue(v, type, options)).filter((v): v is Scalar => v !== null);
  }
  let result: Scalar | Scalar[] = field.group === null ? values : group(field.group, values, field, options);
  // Duplicates go, first occurrence kept (invoice2data's legacy syntax uses an unordered set).
  if (Array.isArray(result)) result = [...new Set(result)];
  if (Array.isArray(result) && result.length === 1) return result[0]!;
  return result;
}
