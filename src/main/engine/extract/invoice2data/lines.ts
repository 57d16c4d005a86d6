// invoice2data's `lines` parser (and the legacy `lines` plugin): blocks between `start` and
// `end`, read line by line. `first_line` opens an item, `line` adds to it (repeated named
// groups are joined with newlines), `last_line` closes it, `skip_line` is ignored; with neither
// first_line nor last_line, every `line` match is an item. Columns are then coerced by `types`.
import { groupDict, pySearch, pySplit } from './py-re.js';
import type { LinesRule, TemplateOptions } from './schema.js';
import { coerceValue } from './values.js';

/** One line item: named groups as strings, or coerced per `types` (null when unreadable). */
export type LineItem = Record<string, string | number | null>;

function firstMatch(patterns: readonly string[], line: string): RegExpExecArray | null {
  for (const p of patterns) {
    const m = pySearch(p, line);
    if (m) return m;
  }
  return null;
}

function merge(m: RegExpExecArray, row: LineItem): LineItem {
  for (const [name, value] of Object.entries(groupDict(m))) {
    const prev = row[name];
    const before = typeof prev === 'string' ? prev : '';
    row[name] = `${before}${before ? '\n' : ''}${value ? value.trim() : ''}`;
  }
  return row;
}

function parseBlock(rule: LinesRule, block: string, options: TemplateOptions): LineItem[] {
  const firstLine = rule.firstLine ?? (rule.lastLine === null ? rule.line : null);
  const rows: LineItem[] = [];
  let row: LineItem = {};
  let open = false;
  for (const line of pySplit(rule.lineSeparator, block)) {
    if (line.replace(/^[\r\n]+|[\r\n]+$/g, '') === '') continue;
    if (rule.skipLine.some((p) => pySearch(p, line))) continue;
    if (firstLine) {
      const m = firstMatch(firstLine, line);
      if (m) {
        if (Object.keys(row).length > 0) rows.push(row);
        row = Object.fromEntries(Object.entries(groupDict(m)).map(([k, v]) => [k, v ? v.trim() : '']));
        open = true;
        continue;
      }
    }
    if (!open) continue;
    if (rule.lastLine) {
      const m = firstMatch(rule.lastLine, line);
      if (m) {
        merge(m, row);
        if (Object.keys(row).length > 0) rows.push(row);
        row = {};
        open = false;
        continue;
      }
    }
    const m = firstMatch(rule.line, line);
    if (m) merge(m, row);
  }
  if (Object.keys(row).length > 0) rows.push(row);
  for (const r of rows) {
    for (const [name, type] of Object.entries(rule.types)) {
      const v = r[name];
      if (typeof v === 'string') r[name] = coerceValue(v, type, options);
    }
  }
  return rows;
}

/** All items of all rule sets, rule by rule, block by block. */
export function parseLines(rules: readonly LinesRule[], content: string, options: TemplateOptions): LineItem[] {
  const items: LineItem[] = [];
  for (const rule of rules) {
    let rest = content;
    for (;;) {
      const start = pySearch(rule.start, rest);
      if (!start) break;
      rest = rest.slice(start.index + start[0].length);
      const end = pySearch(rule.end, rest);
      if (!end) break;
      items.push(...parseBlock(rule, rest.slice(0, end.index), options));
      rest = rest.slice(end.index + end[0].length);
      // An empty end match would never move on.
      if (end[0].length === 0 && start[0].length === 0) break;
    }
  }
  return items;
}
