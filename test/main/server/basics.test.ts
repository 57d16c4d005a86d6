// The cross-cutting behaviour over real HTTP: API key, Host guard, error envelope and request
// id, validation messages that name the field, unknown routes, and service errors.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_KEY, errorOf, rawRequest, startTestServer, type TestServer } from './harness.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe('API key', () => {
  it('refuses a /v1 request without a key with 401 and the envelope', async () => {
    const res = await fetch(`${server.url}/v1/me`);
    expect(res.status).toBe(401);
    const err = await errorOf(res);
    expect(err).toMatchObject({ code: 'UNAUTHORIZED', message: 'Missing X-API-Key header.', retryable: false });
    expect(err.requestId).toMatch(/^req_[0-9a-f]{24}$/);
    expect(res.headers.get('x-request-id')).toBe(err.requestId);
  });

  it('refuses a wrong key, including one that differs only in length', async () => {
    for (const key of ['wrong', `${API_KEY}x`, API_KEY.slice(0, -1)]) {
      const res = await fetch(`${server.url}/v1/me`, { headers: { 'x-api-key': key } });
      expect(res.status).toBe(401);
      expect((await errorOf(res)).message).toBe('Invalid API key.');
    }
  });

  it('refuses /parse without a key', async () => {
    const res = await fetch(`${server.url}/parse`, { method: 'POST' });
    expect(res.status).toBe(401);
  });

  it('accepts the right key', async () => {
    const res = await server.api('/v1/me');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { user: { user_id: string } }).user.user_id).toBe('usr_local');
  });

  it('serves /health and /openapi.json without a key', async () => {
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect((await fetch(`${server.url}/openapi.json`)).status).toBe(200);
  });
});

describe('Host guard', () => {
  it('accepts 127.0.0.1, localhost and [::1] with the bound port', async () => {
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `[::1]:${server.port}`]) {
      const res = await rawRequest(server.port, { path: '/health', host });
      expect(res.status, host).toBe(200);
    }
  });

  it('refuses another name or port with 403 even on public routes and with a valid key', async () => {
    for (const host of [`evil.example:${server.port}`, `127.0.0.1:${server.port + 1}`, '127.0.0.1', `127.0.0.1.evil.example:${server.port}`]) {
      const res = await rawRequest(server.port, { path: '/v1/me', host, headers: { 'x-api-key': API_KEY } });
      expect(res.status, host).toBe(403);
      const body = JSON.parse(res.body) as { error: { code: string; message: string; requestId: string } };
      expect(body.error.code).toBe('UNAUTHORIZED');
      expect(body.error.message).toBe(`Requests must be addressed to 127.0.0.1:${server.port}.`);
      expect(res.headers['x-request-id']).toBe(body.error.requestId);
    }
    const health = await rawRequest(server.port, { path: '/health', host: 'attacker.test' });
    expect(health.status).toBe(403);
  });
});

describe('undecodable URLs', () => {
  it('still apply the Host guard and the key, then answer INVALID_PAYLOAD', async () => {
    const local = `127.0.0.1:${server.port}`;
    const foreign = await rawRequest(server.port, { path: '/v1/parsers/%zz', host: 'evil.example', headers: { 'x-api-key': API_KEY } });
    expect(foreign.status).toBe(403);
    const keyless = await rawRequest(server.port, { path: '/v1/parsers/%zz', host: local });
    expect(keyless.status).toBe(401);
    const keyed = await rawRequest(server.port, { path: '/v1/parsers/%zz', host: local, headers: { 'x-api-key': API_KEY } });
    expect(keyed.status).toBe(400);
    const body = JSON.parse(keyed.body) as { error: { code: string; requestId: string } };
    expect(body.error.code).toBe('INVALID_PAYLOAD');
    expect(keyed.headers['x-request-id']).toBe(body.error.requestId);
  });
});

describe('error envelope', () => {
  it('answers an unknown route with RESOURCE_NOT_FOUND', async () => {
    const res = await server.api('/v1/nothing-here?x=1');
    expect(res.status).toBe(404);
    const err = await errorOf(res);
    expect(err.code).toBe('RESOURCE_NOT_FOUND');
    expect(err.message).toBe('No route for GET /v1/nothing-here.');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('answers an id too long to exist as its route answers an unknown id, without repeating it whole', async () => {
    const long = 'x'.repeat(5000);
    for (const pathname of [`/v1/extractions/${long}`, `/v1/extractions/${long}/documents/${long}`, `/v1/parsers/${long}`, `/v1/webhooks/${long}`]) {
      const res = await server.api(pathname);
      expect(res.status, pathname.slice(0, 30)).toBe(404);
      const err = await errorOf(res);
      expect(err.code).toMatch(/^(RESOURCE|PARSER)_NOT_FOUND$/);
      expect(err.message).not.toMatch(/No route/);
      expect(err.message).toContain(`${'x'.repeat(40)}…`);
      expect(err.message.length).toBeLessThan(120);
    }
    // Between Fastify's old 100-character limit and the longest id looked up: the id as given.
    const mid = 'y'.repeat(150);
    expect((await errorOf(await server.api(`/v1/extractions/${mid}`))).message).toContain(`${mid}.`);
    // An unknown route with a very long path is cut short too.
    const route = await errorOf(await server.api(`/v1/nothing-${long}`));
    expect(route.message).toBe(`No route for GET /v1/nothing-${'x'.repeat(188)}….`);
  });

  it('gives every request its own id', async () => {
    const a = await server.api('/v1/me');
    const b = await server.api('/v1/me');
    expect(a.headers.get('x-request-id')).toMatch(/^req_/);
    expect(a.headers.get('x-request-id')).not.toBe(b.headers.get('x-request-id'));
  });

  it('ignores a request id sent by the client', async () => {
    const res = await server.api('/v1/nope', { headers: { 'x-request-id': 'client-chosen' } });
    expect((await errorOf(res)).requestId).not.toBe('client-chosen');
  });

  it('maps service ApiErrors to their status and code', async () => {
    const missing = await server.api('/v1/parsers/prs_missing');
    expect(missing.status).toBe(404);
    expect(await errorOf(missing)).toMatchObject({ code: 'PARSER_NOT_FOUND', message: 'No parser prs_missing.' });

    const conflict = await server.api('/v1/parsers', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Invoices' }),
    });
    expect(conflict.status).toBe(409);
    expect((await errorOf(conflict)).code).toBe('CONFLICT');

    const notConfigured = await server.api('/v1/extractions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ parser_id: 'prs_empty', paths: [import.meta.filename] }),
    });
    expect(notConfigured.status).toBe(400);
    expect(await errorOf(notConfigured)).toMatchObject({ code: 'PARSER_NOT_CONFIGURED', retryable: false });
  });

  it('hides unexpected errors behind a generic 500 and logs them', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const original = server.services.account.credits;
    server.services.account.credits = async () => {
      throw new Error('database is on fire at /secret/path');
    };
    try {
      const res = await server.api('/v1/credits');
      expect(res.status).toBe(500);
      const err = await errorOf(res);
      expect(err.code).toBe('INTERNAL_ERROR');
      expect(err.retryable).toBe(true);
      expect(err.message).not.toContain('fire');
      const logged = spy.mock.calls.flat().filter((arg): arg is Error => arg instanceof Error);
      expect(logged.map((e) => e.message)).toContain('database is on fire at /secret/path');
    } finally {
      server.services.account.credits = original;
      spy.mockRestore();
    }
  });
});

describe('validation', () => {
  it('names the failing field of a body', async () => {
    const res = await server.api('/v1/parsers', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Bad', fields: [{ name: 'a', type: 'strnig' }] }),
    });
    expect(res.status).toBe(400);
    const err = await errorOf(res);
    expect(err.code).toBe('INVALID_PAYLOAD');
    expect(err.message).toMatch(/^fields\.0\.type: Invalid option/);
  });

  it('names unknown body keys', async () => {
    const res = await server.api('/v1/parsers', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'X', colour: 'red' }),
    });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toContain('colour');
  });

  it('names the failing query parameter', async () => {
    const res = await server.api('/v1/parsers?limit=500');
    expect(res.status).toBe(400);
    const err = await errorOf(res);
    expect(err.code).toBe('INVALID_PAYLOAD');
    expect(err.message).toMatch(/^limit: Too big/);

    const status = await server.api('/v1/extractions?status=done');
    expect((await errorOf(status)).message).toMatch(/^status: Invalid option/);
  });

  it('answers malformed JSON and an unsupported content type with INVALID_PAYLOAD', async () => {
    const bad = await server.api('/v1/parsers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":' });
    expect(bad.status).toBe(400);
    expect(await errorOf(bad)).toMatchObject({ code: 'INVALID_PAYLOAD' });

    const xml = await server.api('/v1/parsers', { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<x/>' });
    expect(xml.status).toBe(400);
    expect((await errorOf(xml)).message).toContain('unsupported Content-Type');
  });

  it('says a "__proto__" key is why a valid JSON body was refused', async () => {
    const res = await server.api('/v1/parsers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"p","__proto__":{"x":1}}' });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({
      code: 'INVALID_PAYLOAD',
      message: 'body: refused because it has a "__proto__" key, which could alter objects on the server; remove that key.',
    });
    const broken = await server.api('/v1/parsers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"__proto__":' });
    expect((await errorOf(broken)).message).toBe('body: not valid JSON.');
  });

  it('tells a JSON-only route\'s client to send JSON, whatever else it sent', async () => {
    const form = new FormData();
    form.append('name', 'x');
    const cases: Array<[RequestInit, string]> = [
      [{ body: form }, 'body: unsupported Content-Type multipart/form-data; send application/json.'],
      [{ headers: { 'content-type': 'text/plain' }, body: '{"name":"p"}' }, 'body: unsupported Content-Type text/plain; send application/json.'],
      [{ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=p' }, 'body: unsupported Content-Type application/x-www-form-urlencoded; send application/json.'],
      [{}, 'body: missing; send application/json.'],
    ];
    for (const [init, message] of cases) {
      const res = await server.api('/v1/parsers', { method: 'POST', ...init });
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toMatchObject({ code: 'INVALID_PAYLOAD', message });
    }
    // A body with no Content-Type at all (fetch sends none for bytes; Fastify has no parser for it).
    const untyped = await server.api('/v1/parsers', { method: 'POST', body: new TextEncoder().encode('{"name":"p"}') });
    expect(await errorOf(untyped)).toMatchObject({ code: 'INVALID_PAYLOAD', message: 'body: no Content-Type; send application/json.' });
    // Routes that also take forms say so.
    const parseText = await server.api('/parse', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect((await errorOf(parseText)).message).toBe('body: unsupported Content-Type text/plain; send application/json or multipart/form-data.');
    const parseXml = await server.api('/v1/extractions', { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<x/>' });
    expect((await errorOf(parseXml)).message).toBe('body: unsupported Content-Type application/xml; send application/json or multipart/form-data.');
  });

  it('treats an empty JSON body as no body', async () => {
    const created = await server.api('/v1/extractions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ parser_id: 'prs_invoice', paths: [import.meta.filename] }),
    });
    const { extraction } = (await created.json()) as { extraction: { extraction_id: string } };
    const res = await server.api(`/v1/extractions/${extraction.extraction_id}/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '',
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { extraction: { status: string } }).extraction.status).toBe('failed');
  });

  it('reports a missing body by location', async () => {
    const res = await server.api('/v1/parsers', { method: 'POST' });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toMatch(/^body: /);
  });
});
