// Jobs as the desktop sees them: extractions and parse-only runs with their progress, pause and
// resume, retrying failed documents, files that failed before processing, and "processed before".
import { ApiError } from '../../../shared/api/errors.js';
import { ID_PREFIX, type Page } from '../../../shared/api/common.js';
import type { ExtractionStatus } from '../../../shared/api/extractions.js';
import type { JobDocument, JobSummary, StagedFile } from '../../../shared/rpc-contract.js';
import { nowIso, type Db } from '../db.js';
import { decodeCursor, listKey, newId, pageOf } from './common.js';
import { toCore, type ExtractionRow, type NewDocument, type ParserSnapshot } from './extractions.js';
import { enqueueDeliveries } from './webhook-events.js';

/** The snapshot a parse-only job keeps: no parser, no fields ('' keeps /v1's parser_id a string). */
export const PARSE_ONLY_SNAPSHOT: ParserSnapshot = { parser_id: '', name: '', result_mode: 'one_per_file', fields: [] };

export type JobKind = 'extract' | 'parse';

export interface NewJobDocument extends NewDocument {
  relative_path: string;
  /** A file that cannot be processed (unreadable, unsupported): it is failed at once. */
  failure?: { code: string; message: string } | null | undefined;
}

type JobRow = Omit<ExtractionRow, 'total' | 'completed' | 'failed' | 'processing'> & { kind: JobKind; paused: number; origin: 'local' | 'remote' };

/** A job summary with, for a job processed by the hosted service, why it stopped (a sentence,
 *  resumable with sync.resume), or null. */
export type JobSummaryRow = JobSummary & { sync_error?: string | null };

interface Counts {
  extraction_id: string;
  total: number;
  completed: number;
  failed: number;
  processing: number;
  queued: number;
  cancelled: number;
  pages_done: number;
}

const FINISHED: readonly ExtractionStatus[] = ['completed', 'failed', 'partial'];

/** Per job: its documents by status (and the cancelled among the failed) and the pages done (a completed document counts all its pages). */
function countsFor(db: Db, ids: string[]): Map<string, Counts> {
  const out = new Map<string, Counts>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = db
      .prepare(
        `SELECT extraction_id, COUNT(*) AS total,
           SUM(status = 'completed') AS completed, SUM(status = 'failed') AS failed,
           SUM(status = 'processing') AS processing, SUM(status = 'queued') AS queued,
           SUM(status = 'failed' AND error_code = 'CANCELLED') AS cancelled,
           SUM(CASE WHEN status = 'completed' THEN page_count ELSE pages_done END) AS pages_done
         FROM documents WHERE extraction_id IN (${chunk.map(() => '?').join(',')}) GROUP BY extraction_id`,
      )
      .all(...chunk) as Counts[];
    for (const r of rows) out.set(r.extraction_id, r);
  }
  return out;
}

/** Per remote job: the first error that stopped one of its batches. */
function syncErrorsFor(db: Db, rows: JobRow[]): Map<string, string> {
  const out = new Map<string, string>();
  const remote = rows.filter((r) => r.origin === 'remote').map((r) => r.id);
  for (let i = 0; i < remote.length; i += 500) {
    const chunk = remote.slice(i, i + 500);
    const errors = db
      .prepare(
        `SELECT extraction_id, last_error FROM sync_batches WHERE status = 'error' AND extraction_id IN (${chunk.map(() => '?').join(',')})
         ORDER BY batch_index`,
      )
      .all(...chunk) as Array<{ extraction_id: string; last_error: string | null }>;
    for (const e of errors) if (!out.has(e.extraction_id)) out.set(e.extraction_id, e.last_error ?? 'The hosted service stopped this job.');
  }
  return out;
}

function toSummary(row: JobRow, counts: Counts | undefined, syncError?: string | undefined): JobSummaryRow {
  const c = counts ?? { total: 0, completed: 0, failed: 0, processing: 0, queued: 0, cancelled: 0, pages_done: 0 };
  return {
    ...toCore({ ...row, total: c.total, completed: c.completed, failed: c.failed, processing: c.processing }),
    origin: row.origin,
    parser_name: row.kind === 'parse' ? null : row.parser_name,
    paused: row.paused === 1 && !FINISHED.includes(row.status),
    pages_done: c.pages_done,
    queued: c.queued,
    cancelled: c.cancelled,
    ...(row.origin === 'remote' ? { sync_error: syncError ?? null } : {}),
  };
}

/** Creates a job (an extraction, or parse-only) and its documents in one transaction. Files that
 *  cannot be processed are failed at once with their reason; a job with nothing left to process
 *  is finished at once. Returns the id and how many webhook deliveries were queued. */
export function createJob(db: Db, args: { kind: JobKind; parser: ParserSnapshot; documents: NewJobDocument[] }): { extraction_id: string; deliveries: number } {
  return db.transaction(() => {
    const now = nowIso();
    const id = newId(ID_PREFIX.extraction);
    const pages = args.documents.reduce((n, d) => n + d.page_count, 0);
    const failed = args.documents.filter((d) => d.failure).length;
    const finished = failed === args.documents.length;
    db.prepare(
      `INSERT INTO extractions (id, parser_id, parser_name, parser_snapshot, status, file_count, page_count, created_at, updated_at, completed_at, kind)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      args.parser.parser_id,
      args.parser.name,
      JSON.stringify(args.parser),
      finished ? 'failed' : 'queued',
      args.documents.length,
      pages,
      now,
      now,
      finished ? now : null,
      args.kind,
    );
    const insert = db.prepare(
      `INSERT INTO documents (id, extraction_id, position, filename, relative_path, source_path, stored_path, content_hash, file_size, mime, page_count,
         status, error_code, error_message, completed_at, created_at, updated_at)
       VALUES (@id, @extraction_id, @position, @filename, @relative_path, @source_path, @stored_path, @content_hash, @file_size, @mime, @page_count,
         @status, @error_code, @error_message, @completed_at, @now, @now)`,
    );
    let deliveries = 0;
    args.documents.forEach((d, position) => {
      const documentId = newId(ID_PREFIX.document);
      insert.run({
        id: documentId,
        extraction_id: id,
        position,
        filename: d.filename,
        relative_path: d.relative_path,
        source_path: d.source_path,
        stored_path: d.stored_path,
        content_hash: d.content_hash,
        file_size: d.file_size,
        mime: d.mime,
        page_count: d.page_count,
        status: d.failure ? 'failed' : 'queued',
        error_code: d.failure?.code ?? null,
        error_message: d.failure?.message ?? null,
        completed_at: d.failure ? now : null,
        now,
      });
      if (d.failure) deliveries += enqueueDeliveries(db, { event: 'extraction.document_completed', extraction_id: id, document_id: documentId, now });
    });
    if (finished) deliveries += enqueueDeliveries(db, { event: 'extraction.job_completed', extraction_id: id, now });
    return { extraction_id: id, deliveries };
  })();
}

function jobRow(db: Db, id: string): JobRow | undefined {
  return db.prepare('SELECT * FROM extractions WHERE id = ?').get(id) as JobRow | undefined;
}

/** One job's summary, or null. */
export function jobSummary(db: Db, args: { extraction_id: string }): JobSummaryRow | null {
  const row = jobRow(db, args.extraction_id);
  return row ? toSummary(row, countsFor(db, [row.id]).get(row.id), syncErrorsFor(db, [row]).get(row.id)) : null;
}

const JOBS_LIST = listKey('jobs');

/** Jobs, newest first. */
export function listJobs(db: Db, args: { limit: number; cursor?: string | undefined }): Page<JobSummaryRow> {
  const after = decodeCursor(args.cursor, JOBS_LIST);
  if (after === null) throw new ApiError('INVALID_PAYLOAD', 'cursor: not a cursor returned by this app', 'cursor');
  const rows = db.prepare('SELECT * FROM extractions WHERE seq < ? ORDER BY seq DESC LIMIT ?').all(after ?? Number.MAX_SAFE_INTEGER, args.limit + 1) as JobRow[];
  const counts = countsFor(db, rows.slice(0, args.limit).map((r) => r.id));
  const syncErrors = syncErrorsFor(db, rows.slice(0, args.limit));
  return pageOf(rows, args.limit, (r) => toSummary(r, counts.get(r.id), syncErrors.get(r.id)), JOBS_LIST);
}

interface DocumentJoin {
  id: string;
  filename: string;
  relative_path: string | null;
  status: JobDocument['status'];
  pages_done: number;
  page_count: number;
  attempts: number;
  error_code: string | null;
  error_message: string | null;
  confidence: number | null;
  processing_time_ms: number | null;
}

/** A job with every document (error messages as stored), or null. */
export function jobDocuments(db: Db, args: { extraction_id: string }): JobDocument[] {
  const rows = db
    .prepare(
      `SELECT d.id, d.filename, d.relative_path, d.status, d.pages_done, d.page_count, d.attempts, d.error_code, d.error_message,
         d.processing_time_ms, r.confidence
       FROM documents d LEFT JOIN document_results r ON r.document_id = d.id WHERE d.extraction_id = ? ORDER BY d.position`,
    )
    .all(args.extraction_id) as DocumentJoin[];
  return rows.map((d) => ({
    document_id: d.id,
    filename: d.filename,
    relative_path: d.relative_path ?? d.filename,
    status: d.status,
    pages_done: d.status === 'completed' ? d.page_count : d.pages_done,
    page_count: d.page_count,
    attempts: d.attempts,
    error_code: d.error_code,
    error_message: d.error_message,
    confidence: d.confidence,
    processing_time_ms: d.processing_time_ms,
  }));
}

/** Pauses or resumes a job. A finished job cannot be paused. */
export function setJobPaused(db: Db, args: { extraction_id: string; paused: boolean }): { found: boolean; finished: boolean } {
  const row = jobRow(db, args.extraction_id);
  if (!row) return { found: false, finished: false };
  const finished = FINISHED.includes(row.status);
  if (finished && args.paused) return { found: true, finished };
  db.prepare('UPDATE extractions SET paused = ?, updated_at = ? WHERE id = ?').run(args.paused ? 1 : 0, nowIso(), args.extraction_id);
  return { found: true, finished };
}

/** Queues a job's failed documents (but those that failed for want of a password), or those
 *  of `document_ids` that failed, again with fresh attempts; the job is open again, and no
 *  longer paused. A file that had changed since it was added is taken as it is now. Returns the
 *  ids queued (none when nothing had failed). */
export function retryFailedDocuments(db: Db, args: { extraction_id: string; document_ids?: string[] | undefined }): { found: boolean; retried: string[] } {
  return db.transaction(() => {
    if (!jobRow(db, args.extraction_id)) return { found: false, retried: [] };
    const wanted = args.document_ids ? new Set(args.document_ids) : null;
    // Retrying a whole job leaves out documents that failed for want of a password: only
    // unlocking one (which names it, with the password) can open it.
    const failed = (
      db
        .prepare("SELECT id, error_code FROM documents WHERE extraction_id = ? AND status = 'failed' ORDER BY position")
        .all(args.extraction_id) as Array<{ id: string; error_code: string | null }>
    ).filter((f) => (wanted ? wanted.has(f.id) : f.error_code !== 'PASSWORD_PROTECTED_FILE'));
    if (failed.length === 0) return { found: true, retried: [] };
    const now = nowIso();
    const requeue = db.prepare(
      `UPDATE documents SET status = 'queued', attempts = 0, lease = NULL, error_code = NULL, error_message = NULL, pages_done = 0,
         content_hash = CASE WHEN error_code = 'FILE_CHANGED' THEN '' ELSE content_hash END,
         started_at = NULL, completed_at = NULL, processing_time_ms = NULL, updated_at = ?
       WHERE id = ? AND status = 'failed'`,
    );
    for (const f of failed) requeue.run(now, f.id);
    const started = db
      .prepare("SELECT COUNT(*) AS n FROM documents WHERE extraction_id = ? AND status IN ('completed', 'processing')")
      .get(args.extraction_id) as { n: number };
    // Asking for documents to be processed again means now: a job paused before it finished
    // (and was cancelled) runs again.
    db.prepare('UPDATE extractions SET status = ?, paused = 0, completed_at = NULL, updated_at = ? WHERE id = ?').run(
      started.n > 0 ? 'processing' : 'queued',
      now,
      args.extraction_id,
    );
    return { found: true, retried: failed.map((f) => f.id) };
  })();
}

/** Records how far a document being processed has got (only while the runner's claim holds).
 *  A page count the engine states replaces the one from intake, and the job's total follows. */
export function setDocumentProgress(db: Db, args: { document_id: string; lease: string; pages_done: number; page_count: number }): boolean {
  return db.transaction(() => {
    const row = db.prepare('SELECT extraction_id, status, lease, page_count FROM documents WHERE id = ?').get(args.document_id) as
      | { extraction_id: string; status: string; lease: string | null; page_count: number }
      | undefined;
    if (!row || row.status !== 'processing' || row.lease !== args.lease) return false;
    const pages = args.page_count > 0 ? args.page_count : row.page_count;
    if (pages !== row.page_count) db.prepare('UPDATE extractions SET page_count = page_count + ? WHERE id = ?').run(pages - row.page_count, row.extraction_id);
    db.prepare('UPDATE documents SET pages_done = ?, page_count = ? WHERE id = ?').run(args.pages_done, pages, args.document_id);
    return true;
  })();
}

/** What a job was made with: its kind, and the parser as it was then. */
export function jobParser(db: Db, args: { extraction_id: string }): { kind: JobKind; parser: ParserSnapshot } | null {
  const row = db.prepare('SELECT kind, parser_snapshot FROM extractions WHERE id = ?').get(args.extraction_id) as
    | { kind: JobKind; parser_snapshot: string }
    | undefined;
  return row ? { kind: row.kind, parser: JSON.parse(row.parser_snapshot) as ParserSnapshot } : null;
}

/** Where a document's file is, or null when there is no such document in the job. */
export function documentSource(
  db: Db,
  args: { extraction_id: string; document_id: string },
): { filename: string; source_path: string | null; stored_path: string | null; mime: string; file_size: number; status: string; error_code: string | null } | null {
  const row = db
    .prepare('SELECT filename, source_path, stored_path, mime, file_size, status, error_code FROM documents WHERE extraction_id = ? AND id = ?')
    .get(args.extraction_id, args.document_id) as ReturnType<typeof documentSource>;
  return row ?? null;
}

export type ProcessedBefore = NonNullable<StagedFile['processed_before']>;

/** Per content hash, the newest document with that content that did not fail. */
export function processedBefore(db: Db, args: { hashes: string[] }): Record<string, ProcessedBefore> {
  const out: Record<string, ProcessedBefore> = {};
  const unique = [...new Set(args.hashes)];
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500);
    const rows = db
      .prepare(
        `SELECT content_hash, extraction_id, id, filename, created_at FROM documents
         WHERE content_hash IN (${chunk.map(() => '?').join(',')}) AND status <> 'failed' ORDER BY seq DESC`,
      )
      .all(...chunk) as Array<{ content_hash: string; extraction_id: string; id: string; filename: string; created_at: string }>;
    for (const r of rows) {
      out[r.content_hash] ??= { extraction_id: r.extraction_id, document_id: r.id, filename: r.filename, created_at: r.created_at };
    }
  }
  return out;
}
