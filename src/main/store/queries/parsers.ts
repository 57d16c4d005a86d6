// Parsers and their sample files.
import { ApiError } from '../../../shared/api/errors.js';
import { ID_PREFIX } from '../../../shared/api/common.js';
import { fieldsToJsonSchema, PARSER_CHANGED_MESSAGE, type FieldDefinition, type Parser, type ResultMode } from '../../../shared/api/parsers.js';
import { nowIso, type Db } from '../db.js';
import { decodeCursor, listKey, newId, pageOf } from './common.js';

interface ParserRow {
  seq: number;
  id: string;
  name: string;
  description: string | null;
  result_mode: ResultMode;
  fields: string;
  sample_file_id: string | null;
  created_at: string;
  updated_at: string;
}

function toParser(row: ParserRow): Parser {
  const fields = JSON.parse(row.fields) as FieldDefinition[];
  return {
    parser_id: row.id,
    name: row.name,
    description: row.description,
    result_mode: row.result_mode,
    schema: fieldsToJsonSchema(fields),
    fields,
    has_sample_file: row.sample_file_id !== null,
    sample_file_id: row.sample_file_id,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

function badCursor(): ApiError {
  return new ApiError('INVALID_PAYLOAD', 'cursor: not a cursor returned by this API', 'cursor');
}

const PARSERS_LIST = listKey('parsers');

/** Parsers, newest first. */
export function listParsers(db: Db, args: { limit: number; cursor?: string | undefined }) {
  const after = decodeCursor(args.cursor, PARSERS_LIST);
  if (after === null) throw badCursor();
  const rows = db
    .prepare('SELECT * FROM parsers WHERE seq < ? ORDER BY seq DESC LIMIT ?')
    .all(after ?? Number.MAX_SAFE_INTEGER, args.limit + 1) as ParserRow[];
  return pageOf(rows, args.limit, toParser, PARSERS_LIST);
}

/** One parser, or null. */
export function getParser(db: Db, args: { parser_id: string }): Parser | null {
  const row = db.prepare('SELECT * FROM parsers WHERE id = ?').get(args.parser_id) as ParserRow | undefined;
  return row ? toParser(row) : null;
}

/** One parser by id or (case-insensitive) name, or null. */
export function findParser(db: Db, args: { ref: string }): Parser | null {
  const row = db.prepare('SELECT * FROM parsers WHERE id = ? OR name = ? ORDER BY seq LIMIT 1').get(args.ref, args.ref) as
    | ParserRow
    | undefined;
  return row ? toParser(row) : null;
}

function nameTaken(name: string): ApiError {
  return new ApiError('CONFLICT', `A parser named "${name}" already exists.`, 'name');
}

/** Creates a parser; CONFLICT when its name is taken. */
export function insertParser(
  db: Db,
  args: { name: string; description?: string | undefined; result_mode: ResultMode; fields: FieldDefinition[] },
): Parser {
  const now = nowIso();
  const id = newId(ID_PREFIX.parser);
  try {
    db.prepare(
      'INSERT INTO parsers (id, name, description, result_mode, fields, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(id, args.name, args.description ?? null, args.result_mode, JSON.stringify(args.fields), now, now);
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw nameTaken(args.name);
    throw err;
  }
  return getParser(db, { parser_id: id })!;
}

/** The parser was saved by someone else since the version the caller loaded. */
function changedSince(): ApiError {
  return new ApiError('CONFLICT', PARSER_CHANGED_MESSAGE, 'expected_updated_at');
}

/** A parser's next `updated_at`: now, or a millisecond after the current one when that is not
 *  later (two saves in one millisecond, a clock set back), so every save gives a new version. */
function nextUpdatedAt(current: string): string {
  const now = nowIso();
  return now > current ? now : new Date(Date.parse(current) + 1).toISOString();
}

/** Applies a patch (fields replace the whole list); null when the parser does not exist. With
 *  `expected_updated_at`, only over that version: CONFLICT when the parser was saved since. */
export function updateParser(
  db: Db,
  args: {
    parser_id: string;
    name?: string | undefined;
    description?: string | null | undefined;
    result_mode?: ResultMode | undefined;
    fields?: FieldDefinition[] | undefined;
    sample_file_id?: string | undefined;
    expected_updated_at?: string | undefined;
  },
): Parser | null {
  // One write transaction, taken before the read (BEGIN IMMEDIATE): no other connection can
  // save the parser between the version check and the write.
  const apply = db.transaction((): Parser | null => {
    const current = db.prepare('SELECT * FROM parsers WHERE id = ?').get(args.parser_id) as ParserRow | undefined;
    if (!current) return null;
    if (args.expected_updated_at !== undefined && current.updated_at !== args.expected_updated_at) throw changedSince();
    try {
      db.prepare('UPDATE parsers SET name = ?, description = ?, result_mode = ?, fields = ?, sample_file_id = ?, updated_at = ? WHERE id = ?').run(
        args.name ?? current.name,
        args.description === undefined ? current.description : args.description,
        args.result_mode ?? current.result_mode,
        args.fields ? JSON.stringify(args.fields) : current.fields,
        args.sample_file_id ?? current.sample_file_id,
        nextUpdatedAt(current.updated_at),
        args.parser_id,
      );
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw nameTaken(args.name ?? '');
      throw err;
    }
    return getParser(db, { parser_id: args.parser_id });
  });
  return apply.immediate();
}

/** Deletes a parser (its jobs keep their own copy of it); false when it did not exist. */
export function deleteParser(db: Db, args: { parser_id: string }): boolean {
  return db.prepare('DELETE FROM parsers WHERE id = ?').run(args.parser_id).changes > 0;
}

export interface SampleRow {
  id: string;
  parser_id: string | null;
  filename: string;
  stored_path: string;
  mime: string;
  file_size: number;
  content_hash: string;
  created_at: string;
}

/** Records a stored sample file for a parser. */
export function insertSample(db: Db, args: Omit<SampleRow, 'id' | 'created_at'>): SampleRow {
  const row: SampleRow = { ...args, id: newId(ID_PREFIX.sample), created_at: nowIso() };
  db.prepare(
    'INSERT INTO samples (id, parser_id, filename, stored_path, mime, file_size, content_hash, created_at) VALUES (@id, @parser_id, @filename, @stored_path, @mime, @file_size, @content_hash, @created_at)',
  ).run(row);
  return row;
}

/** A sample file, or null. */
export function getSample(db: Db, args: { sample_file_id: string }): SampleRow | null {
  return (db.prepare('SELECT * FROM samples WHERE id = ?').get(args.sample_file_id) as SampleRow | undefined) ?? null;
}
