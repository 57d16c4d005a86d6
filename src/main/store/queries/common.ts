// Helpers every query module shares: ids, cursors, JSON columns.
import { randomBytes } from 'node:crypto';
import type { Pagination } from '../../../shared/api/common.js';

/** A new id with the contract's prefix and 24 random base-32 characters. */
export function newId(prefix: string): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuv';
  const bytes = randomBytes(24);
  let out = prefix;
  for (const b of bytes) out += alphabet[b & 31];
  return out;
}

/** An opaque cursor for "rows after this sequence number". */
export function encodeCursor(seq: number): string {
  return Buffer.from(`s:${seq}`, 'utf8').toString('base64url');
}

/** The sequence number inside a cursor, or null when the cursor is not one of ours. */
export function decodeCursor(cursor: string | undefined): number | null | undefined {
  if (cursor === undefined) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^s:(\d{1,15})$/.exec(text);
  return m ? Number(m[1]) : null;
}

/** Cuts a page of `limit + 1` rows (newest first) into items and pagination. */
export function pageOf<R extends { seq: number }, T>(rows: R[], limit: number, map: (row: R) => T): { items: T[]; pagination: Pagination } {
  const hasNext = rows.length > limit;
  const kept = hasNext ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  return {
    items: kept.map(map),
    pagination: { limit, has_next_page: hasNext, next_cursor: hasNext && last ? encodeCursor(last.seq) : null },
  };
}

/** Parses a JSON column written by this store. */
export function fromJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}
