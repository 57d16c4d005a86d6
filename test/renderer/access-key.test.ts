// Browser mode's access key in the renderer: what a pasted text yields as a key, and the HTTP
// backend's key access (trying a pasted key, telling the app when the server refuses the key in
// use, but not for an answer to a request sent with a key replaced since).
import { describe, expect, it } from 'vitest';
import { browserLink, keyFromHash, keyFromInput } from '../../src/renderer/backend/api-key.js';
import { createHttpBackend } from '../../src/renderer/backend/http-backend.js';

/** A server that accepts one key: /rpc answers {} with it and 401 without it. */
function fakeServer(accepted: { key: string }) {
  const seen: Array<{ url: string; key: string | null }> = [];
  let hold: Promise<void> | null = null;
  const fetch = async (url: string, init?: RequestInit) => {
    const sent = new Headers(init?.headers).get('x-api-key');
    seen.push({ url, key: sent });
    if (hold) await hold;
    if (sent !== accepted.key) return new Response(JSON.stringify({ error: { code: 'UNAUTHORIZED', message: 'no' } }), { status: 401 });
    return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return {
    fetch,
    seen,
    /** Holds every answer until the returned function is called. */
    holdAnswers(): () => void {
      let release = () => {};
      hold = new Promise((resolve) => (release = resolve));
      return () => {
        hold = null;
        release();
      };
    },
  };
}

describe('keyFromInput', () => {
  it('takes the key alone, or out of the whole printed link', () => {
    expect(keyFromInput('  pp_local_abc-_9 \n')).toBe('pp_local_abc-_9');
    expect(keyFromInput('http://127.0.0.1:4780/#key=pp_local_abc%2Bx')).toBe('pp_local_abc+x');
    expect(keyFromInput('#key=pp_local_abc')).toBe('pp_local_abc');
    expect(keyFromInput('   ')).toBeNull();
    expect(keyFromInput('http://127.0.0.1:4780/#/jobs')).toBeNull();
  });
});

describe('browserLink', () => {
  it('makes the link that opens this page with a key, which the page reads back', () => {
    const link = browserLink('pp_local_a+b/c', { origin: 'http://127.0.0.1:4780', pathname: '/' });
    expect(link).toBe('http://127.0.0.1:4780/#key=pp_local_a%2Bb%2Fc');
    expect(keyFromHash(link.slice(link.indexOf('#')))).toBe('pp_local_a+b/c');
    expect(keyFromInput(link)).toBe('pp_local_a+b/c');
  });
});

describe('the HTTP backend key access', () => {
  it('has no key when opened without one, and takes a pasted key only when the server accepts it', async () => {
    const server = fakeServer({ key: 'pp_local_good' });
    const backend = createHttpBackend({ apiKey: null, fetch: server.fetch });
    expect(backend.access.hasKey()).toBe(false);

    expect(await backend.access.tryKey('pp_local_wrong')).toBe(false);
    expect(backend.access.hasKey()).toBe(false);
    // A key that cannot travel as a header value is refused without asking.
    expect(await backend.access.tryKey('pp local\u00e4')).toBe(false);
    expect(server.seen).toHaveLength(1);

    expect(backend.hasApiKey()).toBe(false);
    expect(await backend.access.tryKey(' pp_local_good ')).toBe(true);
    expect(backend.access.hasKey()).toBe(true);
    expect(backend.hasApiKey()).toBe(true);
    await backend.call('settings.get');
    expect(server.seen.at(-1)?.key).toBe('pp_local_good');
  });

  it('says the server cannot be reached instead of calling the key wrong', async () => {
    const backend = createHttpBackend({
      apiKey: null,
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    await expect(backend.access.tryKey('pp_local_good')).rejects.toThrow('cannot be reached');
  });

  it('tells its listeners when the server refuses the key in use', async () => {
    const accepted = { key: 'pp_local_good' };
    const server = fakeServer(accepted);
    const backend = createHttpBackend({ apiKey: 'pp_local_good', fetch: server.fetch });
    let refusals = 0;
    const stop = backend.access.onRefused(() => refusals++);

    await backend.call('settings.get');
    expect(refusals).toBe(0);
    accepted.key = 'pp_local_replaced'; // made in another tab
    await expect(backend.call('jobs.list', { limit: 10 })).rejects.toThrow('perfectparser key');
    expect(refusals).toBe(1);

    stop();
    await backend.call('settings.get').catch(() => undefined);
    expect(refusals).toBe(1);
  });

  it('does not count a refusal of a key this page has replaced since the request left', async () => {
    const accepted = { key: 'pp_local_old' };
    const server = fakeServer(accepted);
    const backend = createHttpBackend({ apiKey: 'pp_local_old', fetch: server.fetch });
    let refusals = 0;
    backend.access.onRefused(() => refusals++);

    const release = server.holdAnswers();
    const late = backend.call('settings.get').catch((err: Error) => err);
    accepted.key = 'pp_local_new';
    backend.setApiKey('pp_local_new');
    release();
    expect(await late).toBeInstanceOf(Error);
    expect(refusals).toBe(0);
  });
});
