// Sync against a second instance of our own server (the local /v1 implements the hosted
// contract) with metered credits, through a proxy that injects 429s and dropped connections:
// login, account and credits, parsers pushed and pulled, cloud batches pulled into the local
// store and exported, idempotent retries charged once, missing credits resumed, a revoked key,
// and the request log.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from '../../../src/shared/api/parsers.js';
import { corpusFile, csvRecords, expectedInvoiceData, INVOICE_FIELDS, invoicePdf } from '../api/harness.js';
import { openSyncHarness, type SyncHarness } from './harness.js';

let h: SyncHarness;
let parser: Parser;
const POLL = /^\/v1\/extractions\/ext_[a-v0-9]+$/;

beforeAll(async () => {
  h = await openSyncHarness('main', { credits: 1000 });
  parser = await h.call('parsers.create', { name: 'Invoices', fields: INVOICE_FIELDS.slice(0, 2) });
});
afterAll(async () => {
  await h?.close();
});

async function hostedBalance(): Promise<number | null> {
  return (await h.hosted.services.account.credits()).available;
}

async function hostedJobCount(): Promise<number> {
  return (await h.hosted.services.extractions.list({ limit: 100 })).items.length;
}

describe('sync with a hosted account', () => {
  it('is off by default: status answers from the store and nothing is sent', async () => {
    const status = await h.call('sync.status');
    expect(status).toMatchObject({ enabled: false, account: null, credits_available: null, key_storage: 'file', last_error: null });
    await expect(h.call('sync.remoteParsers')).rejects.toThrow(/Sync is off/);
    await expect(h.call('sync.pushParser', { parser_id: parser.parser_id })).rejects.toThrow(/Sync is off/);
    expect(h.proxy.seen).toEqual([]);
  });

  it('refuses a wrong key with a sentence and stays off', async () => {
    await expect(h.call('sync.connect', { base_url: h.proxy.url, api_key: 'pp_not_the_key_at_all' })).rejects.toThrow(/refused this API key/);
    expect((await h.call('sync.status')).enabled).toBe(false);
  });

  it('logs in with the right key: account and credits, the key in a file only the user can read', async () => {
    const status = await h.call('sync.connect', { base_url: h.proxy.url, api_key: h.hostedKey.current });
    expect(status.enabled).toBe(true);
    expect(status.account?.user_id).toMatch(/^usr_/);
    expect(status.credits_available).toBe(1000);
    expect(status.last_error).toBeNull();
    const keyFile = path.join(h.local.dataDir, 'secrets', 'sync-api-key');
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(keyFile))).mode & 0o777).toBe(0o700);
    expect(await readFile(keyFile, 'utf8')).toBe(h.hostedKey.current);
  });

  it('pushes a parser (created, then updated by name) and pulls hosted parsers', async () => {
    const first = await h.call('sync.pushParser', { parser_id: parser.parser_id });
    expect(first.action).toBe('created');
    parser = await h.call('parsers.update', { parser_id: parser.parser_id, patch: { fields: INVOICE_FIELDS } });
    const second = await h.call('sync.pushParser', { parser_id: parser.parser_id });
    expect(second).toEqual({ remote_parser_id: first.remote_parser_id, action: 'updated' });
    const remote = await h.hosted.services.parsers.get(first.remote_parser_id);
    expect(remote.fields.map((f) => f.name)).toEqual(INVOICE_FIELDS.map((f) => f.name));

    await h.hosted.services.parsers.create({ name: 'Receipts', result_mode: 'one_per_file', fields: [{ name: 'store', type: 'string' }] });
    expect((await h.call('sync.remoteParsers')).map((p) => p.name).sort()).toEqual(['Invoices', 'Receipts']);
    const pulled = await h.call('sync.pullParsers');
    expect(pulled.parsers.map((p) => [p.name, p.action]).sort()).toEqual([
      ['Invoices', 'updated'],
      ['Receipts', 'created'],
    ]);
    const local = await h.call('parsers.list');
    expect(local.find((p) => p.name === 'Receipts')?.fields).toEqual([{ name: 'store', type: 'string' }]);
  });

  it('processes a batch in the cloud through a 429 and a dropped connection mid-poll, pulls the results and exports them', async () => {
    const files = [
      await h.write('inv-1.pdf', invoicePdf(1)),
      await h.write('inv-2.pdf', invoicePdf(2, 1)),
      await h.write('AmazonWebServices.pdf', await corpusFile('fields/AmazonWebServices.pdf')),
      await h.write('QualityHosting.pdf', await corpusFile('fields/QualityHosting.pdf')),
    ];
    const balanceBefore = await hostedBalance();
    h.proxy.inject('GET', POLL, { kind: '429', retryAfter: 1 });
    h.proxy.inject('GET', POLL, { kind: 'drop' });
    const started = performance.now();
    const job = await h.call('sync.process', { parser_id: parser.parser_id, files: files.map((p) => ({ kind: 'path', path: p })) });
    expect(job.origin).toBe('remote');
    const done = await h.waitForJob(job.extraction_id);
    const seconds = (performance.now() - started) / 1000;
    console.log(`cloud batch of ${files.length} files: ${seconds.toFixed(1)} s`);
    expect(done.sync_error ?? null).toBeNull();
    expect(done.status).toBe('completed');
    expect(done.origin).toBe('remote');
    expect(h.proxy.pending()).toBe(0);
    expect(h.proxy.seen.filter((s) => s.fault === '429')).toHaveLength(1);
    expect(h.proxy.seen.filter((s) => s.fault === 'drop')).toHaveLength(1);

    // The hosted job: one, charged once per page.
    const hostedJobs = (await h.hosted.services.extractions.list({ limit: 100 })).items;
    expect(hostedJobs).toHaveLength(1);
    expect(await hostedBalance()).toBe(balanceBefore! - hostedJobs[0]!.page_count);
    // Pulled data equals the hosted results, document by document.
    const hostedResults = await h.hosted.services.extractions.results(hostedJobs[0]!.extraction_id);
    const localResults = await h.call('results.get', { extraction_id: job.extraction_id });
    expect(localResults.documents.map((d) => d.extracted_data)).toEqual(hostedResults.documents.map((d) => d.extracted_data));
    expect(localResults.documents.map((d) => d.status)).toEqual(['completed', 'completed', 'completed', 'completed']);

    const csv = csvRecords(await h.exportText(job.extraction_id, 'csv'));
    const byFile = new Map(csv.records.map((r) => [r['filename'], r]));
    expect(byFile.get('inv-1.pdf')?.['invoice_number']).toBe(expectedInvoiceData(1)['invoice_number']);
    expect(byFile.get('inv-2.pdf')?.['invoice_number']).toBe(expectedInvoiceData(2)['invoice_number']);
    expect(byFile.get('inv-2.pdf')?.['total']).toBe(String(expectedInvoiceData(2)['total']));
    expect([...new Set(csv.records.map((r) => r['filename']))].sort()).toEqual(['AmazonWebServices.pdf', 'QualityHosting.pdf', 'inv-1.pdf', 'inv-2.pdf']);
  });

  it('retries a submission whose answer was lost with the same Idempotency-Key: one hosted job, charged once', async () => {
    const jobsBefore = await hostedJobCount();
    const balanceBefore = await hostedBalance();
    const postsBefore = h.proxy.seen.filter((s) => s.method === 'POST' && s.path === '/v1/extractions').length;
    h.proxy.inject('POST', /^\/v1\/extractions$/, { kind: 'drop' });
    const file = await h.write('inv-3.pdf', invoicePdf(3));
    const job = await h.call('sync.process', { parser_id: parser.parser_id, files: [{ kind: 'path', path: file }] });
    const done = await h.waitForJob(job.extraction_id);
    expect(done.status).toBe('completed');
    expect(h.proxy.seen.filter((s) => s.method === 'POST' && s.path === '/v1/extractions').length - postsBefore).toBe(2);
    expect(await hostedJobCount()).toBe(jobsBefore + 1);
    expect(await hostedBalance()).toBe(balanceBefore! - 1);
    const results = await h.call('results.get', { extraction_id: job.extraction_id });
    expect(results.documents[0]?.extracted_data).toMatchObject({ invoice_number: 'INV-3' });
  });

  it('stops a job the account cannot pay for with a sentence, and resumes it after a top-up', async () => {
    await h.hosted.setCredits(0);
    const file = await h.write('inv-4.pdf', invoicePdf(4));
    const job = await h.call('sync.process', { parser_id: parser.parser_id, files: [{ kind: 'path', path: file }] });
    const stopped = await h.waitForJob(job.extraction_id);
    expect(stopped.sync_error).toMatch(/does not have enough credits/);
    expect(stopped.sync_error).toMatch(/the account has 0\b/);
    expect(['queued', 'processing']).toContain(stopped.status);
    expect(stopped.documents.map((d) => d.status)).toEqual(['queued']);
    expect((await h.call('sync.status')).last_error).toMatch(/enough credits/);
    // The local queue's actions do not reach the hosted service: they say what to do instead.
    await expect(h.call('jobs.retry', { extraction_id: job.extraction_id })).rejects.toThrow(/Resume on the hosted service/);
    await expect(h.call('jobs.cancel', { extraction_id: job.extraction_id })).rejects.toThrow(/cannot be cancelled from here/);

    await h.hosted.setCredits(5);
    const resumed = (await h.call('sync.resume', { extraction_id: job.extraction_id })) as { sync_error?: string | null };
    expect(resumed.sync_error ?? null).toBeNull();
    const done = await h.waitForJob(job.extraction_id);
    expect(done.status).toBe('completed');
    expect(await hostedBalance()).toBe(4);
  });

  it('says so when the key was revoked, and the job waits to be resumed', async () => {
    const oldKey = h.hostedKey.current;
    h.hostedKey.current = 'pp_local_rotated_key_for_the_test';
    await expect(h.call('sync.remoteParsers')).rejects.toThrow('The hosted service refused the API key; it may have been revoked. Connect again in Settings.');
    const file = await h.write('inv-5.pdf', invoicePdf(5));
    // The parser push is the first request: the job is refused before anything is created.
    await expect(h.call('sync.process', { parser_id: parser.parser_id, files: [{ kind: 'path', path: file }] })).rejects.toThrow(/revoked/);
    h.hostedKey.current = oldKey;
    const job = await h.call('sync.process', { parser_id: parser.parser_id, files: [{ kind: 'path', path: file }] });
    const done = await h.waitForJob(job.extraction_id);
    expect(done.sync_error ?? null).toBeNull();
    expect(done.status).toBe('completed');
  });

  it('logs every request: when, method, path, sizes, status, never the key', async () => {
    const page = await h.call('sync.log', { limit: 500 });
    expect(page.items.length).toBeGreaterThan(10);
    const posts = page.items.filter((e) => e.method === 'POST' && e.path === '/v1/extractions');
    expect(posts.length).toBeGreaterThanOrEqual(4);
    for (const p of posts) expect(p.request_bytes).toBeGreaterThan(1000);
    expect(page.items.some((e) => e.status === 429)).toBe(true);
    expect(page.items.some((e) => e.status === null && e.error)).toBe(true);
    expect(page.items.some((e) => e.status === 402 && e.error === 'INSUFFICIENT_CREDITS')).toBe(true);
    expect(page.items.some((e) => e.status === 401)).toBe(true);
    for (const e of page.items) {
      expect(e.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(e.duration_ms).toBeGreaterThanOrEqual(0);
    }
    expect(JSON.stringify(page.items)).not.toContain(h.hostedKey.current);
    // Nor is it anywhere in the local database.
    const dbFiles = ['perfectparser.db', 'perfectparser.db-wal'].map((f) => path.join(h.local.dataDir, f));
    for (const f of dbFiles) {
      const bytes = await readFile(f).catch(() => Buffer.alloc(0));
      expect(bytes.includes(Buffer.from(h.hostedKey.current))).toBe(false);
    }
  });

  it('disconnects: off again, the key forgotten, nothing more sent', async () => {
    const status = await h.call('sync.disconnect');
    expect(status).toMatchObject({ enabled: false, account: null });
    const seen = h.proxy.seen.length;
    await expect(h.call('sync.remoteParsers')).rejects.toThrow(/Sync is off/);
    expect(h.proxy.seen.length).toBe(seen);
    await expect(stat(path.join(h.local.dataDir, 'secrets', 'sync-api-key'))).rejects.toThrow();
  });
});
