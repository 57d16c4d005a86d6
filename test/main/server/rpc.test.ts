// Browser mode's /rpc bridge over real HTTP, with a fake RpcService: the key and the Host guard,
// argument validation (INVALID_PAYLOAD naming the field), unknown methods, the file routes, the
// raw-body upload with its size limit (nothing left on disk), the key getter, no rate limit for
// keyed UI calls, and no CORS.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer, type ServerOptions } from '../../../src/main/server/app.js';
import { ApiError } from '../../../src/shared/api/errors.js';
import { createFakeRpc, type FakeRpc } from './fake-rpc.js';
import { createFakeServices } from './fake-services.js';
import { errorOf, rawRequest } from './harness.js';

const KEY = 'pp_local_rpc_test_key';

interface RpcTestServer extends RunningServer {
  rpc: FakeRpc;
  uploadDir: string;
  post(method: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  upload(content: string | ReadableStream<Uint8Array>, headers: Record<string, string>): Promise<Response>;
}

async function start(options: Partial<ServerOptions> = {}): Promise<RpcTestServer> {
  const rpc = createFakeRpc();
  const uploadDir = mkdtempSync(path.join(tmpdir(), 'pp-rpc-test-'));
  const server = await startServer(createFakeServices(), { host: '127.0.0.1', port: 0, apiKey: KEY, uploadDir, rpc, ...options });
  return {
    ...server,
    rpc,
    uploadDir,
    post: (method, body, headers = {}) =>
      fetch(`${server.url}/rpc/${method}`, {
        method: 'POST',
        headers: { 'x-api-key': KEY, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    upload: (content, headers) =>
      fetch(`${server.url}/rpc/upload`, {
        method: 'POST',
        headers: { 'x-api-key': KEY, 'content-type': 'application/octet-stream', ...headers },
        body: content,
        duplex: 'half',
      } as RequestInit),
    close: async () => {
      await server.close();
      await rm(uploadDir, { recursive: true, force: true });
    },
  };
}

let server: RpcTestServer;
beforeAll(async () => {
  server = await start();
});
afterAll(async () => {
  await server.close();
});

describe('POST /rpc/:method', () => {
  it('refuses a request without the key, or with a wrong one, with 401 and the envelope', async () => {
    const keyless = await fetch(`${server.url}/rpc/settings.get`, { method: 'POST' });
    expect(keyless.status).toBe(401);
    expect(await errorOf(keyless)).toMatchObject({ code: 'UNAUTHORIZED', message: 'Missing X-API-Key header.' });
    const wrong = await server.post('settings.get', undefined, { 'x-api-key': 'nope' });
    expect(wrong.status).toBe(401);
    expect(server.rpc.calls).toEqual([]);
  });

  it('calls the handler with no argument when there is no body (with or without a JSON content type)', async () => {
    const res = await server.post('settings.get');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ method: 'settings.get', args: null });
    const typed = await server.post('parsers.list', undefined, { 'content-type': 'application/json' });
    expect(typed.status).toBe(200);
    expect(server.rpc.calls.slice(-2)).toEqual([
      { method: 'settings.get', args: undefined },
      { method: 'parsers.list', args: undefined },
    ]);
  });

  it('passes the validated argument, defaults applied', async () => {
    const res = await server.post('jobs.list', {});
    expect(res.status).toBe(200);
    expect(server.rpc.calls.at(-1)).toEqual({ method: 'jobs.list', args: { limit: 100 } });
    await server.post('jobs.get', { extraction_id: 'ext_1' });
    expect(server.rpc.calls.at(-1)).toEqual({ method: 'jobs.get', args: { extraction_id: 'ext_1' } });
  });

  it('answers a bad argument with 400 INVALID_PAYLOAD naming the field, without calling the handler', async () => {
    const before = server.rpc.calls.length;
    const missing = await server.post('jobs.get', {});
    expect(missing.status).toBe(400);
    const err = await errorOf(missing);
    expect(err.code).toBe('INVALID_PAYLOAD');
    expect(err.message).toMatch(/^Invalid request to jobs\.get — extraction_id: /);
    const tooMany = await server.post('settings.update', { worker_count: 0 });
    expect((await errorOf(tooMany)).message).toContain('worker_count');
    const extra = await server.post('jobs.get', { extraction_id: 'ext_1', evil: true });
    expect(extra.status).toBe(400);
    const argForNoArgMethod = await server.post('settings.get', { x: 1 });
    expect(argForNoArgMethod.status).toBe(400);
    const badJson = await fetch(`${server.url}/rpc/jobs.get`, { method: 'POST', headers: { 'x-api-key': KEY, 'content-type': 'application/json' }, body: '{' });
    expect((await errorOf(badJson)).code).toBe('INVALID_PAYLOAD');
    const text = await server.post('jobs.get', undefined, { 'content-type': 'text/plain' });
    expect(await errorOf(text)).toMatchObject({ code: 'INVALID_PAYLOAD', message: 'body: unsupported Content-Type text/plain; send application/json.' });
    const proto = await fetch(`${server.url}/rpc/jobs.get`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
      body: '{"extraction_id":"ext_1","__proto__":{"x":1}}',
    });
    expect((await errorOf(proto)).message).toMatch(/^body: refused because it has a "__proto__" key/);
    expect(server.rpc.calls.length).toBe(before);
  });

  it('answers an unknown method with 404 and a sentence, prototype names included', async () => {
    for (const name of ['nope.nothing', 'constructor', '__proto__', 'toString']) {
      const res = await server.post(name, {});
      expect(res.status, name).toBe(404);
      const err = await errorOf(res);
      expect(err).toMatchObject({ code: 'RESOURCE_NOT_FOUND', message: `There is no RPC method "${name}".` });
    }
  });

  it('refuses the methods that return files, pointing to their GET routes', async () => {
    const res = await server.post('documents.file', { extraction_id: 'ext_1', document_id: 'doc_1' });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toBe('documents.file returns a file: use GET /rpc/files/:extraction_id/:document_id.');
    expect((await errorOf(await server.post('parsers.sample', { parser_id: 'prs_1' }))).message).toContain('GET /rpc/samples/:parser_id');
  });

  it('maps service errors to the envelope and hides unexpected ones', async () => {
    server.rpc.answers.set('jobs.get', () => {
      throw new ApiError('RESOURCE_NOT_FOUND', 'No job ext_9.');
    });
    const missing = await server.post('jobs.get', { extraction_id: 'ext_9' });
    expect(missing.status).toBe(404);
    expect(await errorOf(missing)).toMatchObject({ code: 'RESOURCE_NOT_FOUND', message: 'No job ext_9.' });
    server.rpc.answers.set('jobs.get', () => {
      throw new Error('secret internals at /home/x');
    });
    const originalError = console.error;
    console.error = () => undefined;
    try {
      const broken = await server.post('jobs.get', { extraction_id: 'ext_9' });
      expect(broken.status).toBe(500);
      expect((await errorOf(broken)).message).not.toContain('secret');
    } finally {
      console.error = originalError;
      server.rpc.answers.delete('jobs.get');
    }
  });

  it('sends no CORS headers, and a preflight without the key is refused', async () => {
    const res = await server.post('settings.get', undefined, { origin: 'http://evil.example' });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${server.url}/rpc/settings.get`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-api-key' },
    });
    expect(preflight.ok).toBe(false);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('applies the Host guard', async () => {
    const res = await rawRequest(server.port, { path: '/rpc/files/ext_1/doc_1', host: `evil.example:${server.port}`, headers: { 'x-api-key': KEY } });
    expect(res.status).toBe(403);
  });
});

describe('GET /rpc/files and /rpc/samples', () => {
  it('serves a document file with its type and name', async () => {
    const res = await fetch(`${server.url}/rpc/files/ext_1/doc_1`, { headers: { 'x-api-key': KEY } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(decodeURIComponent(res.headers.get('x-filename')!)).toBe('März invoice.pdf');
    expect(res.headers.get('x-file-type')).toBe('pdf');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-disposition')).toMatch(/^inline; /);
    expect(await res.text()).toBe('%PDF-1.7 fake');
    expect(server.rpc.calls.at(-1)).toEqual({ method: 'documents.file', args: { extraction_id: 'ext_1', document_id: 'doc_1' } });
  });

  it('serves a figure\'s picture, 204 when there is none, and refuses a name that is not a figure\'s', async () => {
    const res = await fetch(`${server.url}/rpc/figures/ext_1/doc_1/page-1-figure-1.png`, { headers: { 'x-api-key': KEY } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    expect(server.rpc.calls.at(-1)).toEqual({ method: 'documents.figure', args: { extraction_id: 'ext_1', document_id: 'doc_1', name: 'page-1-figure-1.png' } });
    expect((await fetch(`${server.url}/rpc/figures/ext_1/doc_1/page-2-figure-1.png`, { headers: { 'x-api-key': KEY } })).status).toBe(204);
    const bad = await fetch(`${server.url}/rpc/figures/ext_1/doc_1/${encodeURIComponent('../../secret.png')}`, { headers: { 'x-api-key': KEY } });
    expect(bad.status).toBe(400);
    expect(await errorOf(bad)).toMatchObject({ code: 'INVALID_PAYLOAD' });
    expect((await fetch(`${server.url}/rpc/figures/ext_1/doc_1/page-1-figure-1.png`)).status).toBe(401);
    expect((await errorOf(await server.post('documents.figure', { extraction_id: 'ext_1', document_id: 'doc_1', name: 'page-1-figure-1.png' }))).message).toContain(
      'GET /rpc/figures/:extraction_id/:document_id/:name',
    );
  });

  it('needs the key', async () => {
    expect((await fetch(`${server.url}/rpc/files/ext_1/doc_1`)).status).toBe(401);
    expect((await fetch(`${server.url}/rpc/samples/prs_1`)).status).toBe(401);
  });

  it('serves a sample, or 204 when the parser has none', async () => {
    const sample = await fetch(`${server.url}/rpc/samples/prs_1`, { headers: { 'x-api-key': KEY } });
    expect(sample.status).toBe(200);
    expect(sample.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await sample.arrayBuffer())).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    const none = await fetch(`${server.url}/rpc/samples/prs_none`, { headers: { 'x-api-key': KEY } });
    expect(none.status).toBe(204);
  });

  it('looks up an id too long to be one cut short, so the method answers its own not-found error', async () => {
    const sample = server.rpc.answers.get('parsers.sample');
    server.rpc.answers.set('parsers.sample', (args) => {
      throw new ApiError('RESOURCE_NOT_FOUND', `No parser with id ${(args as { parser_id: string }).parser_id}.`);
    });
    try {
      const res = await fetch(`${server.url}/rpc/samples/${'x'.repeat(5000)}`, { headers: { 'x-api-key': KEY } });
      expect(res.status).toBe(404);
      expect(await errorOf(res)).toMatchObject({ code: 'RESOURCE_NOT_FOUND', message: `No parser with id ${'x'.repeat(40)}….` });
      const file = await fetch(`${server.url}/rpc/files/${'e'.repeat(5000)}/${'d'.repeat(300)}`, { headers: { 'x-api-key': KEY } });
      expect(file.status).toBe(200);
      expect(server.rpc.calls.at(-1)).toEqual({ method: 'documents.file', args: { extraction_id: `${'e'.repeat(40)}…`, document_id: `${'d'.repeat(40)}…` } });
      const method = await server.post('x'.repeat(5000), {});
      expect(await errorOf(method)).toMatchObject({ code: 'RESOURCE_NOT_FOUND', message: `There is no RPC method "${'x'.repeat(40)}…".` });
    } finally {
      if (sample) server.rpc.answers.set('parsers.sample', sample);
    }
  });
});

describe('POST /rpc/upload', () => {
  it('answers 503 with the reason when the data folder cannot be written', async () => {
    const gone = await start({ uploadDir: path.join(server.uploadDir, 'removed', 'incoming') });
    try {
      const res = await gone.upload('%PDF-1.7 hello', { 'x-filename': 'a.pdf' });
      expect(res.status).toBe(503);
      expect((await errorOf(res)).message).toBe('The data folder cannot be written (ENOENT); check its permissions and free space.');
    } finally {
      await gone.close();
    }
  });

  it('spools the raw body and stages it under its decoded name and cleaned relative path', async () => {
    const res = await server.upload('%PDF-1.7 hello', {
      'x-filename': encodeURIComponent('Rechnung März.pdf'),
      'x-relative-path': encodeURIComponent('../scans/./2024\\Rechnung März.pdf'),
    });
    expect(res.status).toBe(200);
    const result = (await res.json()) as { files: Array<{ name: string; relative_path: string; size: number }> };
    expect(result.files[0]).toMatchObject({ name: 'Rechnung März.pdf', relative_path: 'scans/2024/Rechnung März.pdf', size: 14 });
    const seen = server.rpc.uploads.at(-1)!;
    expect(seen).toMatchObject({ filename: 'Rechnung März.pdf', relativePath: 'scans/2024/Rechnung März.pdf', content: '%PDF-1.7 hello' });
    expect(path.dirname(path.dirname(seen.tempPath))).toBe(server.uploadDir);
    expect(readdirSync(server.uploadDir)).toEqual([]);
  });

  it('hands the staging its content hash, made while spooling', async () => {
    const res = await server.upload('%PDF-1.7 hashed on its way', { 'x-filename': 'h.pdf' });
    expect(res.status).toBe(200);
    expect(server.rpc.uploads.at(-1)?.sha256).toBe(createHash('sha256').update('%PDF-1.7 hashed on its way').digest('hex'));
  });

  it('accepts any content type (a browser sends a File with its own) and a missing relative path', async () => {
    const res = await server.upload('plain', { 'content-type': 'application/pdf', 'x-filename': 'a%2Fb.pdf' });
    expect(res.status).toBe(200);
    expect(server.rpc.uploads.at(-1)).toMatchObject({ filename: 'b.pdf', relativePath: 'b.pdf', content: 'plain' });
  });

  it('needs X-Filename, URI-encoded', async () => {
    const missing = await server.upload('x', {});
    expect(missing.status).toBe(400);
    expect((await errorOf(missing)).message).toContain('x-filename');
    const malformed = await server.upload('x', { 'x-filename': '%E0%A4%A' });
    expect(malformed.status).toBe(400);
    expect(readdirSync(server.uploadDir)).toEqual([]);
  });

  it('needs the key, and reads nothing without it', async () => {
    const res = await fetch(`${server.url}/rpc/upload`, { method: 'POST', headers: { 'x-filename': 'a.pdf' }, body: 'x' });
    expect(res.status).toBe(401);
    expect(readdirSync(server.uploadDir)).toEqual([]);
  });

  it('removes the spooled file when staging fails', async () => {
    server.rpc.failNextUpload = new ApiError('INVALID_PAYLOAD', 'file: cannot stage.');
    const res = await server.upload('%PDF', { 'x-filename': 'a.pdf' });
    expect(res.status).toBe(400);
    expect(readdirSync(server.uploadDir)).toEqual([]);
  });

  describe('with a small upload limit', () => {
    let small: RpcTestServer;
    beforeAll(async () => {
      small = await start({ maxUploadBytes: 1000 });
    });
    afterAll(async () => {
      await small.close();
    });

    it('answers 413 with a sentence when Content-Length is over the limit, leaving nothing on disk', async () => {
      const res = await small.upload('x'.repeat(5000), { 'x-filename': 'big.pdf' });
      expect(res.status).toBe(413);
      expect(await errorOf(res)).toMatchObject({ code: 'INVALID_PAYLOAD', message: '"big.pdf" is larger than the upload limit of 1000 bytes.' });
      expect(readdirSync(small.uploadDir)).toEqual([]);
      expect(small.rpc.uploads).toEqual([]);
    });

    it('answers 413 when a streamed body (no Content-Length) passes the limit', async () => {
      const chunk = new TextEncoder().encode('y'.repeat(400));
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < 10) controller.enqueue(chunk);
          else controller.close();
        },
      });
      const res = await small.upload(body, { 'x-filename': 'stream.pdf' });
      expect(res.status).toBe(413);
      expect((await errorOf(res)).message).toContain('"stream.pdf" is larger than the upload limit');
      expect(readdirSync(small.uploadDir)).toEqual([]);
    });

    it('still takes a file at the limit', async () => {
      const res = await small.upload('z'.repeat(1000), { 'x-filename': 'exact.pdf' });
      expect(res.status).toBe(200);
    });
  });
});

describe('key getter and rate limits', () => {
  it('reads the key per request, so a rotated key works at once and the old one stops', async () => {
    let key = 'pp_local_first';
    const rotating = await start({ apiKey: () => key });
    try {
      const call = (k: string) => fetch(`${rotating.url}/rpc/settings.get`, { method: 'POST', headers: { 'x-api-key': k } });
      expect((await call('pp_local_first')).status).toBe(200);
      key = 'pp_local_second';
      expect((await call('pp_local_first')).status).toBe(401);
      expect((await call('pp_local_second')).status).toBe(200);
      expect((await fetch(`${rotating.url}/v1/me`, { headers: { 'x-api-key': 'pp_local_second' } })).status).toBe(200);
    } finally {
      await rotating.close();
    }
  });

  it('does not rate limit keyed /rpc calls, but still limits /v1 and keyless /rpc requests', async () => {
    const limited = await start({ rateLimits: { perMinute: 2, extractionsPerMinute: 1 } });
    try {
      for (let i = 0; i < 5; i++) expect((await limited.post('settings.get')).status).toBe(200);
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await fetch(`${limited.url}/v1/me`, { headers: { 'x-api-key': KEY } })).status);
      expect(statuses).toEqual([200, 200, 429]);
      const keyless = [];
      for (let i = 0; i < 3; i++) keyless.push((await fetch(`${limited.url}/rpc/settings.get`, { method: 'POST' })).status);
      expect(keyless).toEqual([401, 401, 429]);
    } finally {
      await limited.close();
    }
  });

  it('has no /rpc routes without an RpcService', async () => {
    const plain = await startServer(createFakeServices(), { host: '127.0.0.1', port: 0, apiKey: KEY });
    try {
      const res = await fetch(`${plain.url}/rpc/settings.get`, { method: 'POST', headers: { 'x-api-key': KEY } });
      expect(res.status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
