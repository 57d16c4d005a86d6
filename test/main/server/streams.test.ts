// Streaming answers over real HTTP: exports as attachments, /parse in both forms, and the
// server-sent event stream.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/shared/api/errors.js';
import { errorOf, startTestServer, type TestServer } from './harness.js';

let server: TestServer;
let extractionId: string;
let documentId: string;
beforeAll(async () => {
  server = await startTestServer({ rateLimits: false, sseHeartbeatMs: 50 });
  const data = new FormData();
  data.append('parser_id', 'prs_invoice');
  data.append('files', new Blob(['one']), 'a.pdf');
  data.append('files', new Blob(['two']), 'b.pdf');
  const res = await server.api('/v1/extractions', { method: 'POST', body: data });
  const body = (await res.json()) as { extraction: { extraction_id: string; documents: Array<{ document_id: string }> } };
  extractionId = body.extraction.extraction_id;
  documentId = body.extraction.documents[0]?.document_id ?? '';
});
afterAll(async () => {
  await server.close();
});

describe('exports', () => {
  it('streams a job export as an attachment with the service’s content type', async () => {
    const res = await server.api(`/v1/extractions/${extractionId}/export?format=csv&line_items=json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="${extractionId} r_sum_.csv"; filename*=UTF-8''${extractionId}%20r%C3%A9sum%C3%A9.csv`,
    );
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    expect(await res.text()).toBe(`document_id,total\ndoc_${extractionId}_0,json\ndoc_${extractionId}_1,json\n`);
  });

  it('ends the stream itself when the service does not, for a document export', async () => {
    const res = await server.api(`/v1/extractions/${extractionId}/documents/${documentId}/export`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${documentId}.json"`);
    expect(await res.json()).toEqual({ document_id: documentId });
  });

  it('answers with the envelope when the service fails before writing', async () => {
    server.services.failNextExport = new ApiError('SERVICE_UNAVAILABLE', 'Exports are paused.');
    const res = await server.api(`/v1/extractions/${extractionId}/export?format=csv`);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-disposition')).toBeNull();
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await errorOf(res)).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: 'Exports are paused.', retryable: true });
  });

  it('cuts the connection when the service fails after the first bytes', async () => {
    server.services.failNextExportMidway = new Error('export broke');
    const res = await server.api(`/v1/extractions/${extractionId}/export?format=csv`);
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    // The server is still fine afterwards.
    expect((await server.api('/v1/me')).status).toBe(200);
  });

  it('answers 404 for an unknown job and 400 for an unknown format', async () => {
    expect((await server.api('/v1/extractions/ext_nope/export')).status).toBe(404);
    const bad = await server.api(`/v1/extractions/${extractionId}/export?format=pdf`);
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).message).toMatch(/^format: Invalid option/);
  });
});

describe('POST /parse', () => {
  it('parses an uploaded file with a JSON config part and returns the run bytes', async () => {
    const data = new FormData();
    data.append('file', new Blob(['Hello page'], { type: 'application/pdf' }), 'hello.pdf');
    data.append('config', JSON.stringify({ target: 'spatial' }));
    const res = await server.api('/parse', { method: 'POST', body: data });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const run = (await res.json()) as { object: string; status: string; chunks: Array<{ content: string }>; config: unknown };
    expect(run).toMatchObject({ object: 'parser_run', status: 'PROCESSED', config: { target: 'spatial' } });
    expect(run.chunks[0]?.content).toBe('Hello page');
    expect(server.services.calls.parse.at(-1)?.file).toMatchObject({ kind: 'upload', filename: 'hello.pdf', mime: 'application/pdf' });
    expect(server.uploadFolders()).toEqual([]);
  });

  it('parses a local path given as JSON', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pp-parse-'));
    const file = path.join(dir, 'doc.txt');
    writeFileSync(file, 'local words');
    const res = await server.api('/parse', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: file, config: { chunkingStrategy: { type: 'document' } } }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { chunks: Array<{ content: string }> }).chunks[0]?.content).toBe('local words');
    expect(server.services.calls.parse.at(-1)).toMatchObject({
      file: { kind: 'local', path: file },
      config: { chunkingStrategy: { type: 'document' } },
    });
  });

  it('answers a FAILED run with 200', async () => {
    const data = new FormData();
    data.append('file', new Blob(['not a document at all']), 'junk.bin');
    const res = await server.api('/parse', { method: 'POST', body: data });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'FAILED', failureReason: 'FILE_TYPE_NOT_SUPPORTED' });
  });

  it('refuses a form without a file, a config that is not JSON, and a JSON body without a path', async () => {
    const noFile = new FormData();
    noFile.append('config', '{}');
    const a = await server.api('/parse', { method: 'POST', body: noFile });
    expect(a.status).toBe(400);
    expect((await errorOf(a)).message).toBe('file: send the file to parse.');

    const badConfig = new FormData();
    badConfig.append('file', new Blob(['x']), 'x.pdf');
    badConfig.append('config', '{target:');
    const b = await server.api('/parse', { method: 'POST', body: badConfig });
    expect(b.status).toBe(400);
    expect((await errorOf(b)).message).toBe('config: not valid JSON.');
    expect(server.uploadFolders()).toEqual([]);

    const c = await server.api('/parse', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ config: {} }) });
    expect(c.status).toBe(400);
    expect((await errorOf(c)).message).toMatch(/^path: /);
  });
});

/** Reads the stream until `predicate` holds for what arrived so far. */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, predicate: (text: string) => boolean): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  while (!predicate(text)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  return text;
}

describe('POST /parse config options', () => {
  function form(config: string): FormData {
    const data = new FormData();
    data.append('file', new Blob(['%PDF-1.7']), 'x.pdf');
    data.append('config', config);
    return data;
  }

  it('refuses options the config does not have, naming each with its path and the option probably meant', async () => {
    const calls = server.services.calls.parse.length;
    const misspelt = await server.api('/parse', {
      method: 'POST',
      body: form(JSON.stringify({ chunkStrategy: { type: 'document' }, advancedOptions: { pagerange: [{ start: 1, end: 1 }] } })),
    });
    expect(misspelt.status).toBe(400);
    expect(await errorOf(misspelt)).toMatchObject({
      code: 'INVALID_PAYLOAD',
      message: 'config.chunkStrategy: unknown option; did you mean chunkingStrategy?; config.advancedOptions.pagerange: unknown option; did you mean pageRanges?',
    });

    const bogus = await server.api('/parse', { method: 'POST', body: form('{"bogus":1,"blockOptions":{"tables":{"enabeld":false}}}') });
    expect((await errorOf(bogus)).message).toBe('config.bogus: unknown option; config.blockOptions.tables.enabeld: unknown option; did you mean enabled?');

    // An option given at the wrong level is pointed to where it belongs; keys inside a list's
    // items are checked too, and so is a "__proto__" key.
    const misplaced = await server.api('/parse', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: import.meta.filename, config: { pageRanges: [{ start: 1, end: 2 }] } }),
    });
    expect(misplaced.status).toBe(400);
    expect((await errorOf(misplaced)).message).toBe('config.pageRanges: unknown option; did you mean config.advancedOptions.pageRanges?');
    const inList = await server.api('/parse', { method: 'POST', body: form('{"advancedOptions":{"pageRanges":[{"start":1,"end":2,"last":3}]}}') });
    expect((await errorOf(inList)).message).toBe('config.advancedOptions.pageRanges.0.last: unknown option');
    const proto = await server.api('/parse', { method: 'POST', body: form('{"__proto__":{"target":"spatial"}}') });
    expect((await errorOf(proto)).message).toBe('config.__proto__: unknown option');

    expect(server.services.calls.parse.length).toBe(calls);
    expect(server.uploadFolders()).toEqual([]);
  });

  it('passes known options through whatever their values (the engine checks those)', async () => {
    const config = { target: 'spatial', chunkingStrategy: { type: 'section' }, blockOptions: { figures: { figureImageClippingEnabled: 'yes' } }, advancedOptions: 'none' };
    const res = await server.api('/parse', { method: 'POST', body: form(JSON.stringify(config)) });
    expect(res.status).toBe(200);
    expect(server.services.calls.parse.at(-1)?.config).toEqual(config);
  });
});

describe('GET /v1/events', () => {
  it('streams job events and heartbeats, and unsubscribes when the client leaves', async () => {
    const controller = new AbortController();
    const res = await server.api('/v1/events', { signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await readUntil(reader, (t) => t.includes(': connected'));
    expect(server.services.subscriptions()).toBe(1);

    server.services.emit({ type: 'extraction.status', extraction_id: 'ext_1', status: 'completed' });
    const text = await readUntil(reader, (t) => t.includes('\n\n', t.indexOf('event: ')) && t.includes(': heartbeat'));
    expect(text).toContain('event: extraction.status\ndata: {"type":"extraction.status","extraction_id":"ext_1","status":"completed"}\n\n');
    expect(text).toContain(': heartbeat\n\n');

    controller.abort();
    await expect.poll(() => server.services.subscriptions()).toBe(0);
  });

  it('needs the API key', async () => {
    const res = await fetch(`${server.url}/v1/events`);
    expect(res.status).toBe(401);
  });

  it('closes promptly after a client aborted a stream (spare client connections do not hold it)', async () => {
    const other = await startTestServer();
    const controller = new AbortController();
    const res = await other.api('/v1/events', { signal: controller.signal });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await readUntil(reader, (t) => t.includes(': connected'));
    controller.abort();
    await expect.poll(() => other.services.subscriptions()).toBe(0);
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('ends open streams when the server closes', async () => {
    const other = await startTestServer();
    const res = await other.api('/v1/events');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await readUntil(reader, (t) => t.includes(': connected'));
    await other.close();
    expect(other.services.subscriptions()).toBe(0);
    const rest = await reader.read();
    expect(rest.done).toBe(true);
  });
});
