// invoice2data's `tables` plugin: for each table, the text between the first `start` and the
// first `end` match is read line by line with `body`; its named groups become top-level fields
// (never overwriting one already found). Names starting with `date` (or ending in it) are
// dates, names starting with `amount` are numbers, others follow `types` or stay strings.
import { groupDict, pySearch, pySplit } from './py-re.js';
import type { TableDef, TemplateOptions } from './schema.js';
import { parseDate } from './dates.js';
import { coerceValue, parseNumber } from './values.js';

function tableValue(name: string, value: string, table: TableDef, options: TemplateOptions): string | number | null {
  if (name.startsWith('date') || name.endsWith('date')) return parseDate(value, options.dateFormats, options.languages);
  if (name.startsWith('amount')) return parseNumber(value, options.decimalSeparator);
  const type = table.types[name];
  return type ? coerceValue(value, type, options) : value;
}

/** Adds every table's fields to `output` (in place). */
export function extractTables(
  tables: readonly TableDef[],
  content: string,
  options: TemplateOptions,
  output: Record<string, unknown>,
): void {
  for (const table of tables) {
    const start = pySearch(table.start, content);
    const end = pySearch(table.end, content);
    if (!start || !end) continue;
    const body = content.slice(start.index + start[0].length, end.index);
    for (const line of pySplit(table.lineSeparator, body)) {
      if (line.trim() === '') continue;
      const m = pySearch(table.body, line);
      if (!m) continue;
      for (const [name, value] of Object.entries(groupDict(m))) {
        if (name in output || value === undefined) continue;
        const v = tableValue(name, value, table, options);
        if (v !== null) output[name] = v;
      }
    }
  }
}
