// Every error code the local server produces, provoked over real HTTP against the real
// services, each answered with the envelope {error: {code, message, requestId, retryable}};
// refused uploads leave nothing behind; per-key rate limits with their headers.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Extraction, ExtractionCore } from '../../../src/shared/api/extractions.js';
import type { Parser } from '../../../src/shared/api/parsers.js';
import {
  BROKEN_PDF,
  createParser,
  expectError,
  expectJson,
  extractionForm,
  invoicePdf,
  leftoverUploadFolders,
  openHarness,
  postExtraction,
  rawGet,
  waitForExtraction,
  type ApiHarness,
} from './harness.js';

let h: ApiHarness;
let parser: Parser;
beforeAll(async () => {
  h = await openHarness('errors');
  parser = await createParser(h, { name: 'Invoices', fields: [{ name: 'total', type: 'number' }] });
});
afterAll(async () => {
  await h?.close();
});

function postJson(pathname: string, body: unknown, method = 'POST'): Promise<Response> {
  return h.api(pathname, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

async function jobsOf(parserId: string): Promise<ExtractionCore[]> {
  return (await expectJson<{ extractions: ExtractionCore[] }>(await h.api(`/v1/extractions?parser_id=${parserId}&limit=100`), 200)).extractions;
}

/** Every file in the data folder's file store. */
async function storedFiles(): Promise<string[]> {
  const dir = path.join(h.root, 'data', 'files');
  if (!existsSync(dir)) return [];
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
}

describe('INVALID_PAYLOAD names the field', () => {
  it('parser bodies', async () => {
    const badType = await expectError(await postJson('/v1/parsers', { name: 'X', fields: [{ name: 'a', type: 'money' }] }), 400, 'INVALID_PAYLOAD');
    expect(badType.message).toMatch(/^fields\.0\.type: /);
    expect(badType.retryable).toBe(false);
    const noName = await expectError(await postJson('/v1/parsers', { fields: [] }), 400, 'INVALID_PAYLOAD');
    expect(noName.message).toMatch(/^name: /);
    const unknownKey = await expectError(await postJson('/v1/parsers', { name: 'Y', colour: 'red' }), 400, 'INVALID_PAYLOAD');
    expect(unknownKey.message).toContain('colour');
    const dupField = await expectError(
      await postJson('/v1/parsers', { name: 'Z', fields: [{ name: 'a', type: 'string' }, { name: 'a', type: 'number' }] }),
      400,
      'INVALID_PAYLOAD',
    );
    expect(dupField.message).toMatch(/^fields\.1\.name: duplicate field name "a"/);
    // Nothing was created by the refused requests.
    const all = await expectJson<{ parsers: Parser[] }>(await h.api('/v1/parsers?limit=100'), 200);
    expect(all.parsers.map((p) => p.name)).toEqual(['Invoices']);
  });

  it('malformed JSON: the message names the body', async () => {
    // The error handler means to answer `body: not valid JSON (…)`; Fastify 5 reports bad JSON
    // as FST_ERR_CTP_INVALID_JSON_BODY, which errors.ts does not map.
    const badJson = await expectError(
      await h.api('/v1/parsers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name": ' }),
      400,
      'INVALID_PAYLOAD',
    );
    expect(badJson.message).toMatch(/^body: /);
  });

  it('query strings and headers', async () => {
    expect((await expectError(await h.api('/v1/extractions?limit=0'), 400, 'INVALID_PAYLOAD')).message).toMatch(/^limit: /);
    expect((await expectError(await h.api('/v1/parsers?limit=101'), 400, 'INVALID_PAYLOAD')).message).toMatch(/^limit: /);
    expect((await expectError(await h.api('/v1/extractions?status=done'), 400, 'INVALID_PAYLOAD')).message).toMatch(/^status: /);
    expect((await expectError(await h.api('/v1/extractions?since=yesterday'), 400, 'INVALID_PAYLOAD')).message).toMatch(/^since: /);
    const longKey = await expectError(
      await postExtraction(h, extractionForm(parser.parser_id, [['a.pdf', invoicePdf(1)]]), { 'Idempotency-Key': 'k'.repeat(256) }),
      400,
      'INVALID_PAYLOAD',
    );
    expect(longKey.message).toMatch(/^Idempotency-Key: /);
    expect(await jobsOf(parser.parser_id)).toEqual([]);
  });

  it('extraction requests: no parser_id, no files, 51 files, a missing local path', async () => {
    const noParser = await expectError(await postExtraction(h, extractionForm(undefined, [['a.pdf', invoicePdf(1)]])), 400, 'INVALID_PAYLOAD');
    expect(noParser.message).toMatch(/^parser_id: /);
    const noFiles = await expectError(await postExtraction(h, extractionForm(parser.parser_id, [])), 400, 'INVALID_PAYLOAD');
    expect(noFiles.message).toMatch(/^files: /);
    const pdf = invoicePdf(1);
    const many = extractionForm(
      parser.parser_id,
      Array.from({ length: 51 }, (_, i): [string, Uint8Array] => [`f${i}.pdf`, pdf]),
    );
    const tooMany = await expectError(await postExtraction(h, many), 400, 'INVALID_PAYLOAD');
    expect(tooMany.message).toMatch(/^files: .*50/);
    const tooManyPaths = await expectError(
      await postJson('/v1/extractions', { parser_id: parser.parser_id, paths: Array.from({ length: 51 }, (_, i) => `/tmp/f${i}.pdf`) }),
      400,
      'INVALID_PAYLOAD',
    );
    expect(tooManyPaths.message).toMatch(/^paths: /);
    const missing = path.join(h.root, 'does-not-exist.pdf');
    const notFound = await expectError(await postJson('/v1/extractions', { parser_id: parser.parser_id, paths: [missing] }), 400, 'INVALID_PAYLOAD');
    expect(notFound.message).toContain('does-not-exist.pdf');
    const wrongField = new FormData();
    wrongField.append('parser_id', parser.parser_id);
    wrongField.append('document', new Blob([pdf]), 'a.pdf');
    expect((await expectError(await postExtraction(h, wrongField), 400, 'INVALID_PAYLOAD')).message).toMatch(/^document: /);

    expect(await jobsOf(parser.parser_id)).toEqual([]);
    expect(await leftoverUploadFolders(h)).toEqual([]);
    expect(await storedFiles()).toEqual([]);
  });

  it('webhook bodies', async () => {
    const badUrl = await expectError(await postJson('/v1/webhooks', { url: 'ftp://example.com/hook', events: ['extraction.job_completed'] }), 400, 'INVALID_PAYLOAD');
    expect(badUrl.message).toMatch(/^url: /);
    const badEvent = await expectError(await postJson('/v1/webhooks', { url: 'http://127.0.0.1:1/hook', events: ['job.done'] }), 400, 'INVALID_PAYLOAD');
    expect(badEvent.message).toMatch(/^events\.0: /);
    const noEvents = await expectError(await postJson('/v1/webhooks', { url: 'http://127.0.0.1:1/hook', events: [] }), 400, 'INVALID_PAYLOAD');
    expect(noEvents.message).toMatch(/^events: /);
  });

  it('webhook secrets that are not header values, and URLs with credentials, at create and PATCH', async () => {
    const events = ['extraction.job_completed'];
    const before = (await expectJson<{ webhooks: unknown[] }>(await h.api('/v1/webhooks?limit=100'), 200)).webhooks.length;
    for (const secret of ['a\r\nX-Injected: 1', 'tab\there', 'caf\u00e9', ' padded', 'padded ']) {
      const bad = await expectError(await postJson('/v1/webhooks', { url: 'http://127.0.0.1:1/hook', events, secret }), 400, 'INVALID_PAYLOAD');
      expect(bad.message).toBe('secret: use visible ASCII characters only (spaces only between them): it is sent as the X-Webhook-Secret header');
    }
    for (const url of ['http://user:pass@127.0.0.1:1/hook', 'https://token@example.com/hook']) {
      const bad = await expectError(await postJson('/v1/webhooks', { url, events }), 400, 'INVALID_PAYLOAD');
      expect(bad.message).toBe('url: credentials in the address are not supported; use secret');
    }
    expect((await expectJson<{ webhooks: unknown[] }>(await h.api('/v1/webhooks?limit=100'), 200)).webhooks).toHaveLength(before);

    const res = await postJson('/v1/webhooks', { url: 'http://127.0.0.1:1/hook', events, secret: 'two words, ok!' });
    const { webhook } = await expectJson<{ webhook: { webhook_id: string; has_secret: boolean } }>(res, 201);
    expect(webhook.has_secret).toBe(true);
    const patchSecret = await expectError(await postJson(`/v1/webhooks/${webhook.webhook_id}`, { secret: 'line\nbreak' }, 'PATCH'), 400, 'INVALID_PAYLOAD');
    expect(patchSecret.message).toMatch(/^secret: /);
    const patchUrl = await expectError(await postJson(`/v1/webhooks/${webhook.webhook_id}`, { url: 'http://u:p@127.0.0.1:1/x' }, 'PATCH'), 400, 'INVALID_PAYLOAD');
    expect(patchUrl.message).toBe('url: credentials in the address are not supported; use secret');
    const got = await expectJson<{ webhook: { url: string } }>(await h.api(`/v1/webhooks/${webhook.webhook_id}`), 200);
    expect(got.webhook.url).toBe('http://127.0.0.1:1/hook');
    await expectJson(await h.api(`/v1/webhooks/${webhook.webhook_id}`, { method: 'DELETE' }), 200);
  });
});

describe('refused files', () => {
  it('UNSUPPORTED_FILE_TYPE names the file (by content, not by extension), and nothing is queued or kept', async () => {
    const before = await storedFiles();
    const text = await expectError(
      await postExtraction(h, extractionForm(parser.parser_id, [['good.pdf', invoicePdf(1)], ['notes.txt', 'just a note', 'text/plain']])),
      400,
      'UNSUPPORTED_FILE_TYPE',
    );
    expect(text.message).toContain('notes.txt');
    const random = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 256);
    const disguised = await expectError(
      await postExtraction(h, extractionForm(parser.parser_id, [['scan-0042.pdf', random]])),
      400,
      'UNSUPPORTED_FILE_TYPE',
    );
    expect(disguised.message).toContain('scan-0042.pdf');
    expect(await jobsOf(parser.parser_id)).toEqual([]);
    expect(await leftoverUploadFolders(h)).toEqual([]);
    expect(await storedFiles()).toEqual(before);
  });

  it('PAGE_COUNT_FAILED names a broken PDF', async () => {
    const broken = await expectError(
      await postExtraction(h, extractionForm(parser.parser_id, [['ok.pdf', invoicePdf(2)], ['broken.pdf', BROKEN_PDF]])),
      400,
      'PAGE_COUNT_FAILED',
    );
    expect(broken.message).toContain('broken.pdf');
    expect(broken.retryable).toBe(false);
    expect(await jobsOf(parser.parser_id)).toEqual([]);
    expect(await leftoverUploadFolders(h)).toEqual([]);
  });
});

describe('parsers that cannot extract', () => {
  it('PARSER_NOT_CONFIGURED for a parser without fields; PARSER_NOT_FOUND for an unknown one', async () => {
    const empty = await createParser(h, { name: 'Empty parser' });
    const notConfigured = await expectError(
      await postExtraction(h, extractionForm(empty.parser_id, [['a.pdf', invoicePdf(1)]])),
      400,
      'PARSER_NOT_CONFIGURED',
    );
    expect(notConfigured.message).toContain('Empty parser');
    const notFound = await expectError(await postExtraction(h, extractionForm('prs_missing', [['a.pdf', invoicePdf(1)]])), 404, 'PARSER_NOT_FOUND');
    expect(notFound.message).toContain('prs_missing');
    await expectError(await postJson('/v1/extractions', { parser_id: 'prs_missing', paths: ['/tmp/x.pdf'] }), 404, 'PARSER_NOT_FOUND');
    expect(await jobsOf(empty.parser_id)).toEqual([]);
    expect(await leftoverUploadFolders(h)).toEqual([]);
  });

  it('SCHEMA_ALREADY_EXISTS and CONFLICT', async () => {
    const data = new FormData();
    data.append('file', new Blob([invoicePdf(3)]), 'sample.pdf');
    await expectError(await h.api(`/v1/parsers/${parser.parser_id}/detect-fields`, { method: 'POST', body: data }), 400, 'SCHEMA_ALREADY_EXISTS');
    expect(await leftoverUploadFolders(h)).toEqual([]);
    const conflict = await expectError(await postJson('/v1/parsers', { name: 'Invoices' }), 409, 'CONFLICT');
    expect(conflict.retryable).toBe(false);
  });
});

describe('RESOURCE_NOT_FOUND', () => {
  it('for unknown jobs, documents, webhooks and routes', async () => {
    await expectError(await h.api('/v1/extractions/ext_nope'), 404, 'RESOURCE_NOT_FOUND');
    await expectError(await h.api('/v1/extractions/ext_nope/export?format=csv'), 404, 'RESOURCE_NOT_FOUND');
    await expectError(await h.api('/v1/webhooks/wh_nope'), 404, 'RESOURCE_NOT_FOUND');
    await expectError(await h.api('/v1/webhooks/wh_nope', { method: 'DELETE' }), 404, 'RESOURCE_NOT_FOUND');
    await expectError(await h.api('/v1/webhooks/wh_nope/test', { method: 'POST' }), 404, 'RESOURCE_NOT_FOUND');
    const route = await expectError(await h.api('/v1/invoices'), 404, 'RESOURCE_NOT_FOUND');
    expect(route.message).toContain('/v1/invoices');
  });

  it("for an id too long to exist: the route's own answer, with the id cut short", async () => {
    const long = 'x'.repeat(5000);
    const short = `${'x'.repeat(40)}…`;
    expect((await expectError(await h.api(`/v1/extractions/${long}`), 404, 'RESOURCE_NOT_FOUND')).message).toBe(`No extraction with id ${short}.`);
    expect((await expectError(await h.api(`/v1/extractions/${long}/results`), 404, 'RESOURCE_NOT_FOUND')).message).toBe(`No extraction with id ${short}.`);
    expect((await expectError(await h.api(`/v1/extractions/${long}/export?format=csv`), 404, 'RESOURCE_NOT_FOUND')).message).toBe(`No extraction with id ${short}.`);
    expect((await expectError(await h.api(`/v1/parsers/${long}`), 404, 'PARSER_NOT_FOUND')).message).toBe(`No parser with id ${short}.`);
    expect((await expectError(await h.api(`/v1/webhooks/${long}`, { method: 'DELETE' }), 404, 'RESOURCE_NOT_FOUND')).message).toBe(`No webhook with id ${short}.`);
    // An id a little past Fastify's default 100 characters is looked up as given.
    const mid = `ext_${'y'.repeat(120)}`;
    expect((await expectError(await h.api(`/v1/extractions/${mid}`), 404, 'RESOURCE_NOT_FOUND')).message).toBe(`No extraction with id ${mid}.`);
  });
});

describe('bodies refused for their form', () => {
  it('a "__proto__" key, a form or text sent to a JSON-only route', async () => {
    const proto = await expectError(
      await h.api('/v1/parsers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"p","__proto__":{"x":1}}' }),
      400,
      'INVALID_PAYLOAD',
    );
    expect(proto.message).toBe('body: refused because it has a "__proto__" key, which could alter objects on the server; remove that key.');
    const form = new FormData();
    form.append('name', 'x');
    const multipart = await expectError(await h.api('/v1/parsers', { method: 'POST', body: form }), 400, 'INVALID_PAYLOAD');
    expect(multipart.message).toBe('body: unsupported Content-Type multipart/form-data; send application/json.');
    const text = await expectError(await h.api('/v1/webhooks', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' }), 400, 'INVALID_PAYLOAD');
    expect(text.message).toBe('body: unsupported Content-Type text/plain; send application/json.');
    const untyped = await expectError(await h.api('/v1/parsers', { method: 'POST', body: new TextEncoder().encode('{"name":"p"}') }), 400, 'INVALID_PAYLOAD');
    expect(untyped.message).toBe('body: no Content-Type; send application/json.');
    expect(await leftoverUploadFolders(h)).toEqual([]);
    const all = await expectJson<{ parsers: Parser[] }>(await h.api('/v1/parsers?limit=100'), 200);
    expect(all.parsers.map((p) => p.name)).not.toContain('p');
  });
});

describe('UNAUTHORIZED', () => {
  it('without a key, with a wrong key, and for a request addressed to another host', async () => {
    const missing = await expectError(await fetch(`${h.url}/v1/me`), 401, 'UNAUTHORIZED');
    expect(missing.message).toMatch(/X-API-Key/);
    const wrong = await expectError(await h.api('/v1/parsers', { headers: { 'x-api-key': `${h.apiKey}x` } }), 401, 'UNAUTHORIZED');
    expect(wrong.message).toMatch(/invalid api key/i);
    // A write without the key does nothing.
    await expectError(await fetch(`${h.url}/v1/parsers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"Sneaky"}' }), 401, 'UNAUTHORIZED');
    const names = (await expectJson<{ parsers: Parser[] }>(await h.api('/v1/parsers?limit=100'), 200)).parsers.map((p) => p.name);
    expect(names).not.toContain('Sneaky');

    // DNS rebinding: the right key, but a Host header naming another site.
    const port = new URL(h.url).port;
    const rebinding = await rawGet(h.url, '/v1/me', { host: `evil.example:${port}`, 'x-api-key': h.apiKey });
    expect(rebinding.status).toBe(403);
    const body = JSON.parse(rebinding.body) as { error: { code: string; requestId: string; retryable: boolean } };
    expect(body.error).toMatchObject({ code: 'UNAUTHORIZED', requestId: expect.stringMatching(/^req_/), retryable: false });
    // The public routes are guarded the same way, and open without a key otherwise.
    expect((await rawGet(h.url, '/health', { host: `evil.example:${port}` })).status).toBe(403);
    expect((await rawGet(h.url, '/health', { host: `localhost:${port}` })).status).toBe(200);
    expect(await expectJson(await fetch(`${h.url}/health`), 200)).toEqual({ status: 'ok' });
  });
});

describe('RATE_LIMITED', () => {
  it('limits all requests per key per minute, with X-RateLimit-* and Retry-After', async () => {
    const limited = await h.startExtraServer({ rateLimits: { perMinute: 5, extractionsPerMinute: 2 } });
    const call = (pathname: string, init: RequestInit = {}) =>
      fetch(limited.url + pathname, { ...init, headers: { 'x-api-key': h.apiKey, ...(init.headers as Record<string, string> | undefined) } });
    const remaining: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await call('/v1/me');
      expect(res.status).toBe(200);
      expect(res.headers.get('x-ratelimit-limit')).toBe('5');
      remaining.push(res.headers.get('x-ratelimit-remaining') ?? '');
      await res.arrayBuffer();
    }
    expect(remaining).toEqual(['4', '3', '2', '1', '0']);
    const nowSeconds = Date.now() / 1000;
    const refused = await call('/v1/parsers');
    const err = await expectError(refused, 429, 'RATE_LIMITED');
    expect(err.retryable).toBe(true);
    expect(refused.headers.get('x-ratelimit-limit')).toBe('5');
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    const reset = Number(refused.headers.get('x-ratelimit-reset'));
    expect(reset).toBeGreaterThan(nowSeconds);
    expect(reset).toBeLessThanOrEqual(nowSeconds + 61);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Public routes are not counted; requests without the key are counted apart (per address).
    expect((await fetch(`${limited.url}/health`)).status).toBe(200);
    const anonymous = await fetch(`${limited.url}/v1/me`);
    expect(anonymous.headers.get('x-ratelimit-limit')).toBe('5');
    expect(anonymous.headers.get('x-ratelimit-remaining')).toBe('4');
    await expectError(anonymous, 401, 'UNAUTHORIZED');
    // The main server keeps its own (unlimited) counters.
    expect((await h.api('/v1/me')).status).toBe(200);
  });

  it('limits POST /v1/extractions separately and reports that bucket', async () => {
    const limited = await h.startExtraServer({ rateLimits: { perMinute: 50, extractionsPerMinute: 2 } });
    const post = () =>
      fetch(`${limited.url}/v1/extractions`, { method: 'POST', headers: { 'x-api-key': h.apiKey }, body: extractionForm(parser.parser_id, [['r.pdf', invoicePdf(5)]]) });
    const ids: string[] = [];
    for (const left of ['1', '0']) {
      const res = await post();
      expect(res.headers.get('x-ratelimit-limit')).toBe('2');
      expect(res.headers.get('x-ratelimit-remaining')).toBe(left);
      ids.push((await expectJson<{ extraction: Extraction }>(res, 202)).extraction.extraction_id);
    }
    const refused = await post();
    expect(refused.headers.get('x-ratelimit-limit')).toBe('2');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    await expectError(refused, 429, 'RATE_LIMITED');
    // Only the two allowed jobs exist; other routes still answer, counted in the overall bucket.
    const other = await fetch(`${limited.url}/v1/extractions?parser_id=${parser.parser_id}`, { headers: { 'x-api-key': h.apiKey } });
    expect(other.headers.get('x-ratelimit-limit')).toBe('50');
    expect(other.headers.get('x-ratelimit-remaining')).toBe('46');
    const listed = await expectJson<{ extractions: ExtractionCore[] }>(other, 200);
    expect(listed.extractions.map((e) => e.extraction_id).sort()).toEqual([...ids].sort());
    for (const id of ids) await waitForExtraction(h, id);
    expect(await leftoverUploadFolders(h)).toEqual([]);
  });
});
