// Rate limits per key: the counter itself (with a fake clock) and, over real HTTP, the headers
// on every /v1 answer, the 429 after the limit and the smaller extraction-job limit.
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../src/main/server/rate-limit.js';
import { errorOf, startTestServer } from './harness.js';

describe('RateLimiter', () => {
  it('counts per client and bucket in one-minute windows', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter({ perMinute: 2, extractionsPerMinute: 1 }, () => now);
    expect(limiter.take('a', 'all')).toEqual({ allowed: true, limit: 2, remaining: 1, resetAt: 1_060_000 });
    expect(limiter.take('a', 'all')).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.take('a', 'all')).toMatchObject({ allowed: false, remaining: 0 });
    expect(limiter.take('b', 'all')).toMatchObject({ allowed: true, remaining: 1 });
    expect(limiter.take('a', 'extractions')).toMatchObject({ allowed: true, limit: 1, remaining: 0 });
    now += 59_999;
    expect(limiter.take('a', 'all').allowed).toBe(false);
    now += 1;
    expect(limiter.take('a', 'all')).toEqual({ allowed: true, limit: 2, remaining: 1, resetAt: 1_120_000 });
  });
});

function rateHeaders(res: Response) {
  return {
    limit: res.headers.get('x-ratelimit-limit'),
    remaining: res.headers.get('x-ratelimit-remaining'),
    reset: Number(res.headers.get('x-ratelimit-reset')),
  };
}

describe('rate limits over HTTP', () => {
  it('puts the headers on every /v1 answer, errors included, and answers 429 past the limit', async () => {
    const server = await startTestServer({ rateLimits: { perMinute: 4, extractionsPerMinute: 2 } });
    try {
      const before = Math.floor(Date.now() / 1000);
      const ok = await server.api('/v1/me');
      expect(rateHeaders(ok)).toMatchObject({ limit: '4', remaining: '3' });
      expect(rateHeaders(ok).reset).toBeGreaterThanOrEqual(before + 59);
      // The window starts when the request arrives (up to a second after `before`), and the
      // reset is rounded up to whole seconds.
      expect(rateHeaders(ok).reset).toBeLessThanOrEqual(before + 62);

      const notFound = await server.api('/v1/parsers/prs_missing');
      expect(notFound.status).toBe(404);
      expect(rateHeaders(notFound)).toMatchObject({ limit: '4', remaining: '2' });

      const invalid = await server.api('/v1/parsers?limit=0');
      expect(invalid.status).toBe(400);
      expect(rateHeaders(invalid).remaining).toBe('1');

      expect(rateHeaders(await server.api('/v1/credits')).remaining).toBe('0');

      const limited = await server.api('/v1/me');
      expect(limited.status).toBe(429);
      expect(rateHeaders(limited)).toMatchObject({ limit: '4', remaining: '0' });
      const retryAfter = Number(limited.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(await errorOf(limited)).toMatchObject({ code: 'RATE_LIMITED', retryable: true });

      // Public routes are not limited and carry no rate headers.
      const health = await fetch(`${server.url}/health`);
      expect(health.status).toBe(200);
      expect(health.headers.get('x-ratelimit-limit')).toBeNull();
    } finally {
      await server.close();
    }
  });

  it('counts requests without a valid key separately, and still answers with the headers', async () => {
    const server = await startTestServer({ rateLimits: { perMinute: 2, extractionsPerMinute: 2 } });
    try {
      const first = await fetch(`${server.url}/v1/me`, { headers: { 'x-api-key': 'guess-1' } });
      expect(first.status).toBe(401);
      expect(rateHeaders(first)).toMatchObject({ limit: '2', remaining: '1' });
      await fetch(`${server.url}/v1/me`, { headers: { 'x-api-key': 'guess-2' } });
      const third = await fetch(`${server.url}/v1/me`, { headers: { 'x-api-key': 'guess-3' } });
      expect(third.status).toBe(429);
      // The real key has its own window.
      expect((await server.api('/v1/me')).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('limits POST /v1/extractions with its own, smaller bucket', async () => {
    const server = await startTestServer({ rateLimits: { perMinute: 10, extractionsPerMinute: 2 } });
    const create = () =>
      server.api('/v1/extractions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ parser_id: 'prs_invoice', paths: [import.meta.filename] }),
      });
    try {
      const a = await create();
      expect(a.status).toBe(202);
      expect(rateHeaders(a)).toMatchObject({ limit: '2', remaining: '1' });
      expect((await create()).status).toBe(202);
      const c = await create();
      expect(c.status).toBe(429);
      expect(rateHeaders(c)).toMatchObject({ limit: '2', remaining: '0' });
      expect(server.services.calls.createExtraction).toHaveLength(2);
      // Other routes still have room in the overall bucket (3 of 10 used).
      const me = await server.api('/v1/me');
      expect(me.status).toBe(200);
      expect(rateHeaders(me)).toMatchObject({ limit: '10', remaining: '6' });
    } finally {
      await server.close();
    }
  });

  it('can be turned off', async () => {
    const server = await startTestServer({ rateLimits: false });
    try {
      const res = await server.api('/v1/me');
      expect(res.status).toBe(200);
      expect(res.headers.get('x-ratelimit-limit')).toBeNull();
    } finally {
      await server.close();
    }
  });

  it('applies the contract defaults: 150 a minute overall', async () => {
    const server = await startTestServer();
    try {
      expect(rateHeaders(await server.api('/v1/me'))).toMatchObject({ limit: '150', remaining: '149' });
    } finally {
      await server.close();
    }
  });
});
