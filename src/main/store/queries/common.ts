// Helpers every query module shares: ids, cursors, JSON columns.
import { createHash, randomBytes } from 'node:crypto';
import type { Pagination } from '../../../shared/api/common.js';

/** A new id with the contract's prefix and 24 random base-32 characters. */
export function newId(prefix: string): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuv';
  const bytes = randomBytes(24);
  let out = prefix;
  for (const b of bytes) out += alphabet[b & 31];
  return out;
}

/** An opaque cursor for "rows after this sequence number" in one list. `list` names the list
 *  and its filter (see listKey); the cursor carries a tag of it, so another list's (or another
 *  filter's) cursor is refused instead of paging somewhere meaningless. */
export function encodeCursor(seq: number, list: string): string {
  return Buffer.from(`s:${seq}:${listTag(list)}`, 'utf8').toString('base64url');
}

/** The sequence number inside a cursor made for `list`, or null when the cursor is not one of
 *  ours or was made for another list or filter. */
export function decodeCursor(cursor: string | undefined, list: string): number | null | undefined {
  if (cursor === undefined) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^s:(\d{1,15}):([0-9a-f]{12})$/.exec(text);
  return m && m[2] === listTag(list) ? Number(m[1]) : null;
}

/** The name of a list with its filter values, for encodeCursor / decodeCursor. */
export function listKey(name: string, filter: Record<string, string | null | undefined> = {}): string {
  return JSON.stringify([name, Object.entries(filter).map(([key, value]) => [key, value ?? null])]);
}

function listTag(list: string): string {
  return createHash('sha256').update(list, 'utf8').digest('hex').slice(0, 12);
}

/** Cuts a page of `limit + 1` rows (newest first) into items and pagination; the next cursor is
 *  made for `list`. */
export function pageOf<R extends { seq: number }, T>(rows: R[], limit: number, map: (row: R) => T, list: string): { items: T[]; pagination: Pagination } {
  const hasNext = rows.length > limit;
  const kept = hasNext ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  return {
    items: kept.map(map),
    pagination: { limit, has_next_page: hasNext, next_cursor: hasNext && last ? encodeCursor(last.seq, list) : null },
  };
}

/** Parses a JSON column written by this store. */
export function fromJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}
