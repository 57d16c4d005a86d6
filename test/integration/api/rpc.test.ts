// Browser mode over the whole stack: the real RpcService (createRpcService) behind the real
// server, SQLite and engine workers. A PDF goes up through /rpc/upload, becomes a parse-only
// job through /rpc/jobs.create, finishes, and its file comes back from GET /rpc/files; key
// rotation through /rpc takes effect on the running server at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../src/main/server/app.js';
import { createRpcService } from '../../../src/main/services/rpc/index.js';
import type { RpcHost } from '../../../src/main/services/rpc/types.js';
import type { JobDetail, Settings, StageResult } from '../../../src/shared/rpc-contract.js';
import { expectError, expectJson, invoicePdf, openHarness, until, type ApiHarness } from './harness.js';

let h: ApiHarness;
let server: RunningServer;
let key: string;
const keyChanges: string[] = [];

beforeAll(async () => {
  h = await openHarness('rpc');
  key = h.apiKey;
  const host: RpcHost = {
    mode: 'browser',
    api: {
      status: () => ({ enabled: true, url: server?.url ?? null }),
      keyChanged: (next) => {
        keyChanges.push(next);
        key = next;
      },
    },
  };
  server = await h.startExtraServer({ apiKey: () => key, rpc: createRpcService(h.app, host) });
});
afterAll(async () => {
  await h?.close();
});

function rpc(method: string, body?: unknown, withKey = key): Promise<Response> {
  return fetch(`${server.url}/rpc/${method}`, {
    method: 'POST',
    headers: { 'x-api-key': withKey, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

function upload(bytes: Uint8Array, filename: string, relativePath = filename): Promise<Response> {
  return fetch(`${server.url}/rpc/upload`, {
    method: 'POST',
    headers: {
      'x-api-key': key,
      'content-type': 'application/octet-stream',
      'x-filename': encodeURIComponent(filename),
      'x-relative-path': encodeURIComponent(relativePath),
    },
    body: bytes,
  });
}

describe('/rpc with the real services', () => {
  it('answers settings.get as browser mode', async () => {
    const settings = await expectJson<Settings>(await rpc('settings.get'), 200);
    expect(settings.mode).toBe('browser');
    expect(settings.api).toMatchObject({ enabled: true, url: server.url, key, can_toggle: false });
  });

  it('uploads a PDF, runs a parse-only job over it and serves its file back', async () => {
    const pdf = invoicePdf(7);
    const staged = await expectJson<StageResult>(await upload(pdf, 'Rechnung 7.pdf', 'März/Rechnung 7.pdf'), 200);
    expect(staged.skipped).toEqual([]);
    expect(staged.files).toHaveLength(1);
    const file = staged.files[0]!;
    expect(file).toMatchObject({ name: 'Rechnung 7.pdf', relative_path: 'März/Rechnung 7.pdf', size: pdf.length, file_type: 'pdf' });
    expect(file.ref.kind).toBe('upload');

    const job = await expectJson<{ extraction_id: string }>(await rpc('jobs.create', { parser_id: null, files: [file.ref] }), 200);
    const done = await until(
      'the job to finish',
      async () => {
        const detail = await expectJson<JobDetail>(await rpc('jobs.get', { extraction_id: job.extraction_id }), 200);
        return ['completed', 'failed', 'partial'].includes(detail.status) ? detail : undefined;
      },
      60_000,
    );
    expect(done.status).toBe('completed');
    const doc = done.documents[0]!;
    const res = await fetch(`${server.url}/rpc/files/${done.extraction_id}/${doc.document_id}`, { headers: { 'x-api-key': key } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(pdf);
    expect(decodeURIComponent(res.headers.get('x-filename')!)).toBe('Rechnung 7.pdf');
  });

  it('reports an unsupported upload as skipped', async () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0, 0, 0, 0]);
    const staged = await expectJson<StageResult>(await upload(zip, 'report.docx'), 200);
    expect(staged.files).toEqual([]);
    expect(staged.skipped).toHaveLength(1);
    expect(staged.skipped[0]!.name).toBe('report.docx');
    expect(staged.skipped[0]!.reason.length).toBeGreaterThan(0);
  });

  it('answers 204 for a parser without a sample, and 404 for a missing job', async () => {
    const parser = await expectJson<{ parser_id: string }>(await rpc('parsers.create', { name: 'RPC sample test' }), 200);
    const sample = await fetch(`${server.url}/rpc/samples/${parser.parser_id}`, { headers: { 'x-api-key': key } });
    expect(sample.status).toBe(204);
    await expectError(await rpc('jobs.get', { extraction_id: 'ext_missing' }), 404, 'RESOURCE_NOT_FOUND');
  });

  it('rotates the key: the running server takes the new one and refuses the old one at once', async () => {
    const old = key;
    const settings = await expectJson<Settings>(await rpc('settings.rotateApiKey'), 200);
    expect(keyChanges).toEqual([settings.api.key]);
    expect(settings.api.key).not.toBe(old);
    await expectError(await rpc('settings.get', undefined, old), 401, 'UNAUTHORIZED');
    expect((await rpc('settings.get', undefined, settings.api.key)).status).toBe(200);
  });
});
