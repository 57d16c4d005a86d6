// Uploads spooled into a data folder that cannot be written (removed while the app runs, or a
// full disk) are refused with 503 and a sentence saying why, not a 500 "Something went wrong".
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diskError } from '../../../src/main/services/intake.js';
import { isDiskError } from '../../../src/main/server/multipart.js';
import { errorOf, startTestServer, type TestServer } from './harness.js';

let server: TestServer;
let gone: string;
beforeAll(async () => {
  gone = path.join(mkdtempSync(path.join(tmpdir(), 'pp-spool-gone-')), 'incoming');
  server = await startTestServer({ uploadDir: gone, rateLimits: false });
});
afterAll(async () => {
  await server.close();
  await rm(path.dirname(gone), { recursive: true, force: true });
});

describe('spooling into a data folder that cannot be written', () => {
  it('answers a multipart upload with 503 and the reason', async () => {
    const data = new FormData();
    data.append('parser_id', 'prs_invoice');
    data.append('files', new Blob(['%PDF-1.7'], { type: 'application/pdf' }), 'a.pdf');
    const res = await server.api('/v1/extractions', { method: 'POST', body: data });
    expect(res.status).toBe(503);
    const err = await errorOf(res);
    expect(err.code).toBe('SERVICE_UNAVAILABLE');
    expect(err.message).toBe('The data folder cannot be written (ENOENT); check its permissions and free space.');
    expect(server.services.calls.createExtraction).toHaveLength(0);
  });

  it('tells a file-system error from others, and a full disk by name', () => {
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write', path: '/data/incoming/x/000.pdf' });
    expect(isDiskError(full)).toBe(true);
    expect(diskError(full).message).toBe('The disk holding the data folder is full; free some space and send the files again.');
    expect(isDiskError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', syscall: 'read' }))).toBe(false);
    expect(isDiskError('nope')).toBe(false);
  });
});
