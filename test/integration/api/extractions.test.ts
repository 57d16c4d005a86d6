// Extraction jobs end to end: uploads and local paths queued (202), processed by the engine
// workers, read back (status, results, one document), listed with filters and cursor
// pagination, cancelled, and replayed with an Idempotency-Key.
import { createHash } from 'node:crypto';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentDetail, Extraction, ExtractionCore } from '../../../src/shared/api/extractions.js';
import type { Parser } from '../../../src/shared/api/parsers.js';
import {
  corpusFile,
  corpusDir,
  createParser,
  expectError,
  expectedInvoiceData,
  expectJson,
  extractionForm,
  getResults,
  INVOICE_FIELDS,
  invoicePdf,
  openHarness,
  postExtraction,
  sleep,
  submitUpload,
  waitForExtraction,
  type ApiHarness,
} from './harness.js';

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

interface ListBody {
  extractions: ExtractionCore[];
  pagination: { limit: number; has_next_page: boolean; next_cursor: string | null };
}

let h: ApiHarness;
let parser: Parser;
beforeAll(async () => {
  h = await openHarness('extractions');
  parser = await createParser(h, { name: 'Invoices', fields: INVOICE_FIELDS });
});
afterAll(async () => {
  await h?.close();
});

async function list(query: string): Promise<ListBody> {
  return expectJson<ListBody>(await h.api(`/v1/extractions?${query}`), 200);
}

describe('an uploaded batch', () => {
  const files: Array<[string, Uint8Array]> = [
    ['inv-1.pdf', invoicePdf(1)],
    ['inv-2.pdf', invoicePdf(2, 2)],
    ['inv-3.pdf', invoicePdf(3)],
  ];
  let queued: Extraction;

  it('is queued (202) with its documents and page counts', async () => {
    queued = await submitUpload(h, parser.parser_id, files);
    expect(queued).toMatchObject({
      extraction_id: expect.stringMatching(/^ext_/),
      parser_id: parser.parser_id,
      status: 'queued',
      file_count: 3,
      page_count: 5,
      credits_used: 0,
      credits_remaining: null,
      // Documents not finished (queued ones too) count as processing: the buckets add up.
      document_summary: { total: 3, completed: 0, failed: 0, processing: 3 },
      completed_at: null,
      created_at: expect.stringMatching(ISO_MS),
    });
    expect(queued.documents).toEqual([
      { document_id: expect.stringMatching(/^doc_/), filename: 'inv-1.pdf', page_count: 1, credits_used: 0, status: 'queued', error_message: null },
      { document_id: expect.stringMatching(/^doc_/), filename: 'inv-2.pdf', page_count: 3, credits_used: 0, status: 'queued', error_message: null },
      { document_id: expect.stringMatching(/^doc_/), filename: 'inv-3.pdf', page_count: 1, credits_used: 0, status: 'queued', error_message: null },
    ]);
    expect(new Set(queued.documents.map((d) => d.document_id)).size).toBe(3);
  });

  it('completes; GET /:id shows statuses, counts and credits but no data', async () => {
    const done = await waitForExtraction(h, queued.extraction_id);
    expect(done).toMatchObject({
      status: 'completed',
      file_count: 3,
      page_count: 5,
      credits_used: 5,
      document_summary: { total: 3, completed: 3, failed: 0, processing: 0 },
      completed_at: expect.stringMatching(ISO_MS),
    });
    expect(Date.parse(done.completed_at!)).toBeGreaterThanOrEqual(Date.parse(done.created_at));
    expect(done.documents.map((d) => [d.filename, d.status, d.credits_used])).toEqual([
      ['inv-1.pdf', 'completed', 1],
      ['inv-2.pdf', 'completed', 3],
      ['inv-3.pdf', 'completed', 1],
    ]);
    for (const d of done.documents) expect(d).not.toHaveProperty('extracted_data');
  });

  it('GET /:id/results carries each document’s extracted data, confidence and processing time', async () => {
    const results = await getResults(h, queued.extraction_id);
    expect(results.status).toBe('completed');
    expect(results.documents.map((d) => d.extracted_data)).toEqual([expectedInvoiceData(1), expectedInvoiceData(2), expectedInvoiceData(3)]);
    for (const d of results.documents) {
      expect(d.confidence).toBeGreaterThan(0);
      expect(d.confidence).toBeLessThanOrEqual(1);
      expect(Number.isInteger(d.processing_time_ms)).toBe(true);
      expect(d.processing_time_ms).toBeGreaterThanOrEqual(0);
      expect(d.completed_at).toMatch(ISO_MS);
      expect(d.error_message).toBeNull();
    }
  });

  it('GET /:id/documents/:doc_id describes one document and its file', async () => {
    const doc0 = queued.documents[1]!;
    const res = await h.api(`/v1/extractions/${queued.extraction_id}/documents/${doc0.document_id}`);
    const { document } = await expectJson<{ document: DocumentDetail }>(res, 200);
    const bytes = files[1]![1];
    expect(document).toMatchObject({
      document_id: doc0.document_id,
      extraction_id: queued.extraction_id,
      parser_id: parser.parser_id,
      parser_name: 'Invoices',
      filename: 'inv-2.pdf',
      file_type: 'application/pdf',
      file_size: bytes.length,
      content_hash: createHash('sha256').update(bytes).digest('hex'),
      page_count: 3,
      status: 'completed',
      attempts: 1,
      extracted_data: expectedInvoiceData(2),
    });
    // A document of another job, or an unknown one, is not found.
    await expectError(await h.api(`/v1/extractions/${queued.extraction_id}/documents/doc_missing`), 404, 'RESOURCE_NOT_FOUND');
    await expectError(await h.api(`/v1/extractions/ext_missing/documents/${doc0.document_id}`), 404, 'RESOURCE_NOT_FOUND');
    await expectError(await h.api('/v1/extractions/ext_missing'), 404, 'RESOURCE_NOT_FOUND');
    await expectError(await h.api('/v1/extractions/ext_missing/results'), 404, 'RESOURCE_NOT_FOUND');
  });
});

describe('local paths', () => {
  it('queues files on this machine by path (JSON) and reads them in place', async () => {
    const a = path.join(h.root, 'local-a.pdf');
    const b = path.join(h.root, 'local-b.pdf');
    await writeFile(a, invoicePdf(41));
    await writeFile(b, invoicePdf(42));
    const res = await h.api('/v1/extractions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ parser_id: parser.parser_id, paths: [a, b] }),
    });
    const { extraction } = await expectJson<{ extraction: Extraction }>(res, 202);
    expect(extraction.status).toBe('queued');
    expect(extraction.documents.map((d) => [d.filename, d.page_count])).toEqual([
      ['local-a.pdf', 1],
      ['local-b.pdf', 1],
    ]);
    expect((await waitForExtraction(h, extraction.extraction_id)).status).toBe('completed');
    const results = await getResults(h, extraction.extraction_id);
    expect(results.documents.map((d) => d.extracted_data)).toEqual([expectedInvoiceData(41), expectedInvoiceData(42)]);
  });

  it('extracts a corpus invoice', async () => {
    const file = path.join(corpusDir, 'fields', 'QualityHosting.pdf');
    const bytes = await corpusFile('fields/QualityHosting.pdf');
    const qh = await createParser(h, {
      name: 'QualityHosting invoices',
      fields: [
        { name: 'invoice_number', type: 'string' },
        { name: 'total', type: 'number' },
      ],
    });
    const res = await h.api('/v1/extractions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ parser_id: qh.parser_id, paths: [file] }),
    });
    const { extraction } = await expectJson<{ extraction: Extraction }>(res, 202);
    expect(extraction.page_count).toBeGreaterThanOrEqual(1);
    expect((await waitForExtraction(h, extraction.extraction_id)).status).toBe('completed');
    const docId = extraction.documents[0]!.document_id;
    const { document } = await expectJson<{ document: DocumentDetail }>(await h.api(`/v1/extractions/${extraction.extraction_id}/documents/${docId}`), 200);
    expect(document).toMatchObject({ filename: 'QualityHosting.pdf', file_type: 'application/pdf', file_size: bytes.length, parser_name: 'QualityHosting invoices' });
    expect(Object.keys(document.extracted_data as object).sort()).toEqual(['invoice_number', 'total']);
  });
});

describe('listing', () => {
  it('filters by parser_id, status and since', async () => {
    const other = await createParser(h, { name: 'Listing filters', fields: [{ name: 'total', type: 'number' }] });
    const first = await submitUpload(h, other.parser_id, [['f1.pdf', invoicePdf(51)]]);
    await waitForExtraction(h, first.extraction_id);
    await sleep(10);
    const second = await submitUpload(h, other.parser_id, [['f2.pdf', invoicePdf(52)]]);
    await waitForExtraction(h, second.extraction_id);

    const byParser = await list(`parser_id=${other.parser_id}`);
    expect(byParser.extractions.map((e) => e.extraction_id)).toEqual([second.extraction_id, first.extraction_id]);
    expect(byParser.pagination).toEqual({ limit: 50, has_next_page: false, next_cursor: null });
    expect(byParser.extractions[0]).toMatchObject({
      parser_id: other.parser_id,
      status: 'completed',
      document_summary: { total: 1, completed: 1, failed: 0, processing: 0 },
    });
    expect(byParser.extractions[0]).not.toHaveProperty('documents');

    const since = await list(`parser_id=${other.parser_id}&since=${encodeURIComponent(second.created_at)}`);
    expect(since.extractions.map((e) => e.extraction_id)).toEqual([second.extraction_id]);
    // The same instant written with an offset.
    const t = new Date(Date.parse(second.created_at) + 2 * 3600_000).toISOString().replace('Z', '+02:00');
    const withOffset = await list(`parser_id=${other.parser_id}&since=${encodeURIComponent(t)}`);
    expect(withOffset.extractions.map((e) => e.extraction_id)).toEqual([second.extraction_id]);
    const future = await list(`since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    expect(future.extractions).toEqual([]);

    const completed = await list(`parser_id=${other.parser_id}&status=completed`);
    expect(completed.extractions).toHaveLength(2);
    const failed = await list(`parser_id=${other.parser_id}&status=failed`);
    expect(failed.extractions).toEqual([]);
    const unknownParser = await list('parser_id=prs_nobody');
    expect(unknownParser.extractions).toEqual([]);
  });

  it('pages through jobs with a cursor: no duplicates, no gaps', async () => {
    const paged = await createParser(h, { name: 'Paged jobs', fields: [{ name: 'total', type: 'number' }] });
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await submitUpload(h, paged.parser_id, [[`p${i}.pdf`, invoicePdf(60 + i)]])).extraction_id);

    const pages: string[][] = [];
    const flags: boolean[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `parser_id=${paged.parser_id}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await list(query);
      expect(page.pagination.limit).toBe(2);
      pages.push(page.extractions.map((e) => e.extraction_id));
      flags.push(page.pagination.has_next_page);
      expect(page.pagination.next_cursor === null).toBe(!page.pagination.has_next_page);
      cursor = page.pagination.next_cursor;
    } while (cursor && pages.length < 10);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(flags).toEqual([true, true, false]);
    expect(pages.flat()).toEqual([...made].reverse());

    // A cursor the API did not make is refused, and so is one made for another list or filter.
    const bad = await expectError(await h.api('/v1/extractions?cursor=not-a-cursor'), 400, 'INVALID_PAYLOAD');
    expect(bad.message).toMatch(/^cursor:/);
    const second: string = (await list(`parser_id=${paged.parser_id}&limit=2`)).pagination.next_cursor!;
    for (let i = 0; i < 2; i++) await createParser(h, { name: `Cursor parser ${i}`, fields: [{ name: 'total', type: 'number' }] });
    const parsersPage = await expectJson<{ pagination: { next_cursor: string } }>(await h.api('/v1/parsers?limit=1'), 200);
    for (const query of [
      `cursor=${parsersPage.pagination.next_cursor}`,
      `cursor=${second}`,
      `parser_id=${parser.parser_id}&cursor=${second}`,
      `parser_id=${paged.parser_id}&status=completed&cursor=${second}`,
    ]) {
      const foreign = await expectError(await h.api(`/v1/extractions?${query}`), 400, 'INVALID_PAYLOAD');
      expect(foreign.message, query).toBe('cursor: not a cursor returned by this API');
    }
    // Its own list and filter take it, whatever the page size.
    expect((await list(`parser_id=${paged.parser_id}&limit=10&cursor=${second}`)).extractions).toHaveLength(3);
    for (const id of made) await waitForExtraction(h, id);
  });
});

describe('cancel', () => {
  it('stops a job: documents not yet processed fail as cancelled', async () => {
    const files: Array<[string, Uint8Array]> = Array.from({ length: 12 }, (_, i) => [`c${i}.pdf`, invoicePdf(70 + i, 4)]);
    const job = await submitUpload(h, parser.parser_id, files);
    const res = await h.api(`/v1/extractions/${job.extraction_id}/cancel`, { method: 'POST' });
    const { extraction: cancelled } = await expectJson<{ extraction: Extraction }>(res, 200);
    expect(cancelled.extraction_id).toBe(job.extraction_id);
    const done = await waitForExtraction(h, job.extraction_id);
    expect(['failed', 'partial']).toContain(done.status);
    const failedDocs = done.documents.filter((d) => d.status === 'failed');
    expect(failedDocs.length).toBeGreaterThan(0);
    for (const d of failedDocs) expect(d.error_message).toMatch(/cancel/i);
    expect(done.document_summary.completed + done.document_summary.failed).toBe(12);
    expect(done.document_summary.failed).toBe(failedDocs.length);
    // Credits are only counted for completed documents.
    const completedPages = done.documents.filter((d) => d.status === 'completed').reduce((n, d) => n + d.page_count, 0);
    expect(done.credits_used).toBe(completedPages);

    // Cancelling a finished job changes nothing; an unknown job is 404.
    const again = await expectJson<{ extraction: Extraction }>(await h.api(`/v1/extractions/${job.extraction_id}/cancel`, { method: 'POST' }), 200);
    expect(again.extraction.documents).toEqual(done.documents);
    expect(again.extraction.status).toBe(done.status);
    await expectError(await h.api('/v1/extractions/ext_missing/cancel', { method: 'POST' }), 404, 'RESOURCE_NOT_FOUND');
  });
});

describe('Idempotency-Key', () => {
  it('replays the original job for the same key, with Idempotent-Replayed: true, and creates one job only', async () => {
    const keyed = await createParser(h, { name: 'Idempotent', fields: [{ name: 'total', type: 'number' }] });
    const headers = { 'Idempotency-Key': 'order-2024-0001' };
    const first = await postExtraction(h, extractionForm(keyed.parser_id, [['once.pdf', invoicePdf(90)]]), headers);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const a = (await expectJson<{ extraction: Extraction }>(first, 202)).extraction;
    // The upload is hashed as it is received: the job knows its content without reading it again.
    const { document: uploaded } = await expectJson<{ document: DocumentDetail }>(await h.api(`/v1/extractions/${a.extraction_id}/documents/${a.documents[0]!.document_id}`), 200);
    expect(uploaded.content_hash).toBe(createHash('sha256').update(invoicePdf(90)).digest('hex'));

    const second = await postExtraction(h, extractionForm(keyed.parser_id, [['once.pdf', invoicePdf(90)]]), headers);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const b = (await expectJson<{ extraction: Extraction }>(second, 202)).extraction;
    expect(b.extraction_id).toBe(a.extraction_id);
    expect(b.documents.map((d) => d.document_id)).toEqual(a.documents.map((d) => d.document_id));

    // The JSON form with its own key replays too, when it repeats the same paths.
    const local = path.join(h.root, 'idem.pdf');
    await writeFile(local, invoicePdf(91));
    const byPath = (key: string, paths: string[]) =>
      h.api('/v1/extractions', {
        method: 'POST',
        headers: { 'Idempotency-Key': key, 'content-type': 'application/json' },
        body: JSON.stringify({ parser_id: keyed.parser_id, paths }),
      });
    const localJob = (await expectJson<{ extraction: Extraction }>(await byPath('order-2024-0001-local', [local]), 202)).extraction;
    const third = await byPath('order-2024-0001-local', [path.join(h.root, '.', 'idem.pdf')]);
    expect(third.headers.get('idempotent-replayed')).toBe('true');
    expect((await expectJson<{ extraction: Extraction }>(third, 202)).extraction.extraction_id).toBe(localJob.extraction_id);
    await waitForExtraction(h, localJob.extraction_id);

    await waitForExtraction(h, a.extraction_id);
    const jobs = await list(`parser_id=${keyed.parser_id}`);
    expect(jobs.extractions.map((e) => e.extraction_id)).toEqual([localJob.extraction_id, a.extraction_id]);

    // Another key is another job.
    const other = await postExtraction(h, extractionForm(keyed.parser_id, [['once.pdf', invoicePdf(90)]]), { 'Idempotency-Key': 'order-2024-0002' });
    const c = (await expectJson<{ extraction: Extraction }>(other, 202)).extraction;
    expect(c.extraction_id).not.toBe(a.extraction_id);
    await waitForExtraction(h, c.extraction_id);
    expect((await list(`parser_id=${keyed.parser_id}`)).extractions).toHaveLength(3);
  });

  it('refuses a key reused for a different request (409 CONFLICT): other parser, files, names or paths', async () => {
    const keyed = await createParser(h, { name: 'Idempotent conflicts', fields: [{ name: 'total', type: 'number' }] });
    const otherParser = await createParser(h, { name: 'Idempotent conflicts 2', fields: [{ name: 'total', type: 'number' }] });
    const headers = { 'Idempotency-Key': 'reused-key' };
    const first = await postExtraction(h, extractionForm(keyed.parser_id, [['a.pdf', invoicePdf(110)]]), headers);
    const job = (await expectJson<{ extraction: Extraction }>(first, 202)).extraction;

    const local = path.join(h.root, 'conflict.pdf');
    await writeFile(local, invoicePdf(110));
    const different: Array<[string, Promise<Response>]> = [
      ['other parser', postExtraction(h, extractionForm(otherParser.parser_id, [['a.pdf', invoicePdf(110)]]), headers)],
      ['other bytes', postExtraction(h, extractionForm(keyed.parser_id, [['a.pdf', invoicePdf(111)]]), headers)],
      ['other name', postExtraction(h, extractionForm(keyed.parser_id, [['b.pdf', invoicePdf(110)]]), headers)],
      ['one more file', postExtraction(h, extractionForm(keyed.parser_id, [['a.pdf', invoicePdf(110)], ['c.pdf', invoicePdf(112)]]), headers)],
      [
        'a local path',
        h.api('/v1/extractions', {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ parser_id: keyed.parser_id, paths: [local] }),
        }),
      ],
    ];
    for (const [what, pending] of different) {
      const res = await pending;
      expect(res.headers.get('idempotent-replayed'), what).toBeNull();
      const err = await expectError(res, 409, 'CONFLICT');
      expect(err.message, what).toMatch(/^Idempotency-Key: this key was already used for a different request/);
      expect(err.message).toContain(job.extraction_id);
    }
    // Nothing was queued, and the same request still replays.
    expect((await list(`parser_id=${otherParser.parser_id}`)).extractions).toEqual([]);
    const replay = await postExtraction(h, extractionForm(keyed.parser_id, [['a.pdf', invoicePdf(110)]]), headers);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect((await expectJson<{ extraction: Extraction }>(replay, 202)).extraction.extraction_id).toBe(job.extraction_id);
    await waitForExtraction(h, job.extraction_id);
    expect((await list(`parser_id=${keyed.parser_id}`)).extractions.map((e) => e.extraction_id)).toEqual([job.extraction_id]);
    expect((await readdir(h.root)).filter((n) => n.startsWith('perfectparser-upload-'))).toEqual([]);
  });

  it('does not spend a key on a refused request, and two requests racing with one key make one job', async () => {
    const keyed = await createParser(h, { name: 'Idempotent races', fields: [{ name: 'total', type: 'number' }] });
    const refused = await postExtraction(h, extractionForm(keyed.parser_id, [['notes.txt', 'plain words', 'text/plain']]), { 'Idempotency-Key': 'retry-me' });
    await expectError(refused, 400, 'UNSUPPORTED_FILE_TYPE');
    const fixed = await postExtraction(h, extractionForm(keyed.parser_id, [['fixed.pdf', invoicePdf(92)]]), { 'Idempotency-Key': 'retry-me' });
    expect(fixed.headers.get('idempotent-replayed')).toBeNull();
    const job = (await expectJson<{ extraction: Extraction }>(fixed, 202)).extraction;
    expect(job.documents.map((d) => d.filename)).toEqual(['fixed.pdf']);

    const race = await Promise.all(
      [0, 1].map(() => postExtraction(h, extractionForm(keyed.parser_id, [['race.pdf', invoicePdf(93)]]), { 'Idempotency-Key': 'race' })),
    );
    const bodies = await Promise.all(race.map((r) => expectJson<{ extraction: Extraction }>(r, 202)));
    expect(bodies[0]!.extraction.extraction_id).toBe(bodies[1]!.extraction.extraction_id);
    expect(race.map((r) => r.headers.get('idempotent-replayed')).sort()).toEqual(['true', null].sort());
    await waitForExtraction(h, job.extraction_id);
    await waitForExtraction(h, bodies[0]!.extraction.extraction_id);
    expect((await list(`parser_id=${keyed.parser_id}`)).extractions).toHaveLength(2);
  });
});

describe('Idempotency-Key with other bytes', () => {
  it('keeps neither the files of a replayed upload nor those of a refused one', async () => {
    const keyed = await createParser(h, { name: 'Idempotent bytes', fields: [{ name: 'total', type: 'number' }] });
    const original = invoicePdf(97);
    const other = invoicePdf(98);
    const hashOf = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    const first = await postExtraction(h, extractionForm(keyed.parser_id, [['orig.pdf', original]]), { 'Idempotency-Key': 'bytes' });
    const job = (await expectJson<{ extraction: Extraction }>(first, 202)).extraction;
    const replay = await postExtraction(h, extractionForm(keyed.parser_id, [['orig.pdf', original]]), { 'Idempotency-Key': 'bytes' });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect((await expectJson<{ extraction: Extraction }>(replay, 202)).extraction.documents.map((d) => d.filename)).toEqual(['orig.pdf']);
    await expectError(await postExtraction(h, extractionForm(keyed.parser_id, [['other.pdf', other]]), { 'Idempotency-Key': 'bytes' }), 409, 'CONFLICT');
    await waitForExtraction(h, job.extraction_id);
    const stored = await readdir(path.join(h.root, 'data', 'files'), { recursive: true });
    const names = stored.map((f) => path.basename(f));
    expect(names).toContain(hashOf(original));
    // No document refers to the refused bytes.
    expect(names).not.toContain(hashOf(other));
    expect((await readdir(h.root)).filter((n) => n.startsWith('perfectparser-upload-'))).toEqual([]);
  });
});

describe('jobs outlive their parser', () => {
  it('keeps a job readable and exportable after its parser is deleted', async () => {
    const doomed = await createParser(h, { name: 'Deleted later', fields: [{ name: 'total', type: 'number' }] });
    const job = await submitUpload(h, doomed.parser_id, [['kept.pdf', invoicePdf(95)]]);
    await waitForExtraction(h, job.extraction_id);
    await expectJson(await h.api(`/v1/parsers/${doomed.parser_id}`, { method: 'DELETE' }), 200);
    const docId = job.documents[0]!.document_id;
    const { document } = await expectJson<{ document: DocumentDetail }>(await h.api(`/v1/extractions/${job.extraction_id}/documents/${docId}`), 200);
    expect(document).toMatchObject({ parser_id: doomed.parser_id, parser_name: 'Deleted later', extracted_data: { total: 95250.5 } });
    const exported = await expectJson<{ extraction: { parser_name: string }; documents: unknown[] }>(
      await h.api(`/v1/extractions/${job.extraction_id}/export?format=json`),
      200,
    );
    expect(exported.extraction.parser_name).toBe('Deleted later');
    expect(exported.documents).toHaveLength(1);
    expect((await list(`parser_id=${doomed.parser_id}`)).extractions.map((e) => e.extraction_id)).toEqual([job.extraction_id]);
  });
});

describe('file names', () => {
  it('keeps a non-ASCII upload name as sent (UTF-8)', async () => {
    const job = await submitUpload(h, parser.parser_id, [['Rechnung März 2024 – Nº 5.pdf', invoicePdf(96)]]);
    expect(job.documents[0]!.filename).toBe('Rechnung März 2024 – Nº 5.pdf');
    await waitForExtraction(h, job.extraction_id);
  });
});
