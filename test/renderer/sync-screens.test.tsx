// What sync looks like on each screen: Settings off and on (with the request log), the Inbox's
// choice of where to process, remote jobs in Jobs, and the parser actions' sentences.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { InboxScreen } from '../../src/renderer/features/inbox/inbox-screen.js';
import { JobDetail } from '../../src/renderer/features/jobs/job-detail.js';
import { JobsScreen } from '../../src/renderer/features/jobs/jobs-screen.js';
import { documentReasons } from '../../src/renderer/features/jobs/remote-job.js';
import { pullSummary } from '../../src/renderer/features/parsers/sync-actions.js';
import { PRIVACY_STATEMENT, SettingsScreen, SYNC_PRIVACY_STATEMENT } from '../../src/renderer/features/settings/settings-screen.js';
import { creditsText } from '../../src/renderer/features/settings/sync-section.js';
import type { SyncState } from '../../src/renderer/stores/sync-store.js';
import { createFakeBackend } from './fake-backend.js';
import { jobDetail, jobDocument, jobSummary, sampleSettings, stagedFile } from './fixtures.js';
import { render, serverStores } from './render.js';
import { logEntry, syncOff, syncOn } from './sync-fixtures.js';

const noop = () => {};

function setup() {
  const fake = createFakeBackend();
  const stores = serverStores(fake.backend);
  return { fake, stores };
}

function settingsPage(status: ReturnType<typeof syncOff>, extra: Partial<SyncState> = {}) {
  const { fake, stores } = setup();
  const settings = sampleSettings({ sync_enabled: status.enabled });
  stores.settings.setState({ settings, status: 'ready', draft: { ocr_languages: settings.ocr_languages, worker_count: settings.worker_count }, webhooksStatus: 'ready' });
  stores.sync.setState({ status, statusLoad: 'ready', logStatus: 'ready', ...extra });
  return render(fake.backend, stores, <SettingsScreen />);
}

describe('settings: sync with the hosted service', () => {
  it('is visibly off, with a connect form whose key is a password field', () => {
    const page = settingsPage(syncOff());
    expect(page).toContain(PRIVACY_STATEMENT);
    expect(page).toContain('Sync with the hosted service');
    expect(page).toContain('Off — nothing is sent anywhere');
    expect(page).toMatch(/type="url" class="input" autoComplete="off" spellCheck="false" value="https:\/\/api.perfectparser.com"/);
    expect(page).toMatch(/type="password" class="input"[^>]*value=""/);
    expect(page).toContain('>Connect</button>');
    expect(page).not.toContain('Disconnect');
    // The log says nothing was sent.
    expect(page).toContain('Requests sent');
    expect(page).toContain('No requests sent.');
    // The sync section comes right under the privacy statement.
    expect(page.indexOf('Sync with the hosted service')).toBeLessThan(page.indexOf('Reading documents'));
  });

  it('shows a refused key as a sentence', () => {
    const page = settingsPage(syncOff(), { connectError: 'Could not connect to api.perfectparser.com. Api.perfectparser.com refused this API key.' });
    expect(page).toMatch(/role="alert"[\s\S]*Could not connect to api.perfectparser.com/);
  });

  it('when on: the account, credits, address, where the key is kept, Disconnect, and the changed statement', () => {
    const page = settingsPage(syncOn(), { log: [logEntry('l1'), logEntry('l2', { method: 'POST', path: '/v1/extractions', request_bytes: 20480, status: 402, error: 'Not enough credits.' })] });
    expect(page).toContain(SYNC_PRIVACY_STATEMENT);
    expect(SYNC_PRIVACY_STATEMENT).toBe('Sync is on: files you send to the hosted service leave this computer; everything else stays here.');
    expect(page).not.toContain(PRIVACY_STATEMENT);
    expect(page).toContain('On — connected to api.perfectparser.com');
    expect(page).toContain('Ada Lovelace (ada@example.com)');
    expect(page).toContain('Laptop');
    expect(page).toContain('1,250 credits');
    expect(page).toContain('https://api.perfectparser.com');
    expect(page).toContain('In this computer’s keychain');
    expect(page).toContain('>Disconnect</button>');
    expect(page).not.toContain('type="password"');
    expect(page.match(/data-testid="sync-log-row"/g)).toHaveLength(2);
    expect(page).toContain('/v1/extractions');
    expect(page).toContain('20.0 KB');
    expect(page).toContain('402');
    expect(page).toContain('Not enough credits.');
    expect(page).toContain('>Refresh</button>');
  });

  it('says unlimited credits, a key kept in a file, and the last problem', () => {
    const page = settingsPage(syncOn({ credits_available: null, key_storage: 'file', last_error: 'The API key was revoked.' }));
    expect(page).toContain('unlimited');
    expect(page).toContain('only you can read');
    expect(page).toContain('The last request to the hosted service failed. The API key was revoked.');
    expect(creditsText(1)).toBe('1 credit');
    expect(creditsText(0)).toBe('0 credits');
  });
});

describe('inbox: where to process', () => {
  function inboxPage(on: boolean, where: 'local' | 'remote', parserId: string | null = 'prs_1') {
    const { fake, stores } = setup();
    stores.settings.setState({ settings: sampleSettings({ sync_enabled: on }), status: 'ready' });
    if (on) stores.sync.setState({ status: syncOn(), statusLoad: 'ready' });
    stores.sync.setState({ processWhere: where });
    stores.parserOptions.setState({ options: [{ parser_id: 'prs_1', name: 'Invoices', field_count: 3 }], status: 'ready' });
    stores.inbox.setState({ files: [stagedFile('a.pdf'), stagedFile('b.pdf')], parserId });
    return render(fake.backend, stores, <InboxScreen />);
  }

  it('offers no choice while sync is off', () => {
    const page = inboxPage(false, 'local');
    expect(page).not.toContain('Process on the hosted service');
  });

  it('offers this computer (default) or the hosted service once a parser is chosen', () => {
    const local = inboxPage(true, 'local');
    expect(local).toMatch(/<input type="radio" name="[^"]+" checked=""\/><span>Process on this computer/);
    expect(local).toContain('Process on the hosted service');
    expect(local).not.toContain('will be uploaded');
    const remote = inboxPage(true, 'remote');
    expect(remote).toContain('These 2 files will be uploaded to api.perfectparser.com');
  });

  it('keeps parse-only local', () => {
    const page = inboxPage(true, 'remote', null);
    expect(page).not.toContain('Process on the hosted service');
    expect(page).not.toContain('will be uploaded');
  });
});

describe('jobs: remote jobs', () => {
  it('badges remote jobs in the list', () => {
    const { fake, stores } = setup();
    stores.jobs.setState({ listStatus: 'ready', jobs: [jobSummary('ext_r', { origin: 'remote', parser_name: 'Invoices' }), jobSummary('ext_l')] });
    const page = render(fake.backend, stores, <JobsScreen />);
    expect(page.match(/Hosted service<\/span>/g)).toHaveLength(1);
  });

  it('shows why a remote job stopped and offers to resume it on the hosted service', () => {
    const job = jobDetail('ext_r', {
      origin: 'remote',
      parser_name: 'Invoices',
      status: 'partial',
      document_summary: { total: 3, completed: 1, failed: 1, processing: 0 },
      documents: [
        jobDocument('doc_1', { status: 'completed' }),
        jobDocument('doc_2', { status: 'failed', error_message: 'Your hosted account has no credits left.' }),
        jobDocument('doc_3', { status: 'queued', error_message: 'Your hosted account has no credits left.' }),
      ],
    });
    const page = renderToStaticMarkup(
      <JobDetail job={job} pending={undefined} onPause={noop} onResume={noop} onCancel={noop} onRetry={noop} onResumeRemote={noop} />,
    );
    expect(page).toContain('Hosted service');
    expect(page).toContain('Your hosted account has no credits left.');
    expect(page).toContain('(2 documents)');
    expect(page).toContain('Resume on the hosted service');
    expect(page).toContain('Nothing is lost');
    // The local queue's actions do not reach the hosted service.
    expect(page).not.toContain('>Pause</button>');
    expect(page).not.toContain('Retry 1 failed document');
    expect(page).not.toContain('Cancel job');
  });

  it('reads a job-level problem when the backend adds one, and offers no resume once completed', () => {
    const stalled = jobDetail('ext_r', { origin: 'remote', status: 'processing', sync_error: 'The API key was revoked.' } as Parameters<typeof jobDetail>[1]);
    const page = renderToStaticMarkup(<JobDetail job={stalled} pending={undefined} onPause={noop} onResume={noop} onCancel={noop} onRetry={noop} />);
    expect(page).toContain('The API key was revoked.');
    expect(page).toContain('Resume on the hosted service');
    const done = renderToStaticMarkup(
      <JobDetail job={jobDetail('ext_r', { origin: 'remote', status: 'completed', parser_name: 'Invoices' })} pending={undefined} onPause={noop} onResume={noop} onCancel={noop} onRetry={noop} />,
    );
    expect(done).toContain('Processed on the hosted service');
    expect(done).not.toContain('Resume on the hosted service');
    expect(documentReasons([jobDocument('a', { status: 'completed', error_message: 'x' })])).toEqual([]);
  });
});

describe('parsers: sync sentences', () => {
  it('says what a pull did', () => {
    expect(pullSummary({ state: 'done', parsers: [] })).toBe('Your hosted account has no parsers to copy.');
    expect(
      pullSummary({
        state: 'done',
        parsers: [
          { parser_id: 'a', name: 'Receipts', action: 'created' },
          { parser_id: 'b', name: 'Invoices', action: 'updated' },
        ],
      }),
    ).toBe('Copied 2 parsers from your hosted account: “Receipts” (new), “Invoices” (updated).');
  });
});
