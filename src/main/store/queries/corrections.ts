// Values the user corrected. The result row's `extracted_data` holds the corrected value (so
// every export and /v1 read shows it); `corrections` keeps what extraction found, to undo it.
import { isDeepStrictEqual } from 'node:util';
import { ApiError } from '../../../shared/api/errors.js';
import type { Correction } from '../../../shared/rpc-contract.js';
import { nowIso, type Db } from '../db.js';
import { fromJson } from './common.js';

/** One step into extracted data: a field name, an item index, or (one_per_page) a page number. */
export type PathSegment = string | number | { page: number };

interface Target {
  /** The path as the user wrote it, normalised (`line_items.2.amount`, `p2.total`). */
  path: string;
  segments: PathSegment[];
  /** The key of the value's entry in field_details (`line_items[2].amount`). */
  detail_key: string;
}

type Container = Record<string, unknown> | unknown[];

function notThere(path: string): ApiError {
  return new ApiError('INVALID_PAYLOAD', `This document has no value at ${path} to correct.`, 'path');
}

/** The container holding the value a path names, and its key there (objects on the way that
 *  extraction left empty are made). */
function locate(data: unknown, t: Target): { container: Container; key: string | number } {
  let current: unknown = data;
  for (let i = 0; i < t.segments.length; i++) {
    const seg = t.segments[i]!;
    const last = i === t.segments.length - 1;
    if (typeof seg === 'object') {
      if (!Array.isArray(current)) throw notThere(t.path);
      const index = current.findIndex((p) => (p as { page?: unknown } | null)?.page === seg.page);
      if (index < 0) throw new ApiError('INVALID_PAYLOAD', `This document has no page ${seg.page}.`, 'path');
      if (last) return { container: current, key: index };
      current = current[index];
      continue;
    }
    if (typeof seg === 'number') {
      if (!Array.isArray(current)) throw notThere(t.path);
      if (seg >= current.length) {
        throw new ApiError('INVALID_PAYLOAD', `There is no item ${seg} at ${t.path}: the list has ${current.length} item${current.length === 1 ? '' : 's'} (counting from 0).`, 'path');
      }
      if (last) return { container: current, key: seg };
      current = current[seg];
      continue;
    }
    if (current === null || typeof current !== 'object' || Array.isArray(current)) throw notThere(t.path);
    const obj = current as Record<string, unknown>;
    if (last) return { container: obj, key: seg };
    const next = t.segments[i + 1]!;
    if ((obj[seg] === null || obj[seg] === undefined) && typeof next === 'string') obj[seg] = {};
    current = obj[seg];
  }
  throw notThere(t.path);
}

function resultRow(db: Db, documentId: string): { extracted_data: string | null; field_details: string | null } {
  const row = db
    .prepare(
      `SELECT d.status, r.extracted_data, r.field_details FROM documents d LEFT JOIN document_results r ON r.document_id = d.id WHERE d.id = ?`,
    )
    .get(documentId) as { status: string; extracted_data: string | null; field_details: string | null } | undefined;
  if (!row) throw new ApiError('RESOURCE_NOT_FOUND', `No document ${documentId}.`, 'document_id');
  if (row.status !== 'completed' || row.extracted_data === null || row.extracted_data === 'null') {
    throw new ApiError('INVALID_PAYLOAD', 'This document has no extracted values to correct: it has not completed.', 'document_id');
  }
  return row;
}

/** Marks (or unmarks) a value's field detail as corrected by the user. */
function markDetail(fieldDetails: string | null, key: string, corrected: boolean): string | null {
  const details = fromJson<Record<string, Record<string, unknown>>>(fieldDetails);
  const detail = details?.[key];
  if (!details || !detail) return fieldDetails;
  if (corrected) detail['corrected'] = true;
  else delete detail['corrected'];
  return JSON.stringify(details);
}

function write(db: Db, documentId: string, data: unknown, fieldDetails: string | null): void {
  db.prepare('UPDATE document_results SET extracted_data = ?, field_details = ? WHERE document_id = ?').run(JSON.stringify(data), fieldDetails, documentId);
}

/** Replaces one value, remembering what extraction found (a second correction keeps the first
 *  original; correcting back to the original removes the correction). */
export function correctField(db: Db, args: Target & { document_id: string; value: unknown }): void {
  db.transaction(() => {
    const row = resultRow(db, args.document_id);
    const data = JSON.parse(row.extracted_data!) as unknown;
    const { container, key } = locate(data, args);
    const current = (container as Record<string | number, unknown>)[key] ?? null;
    const existing = db.prepare('SELECT original FROM corrections WHERE document_id = ? AND path = ?').get(args.document_id, args.path) as
      | { original: string }
      | undefined;
    const original = existing ? (JSON.parse(existing.original) as unknown) : current;
    (container as Record<string | number, unknown>)[key] = args.value;
    const back = isDeepStrictEqual(original, args.value);
    write(db, args.document_id, data, markDetail(row.field_details, args.detail_key, !back));
    if (back) {
      db.prepare('DELETE FROM corrections WHERE document_id = ? AND path = ?').run(args.document_id, args.path);
      return;
    }
    db.prepare(
      `INSERT INTO corrections (document_id, path, original, value, corrected_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(document_id, path) DO UPDATE SET value = excluded.value, corrected_at = excluded.corrected_at`,
    ).run(args.document_id, args.path, JSON.stringify(original), JSON.stringify(args.value), nowIso());
  })();
}

/** Puts back what extraction found; a path that was never corrected is a clear error. */
export function revertField(db: Db, args: Target & { document_id: string }): void {
  db.transaction(() => {
    const existing = db.prepare('SELECT original FROM corrections WHERE document_id = ? AND path = ?').get(args.document_id, args.path) as
      | { original: string }
      | undefined;
    if (!existing) throw new ApiError('INVALID_PAYLOAD', `The value at ${args.path} was not corrected, so there is nothing to undo.`, 'path');
    const row = resultRow(db, args.document_id);
    const data = JSON.parse(row.extracted_data!) as unknown;
    const { container, key } = locate(data, args);
    (container as Record<string | number, unknown>)[key] = JSON.parse(existing.original) as unknown;
    write(db, args.document_id, data, markDetail(row.field_details, args.detail_key, false));
    db.prepare('DELETE FROM corrections WHERE document_id = ? AND path = ?').run(args.document_id, args.path);
  })();
}

/** A job's corrections (or one document's): per document id, per path. */
export function listCorrections(db: Db, args: { extraction_id: string; document_id?: string | undefined }): Record<string, Record<string, Correction>> {
  const rows = db
    .prepare(
      `SELECT c.document_id, c.path, c.original, c.corrected_at FROM corrections c JOIN documents d ON d.id = c.document_id
       WHERE d.extraction_id = @extraction_id AND (@document_id IS NULL OR d.id = @document_id) ORDER BY d.position, c.path`,
    )
    .all({ extraction_id: args.extraction_id, document_id: args.document_id ?? null }) as Array<{
    document_id: string;
    path: string;
    original: string;
    corrected_at: string;
  }>;
  const out: Record<string, Record<string, Correction>> = {};
  for (const r of rows) (out[r.document_id] ??= {})[r.path] = { original: JSON.parse(r.original) as unknown, corrected_at: r.corrected_at };
  return out;
}
