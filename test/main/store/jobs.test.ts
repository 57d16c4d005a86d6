// The desktop's job queries: creation with files failed at once, parse-only jobs, pause (the
// claim skips paused jobs), retry, progress, and "processed before".
import { describe, expect, it } from 'vitest';
import { insertWebhook } from '../../../src/main/store/queries/webhooks.js';
import {
  createJob,
  jobDocuments,
  jobParser,
  jobSummary,
  listJobs,
  PARSE_ONLY_SNAPSHOT,
  processedBefore,
  retryFailedDocuments,
  setDocumentProgress,
  setJobPaused,
  type NewJobDocument,
} from '../../../src/main/store/queries/jobs.js';
import { cancelExtraction, claimNextDocument, completeDocument, failDocument } from '../../../src/main/store/queries/queue.js';
import { doc, INVOICE_PARSER, memoryDb, type Db } from './fixtures.js';

function jobDoc(name: string, relative = `in/${name}.pdf`): NewJobDocument {
  return { ...doc(name, 0), relative_path: relative };
}

const BROKEN: NewJobDocument = {
  ...jobDoc('broken'),
  content_hash: '',
  mime: 'application/octet-stream',
  failure: { code: 'FILE_TYPE_NOT_SUPPORTED', message: 'This is a ZIP archive, which cannot be processed.' },
};

function complete(db: Db, pages = 2) {
  const claim = claimNextDocument(db, { lease: 'l' })!;
  completeDocument(db, { document_id: claim.document_id, lease: 'l', extracted_data: { total: 1 }, confidence: 1, parse_run: '{}', page_count: pages, processing_time_ms: 5 });
  return claim;
}

describe('createJob', () => {
  it('queues readable files and fails the others at once with their reason', () => {
    const db = memoryDb();
    const { extraction_id, deliveries } = createJob(db, { kind: 'extract', parser: INVOICE_PARSER, documents: [jobDoc('a'), BROKEN, jobDoc('b')] });
    expect(deliveries).toBe(0);
    const job = jobSummary(db, { extraction_id })!;
    expect(job).toMatchObject({ status: 'queued', file_count: 3, page_count: 0, parser_name: 'Invoices', paused: false, queued: 2, pages_done: 0 });
    expect(job.document_summary).toEqual({ total: 3, completed: 0, failed: 1, processing: 0 });
    expect(jobDocuments(db, { extraction_id }).map((d) => [d.relative_path, d.status, d.error_code])).toEqual([
      ['in/a.pdf', 'queued', null],
      ['in/broken.pdf', 'failed', 'FILE_TYPE_NOT_SUPPORTED'],
      ['in/b.pdf', 'queued', null],
    ]);
  });

  it('counts the documents a cancel stopped apart from those that failed', () => {
    const db = memoryDb();
    const { extraction_id } = createJob(db, { kind: 'extract', parser: INVOICE_PARSER, documents: [jobDoc('a'), BROKEN, jobDoc('b'), jobDoc('c')] });
    complete(db);
    expect(jobSummary(db, { extraction_id })).toMatchObject({ cancelled: 0, document_summary: { failed: 1 } });
    cancelExtraction(db, { extraction_id });
    const job = jobSummary(db, { extraction_id })!;
    expect(job).toMatchObject({ cancelled: 2, queued: 0, document_summary: { total: 4, completed: 1, failed: 3, processing: 0 } });
    expect(listJobs(db, { limit: 10 }).items[0]).toMatchObject({ extraction_id, cancelled: 2 });
  });

  it('finishes a job at once when no file can be processed, and tells the webhooks', () => {
    const db = memoryDb();
    insertWebhook(db, { url: 'https://example.com/h', events: ['extraction.document_completed', 'extraction.job_completed'], enabled: true });
    const { extraction_id, deliveries } = createJob(db, { kind: 'extract', parser: INVOICE_PARSER, documents: [BROKEN] });
    expect(deliveries).toBe(2);
    expect(jobSummary(db, { extraction_id })).toMatchObject({ status: 'failed', completed_at: expect.any(String) });
  });

  it('makes a parse-only job that /v1 still shows with a string parser id', () => {
    const db = memoryDb();
    const { extraction_id } = createJob(db, { kind: 'parse', parser: PARSE_ONLY_SNAPSHOT, documents: [jobDoc('a')] });
    expect(jobSummary(db, { extraction_id })).toMatchObject({ parser_id: '', parser_name: null });
    expect(jobParser(db, { extraction_id })).toEqual({ kind: 'parse', parser: PARSE_ONLY_SNAPSHOT });
    expect(claimNextDocument(db, { lease: 'l' })).toMatchObject({ parse_only: true });
  });
});

describe('pause and resume', () => {
  it('the claim skips a paused job and takes the next job; resuming makes its documents claimable', () => {
    const db = memoryDb();
    const first = createJob(db, { kind: 'extract', parser: INVOICE_PARSER, documents: [jobDoc('a'), jobDoc('b')] }).extraction_id;
    const second = createJob(db, { kind: 'extract', parser: INVOICE_PARSER, documents: [jobDoc('c')] }).extraction_id;
    expect(setJobPaused(db, { extraction_id: first, paused: true })).toEqual({ found: true, finished: false });
    expect(jobSummary(db, { extraction_id: first })?.paused).toBe(true);
    expect(claimNextDocument(db, { lease: 'l1' })?.extraction_id).toBe(second);
    expect(claimNextDocument(db, { lease: 'l2' })).toBeNull();
    setJobPaused(db, { extraction_id: first, paused: false });
    expect(claimNextDocument(db, { lease: 'l3' })?.extraction_id).toBe(first);
  });

  it('does not pause a finished job, and reports an unknown one', () => {
    const db = memoryDb();
    const { extraction_id } = createJob(db, { kind: 'extract', parser: INVOICE_PARSER, documents: [BROKEN] });
    expect(setJobPaused(db, { extraction_id, paused: true })).toEqual({ found: true, finished: true });
    expect(jobSummary(db, { extraction_id })?.paused).toBe(false);
    expect(setJobPaused(db, { extraction_id: 'ext_none', paused: true }).found).toBe(false);
  });
});

describe('retryFailedDocuments', () => {
  it('queues failed documents with fresh attempts and reopens the job', () => {
    const db = memoryDb();
    const { extraction_id } = createJob(db, { kind: 'extract', parser: INVOICE_PARSER, documents: [jobDoc('a'), jobDoc('b')] });
    complete(db);
    const claim = claimNextDocument(db, { lease: 'l2' })!;
    failDocument(db, { document_id: claim.document_id, lease: 'l2', error_code: 'CORRUPT_FILE', error_message: 'Damaged.', retry: false, max_attempts: 3 });
    expect(jobSummary(db, { extraction_id })?.status).toBe('partial');
    expect(retryFailedDocuments(db, { extraction_id })).toEqual({ found: true, retried: [claim.document_id] });
    const job = jobSummary(db, { extraction_id })!;
    expect(job).toMatchObject({ status: 'processing', completed_at: null, queued: 1 });
    expect(jobDocuments(db, { extraction_id })[1]).toMatchObject({ status: 'queued', attempts: 0, error_code: null, error_message: null });
    expect(retryFailedDocuments(db, { extraction_id: 'ext_none' }).found).toBe(false);
  });

  it('retries only the documents asked for, and un-pauses a job paused before it finished', () => {
    const db = memoryDb();
    const { extraction_id } = createJob(db, { kind: 'extract', parser: INVOICE_PARSER, documents: [jobDoc('a'), jobDoc('b'), jobDoc('c')] });
    for (const lease of ['l1', 'l2']) {
      const claim = claimNextDocument(db, { lease })!;
      failDocument(db, { document_id: claim.document_id, lease, error_code: 'PASSWORD_PROTECTED_FILE', error_message: 'Locked.', retry: false, max_attempts: 3 });
    }
    const [, b] = jobDocuments(db, { extraction_id });
    setJobPaused(db, { extraction_id, paused: true });
    expect(claimNextDocument(db, { lease: 'l3' })).toBeNull();
    expect(retryFailedDocuments(db, { extraction_id, document_ids: [b!.document_id, 'doc_other'] })).toEqual({ found: true, retried: [b!.document_id] });
    expect(jobDocuments(db, { extraction_id }).map((d) => d.status)).toEqual(['failed', 'queued', 'queued']);
    expect(jobSummary(db, { extraction_id })).toMatchObject({ status: 'queued', paused: false });
    expect(claimNextDocument(db, { lease: 'l4' })?.document_id).toBe(b!.document_id);
  });

  it('retries nothing when nothing failed', () => {
    const db = memoryDb();
    const { extraction_id } = createJob(db, { kind: 'extract', parser: INVOICE_PARSER, documents: [jobDoc('a')] });
    expect(retryFailedDocuments(db, { extraction_id })).toEqual({ found: true, retried: [] });
  });
});

describe('progress and page counts', () => {
  it('stores pages done while the claim holds; the page count found replaces the unknown one', () => {
    const db = memoryDb();
    const { extraction_id } = createJob(db, { kind: 'extract', parser: INVOICE_PARSER, documents: [jobDoc('a')] });
    const claim = claimNextDocument(db, { lease: 'l' })!;
    expect(setDocumentProgress(db, { document_id: claim.document_id, lease: 'other', pages_done: 1, page_count: 3 })).toBe(false);
    expect(setDocumentProgress(db, { document_id: claim.document_id, lease: 'l', pages_done: 1, page_count: 3 })).toBe(true);
    expect(jobSummary(db, { extraction_id })).toMatchObject({ page_count: 3, pages_done: 1 });
    completeDocument(db, { document_id: claim.document_id, lease: 'l', extracted_data: {}, confidence: null, parse_run: null, page_count: 3, processing_time_ms: 1 });
    expect(jobSummary(db, { extraction_id })).toMatchObject({ page_count: 3, pages_done: 3, status: 'completed' });
  });

  it('completion corrects the job page count by what the run counted', () => {
    const db = memoryDb();
    const { extraction_id } = createJob(db, { kind: 'extract', parser: INVOICE_PARSER, documents: [jobDoc('a'), jobDoc('b')] });
    complete(db, 2);
    complete(db, 5);
    expect(jobSummary(db, { extraction_id })).toMatchObject({ page_count: 7, pages_done: 7 });
  });
});

describe('listJobs', () => {
  it('lists newest first with counts, paged by cursor', () => {
    const db = memoryDb();
    const ids = [1, 2, 3].map(() => createJob(db, { kind: 'extract', parser: INVOICE_PARSER, documents: [jobDoc('a')] }).extraction_id);
    const first = listJobs(db, { limit: 2 });
    expect(first.items.map((j) => j.extraction_id)).toEqual([ids[2], ids[1]]);
    expect(first.items[0]).toMatchObject({ queued: 1, document_summary: { total: 1 } });
    const rest = listJobs(db, { limit: 2, cursor: first.pagination.next_cursor! });
    expect(rest.items.map((j) => j.extraction_id)).toEqual([ids[0]]);
    expect(rest.pagination.has_next_page).toBe(false);
  });
});

describe('processedBefore', () => {
  it('finds the newest document with the same content that did not fail', () => {
    const db = memoryDb();
    createJob(db, { kind: 'extract', parser: INVOICE_PARSER, documents: [jobDoc('a')] });
    const { extraction_id } = createJob(db, { kind: 'parse', parser: PARSE_ONLY_SNAPSHOT, documents: [jobDoc('a'), BROKEN] });
    const found = processedBefore(db, { hashes: ['hash-a', 'hash-none', ''] });
    expect(Object.keys(found)).toEqual(['hash-a']);
    expect(found['hash-a']).toMatchObject({ extraction_id, filename: 'a.pdf', document_id: expect.stringMatching(/^doc_/) });
  });
});
