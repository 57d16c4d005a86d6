// The Document screen's store: loading a document with its file and job, selecting blocks and
// fields (turning pages), the spatial text on demand, and answers that arrive too late.
import { describe, expect, it } from 'vitest';
import type { DocumentDetail } from '../../../src/shared/api/extractions.js';
import { parseConfigSchema, type ParseRun } from '../../../src/shared/parse-contract.js';
import type { DocumentView } from '../../../src/shared/rpc-contract.js';
import { createDocumentStore, fieldRows, selectedBlock, unlockSentence } from '../../../src/renderer/stores/document-store.js';
import { makeBlock } from '../../helpers/contract-block.js';
import { createFakeBackend } from '../fake-backend.js';
import { jobDetail } from '../fixtures.js';

function run(): ParseRun {
  return {
    object: 'parser_run',
    id: 'pr_1',
    fileId: 'file_1',
    status: 'PROCESSED',
    failureReason: null,
    failureMessage: null,
    chunks: [
      { object: 'chunk', type: 'page', content: '# Invoice', metadata: { pageRange: { start: 1, end: 1 } }, blocks: [makeBlock({ id: 'b1', type: 'heading', content: '# Invoice' })] },
      { object: 'chunk', type: 'page', content: 'Total 42', metadata: { pageRange: { start: 2, end: 2 } }, blocks: [makeBlock({ id: 'b2', page: 2, content: 'Total 42' })] },
    ],
    config: parseConfigSchema.parse({}),
    metrics: { processingTimeMs: 10, pageCount: 2 },
  };
}

function view(overrides: Partial<DocumentDetail> = {}, parseOnly = false): DocumentView {
  return {
    document: {
      document_id: 'doc_1',
      filename: 'invoice.pdf',
      page_count: 2,
      credits_used: 0,
      status: 'completed',
      error_message: null,
      extracted_data: { invoice_number: 'INV-1', total: 42 },
      confidence: 0.9,
      fields: {
        invoice_number: { confidence: 0.95, source: 'label', citation: { page: 1, box: { left: 10, top: 10, right: 80, bottom: 20 }, text: 'INV-1' } },
        total: { confidence: 0.4, source: 'layout', citation: { page: 2, box: { left: 300, top: 700, right: 350, bottom: 712 }, text: '42' } },
      },
      processing_time_ms: 100,
      created_at: '2025-03-01T10:00:00.000Z',
      completed_at: '2025-03-01T10:00:01.000Z',
      extraction_id: 'ext_1',
      parser_id: 'prs_1',
      parser_name: 'Invoices',
      file_type: 'pdf',
      file_size: 1000,
      content_hash: 'h',
      attempts: 1,
      ...overrides,
    },
    run: run(),
    corrections: { total: { original: 41, corrected_at: '2025-03-02T10:00:00.000Z' } },
    parse_only: parseOnly,
    error_code: null,
  };
}

function setup(v: DocumentView = view()) {
  const fake = createFakeBackend();
  fake.on('documents.get', () => v);
  fake.on('documents.file', () => ({ bytes: new Uint8Array([37, 80, 68, 70]), file_type: 'pdf', filename: 'invoice.pdf' }));
  fake.on('jobs.get', () => jobDetail('ext_1'));
  fake.on('documents.spatial', () => ({ pages: ['INVOICE', 'Total      42'] }));
  return { fake, store: createDocumentStore(fake.backend) };
}

describe('document store', () => {
  it('loads the document, its file and its job', async () => {
    const { fake, store } = setup();
    await store.getState().load('ext_1', 'doc_1');
    const s = store.getState();
    expect(s.status).toBe('ready');
    expect(s.view?.document.filename).toBe('invoice.pdf');
    expect(s.file?.file_type).toBe('pdf');
    expect(s.siblings.map((d) => d.document_id)).toEqual(['doc_1', 'doc_2', 'doc_3']);
    expect(fake.callsOf('documents.get')).toEqual([{ extraction_id: 'ext_1', document_id: 'doc_1' }]);
    expect(s.page).toBe(1);
    expect(s.tab).toBe('markdown');
  });

  it('tells a document that is not there from one that could not be loaded', async () => {
    const { fake, store } = setup();
    fake.on('documents.get', () => {
      throw Object.assign(new Error('No document doc_gone in extraction ext_1.'), { code: 'RESOURCE_NOT_FOUND' });
    });
    await store.getState().load('ext_1', 'doc_gone');
    expect(store.getState()).toMatchObject({ status: 'error', missing: true });

    // A lost connection can be retried: it is not "missing", and a later load clears the flag.
    fake.on('documents.get', () => {
      throw new Error('The server did not answer.');
    });
    await store.getState().load('ext_1', 'doc_1');
    expect(store.getState()).toMatchObject({ status: 'error', missing: false, error: 'The server did not answer.' });
    fake.on('documents.get', () => view());
    await store.getState().load('ext_1', 'doc_1');
    expect(store.getState()).toMatchObject({ status: 'ready', missing: false });
  });

  it('selects a block and turns to its page; selecting a field turns to its citation', async () => {
    const { store } = setup();
    await store.getState().load('ext_1', 'doc_1');
    store.getState().selectBlock('b2');
    expect(store.getState().page).toBe(2);
    expect(selectedBlock(store.getState())?.content).toBe('Total 42');
    store.getState().selectField('invoice_number');
    expect(store.getState()).toMatchObject({ page: 1, selectedField: 'invoice_number', selectedBlockId: null });
    store.getState().selectBlock(null);
    expect(store.getState().selectedBlockId).toBeNull();
  });

  it('finds a line-item field named dotted by the route', async () => {
    const v = view({
      extracted_data: { items: [{ amount: 5 }] },
      fields: { 'items[0].amount': { confidence: 0.7, source: 'table', citation: { page: 2, box: { left: 1, top: 1, right: 2, bottom: 2 }, text: '5' } } },
    });
    const { store } = setup(v);
    await store.getState().load('ext_1', 'doc_1', 'items.0.amount');
    expect(store.getState()).toMatchObject({ selectedField: 'items[0].amount', page: 2 });
  });

  it('preselects the field named by the route and opens the Fields tab', async () => {
    const { store } = setup();
    await store.getState().load('ext_1', 'doc_1', 'total');
    expect(store.getState()).toMatchObject({ tab: 'fields', selectedField: 'total', page: 2 });
  });

  it('never shows the Fields tab for a parse-only document', async () => {
    const { store } = setup(view({}, true));
    await store.getState().load('ext_1', 'doc_1', 'total');
    expect(store.getState().tab).toBe('markdown');
    expect(store.getState().selectedField).toBeNull();
  });

  it('loads the spatial text only when its tab opens, and once', async () => {
    const { fake, store } = setup();
    await store.getState().load('ext_1', 'doc_1');
    expect(fake.callsOf('documents.spatial')).toHaveLength(0);
    store.getState().setTab('spatial');
    await Promise.resolve();
    await Promise.resolve();
    expect(store.getState().spatial).toEqual(['INVOICE', 'Total      42']);
    store.getState().setTab('markdown');
    store.getState().setTab('spatial');
    expect(fake.callsOf('documents.spatial')).toHaveLength(1);
  });

  it('keeps the newest document when an older answer arrives late', async () => {
    const fake = createFakeBackend();
    let releaseFirst: () => void = () => undefined;
    fake.on('documents.get', (arg) =>
      arg.document_id === 'doc_1'
        ? new Promise<DocumentView>((resolve) => {
            releaseFirst = () => resolve(view());
          })
        : view({ document_id: 'doc_2', filename: 'second.pdf' }),
    );
    fake.on('documents.file', () => ({ bytes: new Uint8Array(), file_type: 'pdf', filename: 'x.pdf' }));
    fake.on('jobs.get', () => jobDetail('ext_1'));
    const store = createDocumentStore(fake.backend);
    const first = store.getState().load('ext_1', 'doc_1');
    await store.getState().load('ext_1', 'doc_2');
    releaseFirst();
    await first;
    expect(store.getState().view?.document.filename).toBe('second.pdf');
  });

  it('says why a document could not be opened', async () => {
    const fake = createFakeBackend();
    fake.on('documents.get', () => {
      throw new Error('No document doc_9 in this job');
    });
    fake.on('jobs.get', () => jobDetail('ext_1'));
    const store = createDocumentStore(fake.backend);
    await store.getState().load('ext_1', 'doc_9');
    expect(store.getState()).toMatchObject({ status: 'error', error: 'No document doc_9 in this job.' });
  });

  it('lists fields with values, details and corrections', () => {
    const rows = fieldRows(view());
    expect(rows.map((r) => [r.path, r.value, r.detail?.confidence, r.correction?.original ?? null])).toEqual([
      ['invoice_number', 'INV-1', 0.95, null],
      ['total', 42, 0.4, 41],
    ]);
    const items = view({
      extracted_data: { items: [{ amount: 5 }] },
      fields: { 'items[0].amount': { confidence: 0.7, source: 'table', citation: { page: 1, box: { left: 1, top: 1, right: 2, bottom: 2 }, text: '5' } } },
    });
    const itemRows = fieldRows({ ...items, corrections: { 'items.0.amount': { original: 4, corrected_at: '2025-03-02T10:00:00.000Z' } } });
    expect(itemRows.map((r) => [r.path, r.value, r.correction?.original])).toEqual([['items[0].amount', 5, 4]]);
    const bare = view({ fields: null, extracted_data: { seller: { name: 'ACME' }, items: [{ amount: 1 }] } });
    expect(fieldRows({ ...bare, corrections: {} }).map((r) => r.path)).toEqual(['seller.name', 'items.0.amount']);
  });

  it('queues the failed documents again on retry', async () => {
    const { fake, store } = setup(view({ status: 'failed', error_message: 'The file is damaged' }));
    fake.on('jobs.retry', () => jobDetail('ext_1'));
    await store.getState().load('ext_1', 'doc_1');
    await store.getState().retryJob();
    expect(fake.callsOf('jobs.retry')).toEqual([{ extraction_id: 'ext_1' }]);
    expect(store.getState().retryMessage).toMatch(/queued again/);
  });

  it('opens a password-protected document: a refused password is returned, an accepted one reloads and says what it opened', async () => {
    const { fake, store } = setup({ ...view({ status: 'failed', error_message: 'This PDF is protected by a password.' }), error_code: 'PASSWORD_PROTECTED_FILE' });
    await store.getState().load('ext_1', 'doc_1');
    fake.on('documents.unlock', (args) => {
      if ((args as { password: string }).password !== 'right') throw new Error('This password does not open “invoice.pdf”.');
      return { opened: ['doc_1', 'doc_3'], not_opened: 1, job: jobDetail('ext_1') };
    });
    expect(await store.getState().unlock('wrong', true)).toBe('This password does not open “invoice.pdf”.');
    expect(store.getState().retryMessage).toBeNull();
    const loads = fake.callsOf('documents.get').length;
    expect(await store.getState().unlock('right', true)).toBeNull();
    expect(fake.callsOf('documents.unlock').at(-1)).toEqual({ extraction_id: 'ext_1', document_id: 'doc_1', password: 'right', whole_job: true });
    expect(fake.callsOf('documents.get').length).toBe(loads + 1);
    expect(store.getState().retryMessage).toBe(
      'The password opened this document. It also opened 1 other document of this job. 1 other document needs a different password.',
    );
  });

  it('says what a password opened in plain words', () => {
    expect(unlockSentence({ opened: ['a'], not_opened: 0 })).toBe('The password opened this document.');
    expect(unlockSentence({ opened: ['a', 'b', 'c'], not_opened: 2 })).toBe(
      'The password opened this document. It also opened 2 other documents of this job. 2 other documents need a different password.',
    );
  });
});
