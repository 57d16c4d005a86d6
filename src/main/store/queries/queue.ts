// The persisted job queue: documents move queued → processing → completed | failed. A claim
// carries a lease; completion must present it, and the result table's primary key makes a
// second result for one document impossible, so a document is never processed twice into
// duplicate results, even across a crash.
import type { ExtractionStatus } from '../../../shared/api/extractions.js';
import { nowIso, type Db } from '../db.js';
import type { ParserSnapshot } from './extractions.js';
import { getSetting, setSetting } from './settings.js';
import { enqueueDeliveries } from './webhook-events.js';

export interface ClaimedDocument {
  document_id: string;
  extraction_id: string;
  filename: string;
  source_path: string | null;
  stored_path: string | null;
  /** SHA-256 of the file's bytes when it was added ('' for a file refused then). */
  content_hash: string;
  /** Its size in bytes when it was added. */
  file_size: number;
  mime: string;
  page_count: number;
  /** Attempts including this one. */
  attempts: number;
  /** The claim; finishing the document must present it. */
  lease: string;
  parser: ParserSnapshot;
  /** Set for a parse-only job: the run is kept, no fields are filled. */
  parse_only?: true;
}

/** The setting naming the process that runs this data folder's queue. */
const QUEUE_OWNER = 'queue_owner';

interface QueueOwner {
  token: string;
  pid: number;
  host: string;
  /** When the owner last said it was alive (ms since the epoch). */
  beat: number;
}

/** Whether a process of this machine is running (one another user owns counts as running). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Makes this process the one that runs the data folder's queue, unless another live one is:
 *  two would requeue each other's running documents and process them twice. An owner is gone
 *  when its process no longer runs (same machine) or it has not said it was alive for
 *  `stale_ms`. Returns the live owner that prevents it, or null once the queue is this one's. */
export function takeQueue(db: Db, args: { token: string; pid: number; host: string; stale_ms: number }): { pid: number; host: string } | null {
  return db.transaction(() => {
    const owner = readOwner(db);
    const now = Date.now();
    if (owner) {
      const sameMachine = owner.host === args.host;
      const alive =
        now - owner.beat < args.stale_ms &&
        (!sameMachine || (owner.pid !== args.pid && processAlive(owner.pid)));
      if (alive) return { pid: owner.pid, host: owner.host };
    }
    writeOwner(db, { token: args.token, pid: args.pid, host: args.host, beat: now });
    return null;
  })();
}

/** Says the owner is still alive; false when another process has taken the queue since. */
export function renewQueue(db: Db, args: { token: string }): boolean {
  return db.transaction(() => {
    const owner = readOwner(db);
    if (owner?.token !== args.token) return false;
    writeOwner(db, { ...owner, beat: Date.now() });
    return true;
  })();
}

/** Gives the queue up (an orderly stop), if it is still this owner's. */
export function releaseQueue(db: Db, args: { token: string }): void {
  db.transaction(() => {
    if (readOwner(db)?.token === args.token) db.prepare('DELETE FROM settings WHERE key = ?').run(QUEUE_OWNER);
  })();
}

/** The recorded owner, or null (none, or a record no one can read: taken as none). */
function readOwner(db: Db): QueueOwner | null {
  const value = getSetting(db, { key: QUEUE_OWNER });
  if (!value) return null;
  try {
    const owner = JSON.parse(value) as Partial<QueueOwner>;
    const valid = typeof owner.token === 'string' && typeof owner.pid === 'number' && typeof owner.host === 'string' && typeof owner.beat === 'number';
    return valid ? (owner as QueueOwner) : null;
  } catch {
    return null;
  }
}

function writeOwner(db: Db, owner: QueueOwner): void {
  setSetting(db, { key: QUEUE_OWNER, value: JSON.stringify(owner) });
}

/** After a restart: documents left processing by a dead process go back to the queue, unless
 *  they have used up their attempts (a file that brings the whole process down must not do it
 *  forever); those fail. Returns how many were requeued. */
export function requeueInterrupted(db: Db, args: { max_attempts?: number }): number {
  const max = args.max_attempts ?? 3;
  return db.transaction(() => {
    const now = nowIso();
    const local = "extraction_id IN (SELECT id FROM extractions WHERE origin = 'local')";
    const exhausted = db.prepare(`SELECT id FROM documents WHERE status = 'processing' AND attempts >= ? AND ${local}`).all(max) as Array<{ id: string }>;
    for (const { id } of exhausted) {
      db.prepare(
        "UPDATE documents SET status = 'failed', lease = NULL, error_code = 'INTERNAL_ERROR', error_message = ?, completed_at = ?, updated_at = ? WHERE id = ?",
      ).run(`Processing was interrupted ${max} times (the app stopped while reading this file); it was not tried again.`, now, now, id);
      afterDocumentFinished(db, id, now);
    }
    return db.prepare(`UPDATE documents SET status = 'queued', lease = NULL, updated_at = ? WHERE status = 'processing' AND ${local}`).run(now).changes;
  })();
}

/** Claims the oldest queued document of a local job that is not paused, or null when there is
 *  none. A remote job's documents (sync) are the remote runner's, never claimed here. */
export function claimNextDocument(db: Db, args: { lease: string }): ClaimedDocument | null {
  return db.transaction(() => {
    const doc = db
      .prepare(
        `SELECT d.id FROM documents d JOIN extractions e ON e.id = d.extraction_id
         WHERE d.status = 'queued' AND e.paused = 0 AND e.origin = 'local' ORDER BY d.seq LIMIT 1`,
      )
      .get() as { id: string } | undefined;
    if (!doc) return null;
    const now = nowIso();
    db.prepare(
      "UPDATE documents SET status = 'processing', attempts = attempts + 1, lease = ?, started_at = ?, updated_at = ? WHERE id = ?",
    ).run(args.lease, now, now, doc.id);
    const row = db
      .prepare(
        `SELECT d.id, d.extraction_id, d.filename, d.source_path, d.stored_path, d.content_hash, d.file_size, d.mime, d.page_count, d.attempts, e.parser_snapshot, e.status AS job_status, e.kind
         FROM documents d JOIN extractions e ON e.id = d.extraction_id WHERE d.id = ?`,
      )
      .get(doc.id) as Omit<ClaimedDocument, 'parser' | 'document_id' | 'lease' | 'parse_only'> & {
      id: string;
      parser_snapshot: string;
      job_status: ExtractionStatus;
      kind: 'extract' | 'parse';
    };
    if (row.job_status === 'queued') {
      db.prepare("UPDATE extractions SET status = 'processing', updated_at = ? WHERE id = ?").run(now, row.extraction_id);
    }
    return {
      document_id: row.id,
      extraction_id: row.extraction_id,
      filename: row.filename,
      source_path: row.source_path,
      stored_path: row.stored_path,
      content_hash: row.content_hash,
      file_size: row.file_size,
      mime: row.mime,
      page_count: row.page_count,
      attempts: row.attempts,
      lease: args.lease,
      parser: JSON.parse(row.parser_snapshot) as ParserSnapshot,
      ...(row.kind === 'parse' ? { parse_only: true as const } : {}),
    };
  })();
}

/** What finishing a document changed. `accepted` is false when the lease was lost (the
 *  document was cancelled or reclaimed), in which case nothing was written. */
export interface FinishOutcome {
  accepted: boolean;
  /** The job's status once this document is counted. */
  extraction_status: ExtractionStatus | null;
  /** The job has no document left to process. */
  job_finished: boolean;
  /** Webhook deliveries queued by this change. */
  deliveries: number;
}

function holdsLease(db: Db, documentId: string, lease: string): boolean {
  const row = db.prepare('SELECT status, lease FROM documents WHERE id = ?').get(documentId) as { status: string; lease: string | null } | undefined;
  return row?.status === 'processing' && row.lease === lease;
}

/** Records a document's result and completes it (and its job when it was the last one). */
export function completeDocument(
  db: Db,
  args: {
    document_id: string;
    lease: string;
    extracted_data: unknown;
    confidence: number | null;
    /** Per field path: confidence, citation, source. */
    field_details?: Record<string, unknown> | undefined;
    parse_run: string | null;
    /** Each page as layout-preserving text (an empty string for a page without text). */
    spatial_pages?: string[] | undefined;
    page_count: number;
    processing_time_ms: number;
    /** The facts of the bytes processed, for a document added without them (a file missing
     *  then, or one that changed and was retried). */
    file?: { content_hash: string; file_size: number } | undefined;
  },
): FinishOutcome {
  return db.transaction((): FinishOutcome => {
    if (!holdsLease(db, args.document_id, args.lease)) return { accepted: false, extraction_status: null, job_finished: false, deliveries: 0 };
    const now = nowIso();
    // Pages counted by the run replace the count made at intake (unknown, 0, for desktop jobs).
    const before = db.prepare('SELECT extraction_id, page_count FROM documents WHERE id = ?').get(args.document_id) as { extraction_id: string; page_count: number };
    if (before.page_count !== args.page_count) {
      db.prepare('UPDATE extractions SET page_count = page_count + ? WHERE id = ?').run(args.page_count - before.page_count, before.extraction_id);
    }
    db.prepare(
      'INSERT INTO document_results (document_id, extracted_data, confidence, field_details, parse_run, spatial_pages, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(
      args.document_id,
      JSON.stringify(args.extracted_data ?? null),
      args.confidence,
      args.field_details ? JSON.stringify(args.field_details) : null,
      args.parse_run,
      args.spatial_pages ? JSON.stringify(args.spatial_pages) : null,
      now,
    );
    db.prepare(
      `UPDATE documents SET status = 'completed', lease = NULL, page_count = ?, error_code = NULL, error_message = NULL,
       completed_at = ?, updated_at = ?, processing_time_ms = ? WHERE id = ?`,
    ).run(args.page_count, now, now, args.processing_time_ms, args.document_id);
    if (args.file) {
      db.prepare('UPDATE documents SET content_hash = ?, file_size = ? WHERE id = ?').run(args.file.content_hash, args.file.file_size, args.document_id);
    }
    return afterDocumentFinished(db, args.document_id, now);
  })();
}

/** Fails a document, or puts it back in the queue when `retry` is set and attempts remain. */
export function failDocument(
  db: Db,
  args: { document_id: string; lease: string; error_code: string; error_message: string; retry: boolean; max_attempts: number },
): FinishOutcome & { requeued: boolean } {
  return db.transaction(() => {
    if (!holdsLease(db, args.document_id, args.lease)) {
      return { accepted: false, extraction_status: null, job_finished: false, deliveries: 0, requeued: false };
    }
    const now = nowIso();
    const { attempts } = db.prepare('SELECT attempts FROM documents WHERE id = ?').get(args.document_id) as { attempts: number };
    if (args.retry && attempts < args.max_attempts) {
      db.prepare("UPDATE documents SET status = 'queued', lease = NULL, error_code = ?, error_message = ?, updated_at = ? WHERE id = ?").run(
        args.error_code,
        args.error_message,
        now,
        args.document_id,
      );
      return { accepted: true, extraction_status: null, job_finished: false, deliveries: 0, requeued: true };
    }
    db.prepare(
      "UPDATE documents SET status = 'failed', lease = NULL, error_code = ?, error_message = ?, completed_at = ?, updated_at = ? WHERE id = ?",
    ).run(args.error_code, args.error_message, now, now, args.document_id);
    return { ...afterDocumentFinished(db, args.document_id, now), requeued: false };
  })();
}

/** Counts a finished document into its job: credits, the job's status, webhook deliveries. */
export function afterDocumentFinished(db: Db, documentId: string, now: string): FinishOutcome {
  const { extraction_id } = db.prepare('SELECT extraction_id FROM documents WHERE id = ?').get(documentId) as { extraction_id: string };
  const { status, finished } = refreshExtraction(db, extraction_id, now);
  let deliveries = enqueueDeliveries(db, { event: 'extraction.document_completed', extraction_id, document_id: documentId, now });
  if (finished) deliveries += enqueueDeliveries(db, { event: 'extraction.job_completed', extraction_id, now });
  return { accepted: true, extraction_status: status, job_finished: finished, deliveries };
}

/** Recounts a job's documents into its status and credits. */
function refreshExtraction(db: Db, extraction_id: string, now: string): { status: ExtractionStatus; finished: boolean } {
  const counts = db
    .prepare(
      `SELECT COUNT(*) AS total,
         SUM(status = 'completed') AS completed, SUM(status = 'failed') AS failed,
         SUM(CASE WHEN status = 'completed' THEN page_count ELSE 0 END) AS credits
       FROM documents WHERE extraction_id = ?`,
    )
    .get(extraction_id) as { total: number; completed: number; failed: number; credits: number };
  const finished = counts.completed + counts.failed === counts.total;
  const status: ExtractionStatus = !finished
    ? 'processing'
    : counts.failed === 0
      ? 'completed'
      : counts.completed === 0
        ? 'failed'
        : 'partial';
  db.prepare('UPDATE extractions SET status = ?, credits_used = ?, updated_at = ?, completed_at = ? WHERE id = ?').run(
    status,
    counts.credits,
    now,
    finished ? now : null,
    extraction_id,
  );
  return { status, finished };
}

/** Cancels a job: its queued documents fail as cancelled; the ids of documents being processed
 *  come back so the runner can stop them (they fail as cancelled when they stop). */
export function cancelExtraction(
  db: Db,
  args: { extraction_id: string },
): { found: boolean; cancelled: string[]; running: string[]; deliveries: number; extraction_status: ExtractionStatus | null } {
  return db.transaction(() => {
    const exists = db.prepare('SELECT 1 FROM extractions WHERE id = ?').get(args.extraction_id);
    if (!exists) return { found: false, cancelled: [], running: [], deliveries: 0, extraction_status: null };
    const now = nowIso();
    const queued = db.prepare("SELECT id FROM documents WHERE extraction_id = ? AND status = 'queued' ORDER BY position").all(args.extraction_id) as Array<{
      id: string;
    }>;
    // One statement for every queued document and one recount: a job of 10,000 cancels at once.
    db.prepare(
      "UPDATE documents SET status = 'failed', error_code = 'CANCELLED', error_message = 'Cancelled before processing.', completed_at = ?, updated_at = ? WHERE extraction_id = ? AND status = 'queued'",
    ).run(now, now, args.extraction_id);
    let deliveries = 0;
    for (const { id } of queued) {
      deliveries += enqueueDeliveries(db, { event: 'extraction.document_completed', extraction_id: args.extraction_id, document_id: id, now });
    }
    if (queued.length > 0 && refreshExtraction(db, args.extraction_id, now).finished) {
      deliveries += enqueueDeliveries(db, { event: 'extraction.job_completed', extraction_id: args.extraction_id, now });
    }
    const running = db.prepare("SELECT id FROM documents WHERE extraction_id = ? AND status = 'processing'").all(args.extraction_id) as Array<{ id: string }>;
    const { status } = db.prepare('SELECT status FROM extractions WHERE id = ?').get(args.extraction_id) as { status: ExtractionStatus };
    return { found: true, cancelled: queued.map((q) => q.id), running: running.map((r) => r.id), deliveries, extraction_status: status };
  })();
}

/** Gives a claimed document back to the queue without counting the attempt (the app is
 *  shutting down in an orderly way); false when the lease was lost. */
export function releaseDocument(db: Db, args: { document_id: string; lease: string }): boolean {
  if (!holdsLease(db, args.document_id, args.lease)) return false;
  return (
    db
      .prepare("UPDATE documents SET status = 'queued', lease = NULL, attempts = MAX(0, attempts - 1), updated_at = ? WHERE id = ?")
      .run(nowIso(), args.document_id).changes > 0
  );
}

/** How many documents wait in the local queue. */
export function queuedCount(db: Db): number {
  return (
    db
      .prepare("SELECT COUNT(*) AS n FROM documents d JOIN extractions e ON e.id = d.extraction_id WHERE d.status = 'queued' AND e.origin = 'local'")
      .get() as { n: number }
  ).n;
}
