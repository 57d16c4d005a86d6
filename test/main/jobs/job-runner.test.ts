// The job runner over a real store with a scripted engine: retries of retryable failures up to
// the limit, final failures, the per-document timeout and cancel, a file changed after it was
// added.
import { createHash } from 'node:crypto';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/shared/api/errors.js';
import { EngineError } from '../../../src/main/engine/errors.js';
import type { EnginePool, ExtractedResult, TaskOptions } from '../../../src/main/jobs/engine-pool.js';
import { JobRunner } from '../../../src/main/jobs/job-runner.js';
import { JobEvents } from '../../../src/main/services/events.js';
import { Store } from '../../../src/main/store/store-client.js';

type Step = 'ok' | 'crash' | 'corrupt' | 'hang' | 'slow';

/** An engine whose extract() follows a script, one step per call. */
function scriptedPool(steps: Step[]): EnginePool & { calls: number } {
  const pool = {
    size: 1,
    calls: 0,
    async extract(_bytes: Uint8Array, _spec: unknown, options: TaskOptions = {}): Promise<ExtractedResult> {
      const step = steps[pool.calls++] ?? 'ok';
      options.onProgress?.(1, 1);
      if (step === 'slow') {
        // Ten pages, 40 ms each: 400 ms in all, never 100 ms without a page.
        for (let page = 1; page <= 10; page++) {
          await new Promise((r) => setTimeout(r, 40));
          if (options.signal?.aborted) throw new EngineError('INTERNAL_ERROR', 'The parse was cancelled.');
          options.onProgress?.(page, 10);
        }
      }
      if (step === 'crash') throw new EngineError('INTERNAL_ERROR', 'The engine worker stopped unexpectedly.');
      if (step === 'hang') {
        await new Promise<void>((_resolve, reject) =>
          options.signal?.addEventListener('abort', () => reject(new EngineError('INTERNAL_ERROR', 'The parse was cancelled.'))),
        );
      }
      const summary = step === 'corrupt'
        ? { status: 'FAILED' as const, failureReason: 'CORRUPT_FILE' as const, failureMessage: 'The file is damaged.', pageCount: 0 }
        : { status: 'PROCESSED' as const, failureReason: null, failureMessage: null, pageCount: 1 };
      return { output: new TextEncoder().encode('{}'), summary, data: { total: 1 }, confidence: 1, fields: {}, spatial: ['Total 1'] };
    },
  };
  return pool as unknown as EnginePool & { calls: number };
}

let dir: string;
let store: Store;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pp-runner-'));
  store = await Store.open({ dataDir: dir });
});

afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const FILE_BYTES = '%PDF-1.4';
const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');

async function queueOne(): Promise<{ extraction_id: string; document_id: string }> {
  const file = path.join(dir, 'a.pdf');
  await writeFile(file, FILE_BYTES);
  const { extraction_id } = await store.call('createExtraction', {
    parser: { parser_id: 'prs_x', name: 'X', result_mode: 'one_per_file', fields: [{ name: 'total', type: 'number' }] },
    documents: [{ filename: 'a.pdf', source_path: file, stored_path: null, content_hash: sha256(FILE_BYTES), file_size: FILE_BYTES.length, mime: 'application/pdf', page_count: 1 }],
  });
  const job = await store.call('getExtraction', { extraction_id });
  return { extraction_id, document_id: job!.documents[0]!.document_id };
}

async function settle(runner: JobRunner, extractionId: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const job = await store.call('getExtraction', { extraction_id: extractionId });
    if (job && ['completed', 'failed', 'partial'].includes(job.status) && runner.active === 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the job did not finish');
}

describe('JobRunner', () => {
  it('retries a crashed worker and completes the document on the next attempt', async () => {
    const { extraction_id, document_id } = await queueOne();
    const pool = scriptedPool(['crash', 'ok']);
    const runner = new JobRunner({ store, pool, events: new JobEvents(), maxAttempts: 3 });
    await runner.start();
    await settle(runner, extraction_id);
    const doc = await store.call('documentDetail', { extraction_id, document_id });
    expect(doc).toMatchObject({ status: 'completed', attempts: 2, extracted_data: { total: 1 } });
    // The pages as layout text are kept with the result, for the Spatial tab.
    expect(await store.call('documentSpatialPages', { extraction_id, document_id })).toEqual(['Total 1']);
    expect(pool.calls).toBe(2);
    await runner.stop();
  });

  it('fails with the code after the attempts run out', async () => {
    const { extraction_id, document_id } = await queueOne();
    const runner = new JobRunner({ store, pool: scriptedPool(['crash', 'crash', 'crash', 'ok']), events: new JobEvents(), maxAttempts: 3 });
    await runner.start();
    await settle(runner, extraction_id);
    const doc = await store.call('documentDetail', { extraction_id, document_id });
    expect(doc).toMatchObject({ status: 'failed', attempts: 3, error_message: 'The engine worker stopped unexpectedly.' });
    expect((await store.call('getExtraction', { extraction_id }))!.status).toBe('failed');
    await runner.stop();
  });

  it('does not retry a damaged file', async () => {
    const { extraction_id, document_id } = await queueOne();
    const pool = scriptedPool(['corrupt', 'ok']);
    const runner = new JobRunner({ store, pool, events: new JobEvents() });
    await runner.start();
    await settle(runner, extraction_id);
    expect(await store.call('documentDetail', { extraction_id, document_id })).toMatchObject({ status: 'failed', attempts: 1, error_message: 'The file is damaged.' });
    expect(pool.calls).toBe(1);
    await runner.stop();
  });

  it('fails a file replaced after it was added, without reading it; a retry takes it as it is', async () => {
    const { extraction_id, document_id } = await queueOne();
    await writeFile(path.join(dir, 'a.pdf'), '%PDF-1.7 another');
    const pool = scriptedPool(['ok']);
    const runner = new JobRunner({ store, pool, events: new JobEvents() });
    await runner.start();
    await settle(runner, extraction_id);
    const doc = await store.call('documentDetail', { extraction_id, document_id });
    expect(doc).toMatchObject({ status: 'failed', attempts: 1, content_hash: sha256(FILE_BYTES) });
    expect(doc!.error_message).toMatch(/changed after it was added to this job, so it was not processed; retry it/);
    expect(pool.calls).toBe(0);
    await store.call('retryFailedDocuments', { extraction_id });
    runner.notify();
    await settle(runner, extraction_id);
    expect(await store.call('documentDetail', { extraction_id, document_id })).toMatchObject({
      status: 'completed',
      content_hash: sha256('%PDF-1.7 another'),
      file_size: 16,
    });
    expect(pool.calls).toBe(1);
    await runner.stop();
  });

  it('fails a file replaced by one of gigabytes as changed, from its size, without loading it', async () => {
    const { extraction_id, document_id } = await queueOne();
    const file = path.join(dir, 'a.pdf');
    await rm(file);
    await writeFile(file, '');
    await truncate(file, 3 * 1024 ** 3); // sparse: no disk used, too large to read in one piece
    const pool = scriptedPool(['ok']);
    const runner = new JobRunner({ store, pool, events: new JobEvents() });
    await runner.start();
    await settle(runner, extraction_id);
    const doc = await store.call('documentDetail', { extraction_id, document_id });
    expect(doc).toMatchObject({ status: 'failed' });
    expect(doc!.error_message).toBe(`The file at ${file} changed after it was added to this job, so it was not processed; retry it to process the new version.`);
    expect(pool.calls).toBe(0);
    await runner.stop();
  });

  it('fails a file that grew past the size limit before its turn (a retried changed file), unread', async () => {
    const { extraction_id, document_id } = await queueOne();
    await writeFile(path.join(dir, 'a.pdf'), '%PDF-1.7 now much longer than the limit');
    const pool = scriptedPool(['ok']);
    const runner = new JobRunner({ store, pool, events: new JobEvents(), maxFileSize: 20 });
    await runner.start();
    await settle(runner, extraction_id);
    await store.call('retryFailedDocuments', { extraction_id });
    runner.notify();
    await settle(runner, extraction_id);
    const doc = await store.call('documentDetail', { extraction_id, document_id });
    expect(doc).toMatchObject({ status: 'failed', error_message: 'The file is 0.0 MB, above the limit of 0 MB.' });
    expect(pool.calls).toBe(0);
    await runner.stop();
  });

  it('says which file is gone: an upload missing when the job was made, or its copy removed from the data folder', async () => {
    const stored = path.join(dir, 'files', 'ab', 'abcdef');
    const { extraction_id } = await store.call('createExtraction', {
      parser: { parser_id: 'prs_x', name: 'X', result_mode: 'one_per_file', fields: [{ name: 'total', type: 'number' }] },
      documents: [
        { filename: 'upl_gone', source_path: null, stored_path: '', content_hash: '', file_size: 0, mime: 'application/pdf', page_count: 0 },
        { filename: 'kept.pdf', source_path: null, stored_path: stored, content_hash: sha256(FILE_BYTES), file_size: FILE_BYTES.length, mime: 'application/pdf', page_count: 1 },
      ],
    });
    const runner = new JobRunner({ store, pool: scriptedPool([]), events: new JobEvents() });
    await runner.start();
    await settle(runner, extraction_id);
    const docs = (await store.call('getExtraction', { extraction_id }))!.documents;
    const messages = await Promise.all(docs.map(async (d) => (await store.call('documentDetail', { extraction_id, document_id: d.document_id }))!.error_message));
    expect(messages).toEqual([
      'This upload is no longer available; add the file again.',
      `The copy of kept.pdf kept in the data folder (${stored}) is gone; add the file again.`,
    ]);
    await runner.stop();
  });

  it('stops a document that runs past its timeout', async () => {
    const { extraction_id, document_id } = await queueOne();
    const runner = new JobRunner({ store, pool: scriptedPool(['hang']), events: new JobEvents(), documentTimeoutMs: 100 });
    await runner.start();
    await settle(runner, extraction_id);
    const doc = await store.call('documentDetail', { extraction_id, document_id });
    expect(doc?.status).toBe('failed');
    expect(doc?.error_message).toMatch(/longer than/);
    await runner.stop();
  });

  it('does not stop a long document that keeps finishing pages (the timeout counts from the last page)', async () => {
    const { extraction_id, document_id } = await queueOne();
    const runner = new JobRunner({ store, pool: scriptedPool(['slow']), events: new JobEvents(), documentTimeoutMs: 100 });
    await runner.start();
    await settle(runner, extraction_id);
    expect(await store.call('documentDetail', { extraction_id, document_id })).toMatchObject({ status: 'completed' });
    await runner.stop();
  });

  it('cancels a running document', async () => {
    const { extraction_id, document_id } = await queueOne();
    const runner = new JobRunner({ store, pool: scriptedPool(['hang']), events: new JobEvents() });
    await runner.start();
    while (runner.active === 0) await new Promise((r) => setTimeout(r, 5));
    const outcome = await store.call('cancelExtraction', { extraction_id });
    expect(outcome.running).toEqual([document_id]);
    runner.cancelDocuments(outcome.running);
    await settle(runner, extraction_id);
    expect(await store.call('documentDetail', { extraction_id, document_id })).toMatchObject({ status: 'failed', error_message: 'Cancelled while processing.' });
    await runner.stop();
  });
});

describe('JobRunner after crashes', () => {
  it('fails, instead of requeueing forever, a document whose attempts were all cut short', async () => {
    const { extraction_id, document_id } = await queueOne();
    // Three processes died while holding this document.
    for (let i = 0; i < 3; i++) {
      await store.call('claimNextDocument', { lease: `dead-${i}` });
      if (i < 2) await store.call('requeueInterrupted', { max_attempts: 3 });
    }
    const pool = scriptedPool(['ok']);
    const runner = new JobRunner({ store, pool, events: new JobEvents(), maxAttempts: 3 });
    await runner.start();
    await settle(runner, extraction_id);
    const doc = await store.call('documentDetail', { extraction_id, document_id });
    expect(doc).toMatchObject({ status: 'failed', attempts: 3 });
    expect(doc?.error_message).toMatch(/interrupted 3 times/);
    expect(pool.calls).toBe(0);
    await runner.stop();
  });
});

describe('JobRunner shutdown', () => {
  it('gives a running document back to the queue without counting the attempt', async () => {
    const { extraction_id, document_id } = await queueOne();
    const runner = new JobRunner({ store, pool: scriptedPool(['hang']), events: new JobEvents() });
    await runner.start();
    while (runner.active === 0) await new Promise((r) => setTimeout(r, 5));
    await runner.stop({ abort: true });
    expect(await store.call('documentDetail', { extraction_id, document_id })).toMatchObject({ status: 'queued', attempts: 0 });
  });
});

/** The real store, except that the named methods fail as a full disk does, `times` times each. */
function diskFullFor(real: Store, times: Partial<Record<string, number>>): Store {
  const left = { ...times };
  return {
    call: (method: string, args?: unknown) => {
      if ((left[method] ?? 0) > 0) {
        left[method]!--;
        return Promise.reject(new ApiError('SERVICE_UNAVAILABLE', 'The disk holding the data folder is full; free some space and try again.'));
      }
      return (real.call as (m: string, a?: unknown) => Promise<unknown>)(method, args);
    },
  } as unknown as Store;
}

describe('JobRunner on a full disk', () => {
  it('keeps a result it could not save and saves it once the disk has room, instead of leaving the document processing', async () => {
    const { extraction_id, document_id } = await queueOne();
    const log: string[] = [];
    const pool = scriptedPool(['ok']);
    const runner = new JobRunner({ store: diskFullFor(store, { completeDocument: 3 }), pool, events: new JobEvents(), storeRetryMs: 20, log: (m) => log.push(m) });
    await runner.start();
    await settle(runner, extraction_id);
    expect(pool.calls).toBe(1);
    expect(await store.call('documentDetail', { extraction_id, document_id })).toMatchObject({ status: 'completed', attempts: 1 });
    expect((await store.call('extractionResults', { extraction_id }))!.documents[0]!.extracted_data).toEqual({ total: 1 });
    expect(log).toEqual([`The outcome of a.pdf (${document_id}) could not be saved: The disk holding the data folder is full; free some space and try again. It is saved as soon as the data folder can be written again.`]);
    await runner.stop();
  });

  it('saves a failure the same way', async () => {
    const { extraction_id, document_id } = await queueOne();
    const runner = new JobRunner({ store: diskFullFor(store, { failDocument: 2 }), pool: scriptedPool(['corrupt']), events: new JobEvents(), storeRetryMs: 20 });
    await runner.start();
    await settle(runner, extraction_id);
    expect(await store.call('documentDetail', { extraction_id, document_id })).toMatchObject({ status: 'failed', error_message: 'The file is damaged.' });
    await runner.stop();
  });

  it('reads the queue again by itself after it could not', async () => {
    const { extraction_id } = await queueOne();
    const log: string[] = [];
    const runner = new JobRunner({ store: diskFullFor(store, { claimNextDocument: 3 }), pool: scriptedPool(['ok']), events: new JobEvents(), storeRetryMs: 20, log: (m) => log.push(m) });
    await runner.start();
    await settle(runner, extraction_id);
    expect((await store.call('getExtraction', { extraction_id }))!.status).toBe('completed');
    expect(log).toEqual(['The job queue could not be read: The disk holding the data folder is full; free some space and try again. It is tried again every 0 s.']);
    await runner.stop();
  });

  it('stops waiting for the disk when it is stopped; the document is queued again at the next start', async () => {
    const { extraction_id, document_id } = await queueOne();
    const runner = new JobRunner({ store: diskFullFor(store, { completeDocument: 1_000_000 }), pool: scriptedPool(['ok']), events: new JobEvents(), storeRetryMs: 60_000 });
    await runner.start();
    while ((await store.call('documentDetail', { extraction_id, document_id }))!.status !== 'processing') await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 50));
    const stopping = Date.now();
    await runner.stop();
    expect(Date.now() - stopping).toBeLessThan(5_000);
    const next = new JobRunner({ store, pool: scriptedPool(['ok']), events: new JobEvents() });
    await next.start();
    await settle(next, extraction_id);
    expect(await store.call('documentDetail', { extraction_id, document_id })).toMatchObject({ status: 'completed' });
    await next.stop();
  });
});
