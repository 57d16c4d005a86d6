// Loading invoice2data templates: both field syntaxes, plugins, PyYAML scalars, and errors
// that name the file and the key.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTemplate, loadTemplates, TemplateError } from '../../../../../src/main/engine/extract/invoice2data/template.js';

const YAML = `
issuer: Acme
keywords: [Acme, 'VAT\\s+NL\\d+']
exclude_keywords: Credit note
fields:
  amount: Total\\s+(\\d+,\\d{2})
  date: Date:\\s+(\\S+)
  invoice_number: [Invoice (\\d+), Factuur (\\d+)]
  sum_amount_tax: [VAT 9%\\s+(\\S+), VAT 21%\\s+(\\S+)]
  static_vat: NL001
  partner_coc:
    parser: static
    value: 04080176
  due:
    parser: regex
    regex: Due (\\S+)
    type: date
    group: first
  items:
    parser: lines
    start: Items
    end: Total
    line: (?P<name>\\w+)
    types: {qty: int}
lines:
  start: A
  end: B
  first_line: ^(?P<x>\\d)
  line: (?P<y>.+)
tables:
  - start: Head
    end: Foot
    body: (?P<ref>\\w+)
options:
  currency: EUR
  decimal_separator: ','
  date_formats: '%d.%m.%Y'
  languages: [DE]
  replace: ['a', 'b']
required_fields: [amount]
`;

describe('loadTemplate', () => {
  it('reads a YAML template into the typed form', () => {
    const t = loadTemplate(YAML, 'acme.yml');
    expect(t).toMatchObject({
      name: 'acme.yml',
      issuer: 'Acme',
      keywords: ['Acme', 'VAT\\s+NL\\d+'],
      excludeKeywords: ['Credit note'],
      priority: 5,
      requiredFields: ['amount'],
      options: { currency: 'EUR', decimalSeparator: ',', dateFormats: ['%d.%m.%Y'], languages: ['de'], replace: [['a', 'b']] },
    });
    const byName = Object.fromEntries(t.fields.map((f) => [f.name, f]));
    expect(byName['amount']).toMatchObject({ parser: 'regex', key: 'amount', type: 'float', legacy: true });
    expect(byName['date']).toMatchObject({ parser: 'regex', type: 'date' });
    expect(byName['invoice_number']).toMatchObject({ parser: 'regex', regex: ['Invoice (\\d+)', 'Factuur (\\d+)'], type: null });
    expect(byName['sum_amount_tax']).toMatchObject({ key: 'amount_tax', type: 'float', group: 'sum' });
    expect(byName['static_vat']).toMatchObject({ parser: 'static', key: 'vat', value: 'NL001', legacy: true });
    // PyYAML reads 04080176 as a string (8 is no octal digit), not as a number.
    expect(byName['partner_coc']).toMatchObject({ parser: 'static', value: '04080176', legacy: false });
    expect(byName['due']).toMatchObject({ parser: 'regex', type: 'date', group: 'first', legacy: false });
    expect(byName['items']).toMatchObject({ parser: 'lines', rules: [{ start: 'Items', end: 'Total', line: ['(?P<name>\\w+)'], firstLine: null, types: { qty: 'int' } }] });
    expect(t.lines).toEqual([
      { start: 'A', end: 'B', line: ['(?P<y>.+)'], firstLine: ['^(?P<x>\\d)'], lastLine: null, skipLine: [], types: {}, lineSeparator: '\\n' },
    ]);
    expect(t.tables).toEqual([{ start: 'Head', end: 'Foot', body: '(?P<ref>\\w+)', lineSeparator: '\\n', types: {} }]);
  });

  it('reads JSON, applies the defaults and takes the issuer from the first keyword', () => {
    const t = loadTemplate('{"keywords": "Shop", "fields": {"amount": "Total (\\\\d+)"}}', 'shop.json');
    expect(t.issuer).toBe('Shop');
    expect(t.options).toEqual({
      currency: 'EUR',
      dateFormats: [],
      languages: [],
      decimalSeparator: '.',
      removeWhitespace: false,
      removeAccents: false,
      lowercase: false,
      replace: [],
    });
    expect(t.requiredFields).toBeNull();
  });

  it('treats empty keys as absent', () => {
    const t = loadTemplate('keywords: [x]\nfields:\nexclude_keywords:\noptions:\n  currency:\n', 'empty.yml');
    expect(t).toMatchObject({ fields: [], excludeKeywords: [], options: { currency: 'EUR' } });
  });

  it('keeps YAML dates as YYYY-MM-DD strings and reads rules of the lines parser', () => {
    const t = loadTemplate(
      'keywords: [x]\nfields:\n  d: {parser: static, value: 2023-03-01}\n  l:\n    parser: lines\n    rules:\n      - {start: a, end: b, line: c}\n      - {start: d, end: e, line: f}\n',
      'x.yml',
    );
    expect(t.fields[0]).toMatchObject({ value: '2023-03-01' });
    expect(t.fields[1]).toMatchObject({ rules: [{ start: 'a' }, { start: 'd' }] });
  });

  it.each([
    ['keywords: [a]\nfields: {amount: "(unclosed"}', 'fields.amount.regex[0]', /invalid regex/],
    ['fields: {}', 'keywords', /./],
    ['keywords: []', 'keywords', /at least one keyword/],
    ['keywords: [a]\nfields: {x: {parser: magic}}', 'fields.x.parser', /unknown parser "magic"/],
    ['keywords: [a]\nfields: {x: {parser: regex, regex: a, type: money}}', 'fields.x.type', /./],
    ['keywords: [a]\nfields: {x: {parser: lines, start: a}}', 'fields.x.end', /./],
    ['keywords: [a]\ntables: [{start: a, end: b}]', 'tables[0].body', /./],
    ['keywords: [a]\noptions: {replace: [[a, "\\\\q"]]}', 'options.replace[0]', /bad escape/],
    ['keywords: ["[a"]', 'keywords[0]', /invalid regex/],
  ])('rejects a bad template, naming the key (%#)', (text, key, message) => {
    let error: unknown;
    try {
      loadTemplate(text, 'bad.yml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as TemplateError).file).toBe('bad.yml');
    expect((error as TemplateError).key).toBe(key);
    expect((error as TemplateError).message).toMatch(message);
    expect((error as TemplateError).message).toMatch(/^bad\.yml/);
  });

  it('keeps the reason apart from the file and key its message starts with', () => {
    let error: unknown;
    try {
      loadTemplate('keywords: [a]\nfields: {x: {parser: magic}}', 'bad.yml');
    } catch (e) {
      error = e;
    }
    expect((error as TemplateError).reason).toBe('unknown parser "magic" (expected regex, static or lines)');
    expect((error as TemplateError).message).toBe(`bad.yml (fields.x.parser): ${(error as TemplateError).reason}`);
  });

  it('names the file when the YAML or JSON does not parse', () => {
    expect(() => loadTemplate('keywords: [a\n', 'broken.yml')).toThrow(/^broken\.yml: not valid YAML/);
    expect(() => loadTemplate('{', 'broken.json')).toThrow(/^broken\.json: not valid JSON/);
    expect(() => loadTemplate('- a\n- b\n', 'list.yml')).toThrow(/expected one template/);
  });
});

describe('loadTemplates', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'i2d-templates-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'b.yml'), 'keywords: [b]\n');
  writeFileSync(path.join(dir, 'a.json'), '{"keywords": ["a"]}');
  writeFileSync(path.join(dir, 'notes.txt'), 'not a template');
  mkdirSync(path.join(dir, 'sub'));
  writeFileSync(path.join(dir, 'sub', 'c.yaml'), 'keywords: [c]\n');

  it('loads a folder recursively, sorted by name, and a single file', () => {
    expect(loadTemplates(dir).map((t) => t.name)).toEqual(['a.json', 'b.yml', 'c.yaml']);
    expect(loadTemplates(path.join(dir, 'b.yml')).map((t) => t.issuer)).toEqual(['b']);
  });

  it('throws on a bad template, or reports and skips it with onError', () => {
    const bad = path.join(dir, 'sub', 'z.yml');
    writeFileSync(bad, 'fields: {}\n');
    try {
      expect(() => loadTemplates(dir)).toThrow(TemplateError);
      const errors: string[] = [];
      expect(loadTemplates(dir, { onError: (e) => errors.push(e.file) })).toHaveLength(3);
      expect(errors).toEqual(['z.yml']);
    } finally {
      rmSync(bad);
    }
  });
});
