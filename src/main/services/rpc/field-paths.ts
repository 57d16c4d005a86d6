// A corrected value's path (`total`, `seller.name`, `line_items.2.amount`; `p2.total` for a
// one-per-page parser) checked against the parser's fields, and the typed value it takes
// ("1.234,56" becomes 1234.56 for a number, "15 March 2024" becomes 2024-03-15 for a date).
import { ApiError } from '../../../shared/api/errors.js';
import type { FieldDefinition } from '../../../shared/api/parsers.js';
import { parseBoolean, parseDate, parseNumber } from '../../engine/extract/values.js';
import type { ParserSnapshot } from '../../store/queries/extractions.js';
import type { PathSegment } from '../../store/queries/corrections.js';

export interface ResolvedPath {
  /** The path normalised (`line_items[2].amount` becomes `line_items.2.amount`). */
  path: string;
  segments: PathSegment[];
  /** The key of its entry in the result's field details (`line_items[2].amount`). */
  detail_key: string;
  /** The field the value belongs to (an item of a list of plain values reads as a string). */
  field: FieldDefinition;
}

function bad(message: string): ApiError {
  return new ApiError('INVALID_PAYLOAD', message, 'path');
}

/** The field whose name starts the path (names may hold dots: the longest match wins). */
function leading(fields: FieldDefinition[], rest: string): FieldDefinition | undefined {
  return fields
    .filter((f) => rest === f.name || rest.startsWith(`${f.name}.`))
    .sort((a, b) => b.name.length - a.name.length)[0];
}

/** Checks a path against the parser's fields; a path that names no single value is refused
 *  with a sentence saying what would. */
export function resolveFieldPath(parser: ParserSnapshot, rawPath: string): ResolvedPath {
  const path = rawPath.trim().replace(/\[(\d+)\]/g, '.$1');
  const segments: PathSegment[] = [];
  let detail = '';
  let rest = path;
  if (parser.result_mode === 'one_per_page') {
    const m = /^p(\d+)\.(.+)$/.exec(rest);
    if (!m) throw bad(`This parser reads every page on its own: start the path with the page, as in p1.${parser.fields[0]?.name ?? 'total'}.`);
    segments.push({ page: Number(m[1]) });
    detail = `p${m[1]}.`;
    rest = m[2]!;
  }
  let fields = parser.fields;
  for (;;) {
    const field = leading(fields, rest);
    if (!field) throw bad(`There is no field "${rest.split('.')[0]}" here; the fields are ${fields.map((f) => f.name).join(', ') || 'none'}.`);
    segments.push(field.name);
    detail += field.name;
    rest = rest === field.name ? '' : rest.slice(field.name.length + 1);
    if (field.type === 'object') {
      if (rest === '') throw bad(`${field.name} holds several values: name one of them, as in ${field.name}.${field.fields?.[0]?.name ?? 'name'}.`);
      fields = field.fields ?? [];
      detail += '.';
      continue;
    }
    if (field.type === 'array') {
      const m = /^(\d+)(?:\.(.+))?$/.exec(rest);
      const example = `${field.name}.0${field.fields?.length ? `.${field.fields[0]!.name}` : ''}`;
      if (!m) throw bad(`${field.name} is a list: name an item (counting from 0) and its field, as in ${example}.`);
      segments.push(Number(m[1]));
      detail += `[${m[1]}]`;
      if (m[2] === undefined) {
        if (field.fields?.length) throw bad(`Each item of ${field.name} holds several values: name one of them, as in ${example}.`);
        return { path, segments, detail_key: detail, field: { name: field.name, type: 'string' } };
      }
      if (!field.fields?.length) throw bad(`The items of ${field.name} are plain values, with nothing inside them.`);
      rest = m[2];
      fields = field.fields;
      detail += '.';
      continue;
    }
    if (rest !== '') throw bad(`${field.name} is a ${field.type}, with nothing inside it.`);
    return { path, segments, detail_key: detail, field };
  }
}

/** The value as the field's type stores it; empty text clears it (null). */
export function coerceValue(field: FieldDefinition, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' && value.trim() === '') return null;
  if (typeof value === 'object') throw new ApiError('INVALID_PAYLOAD', `${field.name} takes a single value, not a list or an object.`, 'value');
  const text = String(value).trim();
  switch (field.type) {
    case 'number': {
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      const n = parseNumber(text, field.format?.decimal_separator);
      if (n === null) throw new ApiError('INVALID_PAYLOAD', `"${text}" is not a number, and ${field.name} holds numbers.`, 'value');
      return n;
    }
    case 'date': {
      const d = parseDate(text);
      if (d === null) throw new ApiError('INVALID_PAYLOAD', `"${text}" is not a date; write it as 2024-03-15 or 15 March 2024.`, 'value');
      return d;
    }
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      const b = parseBoolean(text);
      if (b === null) throw new ApiError('INVALID_PAYLOAD', `"${text}" is neither yes nor no, and ${field.name} is a yes/no field.`, 'value');
      return b;
    }
    default:
      return text;
  }
}
