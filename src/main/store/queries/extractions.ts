// Extraction jobs and their documents: creation (with Idempotency-Key), status, results.
import { ApiError } from '../../../shared/api/errors.js';
import { ID_PREFIX } from '../../../shared/api/common.js';
import type {
  FieldDetail,
  DocumentDetail,
  DocumentResult,
  DocumentStatus,
  DocumentSummary,
  Extraction,
  ExtractionCore,
  ExtractionResults,
  ExtractionStatus,
} from '../../../shared/api/extractions.js';
import type { FieldDefinition, ResultMode } from '../../../shared/api/parsers.js';
import { nowIso, type Db } from '../db.js';
import { decodeCursor, fromJson, listKey, newId, pageOf } from './common.js';

/** How long an Idempotency-Key is remembered. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** An Idempotency-Key in its scope (the API operation), with a fingerprint of the request that
 *  carries it (what makes a repeat the same request; see extractions-service.ts). */
export interface IdempotencyKey {
  scope: string;
  key: string;
  fingerprint: string;
}

export interface ParserSnapshot {
  parser_id: string;
  name: string;
  result_mode: ResultMode;
  fields: FieldDefinition[];
}

export interface NewDocument {
  filename: string;
  source_path: string | null;
  stored_path: string | null;
  content_hash: string;
  file_size: number;
  mime: string;
  page_count: number;
}

export interface ExtractionRow {
  seq: number;
  id: string;
  parser_id: string;
  parser_name: string;
  parser_snapshot: string;
  status: ExtractionStatus;
  file_count: number;
  page_count: number;
  credits_used: number;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
  total: number;
  completed: number;
  failed: number;
  processing: number;
}

export interface DocumentRow extends NewDocument {
  seq: number;
  id: string;
  extraction_id: string;
  position: number;
  status: DocumentStatus;
  error_code: string | null;
  error_message: string | null;
  attempts: number;
  created_at: string;
  completed_at: string | null;
  processing_time_ms: number | null;
}

// /v1's document_summary has four buckets that add up to the total: `processing` counts every
// document not finished yet, queued ones included. (The desktop's job summaries, queries/jobs.ts,
// count queued documents in a bucket of their own.)
const EXTRACTION_SELECT = `
  SELECT e.*,
    (SELECT COUNT(*) FROM documents d WHERE d.extraction_id = e.id) AS total,
    (SELECT COUNT(*) FROM documents d WHERE d.extraction_id = e.id AND d.status = 'completed') AS completed,
    (SELECT COUNT(*) FROM documents d WHERE d.extraction_id = e.id AND d.status = 'failed') AS failed,
    (SELECT COUNT(*) FROM documents d WHERE d.extraction_id = e.id AND d.status IN ('queued', 'processing')) AS processing
  FROM extractions e`;

/** A job row (with its document counts) as the /v1 contract shows it. */
export function toCore(row: ExtractionRow): ExtractionCore {
  return {
    extraction_id: row.id,
    parser_id: row.parser_id,
    status: row.status,
    file_count: row.file_count,
    page_count: row.page_count,
    credits_used: row.credits_used,
    credits_remaining: null,
    document_summary: { total: row.total, completed: row.completed, failed: row.failed, processing: row.processing },
    created_at: row.created_at,
    updated_at: row.updated_at,
    completed_at: row.completed_at,
  };
}

function creditsOf(doc: DocumentRow): number {
  return doc.status === 'completed' ? doc.page_count : 0;
}

function toSummary(doc: DocumentRow): DocumentSummary {
  return {
    document_id: doc.id,
    filename: doc.filename,
    page_count: doc.page_count,
    credits_used: creditsOf(doc),
    status: doc.status,
    error_message: doc.error_message,
  };
}

type ResultJoin = DocumentRow & { extracted_data: string | null; confidence: number | null; field_details: string | null };

function toResult(doc: ResultJoin): DocumentResult {
  return {
    ...toSummary(doc),
    extracted_data: fromJson<unknown>(doc.extracted_data),
    confidence: doc.confidence,
    fields: fromJson<Record<string, FieldDetail>>(doc.field_details),
    processing_time_ms: doc.processing_time_ms,
    created_at: doc.created_at,
    completed_at: doc.completed_at,
  };
}

/** Creates a job and its queued documents in one transaction. With an idempotency key seen in
 *  the last 24 h, nothing is created and the first job's id comes back with `replayed` (409
 *  CONFLICT when the key was first used for a different request). */
export function createExtraction(
  db: Db,
  args: { parser: ParserSnapshot; documents: NewDocument[]; idempotency?: IdempotencyKey | undefined },
): { extraction_id: string; replayed: boolean } {
  return db.transaction(() => {
    const now = nowIso();
    if (args.idempotency) {
      const seen = findIdempotentExtraction(db, args.idempotency);
      if (seen) return { extraction_id: seen, replayed: true };
      // An expired key is forgotten and used afresh.
      db.prepare('DELETE FROM idempotency_keys WHERE scope = ? AND key = ?').run(args.idempotency.scope, args.idempotency.key);
    }
    const id = newId(ID_PREFIX.extraction);
    const pages = args.documents.reduce((n, d) => n + d.page_count, 0);
    db.prepare(
      `INSERT INTO extractions (id, parser_id, parser_name, parser_snapshot, status, file_count, page_count, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?)`,
    ).run(id, args.parser.parser_id, args.parser.name, JSON.stringify(args.parser), args.documents.length, pages, now, now);
    const insertDoc = db.prepare(
      `INSERT INTO documents (id, extraction_id, position, filename, source_path, stored_path, content_hash, file_size, mime, page_count, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)`,
    );
    args.documents.forEach((d, i) =>
      insertDoc.run(newId(ID_PREFIX.document), id, i, d.filename, d.source_path, d.stored_path, d.content_hash, d.file_size, d.mime, d.page_count, now, now),
    );
    if (args.idempotency) {
      db.prepare('INSERT INTO idempotency_keys (scope, key, resource_id, fingerprint, created_at) VALUES (?, ?, ?, ?, ?)').run(
        args.idempotency.scope,
        args.idempotency.key,
        id,
        args.idempotency.fingerprint,
        now,
      );
    }
    return { extraction_id: id, replayed: false };
  })();
}

function extractionRow(db: Db, id: string): ExtractionRow | undefined {
  return db.prepare(`${EXTRACTION_SELECT} WHERE e.id = ?`).get(id) as ExtractionRow | undefined;
}

/** A job's documents in submission order (the first `limit` ones when given). */
function documentRows(db: Db, extractionId: string, limit?: number): DocumentRow[] {
  const sql = 'SELECT * FROM documents WHERE extraction_id = ? ORDER BY position';
  return (limit === undefined ? db.prepare(sql).all(extractionId) : db.prepare(`${sql} LIMIT ?`).all(extractionId, limit)) as DocumentRow[];
}

/** A job with its documents (no data; only the first `document_limit` ones when given: its
 *  document_summary still counts them all), or null. */
export function getExtraction(db: Db, args: { extraction_id: string; document_limit?: number | undefined }): Extraction | null {
  const row = extractionRow(db, args.extraction_id);
  if (!row) return null;
  return { ...toCore(row), documents: documentRows(db, row.id, args.document_limit).map(toSummary) };
}

/** Jobs, newest first, filtered by parser, status and creation time. */
export function listExtractions(
  db: Db,
  args: { parser_id?: string | undefined; status?: ExtractionStatus | undefined; since?: string | undefined; limit: number; cursor?: string | undefined },
) {
  const since = args.since ? new Date(args.since).toISOString() : null;
  // A cursor pages the list it came from: the same filter, or it is refused.
  const list = listKey('extractions', { parser_id: args.parser_id, status: args.status, since });
  const after = decodeCursor(args.cursor, list);
  if (after === null) throw new ApiError('INVALID_PAYLOAD', 'cursor: not a cursor returned by this API', 'cursor');
  const where = ['e.seq < @after'];
  if (args.parser_id) where.push('e.parser_id = @parser_id');
  if (args.status) where.push('e.status = @status');
  if (args.since) where.push('e.created_at >= @since');
  const rows = db.prepare(`${EXTRACTION_SELECT} WHERE ${where.join(' AND ')} ORDER BY e.seq DESC LIMIT @limit`).all({
    after: after ?? Number.MAX_SAFE_INTEGER,
    parser_id: args.parser_id ?? null,
    status: args.status ?? null,
    since,
    limit: args.limit + 1,
  }) as ExtractionRow[];
  return pageOf(rows, args.limit, toCore, list);
}

const RESULT_SELECT = `
  SELECT d.*, r.extracted_data, r.confidence, r.field_details FROM documents d
  LEFT JOIN document_results r ON r.document_id = d.id`;

/** A job with every document's data (partial while it runs), or null. */
export function extractionResults(db: Db, args: { extraction_id: string }): ExtractionResults | null {
  const row = extractionRow(db, args.extraction_id);
  if (!row) return null;
  const docs = db.prepare(`${RESULT_SELECT} WHERE d.extraction_id = ? ORDER BY d.position`).all(row.id) as ResultJoin[];
  return { ...toCore(row), documents: docs.map(toResult) };
}

/** One document of a job in full, or null. */
export function documentDetail(db: Db, args: { extraction_id: string; document_id: string }): DocumentDetail | null {
  const doc = db.prepare(`${RESULT_SELECT} WHERE d.extraction_id = ? AND d.id = ?`).get(args.extraction_id, args.document_id) as
    | ResultJoin
    | undefined;
  if (!doc) return null;
  const job = db.prepare('SELECT parser_id, parser_name FROM extractions WHERE id = ?').get(args.extraction_id) as {
    parser_id: string;
    parser_name: string;
  };
  return {
    ...toResult(doc),
    extraction_id: doc.extraction_id,
    parser_id: job.parser_id,
    parser_name: job.parser_name,
    file_type: doc.mime,
    file_size: doc.file_size,
    content_hash: doc.content_hash,
    attempts: doc.attempts,
  };
}

/** The parse_run stored for a document (for highlighting fields on the page), or null. */
export function documentParseRun(db: Db, args: { document_id: string }): string | null {
  const row = db.prepare('SELECT parse_run FROM document_results WHERE document_id = ?').get(args.document_id) as
    | { parse_run: string | null }
    | undefined;
  return row?.parse_run ?? null;
}

/** A document's pages as layout-preserving text, as stored with its result, or null (no such
 *  document in the job, no result yet, a result from the hosted service, or one stored before
 *  pages were kept). */
export function documentSpatialPages(db: Db, args: { extraction_id: string; document_id: string }): string[] | null {
  const row = db
    .prepare('SELECT r.spatial_pages FROM document_results r JOIN documents d ON d.id = r.document_id WHERE r.document_id = ? AND d.extraction_id = ?')
    .get(args.document_id, args.extraction_id) as
    | { spatial_pages: string | null }
    | undefined;
  return row?.spatial_pages ? (JSON.parse(row.spatial_pages) as string[]) : null;
}

/** What an export needs to know about its job, or null. `paths`: some document has a path
 *  below its folder other than its bare name (a desktop job over folders), so exports add it. */
export function exportHeader(
  db: Db,
  args: { extraction_id: string },
): { extraction_id: string; parser: ParserSnapshot; paths: boolean; created_at: string; parse_only: boolean } | null {
  const row = db
    .prepare(
      `SELECT id, parser_snapshot, created_at, kind,
         EXISTS (SELECT 1 FROM documents d WHERE d.extraction_id = e.id AND d.relative_path IS NOT NULL AND d.relative_path <> d.filename) AS paths
       FROM extractions e WHERE id = ?`,
    )
    .get(args.extraction_id) as { id: string; parser_snapshot: string; paths: number; created_at: string; kind: string } | undefined;
  return row
    ? { extraction_id: row.id, parser: JSON.parse(row.parser_snapshot) as ParserSnapshot, paths: row.paths === 1, created_at: row.created_at, parse_only: row.kind === 'parse' }
    : null;
}

/** One page of a job's documents with their data (and path below the folder they were added
 *  from, when known), in order, for streaming exports. */
export function exportRows(
  db: Db,
  args: { extraction_id: string; after_position: number; limit: number; document_id?: string | undefined },
): Array<DocumentResult & { extraction_id: string; position: number; path: string | null }> {
  const docs = db
    .prepare(
      `${RESULT_SELECT} WHERE d.extraction_id = @extraction_id AND d.position > @after AND (@document_id IS NULL OR d.id = @document_id)
       ORDER BY d.position LIMIT @limit`,
    )
    .all({ extraction_id: args.extraction_id, after: args.after_position, limit: args.limit, document_id: args.document_id ?? null }) as Array<
    ResultJoin & { relative_path: string | null }
  >;
  return docs.map((d) => ({ ...toResult(d), extraction_id: d.extraction_id, position: d.position, path: d.relative_path ?? d.filename }));
}

/** The job an idempotency key created in the last 24 h, or null. A key first used for a
 *  different request (another fingerprint) is 409 CONFLICT: answering with that job would tell
 *  the client its new request was queued when it never was. */
export function findIdempotentExtraction(db: Db, args: IdempotencyKey): string | null {
  const seen = db.prepare('SELECT resource_id, fingerprint, created_at FROM idempotency_keys WHERE scope = ? AND key = ?').get(args.scope, args.key) as
    | { resource_id: string; fingerprint: string | null; created_at: string }
    | undefined;
  if (!seen || Date.parse(seen.created_at) <= Date.now() - IDEMPOTENCY_TTL_MS) return null;
  // Keys stored before fingerprints were kept (NULL) cannot be compared; they replay as before.
  if (seen.fingerprint !== null && seen.fingerprint !== args.fingerprint) {
    throw new ApiError(
      'CONFLICT',
      `Idempotency-Key: this key was already used for a different request (extraction ${seen.resource_id}); send a new key for a new request, or repeat the first request exactly to get its job back.`,
      'Idempotency-Key',
    );
  }
  return seen.resource_id;
}

/** Forgets idempotency keys older than 24 h. */
export function purgeIdempotencyKeys(db: Db): number {
  return db.prepare('DELETE FROM idempotency_keys WHERE created_at < ?').run(new Date(Date.now() - IDEMPOTENCY_TTL_MS).toISOString()).changes;
}
