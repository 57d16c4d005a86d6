// The parser editor's panels: the sample's found values named as fields are named elsewhere
// (wrapping between words), the Detect button offered once there is a sample, and the one
// limit on a parser's name shared by the form, its checks and the API.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { PARSER_NAME_MAX, parserCreateSchema, parserPatchSchema } from '../../src/shared/api/parsers.js';
import { FieldName } from '../../src/renderer/components/field-name.js';
import { NameLengthHint, nameNearLimit } from '../../src/renderer/features/parsers/parser-editor.js';
import { SamplePanel } from '../../src/renderer/features/parsers/sample-panel.js';
import { createParsersStore, validateDraft, type ParsersStore } from '../../src/renderer/stores/parsers-store.js';
import { makeRun } from '../helpers/contract-block.js';
import { createFakeBackend } from './fake-backend.js';
import { parserFixture } from './fixtures.js';

/** A parsers store whose server snapshot is its current state (see render.tsx). */
function parsersStore(): ParsersStore {
  const store = createParsersStore(createFakeBackend().backend);
  return Object.assign(store, { getInitialState: () => store.getState() });
}

describe('the sample panel', () => {
  it('names each found value as the fields panel names fields, wrapping between words', () => {
    const store = parsersStore();
    const parser = parserFixture({ has_sample_file: true, fields: [{ name: 'total_amount', type: 'number' }] });
    store.setState({
      parser,
      test: { status: 'done', error: null, result: { data: { line_items: [{ unit_price: 4 }] }, confidence: 1, fields: {}, template: null, run: makeRun() } },
    });
    const html = renderToStaticMarkup(<SamplePanel store={store} />);
    expect(renderToStaticMarkup(<FieldName path="line_items[0].unit_price" />)).toBe('line_<wbr/>items[<wbr/>0].<wbr/>unit_<wbr/>price');
    expect(html).toContain(`title="line_items.0.unit_price">${renderToStaticMarkup(<FieldName path="line_items.0.unit_price" />)}</span>`);
    expect(html).toContain('>line_<wbr/>items.<wbr/>0.<wbr/>unit_<wbr/>price</span>');
  });

  it('offers Detect fields once the parser has a sample, stored or added here', () => {
    const store = parsersStore();
    const detect = () => renderToStaticMarkup(<SamplePanel store={store} />).match(/<button[^>]*>Detect fields<\/button>/)?.[0];
    store.setState({ parser: parserFixture({ has_sample_file: false }) });
    expect(detect()).toContain('disabled');
    store.setState({ parser: parserFixture({ has_sample_file: true }) });
    expect(detect()).not.toContain('disabled');
  });
});

describe('the sample panel while detecting and with a locked sample', () => {
  it('says detection is reading the sample and for how long, as no page progress reaches it', () => {
    const store = parsersStore();
    store.setState({ parser: parserFixture({ has_sample_file: true }), detecting: true, detectStartedAt: Date.now() - 12_400 });
    const html = renderToStaticMarkup(<SamplePanel store={store} />);
    expect(html).toContain('<span role="status">Reading the sample to find its fields. A scanned page can take several seconds.</span>');
    expect(html).toContain('class="sample__elapsed" aria-hidden="true">12 s</span>');
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>Detecting fields…<\/button>/);
    store.setState({ detecting: false, detectStartedAt: null });
    expect(renderToStaticMarkup(<SamplePanel store={store} />)).not.toContain('detect-busy');
  });

  it('shows detection busy with the shared indeterminate progress bar', () => {
    const store = parsersStore();
    store.setState({ parser: parserFixture({ has_sample_file: true }), detecting: true, detectStartedAt: Date.now() });
    const html = renderToStaticMarkup(<SamplePanel store={store} />);
    expect(html).toMatch(/<div role="progressbar" aria-label="Detecting fields"[^>]*aria-busy="true" class="progress progress--small progress--accent progress--indeterminate">/);
    expect(html).not.toContain('spinner');
  });

  it('asks for the sample’s password in a box of its own, saying why (a wrong one as an alert)', () => {
    const store = parsersStore();
    store.setState({ parser: parserFixture({ has_sample_file: true }), sampleLock: { wrong: false, message: '“a.pdf” is protected by a password. Type its password to detect fields and test on it.' } });
    let html = renderToStaticMarkup(<SamplePanel store={store} />);
    expect(html).toContain('aria-label="Password of the sample"');
    expect(html).toContain('“a.pdf” is protected by a password. Type its password to detect fields and test on it.');
    expect(html).toMatch(/<input[^>]*type="password"[^>]*autoComplete="off"/);
    expect(html).toContain('It is used to read this sample while the app is open and is never saved.');
    expect(html).not.toContain('role="alert"');
    store.setState({ sampleLock: { wrong: true, message: 'This password does not open “a.pdf”. Check it and try again.' } });
    html = renderToStaticMarkup(<SamplePanel store={store} />);
    expect(html).toContain('role="alert">This password does not open “a.pdf”. Check it and try again.</p>');
    expect(html).toContain('aria-invalid="true"');
    store.setState({ sampleLock: null });
    expect(renderToStaticMarkup(<SamplePanel store={store} />)).not.toContain('Password of the sample');
  });
});

describe('a parser name', () => {
  it('has one limit, kept by the API, the checks before saving and the form', () => {
    const longest = 'n'.repeat(PARSER_NAME_MAX);
    const tooLong = `${longest}n`;
    expect(parserCreateSchema.safeParse({ name: longest }).success).toBe(true);
    expect(parserCreateSchema.safeParse({ name: tooLong }).success).toBe(false);
    expect(parserPatchSchema.safeParse({ name: tooLong }).success).toBe(false);
    const draft = { name: longest, description: '', result_mode: 'one_per_file' as const, fields: [] };
    expect(validateDraft(draft)['parser/name']).toBeUndefined();
    expect(validateDraft({ ...draft, name: tooLong })['parser/name']).toBe(`A parser name has at most ${PARSER_NAME_MAX} characters.`);
  });

  it('shows how long it is only near the limit', () => {
    expect(nameNearLimit(PARSER_NAME_MAX - 11)).toBe(false);
    expect(nameNearLimit(PARSER_NAME_MAX - 10)).toBe(true);
    expect(renderToStaticMarkup(<NameLengthHint id="n" length={PARSER_NAME_MAX - 11} />)).toBe('');
    expect(renderToStaticMarkup(<NameLengthHint id="n" length={PARSER_NAME_MAX - 10} />)).toContain(`${PARSER_NAME_MAX - 10} of ${PARSER_NAME_MAX} characters.`);
    expect(renderToStaticMarkup(<NameLengthHint id="n" length={PARSER_NAME_MAX} />)).toContain(`${PARSER_NAME_MAX} of ${PARSER_NAME_MAX} characters: a name can be no longer.`);
  });
});
