// Extraction queries: job creation (with Idempotency-Key), listing, results and export pages.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/shared/api/errors.js';
import {
  createExtraction,
  documentDetail,
  documentParseRun,
  exportHeader,
  exportRows,
  extractionResults,
  getExtraction,
  IDEMPOTENCY_TTL_MS,
  listExtractions,
  purgeIdempotencyKeys,
} from '../../../src/main/store/queries/extractions.js';
import { createJob } from '../../../src/main/store/queries/jobs.js';
import { claimNextDocument, completeDocument, failDocument } from '../../../src/main/store/queries/queue.js';
import { claimAndComplete, doc, INVOICE_PARSER, job, memoryDb, setColumn, type Db } from './fixtures.js';

const KEY = { scope: 'extractions', key: 'client-key-1', fingerprint: 'request-1' };

function count(db: Db, table: string): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}

describe('createExtraction', () => {
  it('creates a queued job and its queued documents in order', () => {
    const db = memoryDb();
    const { extraction_id, replayed } = createExtraction(db, { parser: INVOICE_PARSER, documents: [doc('a', 2), doc('b', 3)] });
    expect(replayed).toBe(false);
    expect(extraction_id).toMatch(/^ext_[0-9a-v]{24}$/);
    const e = getExtraction(db, { extraction_id });
    expect(e).toMatchObject({
      extraction_id,
      parser_id: 'prs_invoices',
      status: 'queued',
      file_count: 2,
      page_count: 5,
      credits_used: 0,
      credits_remaining: null,
      // Queued documents are not finished: /v1 counts them as processing.
      document_summary: { total: 2, completed: 0, failed: 0, processing: 2 },
      completed_at: null,
    });
    expect(e?.documents).toEqual([
      { document_id: expect.stringMatching(/^doc_/), filename: 'a.pdf', page_count: 2, credits_used: 0, status: 'queued', error_message: null },
      { document_id: expect.stringMatching(/^doc_/), filename: 'b.pdf', page_count: 3, credits_used: 0, status: 'queued', error_message: null },
    ]);
    // The parser is kept as it was when the job was created.
    expect(exportHeader(db, { extraction_id })).toEqual({ extraction_id, parser: INVOICE_PARSER, paths: false, created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/), parse_only: false });
    expect(getExtraction(db, { extraction_id: 'ext_nope' })).toBeNull();
    expect(exportHeader(db, { extraction_id: 'ext_nope' })).toBeNull();
  });

  it('lists only the first documents when given a limit, still counting them all', () => {
    const db = memoryDb();
    const extraction_id = job(db, [1, 1, 1, 1, 1]);
    const e = getExtraction(db, { extraction_id, document_limit: 2 });
    expect(e?.documents.map((d) => d.filename)).toEqual(['f1.pdf', 'f2.pdf']);
    expect(e?.document_summary.total).toBe(5);
    expect(getExtraction(db, { extraction_id, document_limit: 10 })?.documents).toHaveLength(5);
  });

  it('replays an idempotency key seen within 24 h: same id, nothing created', () => {
    const db = memoryDb();
    const first = createExtraction(db, { parser: INVOICE_PARSER, documents: [doc('a')], idempotency: KEY });
    const again = createExtraction(db, { parser: INVOICE_PARSER, documents: [doc('b'), doc('c')], idempotency: KEY });
    expect(again).toEqual({ extraction_id: first.extraction_id, replayed: true });
    expect(count(db, 'extractions')).toBe(1);
    expect(count(db, 'documents')).toBe(1);
    expect(count(db, 'idempotency_keys')).toBe(1);
  });

  it('refuses a key first used for a different request (409 CONFLICT), creating nothing', () => {
    const db = memoryDb();
    const first = createExtraction(db, { parser: INVOICE_PARSER, documents: [doc('a')], idempotency: KEY });
    let refused: unknown;
    try {
      createExtraction(db, { parser: INVOICE_PARSER, documents: [doc('b')], idempotency: { ...KEY, fingerprint: 'request-2' } });
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ code: 'CONFLICT', status: 409, field: 'Idempotency-Key' });
    expect((refused as ApiError).message).toContain(first.extraction_id);
    expect((refused as ApiError).message).toMatch(/different request/);
    expect(count(db, 'extractions')).toBe(1);
    expect(db.prepare('SELECT fingerprint FROM idempotency_keys').all()).toEqual([{ fingerprint: 'request-1' }]);
    // The same request still replays.
    expect(createExtraction(db, { parser: INVOICE_PARSER, documents: [doc('a')], idempotency: KEY })).toEqual({ extraction_id: first.extraction_id, replayed: true });
  });

  it('a key stored before fingerprints were kept replays whatever comes with it', () => {
    const db = memoryDb();
    const first = createExtraction(db, { parser: INVOICE_PARSER, documents: [doc('a')], idempotency: KEY });
    db.prepare('UPDATE idempotency_keys SET fingerprint = NULL').run();
    const again = createExtraction(db, { parser: INVOICE_PARSER, documents: [doc('b')], idempotency: { ...KEY, fingerprint: 'request-2' } });
    expect(again).toEqual({ extraction_id: first.extraction_id, replayed: true });
  });

  it('the same key in another scope, or another key, creates a new job', () => {
    const db = memoryDb();
    const first = createExtraction(db, { parser: INVOICE_PARSER, documents: [doc('a')], idempotency: KEY });
    const otherScope = createExtraction(db, { parser: INVOICE_PARSER, documents: [doc('a')], idempotency: { ...KEY, scope: 'other' } });
    const otherKey = createExtraction(db, { parser: INVOICE_PARSER, documents: [doc('a')], idempotency: { ...KEY, key: 'client-key-2' } });
    expect(new Set([first.extraction_id, otherScope.extraction_id, otherKey.extraction_id]).size).toBe(3);
    expect([otherScope.replayed, otherKey.replayed]).toEqual([false, false]);
  });

  it('an expired key creates a new job and now points at it', () => {
    const db = memoryDb();
    const first = createExtraction(db, { parser: INVOICE_PARSER, documents: [doc('a')], idempotency: KEY });
    const old = new Date(Date.now() - IDEMPOTENCY_TTL_MS - 60_000).toISOString();
    db.prepare('UPDATE idempotency_keys SET created_at = ?').run(old);
    const second = createExtraction(db, { parser: INVOICE_PARSER, documents: [doc('b')], idempotency: KEY });
    expect(second.replayed).toBe(false);
    expect(second.extraction_id).not.toBe(first.extraction_id);
    expect(count(db, 'extractions')).toBe(2);
    expect(db.prepare('SELECT resource_id FROM idempotency_keys').all()).toEqual([{ resource_id: second.extraction_id }]);
    expect(createExtraction(db, { parser: INVOICE_PARSER, documents: [doc('c')], idempotency: KEY })).toEqual({
      extraction_id: second.extraction_id,
      replayed: true,
    });
  });

  it('a key just inside 24 h still replays', () => {
    const db = memoryDb();
    const first = createExtraction(db, { parser: INVOICE_PARSER, documents: [doc('a')], idempotency: KEY });
    db.prepare('UPDATE idempotency_keys SET created_at = ?').run(new Date(Date.now() - IDEMPOTENCY_TTL_MS + 60_000).toISOString());
    expect(createExtraction(db, { parser: INVOICE_PARSER, documents: [doc('b')], idempotency: KEY }).extraction_id).toBe(first.extraction_id);
  });

  it('purgeIdempotencyKeys forgets keys older than 24 h only', () => {
    const db = memoryDb();
    createExtraction(db, { parser: INVOICE_PARSER, documents: [doc('a')], idempotency: KEY });
    createExtraction(db, { parser: INVOICE_PARSER, documents: [doc('b')], idempotency: { ...KEY, key: 'fresh' } });
    db.prepare('UPDATE idempotency_keys SET created_at = ? WHERE key = ?').run(new Date(Date.now() - IDEMPOTENCY_TTL_MS - 1000).toISOString(), KEY.key);
    expect(purgeIdempotencyKeys(db)).toBe(1);
    expect(db.prepare('SELECT key FROM idempotency_keys').all()).toEqual([{ key: 'fresh' }]);
  });
});

describe('listExtractions', () => {
  const OTHER = { ...INVOICE_PARSER, parser_id: 'prs_receipts', name: 'Receipts' };

  function seed(db: Db) {
    const ids = [job(db, [1]), job(db, [1], OTHER), job(db, [1]), job(db, [1], OTHER), job(db, [1])];
    const stamps = ['2024-01-01T00:00:00.000Z', '2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z', '2024-04-01T00:00:00.000Z', '2024-05-01T00:00:00.000Z'];
    ids.forEach((id, i) => setColumn(db, 'extractions', id, 'created_at', stamps[i]));
    return ids;
  }

  it('lists newest first and filters by parser', () => {
    const db = memoryDb();
    const ids = seed(db);
    expect(listExtractions(db, { limit: 10 }).items.map((e) => e.extraction_id)).toEqual([...ids].reverse());
    expect(listExtractions(db, { limit: 10, parser_id: 'prs_receipts' }).items.map((e) => e.extraction_id)).toEqual([ids[3], ids[1]]);
    expect(listExtractions(db, { limit: 10, parser_id: 'prs_nope' }).items).toEqual([]);
  });

  it('filters by status', () => {
    const db = memoryDb();
    const ids = seed(db);
    setColumn(db, 'extractions', ids[2]!, 'status', 'completed');
    expect(listExtractions(db, { limit: 10, status: 'completed' }).items.map((e) => e.extraction_id)).toEqual([ids[2]]);
    expect(listExtractions(db, { limit: 10, status: 'queued' }).items).toHaveLength(4);
    expect(listExtractions(db, { limit: 10, status: 'partial' }).items).toEqual([]);
  });

  it('filters by since, inclusive, with any UTC offset', () => {
    const db = memoryDb();
    const ids = seed(db);
    expect(listExtractions(db, { limit: 10, since: '2024-03-01T00:00:00.000Z' }).items.map((e) => e.extraction_id)).toEqual([ids[4], ids[3], ids[2]]);
    // 2024-03-01T01:00+02:00 is 2024-02-29T23:00Z: March's job is after it, February's is not.
    expect(listExtractions(db, { limit: 10, since: '2024-03-01T01:00:00+02:00' }).items.map((e) => e.extraction_id)).toEqual([ids[4], ids[3], ids[2]]);
    expect(listExtractions(db, { limit: 10, since: '2024-03-01T00:00:01Z' }).items.map((e) => e.extraction_id)).toEqual([ids[4], ids[3]]);
  });

  it('combines filters and pages through them', () => {
    const db = memoryDb();
    const ids = seed(db);
    const p1 = listExtractions(db, { limit: 1, parser_id: 'prs_invoices', since: '2024-01-15T00:00:00Z' });
    expect(p1.items.map((e) => e.extraction_id)).toEqual([ids[4]]);
    expect(p1.pagination.has_next_page).toBe(true);
    const p2 = listExtractions(db, { limit: 1, parser_id: 'prs_invoices', since: '2024-01-15T00:00:00Z', cursor: p1.pagination.next_cursor! });
    expect(p2.items.map((e) => e.extraction_id)).toEqual([ids[2]]);
    expect(p2.pagination).toEqual({ limit: 1, has_next_page: false, next_cursor: null });
  });

  it('pages 2 at a time over 5 jobs without overlap or gap', () => {
    const db = memoryDb();
    const ids = seed(db);
    const seen: string[] = [];
    let cursor: string | undefined;
    const flags: boolean[] = [];
    for (;;) {
      const page = listExtractions(db, { limit: 2, cursor });
      seen.push(...page.items.map((e) => e.extraction_id));
      flags.push(page.pagination.has_next_page);
      if (!page.pagination.next_cursor) break;
      cursor = page.pagination.next_cursor;
    }
    expect(seen).toEqual([...ids].reverse());
    expect(flags).toEqual([true, true, false]);
  });

  it('a foreign cursor is INVALID_PAYLOAD', () => {
    expect(() => listExtractions(memoryDb(), { limit: 2, cursor: 'bogus' })).toThrow(
      expect.objectContaining({ code: 'INVALID_PAYLOAD', field: 'cursor' }) as ApiError,
    );
  });

  it('document_summary counts each status of the job’s documents, queued ones as processing', () => {
    const db = memoryDb();
    const id = job(db, [1, 2, 3, 4]);
    claimAndComplete(db); // f1 completed
    const c2 = claimNextDocument(db, { lease: 'l2' })!; // f2 failed
    failDocument(db, { document_id: c2.document_id, lease: 'l2', error_code: 'CORRUPT_FILE', error_message: 'bad', retry: false, max_attempts: 3 });
    claimNextDocument(db, { lease: 'l3' }); // f3 processing, f4 queued
    const [listed] = listExtractions(db, { limit: 1 }).items;
    expect(listed?.document_summary).toEqual({ total: 4, completed: 1, failed: 1, processing: 2 });
    expect(listed?.credits_used).toBe(1);
    expect(getExtraction(db, { extraction_id: id })?.documents.map((d) => [d.filename, d.status, d.credits_used, d.error_message])).toEqual([
      ['f1.pdf', 'completed', 1, null],
      ['f2.pdf', 'failed', 0, 'bad'],
      ['f3.pdf', 'processing', 0, null],
      ['f4.pdf', 'queued', 0, null],
    ]);
  });
});

describe('results', () => {
  it('extractionResults shows each document’s data, null until it is done', () => {
    const db = memoryDb();
    const id = job(db, [2, 1]);
    claimAndComplete(db, { invoice_number: 'A-1', total: 10.5 });
    const r = extractionResults(db, { extraction_id: id });
    expect(r).toMatchObject({ extraction_id: id, status: 'processing', credits_used: 2 });
    expect(r?.documents).toEqual([
      {
        document_id: expect.any(String),
        filename: 'f1.pdf',
        page_count: 2,
        credits_used: 2,
        status: 'completed',
        error_message: null,
        extracted_data: { invoice_number: 'A-1', total: 10.5 },
        confidence: 0.9,
        fields: null,
        processing_time_ms: 12,
        created_at: expect.any(String),
        completed_at: expect.any(String),
      },
      {
        document_id: expect.any(String),
        filename: 'f2.pdf',
        page_count: 1,
        credits_used: 0,
        status: 'queued',
        error_message: null,
        extracted_data: null,
        confidence: null,
        fields: null,
        processing_time_ms: null,
        created_at: expect.any(String),
        completed_at: null,
      },
    ]);
    expect(extractionResults(db, { extraction_id: 'ext_nope' })).toBeNull();
  });

  it('documentDetail adds the job, the file facts and the attempts', () => {
    const db = memoryDb();
    const id = job(db, [3]);
    const { claim } = claimAndComplete(db, { total: 7 });
    const d = documentDetail(db, { extraction_id: id, document_id: claim.document_id });
    expect(d).toEqual({
      document_id: claim.document_id,
      filename: 'f1.pdf',
      page_count: 3,
      credits_used: 3,
      status: 'completed',
      error_message: null,
      extracted_data: { total: 7 },
      confidence: 0.9,
      fields: null,
      processing_time_ms: 12,
      created_at: expect.any(String),
      completed_at: expect.any(String),
      extraction_id: id,
      parser_id: 'prs_invoices',
      parser_name: 'Invoices',
      file_type: 'application/pdf',
      file_size: 1003,
      content_hash: 'hash-f1',
      attempts: 1,
    });
    expect(documentDetail(db, { extraction_id: 'ext_other', document_id: claim.document_id })).toBeNull();
    expect(documentDetail(db, { extraction_id: id, document_id: 'doc_nope' })).toBeNull();
  });

  it('documentParseRun returns the stored run text, or null', () => {
    const db = memoryDb();
    job(db, [1, 1]);
    const c = claimNextDocument(db, { lease: 'l' })!;
    completeDocument(db, { document_id: c.document_id, lease: 'l', extracted_data: {}, confidence: null, parse_run: '{"object":"parser_run"}', page_count: 1, processing_time_ms: 1 });
    expect(documentParseRun(db, { document_id: c.document_id })).toBe('{"object":"parser_run"}');
    const { claim } = claimAndComplete(db);
    expect(documentParseRun(db, { document_id: claim.document_id })).toBeNull();
    expect(documentParseRun(db, { document_id: 'doc_nope' })).toBeNull();
  });

  it('exportRows pages by position and can select one document', () => {
    const db = memoryDb();
    const id = job(db, [1, 1, 1, 1, 1]);
    for (let i = 1; i <= 5; i++) claimAndComplete(db, { n: i });
    const page1 = exportRows(db, { extraction_id: id, after_position: -1, limit: 2 });
    expect(page1.map((r) => [r.position, r.filename, r.extracted_data, r.extraction_id])).toEqual([
      [0, 'f1.pdf', { n: 1 }, id],
      [1, 'f2.pdf', { n: 2 }, id],
    ]);
    const page2 = exportRows(db, { extraction_id: id, after_position: page1.at(-1)!.position, limit: 2 });
    expect(page2.map((r) => r.position)).toEqual([2, 3]);
    const page3 = exportRows(db, { extraction_id: id, after_position: 3, limit: 2 });
    expect(page3.map((r) => r.position)).toEqual([4]);
    expect(exportRows(db, { extraction_id: id, after_position: 4, limit: 2 })).toEqual([]);

    const third = page2[0]!;
    const one = exportRows(db, { extraction_id: id, after_position: -1, limit: 100, document_id: third.document_id });
    expect(one.map((r) => [r.document_id, r.position, r.extracted_data])).toEqual([[third.document_id, 2, { n: 3 }]]);
    expect(exportRows(db, { extraction_id: 'ext_nope', after_position: -1, limit: 10 })).toEqual([]);
  });

  it('exports carry the path below the added folder when one tells same-named files apart', () => {
    const db = memoryDb();
    const flat = createJob(db, { kind: 'extract', parser: INVOICE_PARSER, documents: [{ ...doc('a'), relative_path: 'a.pdf' }] }).extraction_id;
    expect(exportHeader(db, { extraction_id: flat })?.paths).toBe(false);
    const docs = ['march', 'april'].map((month) => ({ ...doc('inv'), relative_path: `${month}/inv.pdf` }));
    const folders = createJob(db, { kind: 'extract', parser: INVOICE_PARSER, documents: docs }).extraction_id;
    expect(exportHeader(db, { extraction_id: folders })?.paths).toBe(true);
    expect(exportRows(db, { extraction_id: folders, after_position: -1, limit: 10 }).map((r) => [r.filename, r.path])).toEqual([
      ['inv.pdf', 'march/inv.pdf'],
      ['inv.pdf', 'april/inv.pdf'],
    ]);
    // A /v1 job has no folder: the path is the file's name.
    const api = job(db, [1]);
    expect(exportRows(db, { extraction_id: api, after_position: -1, limit: 10 }).map((r) => r.path)).toEqual(['f1.pdf']);
  });
});
