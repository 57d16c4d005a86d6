// Sync with the hosted service: remote jobs and their upload batches, writing results pulled
// back from the hosted service as local completions, and the log of every request sent.
import { randomUUID } from 'node:crypto';
import { ApiError } from '../../../shared/api/errors.js';
import type { Page } from '../../../shared/api/common.js';
import type { SyncLogEntry } from '../../../shared/rpc-contract.js';
import { nowIso, type Db } from '../db.js';
import { decodeCursor, listKey, newId, pageOf } from './common.js';
import type { ParserSnapshot } from './extractions.js';
import { createJob, type NewJobDocument } from './jobs.js';
import { afterDocumentFinished, type FinishOutcome } from './queue.js';

export type BatchStatus = 'pending' | 'submitted' | 'done' | 'error';

export interface BatchDocument {
  document_id: string;
  remote_document_id: string | null;
}

export interface SyncBatch {
  extraction_id: string;
  batch_index: number;
  idempotency_key: string;
  remote_parser_id: string;
  remote_extraction_id: string | null;
  status: BatchStatus;
  last_error: string | null;
  documents: BatchDocument[];
}

interface BatchRow extends Omit<SyncBatch, 'documents'> {
  documents: string;
}

function toBatch(row: BatchRow): SyncBatch {
  return { ...row, documents: JSON.parse(row.documents) as BatchDocument[] };
}

/** Log rows kept; older ones are dropped as new ones come. */
const LOG_KEEP = 10_000;

/** Creates a remote job (origin 'remote') and its batches of at most `batch_size` documents, each
 *  with its Idempotency-Key, in one transaction: the keys exist before any request is sent. */
export function createRemoteJob(
  db: Db,
  args: { parser: ParserSnapshot; remote_parser_id: string; documents: NewJobDocument[]; batch_size: number },
): { extraction_id: string; deliveries: number; batches: number } {
  return db.transaction(() => {
    const created = createJob(db, { kind: 'extract', parser: args.parser, documents: args.documents });
    const now = nowIso();
    db.prepare("UPDATE extractions SET origin = 'remote' WHERE id = ?").run(created.extraction_id);
    const sendable = db
      .prepare("SELECT id FROM documents WHERE extraction_id = ? AND status = 'queued' ORDER BY position")
      .all(created.extraction_id) as Array<{ id: string }>;
    const insert = db.prepare(
      `INSERT INTO sync_batches (extraction_id, batch_index, idempotency_key, remote_parser_id, status, documents, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'pending', ?, ?, ?)`,
    );
    let index = 0;
    for (let i = 0; i < sendable.length; i += args.batch_size) {
      const docs: BatchDocument[] = sendable.slice(i, i + args.batch_size).map((d) => ({ document_id: d.id, remote_document_id: null }));
      insert.run(created.extraction_id, index++, `pp_sync_${randomUUID()}`, args.remote_parser_id, JSON.stringify(docs), now, now);
    }
    return { ...created, batches: index };
  })();
}

/** A job's batches, in order. */
export function syncBatches(db: Db, args: { extraction_id: string }): SyncBatch[] {
  return (db.prepare('SELECT * FROM sync_batches WHERE extraction_id = ? ORDER BY batch_index').all(args.extraction_id) as BatchRow[]).map(toBatch);
}

/** Batches still to send or to follow (not stopped by an error), of jobs that are not paused, oldest first. */
export function openSyncBatches(db: Db): SyncBatch[] {
  return (
    db
      .prepare(
        `SELECT b.* FROM sync_batches b JOIN extractions e ON e.id = b.extraction_id
         WHERE b.status IN ('pending', 'submitted') AND e.paused = 0 ORDER BY e.seq, b.batch_index`,
      )
      .all() as BatchRow[]
  ).map(toBatch);
}

/** Records that the hosted service accepted a batch: its job id and each document's remote id. */
export function markBatchSubmitted(db: Db, args: { extraction_id: string; batch_index: number; remote_extraction_id: string; remote_document_ids: string[] }): SyncBatch | null {
  return db.transaction(() => {
    const row = db.prepare('SELECT * FROM sync_batches WHERE extraction_id = ? AND batch_index = ?').get(args.extraction_id, args.batch_index) as BatchRow | undefined;
    if (!row) return null;
    const docs = (JSON.parse(row.documents) as BatchDocument[]).map((d, i) => ({ ...d, remote_document_id: args.remote_document_ids[i] ?? null }));
    const now = nowIso();
    db.prepare("UPDATE sync_batches SET status = 'submitted', remote_extraction_id = ?, documents = ?, last_error = NULL, updated_at = ? WHERE extraction_id = ? AND batch_index = ?").run(
      args.remote_extraction_id,
      JSON.stringify(docs),
      now,
      args.extraction_id,
      args.batch_index,
    );
    const ids = docs.map((d) => d.document_id);
    for (const id of ids) {
      db.prepare("UPDATE documents SET status = 'processing', started_at = COALESCE(started_at, ?), error_code = NULL, error_message = NULL, updated_at = ? WHERE id = ? AND status = 'queued'").run(
        now,
        now,
        id,
      );
    }
    db.prepare("UPDATE extractions SET status = 'processing', updated_at = ? WHERE id = ? AND status = 'queued'").run(now, args.extraction_id);
    return toBatch(db.prepare('SELECT * FROM sync_batches WHERE extraction_id = ? AND batch_index = ?').get(args.extraction_id, args.batch_index) as BatchRow);
  })();
}

/** Marks a batch done, or stopped by an error (a sentence; resumable). */
export function setBatchStatus(db: Db, args: { extraction_id: string; batch_index: number; status: 'done' | 'error'; last_error?: string | null }): void {
  db.prepare('UPDATE sync_batches SET status = ?, last_error = ?, updated_at = ? WHERE extraction_id = ? AND batch_index = ?').run(
    args.status,
    args.last_error ?? null,
    nowIso(),
    args.extraction_id,
    args.batch_index,
  );
}

/** Puts a job's stopped batches back where they were (to send, or to follow); returns how many. */
export function resumeSyncBatches(db: Db, args: { extraction_id: string }): number {
  return db
    .prepare(
      `UPDATE sync_batches SET status = CASE WHEN remote_extraction_id IS NULL THEN 'pending' ELSE 'submitted' END, last_error = NULL, updated_at = ?
       WHERE extraction_id = ? AND status = 'error'`,
    )
    .run(nowIso(), args.extraction_id).changes;
}

/** The job a remote batch belongs to is still there and unfinished documents remain in it. */
function openRemoteDocument(db: Db, documentId: string): { extraction_id: string; page_count: number } | null {
  const row = db
    .prepare(
      `SELECT d.extraction_id, d.page_count, d.status, e.origin FROM documents d JOIN extractions e ON e.id = d.extraction_id WHERE d.id = ?`,
    )
    .get(documentId) as { extraction_id: string; page_count: number; status: string; origin: string } | undefined;
  if (!row || row.origin !== 'remote' || (row.status !== 'queued' && row.status !== 'processing')) return null;
  return row;
}

/** Writes a document's result pulled from the hosted service, exactly like a local completion
 *  (no parse run: the hosted service does not send one). Nothing happens when it was finished already. */
export function completeRemoteDocument(
  db: Db,
  args: {
    document_id: string;
    extracted_data: unknown;
    confidence: number | null;
    field_details?: Record<string, unknown> | null | undefined;
    page_count: number;
    processing_time_ms: number | null;
  },
): FinishOutcome {
  return db.transaction((): FinishOutcome => {
    const open = openRemoteDocument(db, args.document_id);
    if (!open) return { accepted: false, extraction_status: null, job_finished: false, deliveries: 0 };
    const now = nowIso();
    const pages = args.page_count > 0 ? args.page_count : open.page_count;
    if (pages !== open.page_count) db.prepare('UPDATE extractions SET page_count = page_count + ? WHERE id = ?').run(pages - open.page_count, open.extraction_id);
    db.prepare('INSERT INTO document_results (document_id, extracted_data, confidence, field_details, parse_run, created_at) VALUES (?, ?, ?, ?, NULL, ?)').run(
      args.document_id,
      JSON.stringify(args.extracted_data ?? null),
      args.confidence,
      args.field_details ? JSON.stringify(args.field_details) : null,
      now,
    );
    db.prepare(
      `UPDATE documents SET status = 'completed', lease = NULL, page_count = ?, pages_done = ?, error_code = NULL, error_message = NULL,
       completed_at = ?, updated_at = ?, processing_time_ms = ? WHERE id = ?`,
    ).run(pages, pages, now, now, args.processing_time_ms, args.document_id);
    return afterDocumentFinished(db, args.document_id, now);
  })();
}

/** Fails a document with the hosted service's message. Nothing happens when it was finished already. */
export function failRemoteDocument(db: Db, args: { document_id: string; error_code: string; error_message: string }): FinishOutcome {
  return db.transaction((): FinishOutcome => {
    if (!openRemoteDocument(db, args.document_id)) return { accepted: false, extraction_status: null, job_finished: false, deliveries: 0 };
    const now = nowIso();
    db.prepare("UPDATE documents SET status = 'failed', lease = NULL, error_code = ?, error_message = ?, completed_at = ?, updated_at = ? WHERE id = ?").run(
      args.error_code,
      args.error_message,
      now,
      now,
      args.document_id,
    );
    return afterDocumentFinished(db, args.document_id, now);
  })();
}

/** Records one request sync sent. */
export function insertSyncLog(db: Db, args: Omit<SyncLogEntry, 'id'>): void {
  const info = db
    .prepare('INSERT INTO sync_log (id, at, method, path, request_bytes, response_bytes, status, duration_ms, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(newId('req_'), args.at, args.method, args.path, args.request_bytes, args.response_bytes, args.status, Math.round(args.duration_ms), args.error);
  const seq = Number(info.lastInsertRowid);
  if (seq % 500 === 0) db.prepare('DELETE FROM sync_log WHERE seq <= ?').run(seq - LOG_KEEP);
}

const SYNC_LOG_LIST = listKey('sync_log');

/** The request log, newest first. */
export function listSyncLog(db: Db, args: { limit: number; cursor?: string | undefined }): Page<SyncLogEntry> {
  const after = decodeCursor(args.cursor, SYNC_LOG_LIST);
  if (after === null) throw new ApiError('INVALID_PAYLOAD', 'cursor: not a cursor returned by this app', 'cursor');
  const rows = db.prepare('SELECT * FROM sync_log WHERE seq < ? ORDER BY seq DESC LIMIT ?').all(after ?? Number.MAX_SAFE_INTEGER, args.limit + 1) as Array<
    SyncLogEntry & { seq: number }
  >;
  return pageOf(rows, args.limit, ({ seq: _seq, ...entry }) => entry, SYNC_LOG_LIST);
}
