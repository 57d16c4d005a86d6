// The persisted queue: claims with leases, completion, retries, job status, cancel, restart,
// and the one process that runs it.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { getExtraction } from '../../../src/main/store/queries/extractions.js';
import {
  cancelExtraction,
  claimNextDocument,
  completeDocument,
  failDocument,
  queuedCount,
  releaseQueue,
  renewQueue,
  requeueInterrupted,
  takeQueue,
} from '../../../src/main/store/queries/queue.js';
import { claimAndComplete, INVOICE_PARSER, job, memoryDb, type Db } from './fixtures.js';

function docRow(db: Db, id: string) {
  return db.prepare('SELECT status, lease, attempts, error_code, error_message, started_at, completed_at, page_count FROM documents WHERE id = ?').get(id) as {
    status: string;
    lease: string | null;
    attempts: number;
    error_code: string | null;
    error_message: string | null;
    started_at: string | null;
    completed_at: string | null;
    page_count: number;
  };
}

function results(db: Db): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM document_results').get() as { n: number }).n;
}

function complete(db: Db, document_id: string, lease: string, page_count = 1) {
  return completeDocument(db, { document_id, lease, extracted_data: { total: 5 }, confidence: 0.75, parse_run: null, page_count, processing_time_ms: 30 });
}

function fail(db: Db, document_id: string, lease: string, retry: boolean, max_attempts = 3) {
  return failDocument(db, { document_id, lease, error_code: 'OCR_ERROR', error_message: 'OCR failed', retry, max_attempts });
}

describe('claimNextDocument', () => {
  it('returns null on an empty queue', () => {
    expect(claimNextDocument(memoryDb(), { lease: 'l' })).toBeNull();
  });

  it('claims the oldest queued document first, across jobs', () => {
    const db = memoryDb();
    const a = job(db, [1, 1], INVOICE_PARSER, 'a');
    const b = job(db, [1], INVOICE_PARSER, 'b');
    const order = [1, 2, 3].map((i) => claimNextDocument(db, { lease: `l${i}` }));
    expect(order.map((c) => [c?.extraction_id, c?.filename])).toEqual([
      [a, 'a1.pdf'],
      [a, 'a2.pdf'],
      [b, 'b1.pdf'],
    ]);
    expect(claimNextDocument(db, { lease: 'l4' })).toBeNull();
  });

  it('hands out the document with its lease, attempts and the parser snapshot, and marks it processing', () => {
    const db = memoryDb();
    const id = job(db, [4]);
    const c = claimNextDocument(db, { lease: 'lease-1' })!;
    expect(c).toEqual({
      document_id: expect.stringMatching(/^doc_/),
      extraction_id: id,
      filename: 'f1.pdf',
      source_path: '/inbox/f1.pdf',
      stored_path: null,
      content_hash: 'hash-f1',
      file_size: 1004,
      mime: 'application/pdf',
      page_count: 4,
      attempts: 1,
      lease: 'lease-1',
      parser: INVOICE_PARSER,
    });
    const row = docRow(db, c.document_id);
    expect(row).toMatchObject({ status: 'processing', lease: 'lease-1', attempts: 1 });
    expect(row.started_at).not.toBeNull();
    expect(getExtraction(db, { extraction_id: id })?.status).toBe('processing');
    expect(queuedCount(db)).toBe(0);
  });
});

describe('completeDocument', () => {
  it('with the right lease: completes the document, stores the result, counts credits as pages', () => {
    const db = memoryDb();
    const id = job(db, [2, 3]);
    const c = claimNextDocument(db, { lease: 'L' })!;
    // The engine counted 5 pages where the upload estimate said 2: credits follow the real count.
    const out = complete(db, c.document_id, 'L', 5);
    expect(out).toEqual({ accepted: true, extraction_status: 'processing', job_finished: false, deliveries: 0 });
    expect(docRow(db, c.document_id)).toMatchObject({ status: 'completed', lease: null, page_count: 5 });
    expect(db.prepare('SELECT extracted_data, confidence FROM document_results WHERE document_id = ?').get(c.document_id)).toEqual({
      extracted_data: '{"total":5}',
      confidence: 0.75,
    });
    expect(getExtraction(db, { extraction_id: id })).toMatchObject({ status: 'processing', credits_used: 5, completed_at: null });
  });

  it('with a wrong lease: not accepted and nothing written', () => {
    const db = memoryDb();
    const id = job(db, [1]);
    const c = claimNextDocument(db, { lease: 'mine' })!;
    const before = docRow(db, c.document_id);
    expect(complete(db, c.document_id, 'theirs')).toEqual({ accepted: false, extraction_status: null, job_finished: false, deliveries: 0 });
    expect(docRow(db, c.document_id)).toEqual(before);
    expect(results(db)).toBe(0);
    expect(getExtraction(db, { extraction_id: id })).toMatchObject({ status: 'processing', credits_used: 0 });
  });

  it('a second completion is not accepted and writes no second result', () => {
    const db = memoryDb();
    job(db, [1]);
    const c = claimNextDocument(db, { lease: 'L' })!;
    expect(complete(db, c.document_id, 'L').accepted).toBe(true);
    expect(completeDocument(db, { document_id: c.document_id, lease: 'L', extracted_data: { total: 99 }, confidence: 1, parse_run: null, page_count: 1, processing_time_ms: 1 }).accepted).toBe(false);
    expect(results(db)).toBe(1);
    expect(db.prepare('SELECT extracted_data FROM document_results').get()).toEqual({ extracted_data: '{"total":5}' });
  });

  it('an unknown document is not accepted', () => {
    expect(complete(memoryDb(), 'doc_nope', 'L').accepted).toBe(false);
  });

  it('completing the last document completes the job', () => {
    const db = memoryDb();
    const id = job(db, [1, 2]);
    claimAndComplete(db);
    const { outcome } = claimAndComplete(db);
    expect(outcome).toEqual({ accepted: true, extraction_status: 'completed', job_finished: true, deliveries: 0 });
    const e = getExtraction(db, { extraction_id: id });
    expect(e).toMatchObject({ status: 'completed', credits_used: 3, document_summary: { total: 2, completed: 2, failed: 0, processing: 0 } });
    expect(e?.completed_at).not.toBeNull();
  });

  it('a null result is stored as JSON null', () => {
    const db = memoryDb();
    job(db, [1]);
    const c = claimNextDocument(db, { lease: 'L' })!;
    completeDocument(db, { document_id: c.document_id, lease: 'L', extracted_data: undefined, confidence: null, parse_run: null, page_count: 1, processing_time_ms: 1 });
    expect(db.prepare('SELECT extracted_data, confidence FROM document_results').get()).toEqual({ extracted_data: 'null', confidence: null });
  });
});

describe('failDocument', () => {
  it('requeues a retryable failure while attempts remain, then fails it at the limit', () => {
    const db = memoryDb();
    const id = job(db, [1]);
    for (let attempt = 1; attempt <= 2; attempt++) {
      const c = claimNextDocument(db, { lease: `L${attempt}` })!;
      expect(c.attempts).toBe(attempt);
      expect(fail(db, c.document_id, `L${attempt}`, true)).toEqual({
        accepted: true,
        extraction_status: null,
        job_finished: false,
        deliveries: 0,
        requeued: true,
      });
      expect(docRow(db, c.document_id)).toMatchObject({ status: 'queued', lease: null, attempts: attempt, error_code: 'OCR_ERROR' });
      expect(queuedCount(db)).toBe(1);
    }
    const last = claimNextDocument(db, { lease: 'L3' })!;
    expect(last.attempts).toBe(3);
    expect(fail(db, last.document_id, 'L3', true)).toEqual({ accepted: true, extraction_status: 'failed', job_finished: true, deliveries: 0, requeued: false });
    expect(docRow(db, last.document_id)).toMatchObject({ status: 'failed', attempts: 3, error_code: 'OCR_ERROR', error_message: 'OCR failed' });
    expect(docRow(db, last.document_id).completed_at).not.toBeNull();
    expect(getExtraction(db, { extraction_id: id })).toMatchObject({ status: 'failed', credits_used: 0 });
    expect(queuedCount(db)).toBe(0);
  });

  it('a failure that may not be retried fails at once', () => {
    const db = memoryDb();
    job(db, [1]);
    const c = claimNextDocument(db, { lease: 'L' })!;
    expect(fail(db, c.document_id, 'L', false, 5)).toMatchObject({ accepted: true, requeued: false, extraction_status: 'failed' });
    expect(docRow(db, c.document_id).status).toBe('failed');
  });

  it('with a wrong lease: not accepted and nothing changes', () => {
    const db = memoryDb();
    job(db, [1]);
    const c = claimNextDocument(db, { lease: 'L' })!;
    expect(fail(db, c.document_id, 'other', false)).toEqual({ accepted: false, extraction_status: null, job_finished: false, deliveries: 0, requeued: false });
    expect(docRow(db, c.document_id)).toMatchObject({ status: 'processing', lease: 'L', error_code: null });
  });

  it('a completed retry clears the earlier error', () => {
    const db = memoryDb();
    job(db, [1]);
    const c1 = claimNextDocument(db, { lease: 'L1' })!;
    fail(db, c1.document_id, 'L1', true);
    const { claim } = claimAndComplete(db, {}, 'L2');
    expect(docRow(db, claim.document_id)).toMatchObject({ status: 'completed', attempts: 2, error_code: null, error_message: null });
  });
});

describe('job status', () => {
  it('is partial when some documents completed and some failed', () => {
    const db = memoryDb();
    const id = job(db, [2, 1]);
    claimAndComplete(db);
    const c = claimNextDocument(db, { lease: 'L' })!;
    expect(fail(db, c.document_id, 'L', false).extraction_status).toBe('partial');
    expect(getExtraction(db, { extraction_id: id })).toMatchObject({
      status: 'partial',
      credits_used: 2,
      document_summary: { total: 2, completed: 1, failed: 1, processing: 0 },
    });
  });

  it('stays processing while a document is still queued after a failure', () => {
    const db = memoryDb();
    const id = job(db, [1, 1]);
    const c = claimNextDocument(db, { lease: 'L' })!;
    expect(fail(db, c.document_id, 'L', false)).toMatchObject({ extraction_status: 'processing', job_finished: false });
    expect(getExtraction(db, { extraction_id: id })?.completed_at).toBeNull();
  });
});

describe('requeueInterrupted', () => {
  it('puts documents left processing back in the queue without their lease', () => {
    const db = memoryDb();
    job(db, [1, 1, 1]);
    const a = claimNextDocument(db, { lease: 'dead-1' })!;
    const b = claimNextDocument(db, { lease: 'dead-2' })!;
    complete(db, a.document_id, 'dead-1');
    expect(requeueInterrupted(db, {})).toBe(1);
    expect(docRow(db, b.document_id)).toMatchObject({ status: 'queued', lease: null, attempts: 1 });
    expect(docRow(db, a.document_id).status).toBe('completed');
    expect(queuedCount(db)).toBe(2);
    // The old lease is dead: the interrupted run cannot complete it any more.
    expect(complete(db, b.document_id, 'dead-2').accepted).toBe(false);
    // The requeued document comes first again (oldest), on its second attempt.
    const again = claimNextDocument(db, { lease: 'new' })!;
    expect([again.document_id, again.attempts]).toEqual([b.document_id, 2]);
    expect(requeueInterrupted(memoryDb(), {})).toBe(0);
  });
});

describe('cancelExtraction', () => {
  it('fails the queued documents as CANCELLED and returns the running ones', () => {
    const db = memoryDb();
    const id = job(db, [1, 1, 1, 1]);
    const other = job(db, [1], INVOICE_PARSER, 'o');
    claimAndComplete(db); // f1 completed
    const running = claimNextDocument(db, { lease: 'R' })!; // f2 processing
    const out = cancelExtraction(db, { extraction_id: id });
    expect(out).toMatchObject({ found: true, running: [running.document_id], deliveries: 0, extraction_status: 'processing' });
    expect(out.cancelled).toHaveLength(2);
    const docs = db.prepare('SELECT filename, status, error_code, error_message FROM documents WHERE extraction_id = ? ORDER BY position').all(id);
    expect(docs).toEqual([
      { filename: 'f1.pdf', status: 'completed', error_code: null, error_message: null },
      { filename: 'f2.pdf', status: 'processing', error_code: null, error_message: null },
      { filename: 'f3.pdf', status: 'failed', error_code: 'CANCELLED', error_message: 'Cancelled before processing.' },
      { filename: 'f4.pdf', status: 'failed', error_code: 'CANCELLED', error_message: 'Cancelled before processing.' },
    ]);
    expect(getExtraction(db, { extraction_id: id })?.status).toBe('processing');
    // The other job's queue is untouched.
    expect(getExtraction(db, { extraction_id: other })?.documents.map((d) => d.status)).toEqual(['queued']);
    // When the running one stops, the job ends partial.
    expect(failDocument(db, { document_id: running.document_id, lease: 'R', error_code: 'CANCELLED', error_message: 'Cancelled.', retry: false, max_attempts: 3 })).toMatchObject({
      extraction_status: 'partial',
      job_finished: true,
    });
  });

  it('a job cancelled before any document started ends failed', () => {
    const db = memoryDb();
    const id = job(db, [1, 1]);
    const out = cancelExtraction(db, { extraction_id: id });
    expect(out).toMatchObject({ found: true, running: [], deliveries: 0, extraction_status: 'failed' });
    expect(out.cancelled).toHaveLength(2);
    expect(getExtraction(db, { extraction_id: id })).toMatchObject({
      status: 'failed',
      credits_used: 0,
      document_summary: { total: 2, completed: 0, failed: 2, processing: 0 },
    });
    expect(queuedCount(db)).toBe(0);
  });

  it('an unknown job is not found', () => {
    expect(cancelExtraction(memoryDb(), { extraction_id: 'ext_nope' })).toEqual({ found: false, cancelled: [], running: [], deliveries: 0, extraction_status: null });
  });
});

describe('takeQueue', () => {
  const STALE = 60_000;
  const take = (db: Db, token: string, pid: number, host = 'here') => takeQueue(db, { token, pid, host, stale_ms: STALE });
  /** A process id that ran and has ended. */
  const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;
  const backdate = (db: Db, ms: number) =>
    db.prepare("UPDATE settings SET value = json_set(value, '$.beat', json_extract(value, '$.beat') - ?) WHERE key = 'queue_owner'").run(ms);

  it('refuses while another live process of this machine runs the queue, naming it', () => {
    const db = memoryDb();
    expect(take(db, 'A', process.ppid)).toBeNull();
    expect(take(db, 'B', process.pid)).toEqual({ pid: process.ppid, host: 'here' });
    // The refused one changed nothing: the owner still renews.
    expect(renewQueue(db, { token: 'A' })).toBe(true);
  });

  it('takes the queue of a process that is gone (killed), of this same process, or released', () => {
    const db = memoryDb();
    expect(take(db, 'A', deadPid())).toBeNull();
    expect(take(db, 'B', process.pid)).toBeNull();
    expect(renewQueue(db, { token: 'A' })).toBe(false);
    expect(take(db, 'C', process.pid)).toBeNull();
    releaseQueue(db, { token: 'C' });
    expect(take(db, 'D', process.ppid)).toBeNull();
  });

  it('on a folder shared with another machine: refuses while that owner is heard from, takes it once it is silent', () => {
    const db = memoryDb();
    expect(take(db, 'A', 1, 'elsewhere')).toBeNull();
    expect(take(db, 'B', process.pid)).toEqual({ pid: 1, host: 'elsewhere' });
    backdate(db, STALE + 1);
    expect(take(db, 'B', process.pid)).toBeNull();
    expect(renewQueue(db, { token: 'A' })).toBe(false);
  });

  it('takes the queue over a record it cannot read', () => {
    const db = memoryDb();
    db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('queue_owner', 'not json', '')").run();
    expect(take(db, 'A', process.pid)).toBeNull();
    expect(renewQueue(db, { token: 'A' })).toBe(true);
  });

  it('a release by an owner that lost the queue leaves the new owner in place', () => {
    const db = memoryDb();
    expect(take(db, 'A', deadPid())).toBeNull();
    expect(take(db, 'B', process.ppid)).toBeNull();
    releaseQueue(db, { token: 'A' });
    expect(take(db, 'C', process.pid)).toEqual({ pid: process.ppid, host: 'here' });
  });
});
