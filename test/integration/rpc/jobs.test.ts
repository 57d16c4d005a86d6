// jobs.* over the real runner and engine workers: parse-only jobs, files that cannot be read
// failing alone, pause and resume, retry, and a thousand files taken in one call.
import { createHash } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParseRun } from '../../../src/shared/parse-contract.js';
import { BROKEN_PDF, corpusDir, invoicePdf, openRpcHarness, sleep, waitForJob, ZIP_BYTES, type RpcHarness } from './harness.js';

let h: RpcHarness;

beforeAll(async () => {
  h = await openRpcHarness('jobs');
});

afterAll(async () => {
  await h.close();
});

describe('jobs.create', () => {
  it('runs a parse-only job: the run is stored, no fields are filled', async () => {
    const a = await h.write('parse/a.pdf', invoicePdf(1, 1));
    const job = await h.call('jobs.create', { parser_id: null, files: [{ kind: 'path', path: a }] });
    expect(job).toMatchObject({ parser_id: '', parser_name: null, status: 'queued', file_count: 1, paused: false });
    const done = await waitForJob(h, job.extraction_id);
    expect(done).toMatchObject({ status: 'completed', page_count: 2, pages_done: 2, queued: 0 });
    expect(done.documents[0]).toMatchObject({ status: 'completed', relative_path: 'a.pdf', pages_done: 2, page_count: 2, error_message: null, confidence: null });
    const view = await h.call('documents.get', { extraction_id: job.extraction_id, document_id: done.documents[0]!.document_id });
    expect(view.parse_only).toBe(true);
    expect(view.document.extracted_data).toBeNull();
    const run = view.run as ParseRun;
    expect(run).toMatchObject({ object: 'parser_run', status: 'PROCESSED', metrics: { pageCount: 2 } });
    expect(run.chunks.map((c) => c.content).join('\n')).toContain('INV-1');
    const results = await h.call('results.get', { extraction_id: job.extraction_id });
    expect(results).toMatchObject({ parser_name: null, parser_fields: [], corrections: {} });
    // /v1 still reads the job, with a string parser id.
    expect((await h.app.services.extractions.get(job.extraction_id)).parser_id).toBe('');
  });

  it('fails unreadable, unsupported and damaged files alone; the rest complete', async () => {
    const parser = await h.call('parsers.create', { name: 'Invoices', fields: [{ name: 'invoice_number', type: 'string' }, { name: 'total', type: 'number' }] });
    const files = [
      await h.write('mixed/good-1.pdf', invoicePdf(11)),
      await h.write('mixed/broken.pdf', BROKEN_PDF),
      await h.write('mixed/archive.zip', ZIP_BYTES),
      path.join(h.files, 'mixed', 'not-there.pdf'),
      await h.write('mixed/good-2.pdf', invoicePdf(12)),
    ];
    await h.call('inbox.scan', { paths: [path.join(h.files, 'mixed')] });
    const job = await h.call('jobs.create', { parser_id: parser.parser_id, files: files.map((p) => ({ kind: 'path' as const, path: p })) });
    expect(job).toMatchObject({ parser_name: 'Invoices', file_count: 5, document_summary: { failed: 2 } });
    const done = await waitForJob(h, job.extraction_id);
    expect(done.status).toBe('partial');
    expect(done.documents.map((d) => [d.filename, d.status, d.error_code])).toEqual([
      ['good-1.pdf', 'completed', null],
      ['broken.pdf', 'failed', 'CORRUPT_FILE'],
      ['archive.zip', 'failed', 'FILE_TYPE_NOT_SUPPORTED'],
      ['not-there.pdf', 'failed', 'FILE_NOT_FOUND'],
      ['good-2.pdf', 'completed', null],
    ]);
    for (const d of done.documents.filter((x) => x.status === 'failed')) expect(d.error_message).toMatch(/^[A-Z].*\.$/);
    expect(done.documents[3]!.error_message).toMatch(/moved or deleted/);
    const results = await h.call('results.get', { extraction_id: job.extraction_id });
    expect(results.documents[0]!.extracted_data).toEqual({ invoice_number: 'INV-11', total: 11250.5 });
  });

  it('refuses a parser without fields and an unknown parser', async () => {
    const empty = await h.call('parsers.create', { name: 'Empty' });
    const file = await h.write('x.pdf', invoicePdf(2));
    await expect(h.call('jobs.create', { parser_id: empty.parser_id, files: [{ kind: 'path', path: file }] })).rejects.toMatchObject({
      code: 'PARSER_NOT_CONFIGURED',
    });
    await expect(h.call('jobs.create', { parser_id: 'prs_missing', files: [{ kind: 'path', path: file }] })).rejects.toMatchObject({ code: 'PARSER_NOT_FOUND' });
  });
});

describe('pause, resume and retry', () => {
  it('a paused job starts no new document; resuming finishes it', async () => {
    const before = (await h.call('settings.get')).worker_count;
    await h.call('settings.update', { worker_count: 1 });
    try {
      const files = await Promise.all([1, 2, 3, 4].map((n) => h.write(`pause/p${n}.pdf`, invoicePdf(20 + n))));
      const job = await h.call('jobs.create', { parser_id: null, files: files.map((p) => ({ kind: 'path' as const, path: p })) });
      const paused = await h.call('jobs.pause', { extraction_id: job.extraction_id });
      expect(paused.paused).toBe(true);
      // The document already started finishes; nothing else starts.
      for (let i = 0; i < 200 && h.app.runner.active > 0; i++) await sleep(25);
      await sleep(300);
      const held = await h.call('jobs.get', { extraction_id: job.extraction_id });
      expect(held.paused).toBe(true);
      expect(held.documents.filter((d) => d.status === 'completed').length).toBeLessThanOrEqual(1);
      expect(held.queued).toBeGreaterThanOrEqual(3);
      const resumed = await h.call('jobs.resume', { extraction_id: job.extraction_id });
      expect(resumed.paused).toBe(false);
      expect((await waitForJob(h, job.extraction_id)).status).toBe('completed');
      await expect(h.call('jobs.pause', { extraction_id: job.extraction_id })).rejects.toThrow('This job has finished; there is nothing left to pause.');
    } finally {
      await h.call('settings.update', { worker_count: before });
    }
  });

  it('retries failed documents with fresh attempts', async () => {
    const missing = path.join(h.files, 'retry', 'later.pdf');
    const ok = await h.write('retry/ok.pdf', invoicePdf(30));
    const job = await h.call('jobs.create', { parser_id: null, files: [{ kind: 'path', path: ok }, { kind: 'path', path: missing }] });
    const first = await waitForJob(h, job.extraction_id);
    expect(first.status).toBe('partial');
    await h.write('retry/later.pdf', invoicePdf(31));
    const retried = await h.call('jobs.retry', { extraction_id: job.extraction_id });
    expect(retried.status).not.toMatch(/completed|partial|failed/);
    const done = await waitForJob(h, job.extraction_id);
    expect(done.status).toBe('completed');
    expect(done.documents[1]).toMatchObject({ status: 'completed', attempts: 1, error_code: null });
    await expect(h.call('jobs.retry', { extraction_id: job.extraction_id })).rejects.toThrow(/^This job has no failed documents a retry can process/);
    await expect(h.call('jobs.retry', { extraction_id: 'ext_missing' })).rejects.toMatchObject({ code: 'RESOURCE_NOT_FOUND' });
  });

  it('leaves documents that failed for want of a password out of a retry (only their password opens them)', async () => {
    const locked = path.join(corpusDir, 'edge-cases', 'password-example.pdf');
    const missing = path.join(h.files, 'retry-locked', 'later.pdf');
    const job = await h.call('jobs.create', { parser_id: null, files: [{ kind: 'path', path: locked }, { kind: 'path', path: missing }] });
    const first = await waitForJob(h, job.extraction_id);
    expect(first.documents.map((d) => d.error_code)).toEqual(['PASSWORD_PROTECTED_FILE', 'FILE_NOT_FOUND']);
    await h.write('retry-locked/later.pdf', invoicePdf(32));
    await h.call('jobs.retry', { extraction_id: job.extraction_id });
    const done = await waitForJob(h, job.extraction_id);
    expect(done.documents.map((d) => [d.status, d.error_code, d.attempts])).toEqual([
      ['failed', 'PASSWORD_PROTECTED_FILE', 1],
      ['completed', null, 1],
    ]);
    await expect(h.call('jobs.retry', { extraction_id: job.extraction_id })).rejects.toThrow(/^This job has no failed documents a retry can process \(one protected by a password/);
  });

  it('a file replaced after it was added fails as changed; a retry takes the new version', async () => {
    const before = (await h.call('settings.get')).worker_count;
    await h.call('settings.update', { worker_count: 1 });
    try {
      const first = await h.write('changed/first.pdf', invoicePdf(60));
      const later = await h.write('changed/later.pdf', invoicePdf(61));
      const job = await h.call('jobs.create', { parser_id: null, files: [first, later].map((p) => ({ kind: 'path' as const, path: p })) });
      await h.call('jobs.pause', { extraction_id: job.extraction_id });
      for (let i = 0; i < 200 && h.app.runner.active > 0; i++) await sleep(25);
      const held = await h.call('jobs.get', { extraction_id: job.extraction_id });
      expect(held.documents[1]!.status).toBe('queued');
      const replacement = invoicePdf(62, 1);
      await writeFile(later, replacement);
      await h.call('jobs.resume', { extraction_id: job.extraction_id });
      const done = await waitForJob(h, job.extraction_id);
      expect(done.documents[1]).toMatchObject({ status: 'failed', error_code: 'FILE_CHANGED' });
      expect(done.documents[1]!.error_message).toMatch(/^The file at .*later\.pdf changed after it was added to this job/);
      await h.call('jobs.retry', { extraction_id: job.extraction_id });
      const retried = await waitForJob(h, job.extraction_id);
      expect(retried.documents[1]).toMatchObject({ status: 'completed', page_count: 2 });
      const view = await h.call('documents.get', { extraction_id: job.extraction_id, document_id: retried.documents[1]!.document_id });
      expect((view.run as ParseRun).chunks.map((c) => c.content).join('\n')).toContain('INV-62');
      const hash = createHash('sha256').update(replacement).digest('hex');
      expect(view.document).toMatchObject({ file_size: replacement.byteLength, content_hash: hash });
    } finally {
      await h.call('settings.update', { worker_count: before });
    }
  });

  it('cancels a job: what has not started fails as cancelled', async () => {
    const before = (await h.call('settings.get')).worker_count;
    await h.call('settings.update', { worker_count: 1 });
    try {
      const files = await Promise.all([1, 2, 3].map((n) => h.write(`cancel/c${n}.pdf`, invoicePdf(40 + n))));
      const job = await h.call('jobs.create', { parser_id: null, files: files.map((p) => ({ kind: 'path' as const, path: p })) });
      await h.call('jobs.pause', { extraction_id: job.extraction_id });
      const cancelled = await h.call('jobs.cancel', { extraction_id: job.extraction_id });
      expect(cancelled.document_summary.failed).toBeGreaterThanOrEqual(2);
      const done = await waitForJob(h, job.extraction_id);
      expect(done.paused).toBe(false);
      expect(done.documents.filter((d) => d.error_code === 'CANCELLED').length).toBeGreaterThanOrEqual(2);
      expect(new Set(done.documents.filter((d) => d.error_code === 'CANCELLED').map((d) => d.error_message))).toContain('Cancelled before processing.');
    } finally {
      await h.call('settings.update', { worker_count: before });
    }
  });

  it('lists jobs newest first with their progress', async () => {
    const page = await h.call('jobs.list', { limit: 2 });
    expect(page.items).toHaveLength(2);
    expect(page.pagination.has_next_page).toBe(true);
    expect(page.items[0]).toMatchObject({ extraction_id: expect.stringMatching(/^ext_/), pages_done: expect.any(Number), queued: expect.any(Number) });
  });
});

describe('a thousand files', () => {
  it('takes them in one call, each a document with its path below the folder', async () => {
    const quiet = await openRpcHarness('many', { runJobs: false });
    try {
      const paths: string[] = [];
      for (let i = 0; i < 1000; i++) {
        const p = path.join(quiet.files, 'bulk', `d${i % 10}`, `f${i}.txt`);
        paths.push(p);
      }
      await Promise.all(paths.map(async (p, i) => quiet.write(path.relative(quiet.files, p), `Invoice ${i}\nTotal: ${i}.00\n`)));
      await rm(paths[7]!);
      await writeFile(paths[8]!, ZIP_BYTES);
      const job = await quiet.call('jobs.create', { parser_id: null, files: paths.map((p) => ({ kind: 'path' as const, path: p })) });
      expect(job).toMatchObject({ file_count: 1000, queued: 998, document_summary: { total: 1000, failed: 2 } });
      const detail = await quiet.call('jobs.get', { extraction_id: job.extraction_id });
      expect(detail.documents[0]).toMatchObject({ filename: 'f0.txt', relative_path: 'f0.txt', status: 'queued' });
      // After a scan, the relative path below the added folder is kept.
      await quiet.call('inbox.scan', { paths: [path.join(quiet.files, 'bulk')] });
      const again = await quiet.call('jobs.create', { parser_id: null, files: [{ kind: 'path', path: paths[12]! }] });
      const detail2 = await quiet.call('jobs.get', { extraction_id: again.extraction_id });
      expect(detail2.documents[0]?.relative_path).toBe('d2/f12.txt');
    } finally {
      await quiet.close();
    }
  });
});
