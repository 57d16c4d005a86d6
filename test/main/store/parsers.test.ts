// Parser queries: CRUD, case-insensitive names, cursor pagination, sample files.
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../src/shared/api/errors.js';
import { PARSER_CHANGED_MESSAGE } from '../../../src/shared/api/parsers.js';
import { fieldsToJsonSchema, type FieldDefinition } from '../../../src/shared/api/parsers.js';
import {
  deleteParser,
  findParser,
  getParser,
  getSample,
  insertParser,
  insertSample,
  listParsers,
  updateParser,
} from '../../../src/main/store/queries/parsers.js';
import { encodeCursor, listKey } from '../../../src/main/store/queries/common.js';
import { memoryDb, type Db } from './fixtures.js';

const FIELDS: FieldDefinition[] = [
  { name: 'invoice_number', type: 'string', required: true },
  { name: 'total', type: 'number', description: 'Amount due' },
];

function create(db: Db, name: string, fields: FieldDefinition[] = FIELDS) {
  return insertParser(db, { name, result_mode: 'one_per_file', fields });
}

function thrown(run: () => unknown): ApiError {
  try {
    run();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError');
}

describe('parser queries', () => {
  it('insertParser returns the parser with its fields, schema and timestamps', () => {
    const db = memoryDb();
    const p = insertParser(db, { name: 'Invoices', description: 'Supplier invoices', result_mode: 'one_per_page', fields: FIELDS });
    expect(p.parser_id).toMatch(/^prs_[0-9a-v]{24}$/);
    expect(p).toMatchObject({
      name: 'Invoices',
      description: 'Supplier invoices',
      result_mode: 'one_per_page',
      fields: FIELDS,
      has_sample_file: false,
      sample_file_id: null,
    });
    expect(p.schema).toEqual({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: {
        invoice_number: { type: ['string', 'null'] },
        total: { type: ['number', 'null'], description: 'Amount due' },
      },
      required: ['invoice_number'],
      additionalProperties: false,
    });
    expect(p.created_at).toBe(p.updated_at);
    expect(new Date(p.created_at).toISOString()).toBe(p.created_at);
    expect(getParser(db, { parser_id: p.parser_id })).toEqual(p);
  });

  it('a parser without fields has no schema and no description', () => {
    const p = create(memoryDb(), 'Empty', []);
    expect(p.schema).toBeNull();
    expect(p.fields).toEqual([]);
    expect(p.description).toBeNull();
  });

  it('getParser and findParser return null for an unknown parser', () => {
    const db = memoryDb();
    expect(getParser(db, { parser_id: 'prs_nope' })).toBeNull();
    expect(findParser(db, { ref: 'Nope' })).toBeNull();
  });

  it('findParser finds by id, and by name without regard to case', () => {
    const db = memoryDb();
    const a = create(db, 'Invoices');
    const b = create(db, 'Receipts');
    expect(findParser(db, { ref: a.parser_id })?.parser_id).toBe(a.parser_id);
    expect(findParser(db, { ref: 'invoices' })?.parser_id).toBe(a.parser_id);
    expect(findParser(db, { ref: 'RECEIPTS' })?.parser_id).toBe(b.parser_id);
  });

  it('a duplicate name, in any case, is a CONFLICT on the name field', () => {
    const db = memoryDb();
    create(db, 'Invoices');
    const err = thrown(() => create(db, 'INVOICES'));
    expect(err.code).toBe('CONFLICT');
    expect(err.field).toBe('name');
    expect(err.status).toBe(409);
    expect(err.message).toBe('A parser named "INVOICES" already exists.');
    expect(listParsers(db, { limit: 10 }).items).toHaveLength(1);
  });

  it('updateParser replaces the fields, regenerates the schema and keeps what the patch leaves out', async () => {
    const db = memoryDb();
    const p = insertParser(db, { name: 'Invoices', description: 'd', result_mode: 'one_per_file', fields: FIELDS });
    await new Promise((r) => setTimeout(r, 5));
    const fields: FieldDefinition[] = [{ name: 'due_date', type: 'date' }];
    const u = updateParser(db, { parser_id: p.parser_id, fields });
    expect(u).toMatchObject({ parser_id: p.parser_id, name: 'Invoices', description: 'd', result_mode: 'one_per_file', fields });
    expect(u?.schema).toEqual(fieldsToJsonSchema(fields));
    expect(u?.schema).toMatchObject({ properties: { due_date: { type: ['string', 'null'], format: 'date' } } });
    expect(Object.keys((u?.schema as { properties: object }).properties)).toEqual(['due_date']);
    expect(u?.created_at).toBe(p.created_at);
    expect(u!.updated_at > p.updated_at).toBe(true);
  });

  it('updateParser renames, clears the description with null, and changes the result mode', () => {
    const db = memoryDb();
    const p = insertParser(db, { name: 'Invoices', description: 'd', result_mode: 'one_per_file', fields: FIELDS });
    const u = updateParser(db, { parser_id: p.parser_id, name: 'Bills', description: null, result_mode: 'one_per_page' });
    expect(u).toMatchObject({ name: 'Bills', description: null, result_mode: 'one_per_page', fields: FIELDS });
    expect(findParser(db, { ref: 'bills' })?.parser_id).toBe(p.parser_id);
    expect(findParser(db, { ref: 'Invoices' })).toBeNull();
  });

  it('updateParser to a taken name is a CONFLICT and changes nothing', () => {
    const db = memoryDb();
    create(db, 'Invoices');
    const b = create(db, 'Receipts');
    const err = thrown(() => updateParser(db, { parser_id: b.parser_id, name: 'invoices' }));
    expect([err.code, err.field]).toEqual(['CONFLICT', 'name']);
    expect(getParser(db, { parser_id: b.parser_id })?.name).toBe('Receipts');
  });

  it('updateParser with expected_updated_at applies only over that version: of two saves from the same loaded version, the second is refused', () => {
    const db = memoryDb();
    const loaded = create(db, 'Invoices');
    const first = updateParser(db, { parser_id: loaded.parser_id, description: 'first window', expected_updated_at: loaded.updated_at });
    expect(first).toMatchObject({ description: 'first window' });
    const err = thrown(() => updateParser(db, { parser_id: loaded.parser_id, description: 'second window', expected_updated_at: loaded.updated_at }));
    expect([err.code, err.field, err.message]).toEqual(['CONFLICT', 'expected_updated_at', PARSER_CHANGED_MESSAGE]);
    expect(getParser(db, { parser_id: loaded.parser_id })).toEqual(first);
    // Over the version now stored it applies; without a version the last save wins (PATCH /v1).
    expect(updateParser(db, { parser_id: loaded.parser_id, description: 'second, reloaded', expected_updated_at: first!.updated_at })).toMatchObject({
      description: 'second, reloaded',
    });
    expect(updateParser(db, { parser_id: loaded.parser_id, description: 'script' })).toMatchObject({ description: 'script' });
    // An unknown parser is still null, whatever the version.
    expect(updateParser(db, { parser_id: 'prs_nope', name: 'X', expected_updated_at: loaded.updated_at })).toBeNull();
  });

  it('updateParser gives every save a later updated_at, even several in one millisecond or with the clock set back', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-05-01T12:00:00.000Z'));
      const db = memoryDb();
      const p = create(db, 'Invoices');
      const versions = [p.updated_at];
      for (let i = 0; i < 3; i++) versions.push(updateParser(db, { parser_id: p.parser_id, description: `save ${i}`, expected_updated_at: versions.at(-1) })!.updated_at);
      vi.setSystemTime(new Date('2026-05-01T11:00:00.000Z'));
      versions.push(updateParser(db, { parser_id: p.parser_id, description: 'clock set back' })!.updated_at);
      expect(versions).toEqual([
        '2026-05-01T12:00:00.000Z',
        '2026-05-01T12:00:00.001Z',
        '2026-05-01T12:00:00.002Z',
        '2026-05-01T12:00:00.003Z',
        '2026-05-01T12:00:00.004Z',
      ]);
      // The save loaded at the first of them is refused, though it is from the same millisecond.
      expect(thrown(() => updateParser(db, { parser_id: p.parser_id, name: 'Late', expected_updated_at: versions[0] })).code).toBe('CONFLICT');
    } finally {
      vi.useRealTimers();
    }
  });

  it('updateParser returns null for an unknown parser; deleteParser says whether it deleted', () => {
    const db = memoryDb();
    expect(updateParser(db, { parser_id: 'prs_nope', name: 'X' })).toBeNull();
    const p = create(db, 'Invoices');
    expect(deleteParser(db, { parser_id: p.parser_id })).toBe(true);
    expect(getParser(db, { parser_id: p.parser_id })).toBeNull();
    expect(deleteParser(db, { parser_id: p.parser_id })).toBe(false);
    // The name is free again.
    expect(create(db, 'invoices').name).toBe('invoices');
  });

  it('a sample file links to its parser and outlives it', () => {
    const db = memoryDb();
    const p = create(db, 'Invoices');
    const s = insertSample(db, {
      parser_id: p.parser_id,
      filename: 'sample.pdf',
      stored_path: '/data/samples/x.pdf',
      mime: 'application/pdf',
      file_size: 1234,
      content_hash: 'abc',
    });
    expect(s.id).toMatch(/^smp_/);
    expect(getSample(db, { sample_file_id: s.id })).toEqual(s);
    const u = updateParser(db, { parser_id: p.parser_id, sample_file_id: s.id });
    expect(u).toMatchObject({ has_sample_file: true, sample_file_id: s.id });
    deleteParser(db, { parser_id: p.parser_id });
    expect(getSample(db, { sample_file_id: s.id })?.parser_id).toBeNull();
    expect(getSample(db, { sample_file_id: 'smp_nope' })).toBeNull();
  });

  describe('listParsers', () => {
    it('pages through 5 parsers 2 at a time, newest first, with no overlap or gap', () => {
      const db = memoryDb();
      const names = ['p1', 'p2', 'p3', 'p4', 'p5'];
      for (const n of names) create(db, n);

      const page1 = listParsers(db, { limit: 2 });
      expect(page1.items.map((p) => p.name)).toEqual(['p5', 'p4']);
      expect(page1.pagination).toMatchObject({ limit: 2, has_next_page: true });
      expect(page1.pagination.next_cursor).toEqual(expect.any(String));

      const page2 = listParsers(db, { limit: 2, cursor: page1.pagination.next_cursor! });
      expect(page2.items.map((p) => p.name)).toEqual(['p3', 'p2']);
      expect(page2.pagination.has_next_page).toBe(true);

      const page3 = listParsers(db, { limit: 2, cursor: page2.pagination.next_cursor! });
      expect(page3.items.map((p) => p.name)).toEqual(['p1']);
      expect(page3.pagination).toEqual({ limit: 2, has_next_page: false, next_cursor: null });
    });

    it('a page that exactly fills the limit has no next page', () => {
      const db = memoryDb();
      for (const n of ['a', 'b']) create(db, n);
      expect(listParsers(db, { limit: 2 }).pagination).toEqual({ limit: 2, has_next_page: false, next_cursor: null });
    });

    it('an empty store lists nothing', () => {
      expect(listParsers(memoryDb(), { limit: 10 })).toEqual({ items: [], pagination: { limit: 10, has_next_page: false, next_cursor: null } });
    });

    it.each([
      'not-a-cursor',
      Buffer.from('hello').toString('base64url'),
      encodeCursor(3, listKey('parsers')).slice(0, -1) + '!',
      Buffer.from('s:-1').toString('base64url'),
      // Another list's cursor, and one made before cursors named their list.
      encodeCursor(3, listKey('webhooks')),
      Buffer.from('s:3').toString('base64url'),
    ])(
      'a cursor it did not issue (%s) is INVALID_PAYLOAD on the cursor field',
      (cursor) => {
        const err = thrown(() => listParsers(memoryDb(), { limit: 2, cursor }));
        expect([err.code, err.field, err.status]).toEqual(['INVALID_PAYLOAD', 'cursor', 400]);
      },
    );
  });
});
