// Detecting fields from a parser's stored sample after a reload: the detection is asked for by
// the parser alone (the service reads its stored sample), in browser mode and on the desktop
// alike; a sample added in this session is sent, and then becomes the stored one. Also: a link to
// a parser that is not there is told apart from a parser that could not be loaded.
import { describe, expect, it } from 'vitest';
import type { FieldDefinition, Parser } from '../../../src/shared/api/parsers.js';
import { createParsersStore } from '../../../src/renderer/stores/parsers-store.js';
import { makeRun } from '../../helpers/contract-block.js';
import { createFakeBackend } from '../fake-backend.js';
import { parserFixture, stagedFile } from '../fixtures.js';

const FIELDS: FieldDefinition[] = [{ name: 'total', type: 'number' }];

function parser(overrides: Partial<Parser> = {}): Parser {
  return parserFixture({ fields: FIELDS, has_sample_file: true, sample_file_id: 'smp_1', ...overrides });
}

function setup(kind: 'browser' | 'desktop') {
  const fake = createFakeBackend({ kind });
  fake.on('parsers.get', () => parser());
  fake.on('parsers.sample', () => ({ bytes: new Uint8Array([37, 80, 68, 70, 45]), file_type: 'pdf', filename: 'stored.pdf' }));
  fake.on('parsers.test', () => ({
    data: { total: 1 },
    confidence: 1,
    fields: {},
    template: null,
    run: makeRun(),
  }));
  fake.on('parsers.detect', (arg) => parser({ fields: arg.replace_existing_schema ? [{ name: 'invoice_date', type: 'date' }] : FIELDS }));
  const staged: Array<{ name: string; bytes: number[] }> = [];
  fake.onStage(async (items) => {
    for (const f of items.files) staged.push({ name: f.name, bytes: [...new Uint8Array(await f.arrayBuffer())] });
    return kind === 'browser' ? { files: [stagedFile('stored.pdf')], skipped: [] } : { files: [], skipped: [{ name: 'stored.pdf', relative_path: 'stored.pdf', reason: 'not on disk' }] };
  });
  return { fake, store: createParsersStore(fake.backend), staged };
}

describe('detecting from the stored sample', () => {
  for (const kind of ['browser', 'desktop'] as const) {
    it(`asks for detection from the stored sample (${kind})`, async () => {
      const { fake, store, staged } = setup(kind);
      await store.getState().open('prs_1');
      expect(store.getState().sample).toMatchObject({ ref: null, name: 'stored.pdf' });
      expect(store.getState().canDetect()).toBe(true);
      store.getState().requestDetect();
      expect(store.getState().replacePrompt).toBe(true);
      await store.getState().answerReplace(true);
      expect(staged).toEqual([]);
      expect(fake.callsOf('parsers.detect')).toEqual([{ parser_id: 'prs_1', replace_existing_schema: true }]);
      expect(store.getState().draft?.fields.map((f) => f.name)).toEqual(['invoice_date']);
      expect(store.getState().detectError).toBeNull();
    });
  }

  it('sends a sample added here once, then uses it as the stored sample', async () => {
    const { fake, store } = setup('browser');
    await store.getState().open('prs_1');
    await store.getState().setSampleFile(new File([new Uint8Array([37, 80, 68, 70, 45])], 'new.pdf'));
    const ref = store.getState().sample.ref;
    expect(ref).not.toBeNull();
    await store.getState().detect(true);
    await store.getState().detect(true);
    expect(fake.callsOf('parsers.detect')).toEqual([
      { parser_id: 'prs_1', file: ref, replace_existing_schema: true },
      { parser_id: 'prs_1', replace_existing_schema: true },
    ]);
    expect(store.getState().sample).toMatchObject({ ref: null, name: 'stored.pdf' });
  });

  it('asks for a sample when the parser has none', async () => {
    const { fake, store } = setup('desktop');
    fake.on('parsers.get', () => parser({ has_sample_file: false, sample_file_id: null }));
    await store.getState().open('prs_1');
    expect(store.getState().canDetect()).toBe(false);
    store.getState().requestDetect();
    expect(store.getState().detectError).toBe('Add a sample file first: fields are detected from a sample.');
    expect(fake.callsOf('parsers.detect')).toEqual([]);
  });
});

describe('opening a parser', () => {
  it('tells a parser that is not there from one that could not be loaded', async () => {
    const fake = createFakeBackend();
    fake.on('parsers.get', (arg) => {
      if (arg.parser_id === 'prs_gone') throw Object.assign(new Error('No parser with id prs_gone.'), { code: 'PARSER_NOT_FOUND' });
      throw Object.assign(new Error('The server cannot be reached.'), { code: 'SERVICE_UNAVAILABLE' });
    });
    const store = createParsersStore(fake.backend);
    await store.getState().open('prs_gone');
    expect(store.getState()).toMatchObject({ parserStatus: 'error', parserMissing: true });
    await store.getState().open('prs_1');
    expect(store.getState()).toMatchObject({ parserStatus: 'error', parserMissing: false, parserError: 'The server cannot be reached.' });
  });
});
