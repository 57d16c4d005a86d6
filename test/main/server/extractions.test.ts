// POST /v1/extractions over real HTTP: multipart uploads spooled to temp files (and cleaned up
// when the service refuses them), the file-count and size limits, local paths, idempotent
// replays; and the read routes of a job.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../src/shared/api/errors.js';
import { errorOf, startTestServer, type TestServer } from './harness.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ maxUploadBytes: 64 * 1024, rateLimits: false });
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  server.services.calls.createExtraction.length = 0;
});

function form(parserId: string | undefined, files: Array<[string, string]>): FormData {
  const data = new FormData();
  if (parserId !== undefined) data.append('parser_id', parserId);
  for (const [name, content] of files) data.append('files', new Blob([content], { type: 'application/pdf' }), name);
  return data;
}

function postForm(data: FormData, headers: Record<string, string> = {}): Promise<Response> {
  return server.api('/v1/extractions', { method: 'POST', body: data, headers });
}

interface ExtractionBody {
  extraction: { extraction_id: string; status: string; file_count: number; documents: Array<{ document_id: string; filename: string }> };
}

describe('POST /v1/extractions (multipart)', () => {
  it('spools several files to temp files whose contents match, and answers 202 {extraction}', async () => {
    const res = await postForm(
      form('prs_invoice', [
        ['a.pdf', 'first file'],
        ['b.pdf', 'second file, longer'],
        ['../../etc/c.pdf', 'x'.repeat(50_000)],
      ]),
    );
    expect(res.status).toBe(202);
    const body = (await res.json()) as ExtractionBody;
    expect(body.extraction.status).toBe('queued');
    expect(body.extraction.file_count).toBe(3);
    expect(body.extraction.documents.map((d) => d.filename)).toEqual(['a.pdf', 'b.pdf', 'c.pdf']);

    const call = server.services.calls.createExtraction[0];
    expect(call?.parser_id).toBe('prs_invoice');
    expect(call?.files.map((f) => [f.kind, f.filename, f.mime, f.content.length])).toEqual([
      ['upload', 'a.pdf', 'application/pdf', 10],
      ['upload', 'b.pdf', 'application/pdf', 19],
      ['upload', 'c.pdf', 'application/pdf', 50_000],
    ]);
    expect(call?.files[1]?.content).toBe('second file, longer');
    for (const f of call?.files ?? []) {
      expect(path.dirname(path.dirname(f.path))).toBe(server.uploadDir);
      expect(path.basename(path.dirname(f.path))).toMatch(/^perfectparser-upload-/);
    }
    // The fake took the files over (deleted them), so the emptied request folder is gone too.
    expect(server.uploadFolders()).toEqual([]);
  });

  it('accepts parser_id after the files', async () => {
    const data = new FormData();
    data.append('files', new Blob(['late']), 'late.pdf');
    data.append('parser_id', 'prs_invoice');
    expect((await postForm(data)).status).toBe(202);
  });

  it('removes the temp folder when the service throws', async () => {
    server.services.failNextCreate = new ApiError('INSUFFICIENT_CREDITS', 'No credits left.');
    const res = await postForm(form('prs_invoice', [['a.pdf', 'one'], ['b.pdf', 'two']]));
    expect(res.status).toBe(402);
    expect((await errorOf(res)).code).toBe('INSUFFICIENT_CREDITS');
    const call = server.services.calls.createExtraction[0];
    expect(call?.files).toHaveLength(2);
    for (const f of call?.files ?? []) expect(existsSync(path.dirname(f.path))).toBe(false);
    expect(server.uploadFolders()).toEqual([]);
  });

  it('removes the temp folder when the service hits an unexpected error', async () => {
    server.services.failNextCreate = new Error('disk full');
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const res = await postForm(form('prs_invoice', [['a.pdf', 'one']]));
      expect(res.status).toBe(500);
    } finally {
      spy.mockRestore();
    }
    expect(server.uploadFolders()).toEqual([]);
  });

  it('refuses 51 files with INVALID_PAYLOAD and keeps nothing', async () => {
    const files = Array.from({ length: 51 }, (_, i): [string, string] => [`f${i}.pdf`, `file ${i}`]);
    const res = await postForm(form('prs_invoice', files));
    expect(res.status).toBe(400);
    const err = await errorOf(res);
    expect(err.code).toBe('INVALID_PAYLOAD');
    expect(err.message).toBe('files: at most 50 files per request.');
    expect(server.services.calls.createExtraction).toHaveLength(0);
    expect(server.uploadFolders()).toEqual([]);
  });

  it('accepts exactly 50 files', async () => {
    const files = Array.from({ length: 50 }, (_, i): [string, string] => [`f${i}.pdf`, `file ${i}`]);
    const res = await postForm(form('prs_invoice', files));
    expect(res.status).toBe(202);
    expect(server.services.calls.createExtraction[0]?.files[49]?.content).toBe('file 49');
  });

  it('refuses a form without files', async () => {
    const res = await postForm(form('prs_invoice', []));
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ code: 'INVALID_PAYLOAD', message: 'files: send at least one file.' });
  });

  it('refuses a form without parser_id, naming it, and removes the files', async () => {
    const res = await postForm(form(undefined, [['a.pdf', 'one']]));
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toMatch(/^parser_id: /);
    expect(server.uploadFolders()).toEqual([]);
  });

  it('refuses a file over the size limit, naming the file', async () => {
    const res = await postForm(form('prs_invoice', [['small.pdf', 'ok'], ['big.pdf', 'x'.repeat(64 * 1024 + 1)]]));
    expect(res.status).toBe(400);
    const err = await errorOf(res);
    expect(err.message).toBe('files.1: "big.pdf" is larger than the upload limit of 64 KB.');
    expect(server.services.calls.createExtraction).toHaveLength(0);
    expect(server.uploadFolders()).toEqual([]);
  });

  it('answers a truncated multipart body with INVALID_PAYLOAD, not a 500', async () => {
    const body =
      '--XX\r\nContent-Disposition: form-data; name="parser_id"\r\n\r\nprs_invoice\r\n' +
      '--XX\r\nContent-Disposition: form-data; name="files"; filename="a.pdf"\r\n\r\nabc';
    const res = await server.api('/v1/extractions', { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=XX' }, body });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toBe('body: malformed multipart data (Unexpected end of multipart data).');
    expect(server.uploadFolders()).toEqual([]);
  });

  it('refuses files under another field name', async () => {
    const data = new FormData();
    data.append('parser_id', 'prs_invoice');
    data.append('upload', new Blob(['x']), 'x.pdf');
    const res = await postForm(data);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toBe('upload: unexpected file; send files as "files".');
  });

  it('replays an Idempotency-Key with Idempotent-Replayed: true and the same job', async () => {
    const first = await postForm(form('prs_invoice', [['a.pdf', 'one']]), { 'idempotency-key': 'job-42' });
    const second = await postForm(form('prs_invoice', [['a.pdf', 'one']]), { 'idempotency-key': 'job-42' });
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const a = (await first.json()) as ExtractionBody;
    const b = (await second.json()) as ExtractionBody;
    expect(b.extraction.extraction_id).toBe(a.extraction.extraction_id);
    expect(server.services.calls.createExtraction.map((c) => c.idempotencyKey)).toEqual(['job-42', 'job-42']);
  });

  it('refuses an Idempotency-Key that is too long or not printable ASCII', async () => {
    const long = await postForm(form('prs_invoice', [['a.pdf', 'one']]), { 'idempotency-key': 'k'.repeat(256) });
    expect(long.status).toBe(400);
    expect((await errorOf(long)).message).toMatch(/^Idempotency-Key: /);
    const accented = await server.api('/v1/extractions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'caf\u00e9' },
      body: JSON.stringify({ parser_id: 'prs_invoice', paths: [import.meta.filename] }),
    });
    expect(accented.status).toBe(400);
    expect((await errorOf(accented)).message).toBe('Idempotency-Key: use printable ASCII characters only');
    expect(server.services.calls.createExtraction).toHaveLength(0);
  });
});

describe('POST /v1/extractions (JSON local paths)', () => {
  it('passes the paths as local files', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pp-local-'));
    const file = path.join(dir, 'invoice.pdf');
    writeFileSync(file, 'on disk');
    const res = await server.api('/v1/extractions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ parser_id: 'prs_invoice', paths: [file] }),
    });
    expect(res.status).toBe(202);
    const call = server.services.calls.createExtraction[0];
    expect(call?.files).toEqual([{ kind: 'local', filename: 'invoice.pdf', path: file, mime: undefined, content: 'on disk' }]);
    expect(existsSync(file)).toBe(true);
  });

  it('validates the JSON body, naming the field', async () => {
    const res = await server.api('/v1/extractions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ parser_id: 'prs_invoice', paths: [] }),
    });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toMatch(/^paths: Too small/);
  });
});

describe('reading jobs', () => {
  it('lists, gets, returns results and documents, and cancels', async () => {
    const created = (await (await postForm(form('prs_invoice', [['a.pdf', 'one'], ['b.pdf', 'two']]))).json()) as ExtractionBody;
    const id = created.extraction.extraction_id;
    const docId = created.extraction.documents[1]?.document_id ?? '';

    const list = (await (await server.api('/v1/extractions?limit=1')).json()) as {
      extractions: Array<{ extraction_id: string; documents?: unknown }>;
      pagination: { limit: number; has_next_page: boolean; next_cursor: string | null };
    };
    expect(list.extractions).toHaveLength(1);
    expect(list.extractions[0]?.documents).toBeUndefined();
    expect(list.pagination.limit).toBe(1);
    expect(list.pagination.has_next_page).toBe(true);

    const got = (await (await server.api(`/v1/extractions/${id}`)).json()) as ExtractionBody;
    expect(got.extraction.extraction_id).toBe(id);

    const results = (await (await server.api(`/v1/extractions/${id}/results`)).json()) as {
      extraction: { documents: Array<{ extracted_data: unknown }> };
    };
    expect(results.extraction.documents[0]?.extracted_data).toEqual({ total: 42 });

    const doc = (await (await server.api(`/v1/extractions/${id}/documents/${docId}`)).json()) as {
      document: { document_id: string; parser_name: string };
    };
    expect(doc.document).toMatchObject({ document_id: docId, parser_name: 'Invoices' });

    const missingDoc = await server.api(`/v1/extractions/${id}/documents/doc_nope`);
    expect(missingDoc.status).toBe(404);
    expect((await errorOf(missingDoc)).code).toBe('RESOURCE_NOT_FOUND');

    const cancelled = await server.api(`/v1/extractions/${id}/cancel`, { method: 'POST' });
    expect(cancelled.status).toBe(200);
    expect(((await cancelled.json()) as ExtractionBody).extraction.status).toBe('failed');
  });

  it('rejects a bad since filter', async () => {
    const res = await server.api('/v1/extractions?since=yesterday');
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toMatch(/^since: /);
  });
});
