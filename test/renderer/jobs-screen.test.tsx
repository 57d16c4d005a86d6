// What the Jobs screen shows: the empty state, the list, and a job's documents with failures.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { JobDetail } from '../../src/renderer/features/jobs/job-detail.js';
import { JobsScreen } from '../../src/renderer/features/jobs/jobs-screen.js';
import { failureReason } from '../../src/renderer/features/jobs/job-words.js';
import { createFakeBackend } from './fake-backend.js';
import { jobDetail, jobDocument, jobSummary } from './fixtures.js';
import { render, serverStores } from './render.js';

const noop = () => {};

function setup() {
  const fake = createFakeBackend();
  const stores = serverStores(fake.backend);
  return { stores, html: () => render(fake.backend, stores, <JobsScreen />) };
}

describe('jobs screen', () => {
  it('says where to start when there are no jobs', () => {
    const { stores, html } = setup();
    stores.jobs.setState({ listStatus: 'ready', jobs: [] });
    const page = html();
    expect(page).toMatch(/<h2[^>]*>Jobs<\/h2>/);
    expect(page).toContain('No jobs yet — add documents in the Inbox.');
    expect(page).toContain('href="#/inbox"');
  });

  it('lists jobs with progress and shows the selected one with its documents', () => {
    const { stores, html } = setup();
    const detail = jobDetail('ext_1', {
      documents: [
        jobDocument('doc_1', { status: 'completed', pages_done: 2, attempts: 1, confidence: 0.9, processing_time_ms: 1200 }),
        jobDocument('doc_2', { filename: 'broken.pdf', relative_path: 'in/broken.pdf', status: 'failed', error_code: 'CORRUPT_FILE', error_message: 'The file is damaged and cannot be read.', attempts: 1 }),
        jobDocument('doc_3'),
        jobDocument('doc_4', { filename: 'statement.pdf', status: 'failed', error_code: 'PASSWORD_PROTECTED_FILE', error_message: 'This PDF is protected by a password.' }),
      ],
      document_summary: { total: 4, completed: 1, failed: 2, processing: 0 },
    });
    stores.jobs.setState({ listStatus: 'ready', jobs: [jobSummary('ext_1'), jobSummary('ext_0', { status: 'completed', parser_name: 'Invoices' })], selectedId: 'ext_1', detail, detailStatus: 'ready' });
    const page = html();
    expect(page.match(/data-testid="job-row"/g)).toHaveLength(2);
    expect(page).toContain('aria-current="true"');
    expect(page).toContain('Parse only');
    expect(page).toContain('Invoices');
    expect(page.match(/data-testid="document-row"/g)).toHaveLength(4);
    expect(page).toContain('The file is damaged and cannot be read.');
    expect(page).toContain('href="#/document/ext_1/doc_1"');
    // Failed documents open too (to say why, and a protected PDF to ask for its password); one
    // still waiting does not.
    expect(page).toContain('href="#/document/ext_1/doc_2"');
    expect(page).toContain('href="#/document/ext_1/doc_4"');
    expect(page).not.toContain('href="#/document/ext_1/doc_3"');
    expect(page).toContain('The file is protected by a password. Open it to type its password.');
    expect(page).toContain('3 of 4 documents done');
    expect(page).toContain('>Pause</button>');
    // The protected one is opened with its password, not retried.
    expect(page).toContain('Retry 1 failed document<');
    expect(page).toContain('Cancel job');
    expect(page).not.toContain('View results');
  });

  it('offers Resume for a paused job, View results with a parser, and no cancel once finished', () => {
    const paused = renderToStaticMarkup(<JobDetail job={jobDetail('e', { paused: true })} pending={undefined} onPause={noop} onResume={noop} onCancel={noop} onRetry={noop} />);
    expect(paused).toContain('>Resume</button>');
    expect(paused).toContain('Paused');
    const done = renderToStaticMarkup(
      <JobDetail job={jobDetail('e', { status: 'completed', parser_name: 'Invoices', parser_id: 'prs_1' })} pending={undefined} onPause={noop} onResume={noop} onCancel={noop} onRetry={noop} />,
    );
    expect(done).toContain('href="#/results/e"');
    expect(done).not.toContain('Cancel job');
    expect(done).not.toContain('>Pause</button>');
    const pausing = renderToStaticMarkup(<JobDetail job={jobDetail('e')} pending="pause" onPause={noop} onResume={noop} onCancel={noop} onRetry={noop} />);
    expect(pausing).toMatch(/<button type="button" class="button button--secondary" disabled="">Pausing…<\/button>/);
  });

  it('shows a cancelled document as cancelled, not as failed', () => {
    const html = renderToStaticMarkup(
      <JobDetail
        job={jobDetail('e', { documents: [jobDocument('d', { status: 'failed', error_code: 'CANCELLED' })] })}
        pending={undefined}
        onPause={noop}
        onResume={noop}
        onCancel={noop}
        onRetry={noop}
      />,
    );
    expect(html).toContain('Cancelled</span>');
    expect(html).toContain('Cancelled before it finished.');
  });

  it('shows a cancelled job as Cancelled: its cancelled documents neither done nor failed, and offered for processing', () => {
    const cancelled = (id: string) => jobDocument(id, { status: 'failed', error_code: 'CANCELLED', error_message: 'Cancelled before processing.' });
    const job = jobDetail('e', {
      status: 'partial',
      queued: 0,
      document_summary: { total: 8, completed: 4, failed: 4, processing: 0 },
      cancelled: 4,
      documents: [
        ...['d1', 'd2', 'd3', 'd4'].map((id) => jobDocument(id, { status: 'completed', pages_done: 1, page_count: 1 })),
        ...['c1', 'c2', 'c3', 'c4'].map(cancelled),
      ],
    });
    const html = renderToStaticMarkup(<JobDetail job={job} pending={undefined} onPause={noop} onResume={noop} onCancel={noop} onRetry={noop} />);
    expect(html).toMatch(/badge--cancelled[^>]*><span class="badge__dot" aria-hidden="true"><\/span>Cancelled<\/span>/);
    expect(html).not.toContain('Some failed');
    expect(html).toContain('4 of 8 documents done');
    expect(html).toContain(' · 4 cancelled');
    expect(html).not.toMatch(/\d failed/);
    expect(html).toContain('Process the 4 cancelled documents');
    expect(html).not.toContain('Retry');
    expect(html).toContain('<option value="failed">Failed (0)</option>');
    expect(html).toContain('<option value="cancelled">Cancelled (4)</option>');
    expect(html).toContain('aria-valuenow="4"');
    // Cancelled rows are not marked as failures.
    expect(html).not.toContain('vtable__row--failed');
    expect(html).not.toContain('cell-stack__sub--danger');

    // Real failures beside cancelled ones keep their own words.
    const mixed = jobDetail('e', {
      status: 'partial',
      document_summary: { total: 3, completed: 1, failed: 2, processing: 0 },
      cancelled: 1,
      documents: [jobDocument('d1', { status: 'completed' }), jobDocument('b', { status: 'failed', error_code: 'CORRUPT_FILE' }), cancelled('c1')],
    });
    const both = renderToStaticMarkup(<JobDetail job={mixed} pending={undefined} onPause={noop} onResume={noop} onCancel={noop} onRetry={noop} />);
    expect(both).toContain('2 of 3 documents done');
    expect(both).toContain('1 failed</span> · 1 cancelled');
    expect(both).toContain('Retry 1 failed and 1 cancelled document');
  });

  it('offers no retry for password-protected documents, which a retry cannot open, and says what opens them', () => {
    const locked = (id: string) => jobDocument(id, { status: 'failed', attempts: 1, error_code: 'PASSWORD_PROTECTED_FILE', error_message: 'This PDF is protected by a password.' });
    const render = (documents: ReturnType<typeof jobDocument>[], failed: number) =>
      renderToStaticMarkup(
        <JobDetail
          job={jobDetail('e', { status: 'partial', queued: 0, document_summary: { total: documents.length, completed: documents.length - failed, failed, processing: 0 }, documents })}
          pending={undefined}
          onPause={noop}
          onResume={noop}
          onCancel={noop}
          onRetry={noop}
        />,
      );
    const onlyLocked = render([jobDocument('d1', { status: 'completed' }), locked('p1'), locked('p2'), locked('p3')], 3);
    expect(onlyLocked).toContain(' · 3 failed');
    expect(onlyLocked).not.toContain('Retry');
    expect(onlyLocked).toContain('3 documents are protected by a password, and retrying cannot open them: open each one to type its password.');

    // Beside a failure a retry can help, only that one is offered; the locked one keeps its note.
    const mixed = render([locked('p1'), jobDocument('b', { status: 'failed', attempts: 1, error_code: 'OCR_ERROR' })], 2);
    expect(mixed).toContain('Retry 1 failed document<');
    expect(mixed).toContain('One document is protected by a password, and retrying cannot open it: open the document to type its password.');

    // No note when nothing waits for a password.
    expect(render([jobDocument('b', { status: 'failed', error_code: 'CORRUPT_FILE' })], 1)).not.toContain('protected by a password');
  });

  it('says why a document failed, and where to type the password of a protected one', () => {
    const open = 'The file is protected by a password. Open it to type its password.';
    expect(failureReason({ error_code: 'PASSWORD_PROTECTED_FILE', error_message: 'This PDF is protected by a password.' })).toBe(open);
    expect(failureReason({ error_code: 'PASSWORD_PROTECTED_FILE', error_message: null })).toBe(open);
    expect(failureReason({ error_code: 'CORRUPT_FILE', error_message: 'Page 3 is damaged.' })).toBe('Page 3 is damaged.');
    expect(failureReason({ error_code: 'CORRUPT_FILE', error_message: null })).toBe('The file is damaged and cannot be read.');
    expect(failureReason({ error_code: 'SOMETHING_NEW', error_message: null })).toBe('It failed for an unknown reason.');
  });

  it('marks a job in the list Cancelled from its summary, without loading its documents', () => {
    const { stores, html } = setup();
    const summary = jobSummary('ext_1', { status: 'partial', queued: 0, document_summary: { total: 8, completed: 4, failed: 4, processing: 0 }, cancelled: 4 });
    stores.jobs.setState({ listStatus: 'ready', jobs: [summary, jobSummary('ext_0', { status: 'partial', document_summary: { total: 2, completed: 1, failed: 1, processing: 0 } })] });
    const page = html();
    const [cancelledCard, failedCard] = page.split('data-testid="job-row"').slice(1) as [string, string];
    expect(cancelledCard).toContain('>Cancelled</span>');
    expect(cancelledCard).toContain('4 of 8 documents');
    expect(cancelledCard).toContain('4 cancelled');
    expect(cancelledCard).not.toContain('failed');
    // A job whose failures are real says so.
    expect(failedCard).toContain('Some failed');
  });
});
