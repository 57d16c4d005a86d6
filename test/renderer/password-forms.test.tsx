// The password forms of a protected document and of a parser's sample: one shared box (never
// autofilled or spell-checked), marked invalid when the last password did not open the file.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { PasswordPrompt, ViewerPasswordForm } from '../../src/renderer/features/document/password-prompt.js';
import { SamplePanel } from '../../src/renderer/features/parsers/sample-panel.js';
import { createDocumentStore, type DocumentStore } from '../../src/renderer/stores/document-store.js';
import { createParsersStore, type ParsersStore } from '../../src/renderer/stores/parsers-store.js';
import { createFakeBackend } from './fake-backend.js';
import { jobDocument, parserFixture } from './fixtures.js';

/** Stores whose server snapshot is their current state (see render.tsx). */
function documentStore(): DocumentStore {
  const store = createDocumentStore(createFakeBackend().backend);
  return Object.assign(store, { getInitialState: () => store.getState() });
}
function parsersStore(): ParsersStore {
  const store = createParsersStore(createFakeBackend().backend);
  return Object.assign(store, { getInitialState: () => store.getState() });
}

const SHARED_BOX = /<input id="[^"]+" class="input password-input" type="password" autoComplete="off" spellCheck="false"/;

describe('password forms', () => {
  it('use the one shared password box on a document, on its pages and on a parser’s sample', () => {
    const doc = documentStore();
    doc.setState({ documentId: 'doc_1', siblings: [] });
    const prompt = renderToStaticMarkup(<PasswordPrompt store={doc} />);
    expect(prompt).toMatch(SHARED_BOX);
    expect(prompt).toContain('class="password-form doc-password"');

    const viewer = renderToStaticMarkup(<ViewerPasswordForm store={doc} wrong />);
    expect(viewer).toMatch(SHARED_BOX);
    expect(viewer).toContain('aria-invalid="true"');
    expect(viewer).toContain('class="password-form__note">That password does not open this PDF. Try again:</p>');

    const parsers = parsersStore();
    parsers.setState({ parser: parserFixture({ has_sample_file: true }), sampleLock: { wrong: true, message: 'This password does not open “a.pdf”. Check it and try again.' } });
    const sample = renderToStaticMarkup(<SamplePanel store={parsers} />);
    expect(sample).toMatch(SHARED_BOX);
    expect(sample).toContain('class="password-form sample__password"');
    expect(sample).toContain('class="password-form__error sample__password-note" role="alert">This password does not open “a.pdf”. Check it and try again.</p>');
  });

  it('offers a document’s password to the other documents of its job that need one, not to cancelled or finished ones', () => {
    const doc = documentStore();
    const locked = { status: 'failed' as const, error_code: 'PASSWORD_PROTECTED_FILE', error_message: 'This PDF is protected by a password.' };
    doc.setState({
      documentId: 'doc_1',
      siblings: [
        jobDocument('doc_1', locked),
        jobDocument('doc_2', locked),
        jobDocument('doc_3', { status: 'failed', error_code: 'CANCELLED' }),
        jobDocument('doc_4', { status: 'completed' }),
      ],
    });
    expect(renderToStaticMarkup(<PasswordPrompt store={doc} />)).toContain('Also try it on the other document of this job that need a password');
    doc.setState({ siblings: [jobDocument('doc_1', locked), jobDocument('doc_2', locked), jobDocument('doc_5', locked)] });
    expect(renderToStaticMarkup(<PasswordPrompt store={doc} />)).toContain('Also try it on the 2 other documents of this job that need a password');
  });
});
