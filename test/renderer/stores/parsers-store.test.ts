// The Parsers screen's store: opening and editing a parser (fields, sub-fields, rules), name, limit
// and rule checks (the API's own, said in words), dirty state, saving, detecting fields (asking before replacing), and the
// debounced test run on the sample.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PARSER_CHANGED_MESSAGE, type FieldDefinition, type FieldRule, type Parser } from '../../../src/shared/api/parsers.js';
import type { RpcArgs, SampleTestResult } from '../../../src/shared/rpc-contract.js';
import {
  addFieldAt,
  captureGroups,
  dateFormatProblem,
  fieldId,
  moveFieldAt,
  removeFieldAt,
  ruleProblem,
  updateFieldAt,
  validateFields,
  withType,
} from '../../../src/renderer/features/parsers/field-edits.js';
import { fieldListSchema } from '../../../src/shared/api/parsers.js';
import { createParsersStore, TEST_DELAY_MS } from '../../../src/renderer/stores/parsers-store.js';
import { makeRun } from '../../helpers/contract-block.js';
import { createFakeBackend } from '../fake-backend.js';
import { parserFixture, stagedFile } from '../fixtures.js';

function parser(fields: FieldDefinition[] = [], overrides: Partial<Parser> = {}): Parser {
  return parserFixture({ fields, ...overrides });
}

const INVOICE_FIELDS: FieldDefinition[] = [
  { name: 'invoice_number', type: 'string' },
  { name: 'total', type: 'number' },
];

function testResult(): SampleTestResult {
  return {
    data: { invoice_number: 'INV-1', total: 42 },
    confidence: 0.9,
    fields: { total: { confidence: 0.9, source: 'label', citation: { page: 2, box: { left: 1, top: 2, right: 3, bottom: 4 }, text: '42' } } },
    template: null,
    run: makeRun([], 2),
  };
}

function setup(initial: Parser = parser(INVOICE_FIELDS)) {
  const fake = createFakeBackend();
  let current = initial;
  fake.on('parsers.list', () => [current]);
  fake.on('parsers.get', () => current);
  fake.on('parsers.update', (arg) => {
    current = { ...current, ...arg.patch, description: arg.patch.description ?? null, fields: arg.patch.fields ?? current.fields } as Parser;
    return current;
  });
  fake.on('parsers.test', () => testResult());
  fake.on('parsers.sample', () => ({ bytes: new Uint8Array([1]), file_type: 'pdf', filename: 'stored.pdf' }));
  fake.onStage(async () => ({ files: [stagedFile('sample.pdf')], skipped: [] }));
  const store = createParsersStore(fake.backend);
  return { fake, store };
}

const sampleFile = () => new File([new Uint8Array([37, 80, 68, 70])], 'sample.pdf', { type: 'application/pdf' });

describe('parsers store: editing', () => {
  it('opens a parser as a clean draft', async () => {
    const { store } = setup();
    await store.getState().loadList();
    await store.getState().open('prs_1');
    expect(store.getState().draft?.fields.map((f) => f.name)).toEqual(['invoice_number', 'total']);
    expect(store.getState().dirty).toBe(false);
    expect(store.getState().errors).toEqual({});
  });

  it('adds fields and sub-fields with unique names, and becomes dirty', async () => {
    const { store } = setup();
    await store.getState().open('prs_1');
    const s = store.getState();
    s.addField([]);
    s.addField([]);
    expect(store.getState().draft?.fields.map((f) => f.name)).toEqual(['invoice_number', 'total', 'new_field', 'new_field_2']);
    store.getState().setFieldType([2], 'array');
    store.getState().addField([2]);
    store.getState().addField([2]);
    store.getState().updateField([2, 1], { name: 'amount' });
    store.getState().moveField([2, 1], -1);
    expect(store.getState().draft?.fields[2]?.fields?.map((f) => f.name)).toEqual(['amount', 'new_field']);
    store.getState().removeField([2, 1]);
    expect(store.getState().draft?.fields[2]?.fields?.map((f) => f.name)).toEqual(['amount']);
    expect(store.getState().dirty).toBe(true);
    // A type without sub-fields drops them.
    store.getState().setFieldType([2], 'string');
    expect(store.getState().draft?.fields[2]?.fields).toBeUndefined();
  });

  it('asks for names the API takes, without duplicates, and refuses to save until they are fixed', async () => {
    const { fake, store } = setup();
    await store.getState().open('prs_1');
    store.getState().updateField([0], { name: '1st invoice' });
    expect(store.getState().errors['0/name']).toMatch(/“1st invoice” cannot be a field name: start with a letter or _/);
    store.getState().updateField([0], { name: 'total' });
    expect(store.getState().errors['1/name']).toMatch(/already called “total”/);
    expect(await store.getState().save()).toBe(false);
    expect(store.getState().saveError).toMatch(/need attention/);
    expect(fake.callsOf('parsers.update')).toHaveLength(0);
    store.getState().updateField([0], { name: 'invoice_no' });
    expect(store.getState().errors).toEqual({});
  });

  it('is no longer dirty when an edit is undone', async () => {
    const { store } = setup();
    await store.getState().open('prs_1');
    store.getState().setMeta({ description: 'Supplier invoices' });
    expect(store.getState().dirty).toBe(true);
    store.getState().setMeta({ description: '' });
    expect(store.getState().dirty).toBe(false);
  });

  it('saves the draft with parsers.update and is clean afterwards', async () => {
    const { fake, store } = setup();
    await store.getState().open('prs_1');
    store.getState().setMeta({ name: '  Supplier invoices ', description: 'From suppliers' });
    store.getState().addField([]);
    store.getState().updateField([2], { name: 'due_date', description: '' });
    store.getState().setFieldType([2], 'date');
    store.getState().setFormat([2], { date_format: '%d.%m.%Y' });
    store.getState().addRule([2], 'anchor');
    store.getState().updateRule([2], 0, { kind: 'anchor', label: 'Due', direction: 'below', offset: 1 });
    expect(await store.getState().save()).toBe(true);
    expect(fake.callsOf('parsers.update')).toEqual([
      {
        parser_id: 'prs_1',
        expected_updated_at: '2025-03-01T10:00:00.000Z',
        patch: {
          name: 'Supplier invoices',
          description: 'From suppliers',
          result_mode: 'one_per_file',
          fields: [
            { name: 'invoice_number', type: 'string' },
            { name: 'total', type: 'number' },
            { name: 'due_date', type: 'date', rules: [{ kind: 'anchor', label: 'Due', direction: 'below', offset: 1 }], format: { date_format: '%d.%m.%Y' } },
          ],
        },
      },
    ]);
    expect(store.getState()).toMatchObject({ dirty: false, saving: false, saveError: null, savedMessage: 'Saved.' });
  });

  it('is clean after saving when the API gives the rules back with their keys in another order', async () => {
    const { fake, store } = setup();
    // The API answers with each rule's keys in its schema's order (kind, pattern, flags, group).
    fake.on('parsers.update', (arg) => {
      const fields = (arg.patch.fields as FieldDefinition[]).map((f) => ({ ...f, rules: f.rules?.map((r: FieldRule) => (r.kind === 'regex' ? { kind: r.kind, pattern: r.pattern, flags: r.flags, group: r.group } : r)) }));
      return parser(fields);
    });
    await store.getState().open('prs_1');
    store.getState().addRule([0], 'regex');
    store.getState().updateRule([0], 0, { kind: 'regex', pattern: 'No (\\S+)', group: 1 });
    store.getState().updateRule([0], 0, { kind: 'regex', pattern: 'No (\\S+)', group: 1, flags: 'i' });
    expect(Object.keys(store.getState().draft!.fields[0]!.rules![0]!)).toEqual(['kind', 'pattern', 'group', 'flags']);
    expect(await store.getState().save()).toBe(true);
    expect(store.getState()).toMatchObject({ dirty: false, savedMessage: 'Saved.' });
  });

  /** A backend whose parsers.update refuses a save over another version than the one sent, as the
   *  server does; `saveElsewhere` is another window saving meanwhile. */
  function setupVersioned() {
    const { fake, store } = setup();
    let current = parser(INVOICE_FIELDS);
    fake.on('parsers.get', () => current);
    fake.on('parsers.update', (arg) => {
      if (arg.expected_updated_at !== undefined && arg.expected_updated_at !== current.updated_at) {
        throw Object.assign(new Error(PARSER_CHANGED_MESSAGE), { code: 'CONFLICT' });
      }
      current = { ...current, ...arg.patch, description: arg.patch.description ?? null, fields: arg.patch.fields ?? current.fields, updated_at: new Date(Date.parse(current.updated_at) + 1).toISOString() } as Parser;
      return current;
    });
    const saveElsewhere = () => {
      current = parser([{ name: 'theirs', type: 'string' }], { updated_at: '2030-01-01T00:00:00.000Z' });
    };
    return { fake, store, saveElsewhere };
  }

  it('saves only over the version opened here, and asks when the server refuses the save because another was saved meanwhile', async () => {
    const { fake, store, saveElsewhere } = setupVersioned();
    await store.getState().open('prs_1');
    store.getState().setMeta({ description: 'Mine' });
    saveElsewhere();
    expect(await store.getState().save()).toBe(false);
    // One call decides it (no look before saving): the version opened here goes with the save.
    expect(fake.callsOf('parsers.get')).toHaveLength(1);
    expect(fake.callsOf('parsers.update')).toEqual([expect.objectContaining({ parser_id: 'prs_1', expected_updated_at: '2025-03-01T10:00:00.000Z' })]);
    expect(store.getState()).toMatchObject({ saveConflict: true, dirty: true, saving: false });
    expect(store.getState().saveError).toBe(
      'This parser was changed elsewhere (in another window or through the API) after you opened it. Save yours anyway to replace those changes, or load the other version and lose your edits here.',
    );
    // Replacing their version is deliberate: the save goes without a version.
    expect(await store.getState().save(true)).toBe(true);
    expect(fake.callsOf('parsers.update')[1]).not.toHaveProperty('expected_updated_at');
    expect(store.getState()).toMatchObject({ saveConflict: false, saveError: null, dirty: false });
    // The next save goes over the version just saved.
    store.getState().setMeta({ description: 'Mine again' });
    expect(await store.getState().save()).toBe(true);
    expect(fake.callsOf('parsers.update')[2]).toMatchObject({ expected_updated_at: '2030-01-01T00:00:00.001Z' });
  });

  it('does not mistake a taken name (also CONFLICT) for a change made elsewhere', async () => {
    const { fake, store } = setupVersioned();
    fake.on('parsers.update', () => {
      throw Object.assign(new Error('A parser named "Invoices 2" already exists.'), { code: 'CONFLICT' });
    });
    await store.getState().open('prs_1');
    store.getState().setMeta({ name: 'Invoices 2' });
    expect(await store.getState().save()).toBe(false);
    expect(store.getState()).toMatchObject({ saveConflict: false, saveError: 'A parser named "Invoices 2" already exists.' });
  });

  it('loads the version saved elsewhere when told to, dropping the edits here', async () => {
    const { store, saveElsewhere } = setupVersioned();
    await store.getState().open('prs_1');
    store.getState().setMeta({ description: 'Mine' });
    saveElsewhere();
    await store.getState().save();
    expect(store.getState().saveConflict).toBe(true);
    await store.getState().open('prs_1');
    expect(store.getState()).toMatchObject({ saveConflict: false, saveError: null, dirty: false });
    expect(store.getState().draft?.fields.map((f) => f.name)).toEqual(['theirs']);
  });

  it('shows the backend’s objection as a sentence when saving fails', async () => {
    const { fake, store } = setup();
    fake.on('parsers.update', () => {
      throw new Error('A parser named "Invoices 2" already exists');
    });
    await store.getState().open('prs_1');
    store.getState().setMeta({ name: 'Invoices 2' });
    expect(await store.getState().save()).toBe(false);
    expect(store.getState().saveError).toBe('A parser named "Invoices 2" already exists.');
    expect(store.getState().dirty).toBe(true);
  });

  it('checks rules: an anchor needs a label, a regex one capture group, a zone a real box', () => {
    expect(ruleProblem({ kind: 'anchor', label: ' ', direction: 'right' })).toMatch(/label/);
    expect(ruleProblem({ kind: 'regex', pattern: 'Total\\s+\\d+' })).toMatch(/exactly one capture group/);
    expect(ruleProblem({ kind: 'regex', pattern: 'Total\\s+(\\d+)' })).toBeNull();
    expect(ruleProblem({ kind: 'regex', pattern: '(' })).toMatch(/not a valid/);
    expect(ruleProblem({ kind: 'zone', box: { left: 10, top: 10, right: 5, bottom: 20 } })).toMatch(/right must exceed/);
    expect(ruleProblem({ kind: 'fixed', value: 'EUR' })).toBeNull();
    expect(captureGroups('(a)(?:b)(?<c>c)')).toBe(2);
    const errors = validateFields([{ name: 'items', type: 'array', fields: [{ name: 'Bad/Name', type: 'string', rules: [{ kind: 'fixed', value: '' }] }] }]);
    expect(Object.keys(errors).sort()).toEqual(['0.0/name', '0.0/rules.0']);
  });

  it('opens a parser whose field names the API took (spaces, capitals, dots) without marking them, and tests it', async () => {
    const fields: FieldDefinition[] = [
      { name: 'Invoice No.', type: 'string' },
      { name: 'Total Amount', type: 'number' },
      { name: 'line-items', type: 'array', fields: [{ name: 'Unit Price', type: 'number' }] },
    ];
    expect(fieldListSchema.safeParse(fields).success).toBe(true);
    const { fake, store } = setup(parser(fields, { has_sample_file: true, sample_file_id: 'smp_1' }));
    await store.getState().open('prs_1');
    expect(store.getState().errors).toEqual({});
    expect(fake.callsOf('parsers.test')).toHaveLength(1);
    store.getState().setMeta({ description: 'From the API' });
    expect(await store.getState().save()).toBe(true);
  });

  it('says the API’s limits and flags in words before saving, instead of sending what it refuses', () => {
    const say = (rule: Parameters<typeof ruleProblem>[0]) => ruleProblem(rule);
    expect(say({ kind: 'regex', pattern: 'No (\\S+)', flags: 'gi' })).toMatch(/^The flags may only be i \(ignore case\)/);
    expect(say({ kind: 'regex', pattern: 'No (\\S+)', flags: 'ii' })).toBe('Give each flag once.');
    expect(say({ kind: 'regex', pattern: 'No (\\S+)', flags: 'im' })).toBeNull();
    expect(say({ kind: 'regex', pattern: `(${'a'.repeat(2000)})` })).toBe('A pattern has at most 2000 characters.');
    expect(say({ kind: 'anchor', label: 'L'.repeat(201), direction: 'right' })).toBe('A label has at most 200 characters.');
    const errors = validateFields([
      { name: 'n'.repeat(101), type: 'string' },
      { name: 'notes', type: 'string', description: 'x'.repeat(1001), rules: Array.from({ length: 21 }, () => ({ kind: 'fixed' as const, value: 'a' })) },
    ]);
    expect(errors).toEqual({
      '0/name': 'A field name has at most 100 characters.',
      '1/description': 'A description has at most 1000 characters; this one has 1001.',
      '1/rules.20': 'A field has at most 20 rules; remove this one.',
    });
    const many = Array.from({ length: 201 }, (_, i) => ({ name: `f${i}`, type: 'string' as const }));
    expect(Object.keys(validateFields(many))).toEqual(['200/name']);
  });

  it('refuses a date format the engine cannot read a date with, in words', () => {
    expect(dateFormatProblem(undefined)).toBeNull();
    expect(dateFormatProblem('%d.%m.%Y')).toBeNull();
    expect(dateFormatProblem('%B %d, %Y')).toBeNull();
    expect(dateFormatProblem('DD/MM/YYYY')).toBe('“DD/MM/YYYY” reads no day, month or year: write them as %d, %m and %Y, such as %d.%m.%Y for 31.12.2026.');
    expect(dateFormatProblem('%d.%q.%Y')).toMatch(/^“%q” is not a date directive/);
    expect(dateFormatProblem('%d.%m.%')).toMatch(/^“%” is not a date directive/);
    expect(validateFields([{ name: 'due', type: 'date', format: { date_format: 'dd.mm.yyyy' } }])['0/format']).toMatch(/reads no day, month or year/);
    expect(validateFields([{ name: 'due', type: 'string', format: { date_format: 'dd.mm.yyyy' } }])).toEqual({});
  });

  it('drops a date format when a date field becomes another type, so the API takes the save', async () => {
    const { fake, store } = setup();
    await store.getState().open('prs_1');
    store.getState().setFieldType([1], 'date');
    store.getState().setFormat([1], { date_format: '%', decimal_separator: ',' });
    expect(store.getState().errors['1/format']).toMatch(/^“%” is not a date directive/);
    store.getState().setFieldType([1], 'number');
    expect(store.getState().errors).toEqual({});
    expect(await store.getState().save()).toBe(true);
    const sent = (fake.callsOf('parsers.update') as Array<RpcArgs<'parsers.update'>>)[0]?.patch.fields;
    expect(fieldListSchema.safeParse(sent).success).toBe(true);
    expect(sent?.[1]).toEqual({ name: 'total', type: 'number', format: { decimal_separator: ',' } });
  });

  it('keeps each field’s key through renames, type changes and moves, so the rows shown follow the fields', () => {
    let fields: FieldDefinition[] = [
      { name: 'a', type: 'string' },
      { name: 'items', type: 'array', fields: [{ name: 'x', type: 'string' }, { name: 'y', type: 'number' }] },
      { name: 'c', type: 'string' },
    ];
    const [a, items, c] = fields.map(fieldId);
    const [x, y] = fields[1]!.fields!.map(fieldId);
    fields = updateFieldAt(fields, [0], (f) => ({ ...f, name: 'a2' }));
    fields = updateFieldAt(fields, [0], (f) => withType(f, 'date'));
    fields = moveFieldAt(fields, [1, 0], 1);
    fields = moveFieldAt(fields, [0], 1);
    expect(fields.map(fieldId)).toEqual([items, a, c]);
    expect(fields[0]!.fields!.map(fieldId)).toEqual([y, x]);
    fields = removeFieldAt(fields, [1]);
    fields = addFieldAt(fields, []);
    expect(fields.map(fieldId).slice(0, 2)).toEqual([items, c]);
    expect(new Set(fields.map(fieldId)).size).toBe(3);
  });

  it('creates and removes parsers', async () => {
    const { fake, store } = setup();
    fake.on('parsers.create', (arg) => parser([], { parser_id: 'prs_2', name: arg.name }));
    fake.on('parsers.remove', () => ({ deleted: true }));
    await store.getState().loadList();
    expect(await store.getState().create('   ')).toBeNull();
    expect(store.getState().createError).toMatch(/name/);
    const created = await store.getState().create(' Receipts ');
    expect(fake.callsOf('parsers.create')).toEqual([{ name: 'Receipts' }]);
    expect(created?.parser_id).toBe('prs_2');
    await store.getState().open('prs_2');
    expect(await store.getState().remove('prs_2')).toBe(true);
    expect(store.getState().list.map((p) => p.parser_id)).toEqual(['prs_1']);
    expect(store.getState().selectedId).toBeNull();
  });
});

describe('parsers store: sample, detect and test', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stages a dropped sample and tests the draft on it', async () => {
    const { fake, store } = setup();
    const stageCalls: unknown[] = [];
    fake.onStage(async (items, filter) => {
      stageCalls.push([items.files.map((f) => f.name), filter]);
      return { files: [stagedFile('sample.pdf')], skipped: [] };
    });
    await store.getState().open('prs_1');
    await store.getState().setSampleFile(sampleFile());
    expect(stageCalls).toEqual([[['sample.pdf'], 'supported']]);
    expect(store.getState().sample).toMatchObject({ ref: { kind: 'upload', upload_id: 'upl_sample.pdf' }, status: 'ready', name: 'sample.pdf' });
    expect(store.getState().sample.file?.bytes).toHaveLength(4);
    await vi.runAllTimersAsync();
    expect(fake.callsOf('parsers.test')).toHaveLength(1);
    expect(store.getState().test.status).toBe('done');
  });

  it('says why a file cannot be a sample', async () => {
    const { fake, store } = setup();
    fake.onStage(async () => ({ files: [], skipped: [{ name: 'notes.docx', relative_path: 'notes.docx', reason: 'Word files are not supported' }] }));
    await store.getState().open('prs_1');
    await store.getState().setSampleFile(new File(['x'], 'notes.docx'));
    expect(store.getState().sample.error).toBe('“notes.docx” cannot be used as a sample: Word files are not supported');
  });

  it('tests once after a burst of edits, 600 ms after the last', async () => {
    const { fake, store } = setup();
    await store.getState().open('prs_1');
    await store.getState().setSampleFile(sampleFile());
    await vi.runAllTimersAsync();
    const before = fake.callsOf('parsers.test').length;
    store.getState().updateField([0], { description: 'T' });
    await vi.advanceTimersByTimeAsync(300);
    store.getState().updateField([0], { description: 'Th' });
    await vi.advanceTimersByTimeAsync(300);
    store.getState().updateField([0], { description: 'The number' });
    await vi.advanceTimersByTimeAsync(TEST_DELAY_MS - 1);
    expect(fake.callsOf('parsers.test')).toHaveLength(before);
    await vi.advanceTimersByTimeAsync(1);
    const calls = fake.callsOf('parsers.test') as Array<RpcArgs<'parsers.test'>>;
    expect(calls).toHaveLength(before + 1);
    expect(calls.at(-1)).toEqual({
      fields: [{ name: 'invoice_number', type: 'string', description: 'The number' }, { name: 'total', type: 'number' }],
      result_mode: 'one_per_file',
      parser_id: 'prs_1',
      file: { kind: 'upload', upload_id: 'upl_sample.pdf' },
    });
  });

  it('tests on the stored sample when no file was added, and not while fields are invalid', async () => {
    const { fake, store } = setup(parser(INVOICE_FIELDS, { has_sample_file: true, sample_file_id: 'smp_1' }));
    await store.getState().open('prs_1');
    expect(store.getState().sample.file?.filename).toBe('stored.pdf');
    expect(fake.callsOf('parsers.test')).toEqual([{ fields: INVOICE_FIELDS, result_mode: 'one_per_file', parser_id: 'prs_1' }]);
    store.getState().updateField([1], { name: 'Total!' });
    await vi.advanceTimersByTimeAsync(TEST_DELAY_MS);
    expect(fake.callsOf('parsers.test')).toHaveLength(1);
    expect(store.getState().test.error).toMatch(/Fix the marked fields/);
  });

  it('detects at once when the parser has no fields', async () => {
    const { fake, store } = setup(parser([]));
    fake.on('parsers.detect', () => parser(INVOICE_FIELDS, { has_sample_file: true }));
    await store.getState().open('prs_1');
    store.getState().requestDetect();
    expect(store.getState().detectError).toMatch(/Add a sample/);
    await store.getState().setSampleFile(sampleFile());
    store.getState().requestDetect();
    await vi.runAllTimersAsync();
    expect(fake.callsOf('parsers.detect')).toEqual([{ parser_id: 'prs_1', file: { kind: 'upload', upload_id: 'upl_sample.pdf' }, replace_existing_schema: false }]);
    expect(store.getState().draft?.fields.map((f) => f.name)).toEqual(['invoice_number', 'total']);
    expect(store.getState().dirty).toBe(false);
    expect(store.getState().replacePrompt).toBe(false);
  });

  it('asks before replacing existing fields, and replaces only when told to', async () => {
    const { fake, store } = setup();
    fake.on('parsers.detect', (arg) => parser([{ name: 'invoice_date', type: 'date' }], { has_sample_file: true, fields: arg.replace_existing_schema ? [{ name: 'invoice_date', type: 'date' }] : INVOICE_FIELDS }));
    await store.getState().open('prs_1');
    await store.getState().setSampleFile(sampleFile());
    store.getState().requestDetect();
    expect(store.getState().replacePrompt).toBe(true);
    expect(fake.callsOf('parsers.detect')).toHaveLength(0);
    await store.getState().answerReplace(false);
    expect(store.getState().replacePrompt).toBe(false);
    expect(fake.callsOf('parsers.detect')).toHaveLength(0);
    store.getState().requestDetect();
    await store.getState().answerReplace(true);
    expect(fake.callsOf('parsers.detect')).toEqual([{ parser_id: 'prs_1', file: { kind: 'upload', upload_id: 'upl_sample.pdf' }, replace_existing_schema: true }]);
    expect(store.getState().draft?.fields.map((f) => f.name)).toEqual(['invoice_date']);
  });

  it('turns SCHEMA_ALREADY_EXISTS into the replace question', async () => {
    const { fake, store } = setup(parser([]));
    fake.on('parsers.detect', () => {
      throw new Error('SCHEMA_ALREADY_EXISTS: this parser already has a schema');
    });
    await store.getState().open('prs_1');
    await store.getState().setSampleFile(sampleFile());
    await store.getState().detect(false);
    expect(store.getState()).toMatchObject({ replacePrompt: true, detecting: false, detectError: null });
  });

  /** parsers.detect and parsers.test as the server answers them for a sample locked with `secret`. */
  function lockedSample(fake: ReturnType<typeof setup>['fake'], secret: string) {
    const check = (password: string | undefined) => {
      if (password === undefined) {
        throw Object.assign(new Error('sample.pdf: the pages could not be counted. This PDF is protected by a password. Provide the password to open it.'), { code: 'PAGE_COUNT_FAILED' });
      }
      if (password !== secret) throw Object.assign(new Error('This password does not open “sample.pdf”.'), { code: 'INVALID_PAYLOAD' });
    };
    fake.on('parsers.test', (arg) => {
      check(arg.password);
      return testResult();
    });
    fake.on('parsers.detect', (arg) => {
      check(arg.password);
      return parser([{ name: 'invoice_date', type: 'date' }], { has_sample_file: true, sample_file_id: 'smp_locked' });
    });
  }

  it('asks for the password of an encrypted sample, then detects and tests with it; a wrong one is said plainly', async () => {
    const { fake, store } = setup(parser([]));
    lockedSample(fake, 's3cret');
    await store.getState().open('prs_1');
    await store.getState().setSampleFile(sampleFile());
    await store.getState().detect(false);
    expect(store.getState()).toMatchObject({
      detecting: false,
      detectError: null,
      samplePassword: null,
      sampleLock: { wrong: false, message: '“sample.pdf” is protected by a password. Type its password to detect fields and test on it.' },
    });

    await store.getState().unlockSample('nope');
    expect(fake.callsOf('parsers.detect')[1]).toMatchObject({ password: 'nope', replace_existing_schema: false });
    expect(store.getState()).toMatchObject({
      samplePassword: null,
      sampleLock: { wrong: true, message: 'This password does not open “sample.pdf”. Check it and try again.' },
      detectError: null,
    });

    await store.getState().unlockSample('s3cret');
    expect(fake.callsOf('parsers.detect')[2]).toMatchObject({ password: 's3cret', file: { kind: 'upload', upload_id: 'upl_sample.pdf' } });
    expect(store.getState()).toMatchObject({ sampleLock: null, samplePassword: 's3cret', detectError: null });
    expect(store.getState().draft?.fields.map((f) => f.name)).toEqual(['invoice_date']);
    // The test after detecting, and each test after an edit, carry the password.
    await vi.runAllTimersAsync();
    expect(fake.callsOf('parsers.test').at(-1)).toMatchObject({ password: 's3cret' });
    expect(store.getState().test.status).toBe('done');
    store.getState().updateField([0], { name: 'issued' });
    await vi.runAllTimersAsync();
    expect(fake.callsOf('parsers.test').at(-1)).toMatchObject({ password: 's3cret', fields: [expect.objectContaining({ name: 'issued' })] });

    // Another sample starts without it.
    await store.getState().setSampleFile(sampleFile());
    expect(store.getState().samplePassword).toBeNull();
  });

  it('keeps a detection that waits for the password when a test asks for it too, and forgets it with another sample', async () => {
    const { fake, store } = setup(parser(INVOICE_FIELDS));
    lockedSample(fake, 's3cret');
    await store.getState().open('prs_1');
    await store.getState().setSampleFile(sampleFile());
    await store.getState().detect(true);
    await store.getState().runTest();
    expect(store.getState().sampleLock).toMatchObject({ wrong: false });
    await store.getState().unlockSample('s3cret');
    expect(fake.callsOf('parsers.detect')).toHaveLength(2);
    expect(fake.callsOf('parsers.detect')[1]).toMatchObject({ password: 's3cret', replace_existing_schema: true });

    // A detection that waited for the first sample's password is not run for the next one.
    await store.getState().setSampleFile(sampleFile());
    await store.getState().detect(true);
    await store.getState().setSampleFile(sampleFile());
    await store.getState().runTest();
    const tests = fake.callsOf('parsers.test').length;
    await store.getState().unlockSample('s3cret');
    expect(fake.callsOf('parsers.detect')).toHaveLength(3);
    expect(fake.callsOf('parsers.test')).toHaveLength(tests + 1);
    expect(fake.callsOf('parsers.test').at(-1)).toMatchObject({ password: 's3cret' });
  });

  it('asks for the password when testing on the stored sample, and keeps it for this session only', async () => {
    const { fake, store } = setup(parser(INVOICE_FIELDS, { has_sample_file: true, sample_file_id: 'smp_locked' }));
    lockedSample(fake, 's3cret');
    await store.getState().open('prs_1');
    await vi.runAllTimersAsync();
    expect(store.getState().sampleLock).toMatchObject({ wrong: false, message: '“stored.pdf” is protected by a password. Type its password to detect fields and test on it.' });
    expect(store.getState().test).toMatchObject({ status: 'idle', error: null });
    await store.getState().unlockSample('s3cret');
    expect(fake.callsOf('parsers.test').at(-1)).toMatchObject({ password: 's3cret' });
    expect(fake.callsOf('parsers.test').at(-1)).not.toHaveProperty('file');
    expect(store.getState()).toMatchObject({ sampleLock: null, test: { status: 'done' } });

    // Opening the parser again in this session uses it without asking; a new store (the app
    // started again) knows nothing of it.
    await store.getState().open('prs_1');
    await vi.runAllTimersAsync();
    expect(store.getState()).toMatchObject({ samplePassword: 's3cret', sampleLock: null, test: { status: 'done' } });
    const again = createParsersStore(fake.backend);
    await again.getState().open('prs_1');
    await vi.runAllTimersAsync();
    expect(again.getState()).toMatchObject({ samplePassword: null, sampleLock: { wrong: false } });
  });

  it('shows how long detection has been running until it ends', async () => {
    const { fake, store } = setup(parser([]));
    let finish: (p: Parser) => void = () => undefined;
    fake.on('parsers.detect', () => new Promise<Parser>((resolve) => (finish = resolve)));
    vi.setSystemTime(new Date('2026-01-01T00:00:00.000Z'));
    await store.getState().open('prs_1');
    await store.getState().setSampleFile(sampleFile());
    const running = store.getState().detect(false);
    expect(store.getState()).toMatchObject({ detecting: true, detectStartedAt: Date.parse('2026-01-01T00:00:00.000Z') });
    finish(parser([{ name: 'total', type: 'number' }]));
    await running;
    expect(store.getState()).toMatchObject({ detecting: false, detectStartedAt: null });
  });

  it('selecting a test result turns the sample to its citation page', async () => {
    const { store } = setup();
    await store.getState().open('prs_1');
    await store.getState().setSampleFile(sampleFile());
    await vi.runAllTimersAsync();
    store.getState().selectResult('total');
    expect(store.getState()).toMatchObject({ selectedResult: 'total', samplePage: 2 });
  });
});
