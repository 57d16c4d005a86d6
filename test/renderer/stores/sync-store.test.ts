import { describe, expect, it } from 'vitest';
import { createJobsStore } from '../../../src/renderer/stores/jobs-store.js';
import { connectProblem, createSyncStore, hostOf } from '../../../src/renderer/stores/sync-store.js';
import { createFakeBackend } from '../fake-backend.js';
import { jobSummary } from '../fixtures.js';
import { logEntry, syncOff, syncOn } from '../sync-fixtures.js';

function setup() {
  const fake = createFakeBackend();
  const jobs = createJobsStore(fake.backend);
  const enabled: boolean[] = [];
  const shown: string[] = [];
  const store = createSyncStore(fake.backend, { jobs, onEnabled: (on) => enabled.push(on), goToJob: (id) => shown.push(id), logPageSize: 2 });
  fake.on('sync.log', () => ({ items: [], pagination: { limit: 2, has_next_page: false, next_cursor: null } }));
  return { fake, jobs, store, enabled, shown };
}

describe('sync store', () => {
  it('reads the status (off: the form starts at the default address)', async () => {
    const { fake, store, enabled } = setup();
    fake.on('sync.status', () => syncOff());
    await store.getState().loadStatus();
    expect(store.getState().statusLoad).toBe('ready');
    expect(store.getState().status?.enabled).toBe(false);
    expect(store.getState().baseUrl).toBe('https://api.perfectparser.com');
    expect(enabled).toEqual([false]);
    expect(fake.calls.map((c) => c.method)).toEqual(['sync.status']);
  });

  it('says in a sentence when the status cannot be read', async () => {
    const { fake, store } = setup();
    fake.on('sync.status', () => {
      throw new Error('the data folder is locked');
    });
    await store.getState().loadStatus();
    expect(store.getState().statusLoad).toBe('error');
    expect(store.getState().statusError).toBe('The sync settings could not be loaded. The data folder is locked.');
  });

  it('connects with the address and key, clears the key, and turns sync on', async () => {
    const { fake, store, enabled } = setup();
    fake.on('sync.connect', ({ base_url }) => syncOn({ base_url }));
    store.getState().setBaseUrl(' https://pp.example.com ');
    store.getState().setApiKey('pp_live_secret_key');
    const running = store.getState().connect();
    // The key leaves the form as soon as it is submitted.
    expect(store.getState().apiKey).toBe('');
    expect(store.getState().connecting).toBe(true);
    expect(await running).toBe(true);
    expect(fake.callsOf('sync.connect')).toEqual([{ base_url: 'https://pp.example.com', api_key: 'pp_live_secret_key' }]);
    expect(store.getState().status?.enabled).toBe(true);
    expect(store.getState().status?.account?.name).toBe('Ada Lovelace');
    expect(store.getState().connectError).toBeNull();
    expect(enabled).toEqual([true]);
    // The log is read again: it now holds the check just made.
    expect(fake.callsOf('sync.log')).toHaveLength(1);
  });

  it('tells a refused key as a sentence naming the service, and clears the key', async () => {
    const { fake, store } = setup();
    fake.on('sync.connect', () => {
      throw new Error('pp.example.com refused this API key. Check that you copied the whole key from your PerfectParser account.');
    });
    store.getState().setBaseUrl('https://pp.example.com');
    store.getState().setApiKey('pp_wrong_key_123');
    expect(await store.getState().connect()).toBe(false);
    expect(store.getState().connectError).toBe(
      'Could not connect to pp.example.com. Pp.example.com refused this API key. Check that you copied the whole key from your PerfectParser account.',
    );
    expect(store.getState().apiKey).toBe('');
    expect(store.getState().status).toBeNull();
  });

  it('checks the form before calling', async () => {
    const { fake, store } = setup();
    store.getState().setBaseUrl('not a url');
    store.getState().setApiKey('pp_live_secret_key');
    expect(await store.getState().connect()).toBe(false);
    expect(store.getState().connectError).toBe('Enter the hosted service’s address, starting with https://.');
    expect(connectProblem('https://api.perfectparser.com', 'short')).toBe('Paste the API key from your PerfectParser account.');
    expect(connectProblem('ftp://x', 'long-enough-key')).toMatch(/starting with https/);
    expect(connectProblem('http://127.0.0.1:4780', 'long-enough-key')).toBeNull();
    expect(fake.callsOf('sync.connect')).toEqual([]);
    expect(hostOf('https://api.perfectparser.com/')).toBe('api.perfectparser.com');
  });

  it('disconnects, going back to processing here', async () => {
    const { fake, store, enabled } = setup();
    fake.on('sync.status', () => syncOn());
    fake.on('sync.disconnect', () => syncOff());
    await store.getState().loadStatus();
    store.getState().setProcessWhere('remote');
    expect(await store.getState().disconnect()).toBe(true);
    expect(store.getState().status?.enabled).toBe(false);
    expect(store.getState().processWhere).toBe('local');
    expect(enabled).toEqual([true, false]);

    fake.on('sync.disconnect', () => {
      throw new Error('the keychain is locked');
    });
    await store.getState().disconnect();
    expect(store.getState().disconnectError).toBe('Sync could not be turned off. The keychain is locked.');
  });

  it('pages through the request log and refreshes it', async () => {
    const { fake, store } = setup();
    const entries = [logEntry('l1'), logEntry('l2', { method: 'POST', path: '/v1/parsers' }), logEntry('l3', { status: null, error: 'The connection was lost.' })];
    fake.on('sync.log', ({ limit = 100, cursor }) => {
      const start = cursor ? Number(cursor) : 0;
      const items = entries.slice(start, start + limit);
      const next = start + limit < entries.length ? String(start + limit) : null;
      return { items, pagination: { limit, has_next_page: next !== null, next_cursor: next } };
    });
    await store.getState().loadLog();
    expect(store.getState().log.map((e) => e.id)).toEqual(['l1', 'l2']);
    expect(store.getState().logHasMore).toBe(true);
    await store.getState().loadMoreLog();
    expect(store.getState().log.map((e) => e.id)).toEqual(['l1', 'l2', 'l3']);
    expect(store.getState().logHasMore).toBe(false);
    await store.getState().loadMoreLog();
    expect(fake.callsOf('sync.log')).toEqual([{ limit: 2 }, { limit: 2, cursor: '2' }]);

    entries.unshift(logEntry('l0'));
    await store.getState().loadLog();
    expect(store.getState().log.map((e) => e.id)).toEqual(['l0', 'l1']);
    expect(store.getState().logStatus).toBe('ready');
  });

  it('pushes a parser and says whether it was created or updated', async () => {
    const { fake, store } = setup();
    let n = 0;
    fake.on('sync.pushParser', () => ({ remote_parser_id: 'rprs_1', action: n++ === 0 ? 'created' : 'updated' }));
    await store.getState().pushParser('prs_1');
    expect(store.getState().pushes['prs_1']).toEqual({ state: 'done', action: 'created', remote_parser_id: 'rprs_1' });
    await store.getState().pushParser('prs_1');
    expect(store.getState().pushes['prs_1']).toMatchObject({ action: 'updated' });

    fake.on('sync.pushParser', () => {
      throw new Error('Your hosted account has no credits left');
    });
    await store.getState().pushParser('prs_2');
    expect(store.getState().pushes['prs_2']).toEqual({
      state: 'error',
      message: 'The parser was not sent to your hosted account. Your hosted account has no credits left.',
    });
  });

  it('pulls parsers and lists what changed', async () => {
    const { fake, store } = setup();
    fake.on('sync.pullParsers', () => ({
      parsers: [
        { parser_id: 'prs_9', name: 'Receipts', action: 'created' },
        { parser_id: 'prs_1', name: 'Invoices', action: 'updated' },
      ],
    }));
    const result = await store.getState().pullParsers();
    expect(result).toEqual({ state: 'done', parsers: expect.arrayContaining([expect.objectContaining({ name: 'Receipts', action: 'created' })]) });
    expect(store.getState().pull).toBe(result);

    fake.on('sync.pullParsers', () => {
      throw new Error('The connection to api.perfectparser.com was lost.');
    });
    expect(await store.getState().pullParsers()).toBeNull();
    expect(store.getState().pull).toEqual({
      state: 'error',
      message: 'The parsers could not be copied from your hosted account. The connection to api.perfectparser.com was lost.',
    });
  });

  it('lists the hosted account’s parsers', async () => {
    const { fake, store } = setup();
    fake.on('sync.remoteParsers', () => []);
    await store.getState().loadRemoteParsers();
    expect(store.getState().remoteStatus).toBe('ready');
  });

  it('processes files on the hosted service, adds the job and goes to it', async () => {
    const { fake, store, jobs, shown } = setup();
    const job = jobSummary('ext_r', { origin: 'remote', parser_name: 'Invoices', parser_id: 'prs_1' });
    fake.on('sync.process', () => job);
    const files = [{ kind: 'upload' as const, upload_id: 'upl_a' }];
    expect(await store.getState().process('prs_1', files)).toBe(job);
    expect(fake.callsOf('sync.process')).toEqual([{ parser_id: 'prs_1', files }]);
    expect(jobs.getState().jobs.map((j) => j.extraction_id)).toEqual(['ext_r']);
    expect(shown).toEqual(['ext_r']);
    expect(store.getState().processing).toBe(false);
  });

  it('keeps the files and says why when processing cannot start', async () => {
    const { fake, store, shown } = setup();
    fake.on('sync.process', () => {
      throw new Error('Your hosted account has 3 credits; these files need 12');
    });
    expect(await store.getState().process('prs_1', [{ kind: 'upload', upload_id: 'upl_a' }])).toBeNull();
    expect(store.getState().processError).toBe('The files could not be sent to the hosted service. Your hosted account has 3 credits; these files need 12.');
    expect(shown).toEqual([]);
  });

  it('resumes a stopped remote job', async () => {
    const { fake, store, jobs } = setup();
    fake.on('sync.resume', ({ extraction_id }) => jobSummary(extraction_id, { origin: 'remote', status: 'processing' }));
    const resumed = await store.getState().resume('ext_r');
    expect(resumed?.status).toBe('processing');
    expect(jobs.getState().jobs[0]?.extraction_id).toBe('ext_r');
    expect(store.getState().resuming).toEqual({});

    fake.on('sync.resume', () => {
      throw new Error('Sync is off: connect your account in Settings first');
    });
    await store.getState().resume('ext_r');
    expect(store.getState().resumeError).toBe('The job could not be resumed on the hosted service. Sync is off: connect your account in Settings first.');
  });
});
