// Loads invoice2data templates from YAML or JSON: parses like PyYAML (YAML 1.1, so
// `04080176` stays a string and `2023-03-01` is a date), validates with zod, normalises the
// legacy field syntax, and compiles every regex once so a bad template fails at load time
// with the file and key named. This is the module's only file that touches the disk.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml, type Tags } from 'yaml';
import type { z } from 'zod';
import { compilePy } from './py-regex.js';
import { pySub } from './py-re.js';
import {
  legacyFieldSchema,
  linesRuleSchema,
  linesRulesSchema,
  regexFieldSchema,
  staticFieldSchema,
  tableSchema,
  templateSchema,
  type FieldDef,
  type Invoice2DataTemplate,
  type LinesRule,
  type TableDef,
} from './schema.js';

/** A template that cannot be used, naming the file and (when known) the key at fault. */
export class TemplateError extends Error {
  constructor(
    readonly file: string,
    readonly key: string | null,
    /** What is wrong, without the file and key the message starts with. */
    readonly reason: string,
  ) {
    super(`${file}${key ? ` (${key})` : ''}: ${reason}`);
    this.name = 'TemplateError';
  }
}

// PyYAML's resolvers: `0123` with an 8 or 9 is a string, and `y`/`n` are not booleans.
function pyYamlTags(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag !== 'object' || !('test' in tag) || !tag.test) return tag;
    const src = tag.test.source;
    if (tag.tag.endsWith(':int') && src === '^[-+]?[0-9][0-9_]*$') return { ...tag, test: /^[-+]?(?:0|[1-9][0-9_]*)$/ };
    if (tag.tag.endsWith(':bool') && src.includes('Y|y')) return { ...tag, test: /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/ };
    if (tag.tag.endsWith(':bool') && src.includes('N|n')) return { ...tag, test: /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/ };
    return tag;
  });
}

/** YAML timestamps become `YYYY-MM-DD` (or full ISO) strings, as invoice2data prints them. */
function plain(value: unknown): unknown {
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

function parseText(text: string, file: string): unknown {
  const src = text.replace(/^\uFEFF/, '');
  try {
    if (file.toLowerCase().endsWith('.json')) return JSON.parse(src);
    return plain(parseYaml(src, { version: '1.1', uniqueKeys: false, customTags: pyYamlTags }));
  } catch (e) {
    throw new TemplateError(file, null, `not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(e as Error).message}`);
  }
}

function check<S extends z.ZodType>(schema: S, value: unknown, file: string, key: string): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const sub = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  // zod's generic "Invalid input" says little: name a missing key or show the bad value.
  const at = issue.path.reduce<unknown>((v, p) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[p] : undefined), value);
  const message = at === undefined ? 'is required' : issue.message === 'Invalid input' ? `invalid value ${JSON.stringify(at)}` : issue.message;
  throw new TemplateError(file, `${key}${sub}`.replace(/^\./, '') || null, message);
}

function buildRule(raw: unknown, file: string, key: string): LinesRule {
  const r = check(linesRuleSchema, raw, file, key);
  return {
    start: r.start,
    end: r.end,
    line: r.line,
    firstLine: r.first_line ?? null,
    lastLine: r.last_line ?? null,
    skipLine: r.skip_line ?? [],
    types: r.types,
    lineSeparator: r.line_separator,
  };
}

function buildLines(raw: unknown, file: string, key: string): LinesRule[] {
  if (raw && typeof raw === 'object' && 'rules' in raw) {
    const r = check(linesRulesSchema, raw, file, key);
    return r.rules.map((rule, i) => buildRule(rule, file, `${key}.rules[${i}]`));
  }
  return [buildRule(raw, file, key)];
}

function buildField(name: string, raw: unknown, file: string): FieldDef {
  const key = `fields.${name}`;
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const obj = raw as Record<string, unknown>;
    // Without a `parser`, a field with `regex` is a regex field and one with `value` is static.
    const parser = obj['parser'] ?? ('regex' in obj ? 'regex' : 'value' in obj ? 'static' : undefined);
    if (parser === 'regex') {
      const f = check(regexFieldSchema, { ...obj, parser }, file, key);
      return { parser, name, key: name, regex: f.regex, type: f.type ?? null, group: f.group ?? null, area: f.area ?? null, legacy: false };
    }
    if (parser === 'static') {
      const f = check(staticFieldSchema, { ...obj, parser }, file, key);
      return { parser, name, key: name, value: f.value, legacy: false };
    }
    if (parser === 'lines') return { parser, name, key: name, rules: buildLines(obj, file, key) };
    throw new TemplateError(file, `${key}.parser`, `unknown parser ${JSON.stringify(parser)} (expected regex, static or lines)`);
  }
  const value = check(legacyFieldSchema, raw, file, key);
  if (name.startsWith('static_')) return { parser: 'static', name, key: name.slice('static_'.length), value, legacy: true };
  const regex = (Array.isArray(value) ? value : [value]).map(String);
  const base = { parser: 'regex' as const, name, key: name, regex, area: null, legacy: true };
  if (name.startsWith('sum_amount') && Array.isArray(value)) return { ...base, key: name.slice(4), type: 'float', group: 'sum' };
  if (name.startsWith('date') || name.endsWith('date')) return { ...base, type: 'date', group: null };
  if (name.startsWith('amount')) return { ...base, type: 'float', group: null };
  return { ...base, type: null, group: null };
}

function buildTables(raw: unknown, file: string): TableDef[] {
  if (raw === undefined || raw === null) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((t, i) => {
    const r = check(tableSchema, t, file, `tables[${i}]`);
    return { start: r.start, end: r.end, body: r.body, lineSeparator: r.line_separator, types: r.types };
  });
}

function compileAll(t: Invoice2DataTemplate, file: string): void {
  const compile = (pattern: string, key: string): void => {
    try {
      compilePy(pattern);
    } catch (e) {
      throw new TemplateError(file, key, (e as Error).message);
    }
  };
  const rules = (rs: LinesRule[], key: string): void =>
    rs.forEach((r, i) => {
      const k = `${key}[${i}]`;
      [r.start, r.end, r.lineSeparator, ...r.line, ...(r.firstLine ?? []), ...(r.lastLine ?? []), ...r.skipLine].forEach((p) => compile(p, k));
    });
  t.keywords.forEach((p, i) => compile(p, `keywords[${i}]`));
  t.excludeKeywords.forEach((p, i) => compile(p, `exclude_keywords[${i}]`));
  t.options.replace.forEach(([p, repl], i) => {
    compile(p, `options.replace[${i}]`);
    try {
      pySub(p, repl, '');
    } catch (e) {
      throw new TemplateError(file, `options.replace[${i}]`, (e as Error).message);
    }
  });
  for (const f of t.fields) {
    if (f.parser === 'regex') f.regex.forEach((p, i) => compile(p, `fields.${f.name}.regex[${i}]`));
    if (f.parser === 'lines') rules(f.rules, `fields.${f.name}.rules`);
  }
  if (t.lines) rules(t.lines, 'lines.rules');
  t.tables.forEach((tb, i) => [tb.start, tb.end, tb.body, tb.lineSeparator].forEach((p) => compile(p, `tables[${i}]`)));
}

/** Parses one template from its YAML or JSON text (JSON when `fileName` ends in `.json`). */
export function loadTemplate(text: string, fileName: string): Invoice2DataTemplate {
  const raw = parseText(text, fileName);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new TemplateError(fileName, null, 'expected one template (a mapping with keywords and fields)');
  }
  // An empty YAML key (`options:` with nothing under it) counts as absent.
  const withoutNulls = (o: object): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));
  const top = withoutNulls(raw);
  if (top['options'] && typeof top['options'] === 'object') top['options'] = withoutNulls(top['options']);
  const t = check(templateSchema, top, fileName, '');
  const o = t.options;
  const template: Invoice2DataTemplate = {
    name: fileName,
    issuer: t.issuer ?? t.keywords[0]!,
    keywords: t.keywords,
    excludeKeywords: t.exclude_keywords,
    priority: t.priority,
    fields: Object.entries(t.fields).map(([name, v]) => buildField(name, v, fileName)),
    lines: t.lines === undefined || t.lines === null ? null : buildLines(t.lines, fileName, 'lines'),
    tables: buildTables(t.tables, fileName),
    options: {
      currency: o.currency,
      dateFormats: o.date_formats,
      languages: o.languages.map((l) => l.toLowerCase().slice(0, 2)),
      decimalSeparator: o.decimal_separator,
      removeWhitespace: o.remove_whitespace,
      removeAccents: o.remove_accents,
      lowercase: o.lowercase,
      replace: o.replace,
    },
    requiredFields: t.required_fields ?? o.required_fields ?? null,
    inputModule: t.input_module ?? null,
  };
  compileAll(template, fileName);
  return template;
}

const TEMPLATE_FILE = /\.(ya?ml|json)$/i;

/** Loads a template file, or every `.yml`/`.yaml`/`.json` under a folder (recursively, sorted
 *  by name). Bad templates throw, unless `onError` is given: then they are reported and skipped. */
export function loadTemplates(
  pathOrDir: string,
  options: { onError?: (error: TemplateError) => void } = {},
): Invoice2DataTemplate[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) if (e.isFile() && TEMPLATE_FILE.test(e.name)) files.push(path.join(dir, e.name));
    for (const e of entries) if (e.isDirectory()) walk(path.join(dir, e.name));
  };
  if (statSync(pathOrDir).isDirectory()) walk(pathOrDir);
  else files.push(pathOrDir);
  const out: Invoice2DataTemplate[] = [];
  for (const file of files) {
    try {
      out.push(loadTemplate(readFileSync(file, 'utf8'), path.basename(file)));
    } catch (e) {
      if (!(e instanceof TemplateError) || !options.onError) throw e;
      options.onError(e);
    }
  }
  return out;
}
