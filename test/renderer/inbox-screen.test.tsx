// What the Inbox shows in each state: empty, reading, a staged list with flags, the start bar.
import { describe, expect, it } from 'vitest';
import { InboxScreen } from '../../src/renderer/features/inbox/inbox-screen.js';
import { findDuplicates } from '../../src/renderer/stores/inbox-store.js';
import { createFakeBackend } from './fake-backend.js';
import { stagedFile } from './fixtures.js';
import { render, serverStores } from './render.js';

function setup(options: Parameters<typeof createFakeBackend>[0] = {}) {
  const fake = createFakeBackend(options);
  const stores = serverStores(fake.backend);
  return { fake, stores, html: () => render(fake.backend, stores, <InboxScreen />) };
}

describe('inbox screen', () => {
  it('offers a drop zone with file and folder inputs reachable by keyboard', () => {
    const { html } = setup();
    const page = html();
    expect(page).toMatch(/<h2[^>]*>Inbox<\/h2>/);
    expect(page).toContain('data-testid="drop-zone"');
    expect(page).toMatch(/<input id="[^"]+" type="file" multiple=""/);
    expect(page).toContain('webkitdirectory=""');
    expect(page).toMatch(/<label for="[^"]+" class="button picker__label">Choose files…<\/label>/);
    expect(page).toContain('Add a folder…');
    expect(page).toContain('All supported files');
    expect(page).toContain('How it works');
    expect(page).not.toContain('Start —');
  });

  it('uses the native dialogs in the desktop app', () => {
    const { html } = setup({ kind: 'desktop', dialog: true });
    const page = html();
    expect(page).toContain('>Choose a folder…</button>');
    expect(page).not.toContain('type="file"');
  });

  it('shows reading progress in words', () => {
    const { stores, html } = setup();
    stores.inbox.setState({ staging: { done: 37, total: 120 } });
    const page = html();
    expect(page).toContain('Reading 37 of 120 files…');
    expect(page).toContain('aria-valuenow="37"');
  });

  it('lists staged files with duplicates and files processed before flagged', () => {
    const { stores, html } = setup();
    const before = { extraction_id: 'ext_1', document_id: 'doc_1', filename: 'b.pdf', created_at: '2024-05-06T07:08:09.000Z' };
    const files = [stagedFile('a.pdf', { hash: 'h' }), stagedFile('copy.pdf', { hash: 'h' }), stagedFile('b.pdf', { processed_before: before })];
    stores.inbox.setState({
      files,
      duplicates: findDuplicates(files),
      processedBeforeCount: 1,
      skipped: [{ name: 'notes.exe', relative_path: 'invoices/notes.exe', reason: 'This kind of file cannot be read.' }],
    });
    const page = html();
    expect(page.match(/data-testid="staged-row"/g)).toHaveLength(3);
    expect(page).toContain('Duplicate of invoices/a.pdf');
    expect(page).toContain('Processed before');
    expect(page).toContain('href="#/document/ext_1/doc_1"');
    expect(page).toContain('aria-label="Remove invoices/copy.pdf"');
    expect(page).toContain('Remove duplicates');
    expect(page).toContain('Remove files processed before');
    expect(page).toContain('1 file skipped');
    expect(page).toContain('This kind of file cannot be read.');
    expect(page).toContain('Start — 3 files');
    expect(page).toContain('<option value="" selected="">Parse only</option>');
  });

  it('lists parsers, greys out those without fields, and hints when there are none', () => {
    const { stores, html } = setup();
    stores.inbox.setState({ files: [stagedFile('a.pdf')] });
    stores.parserOptions.setState({ status: 'ready', options: [] });
    expect(html()).toContain('No parsers yet — <a href="#/parsers">create one in Parsers</a>');

    stores.parserOptions.setState({
      options: [
        { parser_id: 'prs_1', name: 'Invoices', field_count: 4 },
        { parser_id: 'prs_2', name: 'Draft', field_count: 0 },
      ],
    });
    stores.inbox.setState({ parserId: 'prs_1' });
    const page = html();
    expect(page).toContain('<option value="prs_1" selected="">Invoices</option>');
    expect(page).toContain('<option value="prs_2" disabled="">Draft — no fields yet</option>');
    expect(page).toContain('Fields from “Invoices” are filled');
  });

  it('shows an error as a sentence', () => {
    const { stores, html } = setup();
    stores.inbox.setState({ error: 'The job could not be started. The parser has no fields.' });
    expect(html()).toMatch(/role="alert"[^]*The job could not be started\. The parser has no fields\./);
  });
});
