// The hosted API client's transport with a fake fetch, a fake clock and a fake sleep: rate-limit
// windows, 429 with Retry-After or exponential back-off (capped, bounded), which requests are
// retried after a network loss or a 5xx, error sentences, and a request log without the key.
import { describe, expect, it } from 'vitest';
import { PerfectParserClient, SyncError, type RequestRecord } from '../../../src/main/sync/client.js';

const KEY = 'pp_secret_key_123456';

type Step = { status: number; body?: unknown; headers?: Record<string, string> } | 'network';

function fake(steps: Step[]) {
  const calls: Array<{ method: string; url: string; headers: Record<string, string> }> = [];
  const sleeps: number[] = [];
  const records: RequestRecord[] = [];
  let clock = 1_700_000_000_000;
  const fetchFn = (async (url: string | URL, init?: RequestInit) => {
    calls.push({ method: init?.method ?? 'GET', url: String(url), headers: { ...(init?.headers as Record<string, string>) } });
    const step = steps.shift();
    if (!step) throw new Error('no more steps');
    if (step === 'network') throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    return new Response(step.body === undefined ? null : JSON.stringify(step.body), { status: step.status, headers: step.headers });
  }) as typeof fetch;
  const client = new PerfectParserClient({
    baseUrl: 'https://api.example.test',
    apiKey: KEY,
    fetch: fetchFn,
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    retry: { maxAttempts: 4, baseMs: 100, maxMs: 1000 },
    onRequest: (r) => records.push(r),
  });
  return { client, calls, sleeps, records, advance: (ms: number) => (clock += ms), now: () => clock };
}

const ME = { user: { user_id: 'usr_1', email: null, name: 'A', credits_available: 7, key_name: 'k', key_expires_at: null, member_since: '2024-01-01T00:00:00.000Z' } };
const err = (code: string, message = 'x') => ({ error: { code, message, requestId: 'req_1', retryable: false } });

describe('PerfectParserClient transport', () => {
  it('waits Retry-After on a 429, then succeeds; both attempts are logged without the key', async () => {
    const f = fake([{ status: 429, body: err('RATE_LIMITED'), headers: { 'retry-after': '2' } }, { status: 200, body: ME }]);
    expect((await f.client.me()).user_id).toBe('usr_1');
    // Retry-After: 2 s, capped at this policy's maxMs of 1 s.
    expect(f.sleeps).toEqual([1000]);
    expect(f.records.map((r) => r.status)).toEqual([429, 200]);
    expect(f.calls[0]!.headers['x-api-key']).toBe(KEY);
    expect(JSON.stringify(f.records)).not.toContain(KEY);
    expect(f.records[1]).toMatchObject({ method: 'GET', path: '/v1/me', request_bytes: 0, error: null });
    expect(f.records[1]!.response_bytes).toBe(JSON.stringify(ME).length);
  });

  it('backs off exponentially without Retry-After, capped, and gives up after the last attempt with a sentence', async () => {
    const f = fake(Array.from({ length: 4 }, () => ({ status: 429, body: err('RATE_LIMITED') })));
    const e = await f.client.me().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SyncError);
    expect((e as SyncError).code).toBe('RATE_LIMITED');
    expect((e as SyncError).message).toMatch(/busy/);
    expect(f.sleeps).toEqual([100, 200, 400]);
    expect(f.calls).toHaveLength(4);
  });

  it('caps the back-off at maxMs', async () => {
    const f = fake([...Array.from({ length: 3 }, () => ({ status: 429, body: err('RATE_LIMITED'), headers: { 'retry-after': '30' } })), { status: 200, body: ME }]);
    await f.client.me();
    expect(f.sleeps).toEqual([1000, 1000, 1000]);
  });

  it('waits for the window to reset when X-RateLimit-Remaining reached 0', async () => {
    const reset = Math.ceil((1_700_000_000_000 + 5000) / 1000);
    const steps: Step[] = [
      { status: 200, body: ME, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) } },
      { status: 200, body: ME, headers: { 'x-ratelimit-remaining': '149', 'x-ratelimit-reset': String(reset + 60) } },
      { status: 200, body: ME },
    ];
    const g = fake(steps);
    const start = g.now();
    await g.client.me();
    expect(g.sleeps).toEqual([]);
    await g.client.me();
    expect(g.sleeps).toHaveLength(1);
    expect(g.sleeps[0]).toBe(reset * 1000 - start);
    await g.client.me();
    expect(g.sleeps).toHaveLength(1);
  });

  it('retries GETs after a network loss or a 5xx', async () => {
    const f = fake(['network', { status: 503, body: err('SERVICE_UNAVAILABLE') }, { status: 200, body: ME }]);
    await f.client.me();
    expect(f.calls).toHaveLength(3);
    expect(f.sleeps).toEqual([100, 200]);
    expect(f.records[0]).toMatchObject({ status: null, error: 'the connection was dropped' });
  });

  it('never retries a POST without an Idempotency-Key after a network loss, nor a PATCH after a 5xx', async () => {
    const f = fake(['network']);
    const e = await f.client.createParser({ name: 'P' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SyncError);
    expect((e as SyncError).network).toBe(true);
    expect((e as SyncError).message).toMatch(/^Cannot reach api\.example\.test/);
    expect(f.calls).toHaveLength(1);
    const g = fake([{ status: 500, body: err('INTERNAL_ERROR', 'Boom.') }]);
    await expect(g.client.updateParser('prs_1', { name: 'Q' })).rejects.toThrow(/had a problem: Boom/);
    expect(g.calls).toHaveLength(1);
  });

  it('retries a POST that carries an Idempotency-Key, sending the same key and the same body again', async () => {
    const extraction = { extraction: { extraction_id: 'ext_1', credits_remaining: 3, documents: [] } };
    const f = fake(['network', { status: 202, body: extraction, headers: { 'idempotent-replayed': 'true' } }]);
    const out = await f.client.createExtraction({ parser_id: 'prs_1', files: [{ filename: 'a.pdf', bytes: new Uint8Array([37, 80, 68, 70]) }], idempotencyKey: 'key-1' });
    expect(out.replayed).toBe(true);
    expect(f.calls.map((c) => c.headers['idempotency-key'])).toEqual(['key-1', 'key-1']);
    expect(f.records[0]!.request_bytes).toBe(f.records[1]!.request_bytes);
    expect(f.records[0]!.request_bytes).toBeGreaterThan(100);
    expect(f.client.lastBalance).toBe(3);
  });

  it('turns 401 and 402 into sentences (402 with the balance last seen)', async () => {
    const f = fake([{ status: 401, body: err('UNAUTHORIZED') }]);
    await expect(f.client.me()).rejects.toThrow('The hosted service refused the API key; it may have been revoked. Connect again in Settings.');
    const g = fake([{ status: 200, body: ME }, { status: 402, body: { error: { code: 'INSUFFICIENT_CREDITS' } } }]);
    await g.client.me();
    const e = (await g.client.createExtraction({ parser_id: 'p', files: [{ filename: 'a.pdf', bytes: new Uint8Array(1) }] }).catch((x: unknown) => x)) as SyncError;
    expect(e.code).toBe('INSUFFICIENT_CREDITS');
    expect(e.message).toMatch(/not have enough credits.*had 7 credits left/);
  });
});
