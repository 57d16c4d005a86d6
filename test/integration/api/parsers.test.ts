// Account and parsers over real HTTP with the real services: /v1/me, /v1/credits, parser CRUD
// (the JSON Schema made from the fields), and detect-fields from an uploaded or a stored sample.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from '../../../src/shared/api/parsers.js';
import { makePdf } from '../../helpers/make-pdf.js';
import { corpusFile, createParser, expectError, expectJson, INVOICE_FIELDS, invoicePdf, openHarness, type ApiHarness } from './harness.js';

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let h: ApiHarness;
beforeAll(async () => {
  h = await openHarness('parsers');
});
afterAll(async () => {
  await h?.close();
});

function json(method: string, body: unknown): RequestInit {
  return { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** A sample whose "Label: value" lines are 30 pt apart, so each is a block of its own. */
function spacedSample(lines: string[]): Uint8Array {
  return makePdf({ pages: [{ items: lines.map((text, i) => ({ text, x: 72, y: 720 - i * 30 })) }] });
}

function sampleForm(bytes: Uint8Array, extra: Record<string, string> = {}): FormData {
  const data = new FormData();
  data.append('file', new Blob([bytes], { type: 'application/pdf' }), 'sample.pdf');
  for (const [k, v] of Object.entries(extra)) data.append(k, v);
  return data;
}

describe('account', () => {
  it('GET /v1/me describes the local user behind the key', async () => {
    const { user } = await expectJson<{ user: Record<string, unknown> }>(await h.api('/v1/me'), 200);
    expect(user).toEqual({
      user_id: expect.stringMatching(/^usr_/),
      email: null,
      name: expect.any(String),
      credits_available: null,
      key_name: 'local',
      key_expires_at: null,
      member_since: expect.stringMatching(ISO_MS),
    });
    expect(h.apiKey).toMatch(/^pp_local_/);
    // The same user every time.
    const again = await expectJson<{ user: { user_id: string } }>(await h.api('/v1/me'), 200);
    expect(again.user.user_id).toBe(user['user_id']);
  });

  it('GET /v1/credits: unlimited locally', async () => {
    expect(await expectJson(await h.api('/v1/credits'), 200)).toEqual({ credits: { available: null, purchases: [] } });
  });
});

describe('parsers CRUD', () => {
  it('creates a parser (201) whose schema is generated from its fields, line items included', async () => {
    const parser = await createParser(h, { name: 'Invoices CRUD', description: 'Vendor invoices', fields: INVOICE_FIELDS });
    expect(parser).toEqual({
      parser_id: expect.stringMatching(/^prs_/),
      name: 'Invoices CRUD',
      description: 'Vendor invoices',
      result_mode: 'one_per_file',
      fields: INVOICE_FIELDS,
      has_sample_file: false,
      sample_file_id: null,
      created_at: expect.stringMatching(ISO_MS),
      updated_at: expect.stringMatching(ISO_MS),
      schema: {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: {
          invoice_number: { type: ['string', 'null'], description: 'Invoice No' },
          invoice_date: { type: ['string', 'null'], format: 'date' },
          total: { type: ['number', 'null'] },
          line_items: {
            type: 'array',
            items: {
              type: 'object',
              properties: { description: { type: ['string', 'null'] }, amount: { type: ['number', 'null'] } },
              additionalProperties: false,
            },
          },
        },
        required: ['invoice_number'],
        additionalProperties: false,
      },
    });

    const got = await expectJson<{ parser: Parser }>(await h.api(`/v1/parsers/${parser.parser_id}`), 200);
    expect(got.parser).toEqual(parser);
  });

  it('PATCH fields replaces the whole list and regenerates the schema; other properties stay', async () => {
    const parser = await createParser(h, { name: 'Patch me', result_mode: 'one_per_page', fields: INVOICE_FIELDS });
    const res = await h.api(`/v1/parsers/${parser.parser_id}`, json('PATCH', { fields: [{ name: 'vendor', type: 'string', required: true }] }));
    const { parser: patched } = await expectJson<{ parser: Parser }>(res, 200);
    expect(patched.fields).toEqual([{ name: 'vendor', type: 'string', required: true }]);
    expect(patched.schema).toEqual({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { vendor: { type: ['string', 'null'] } },
      required: ['vendor'],
      additionalProperties: false,
    });
    expect(patched.name).toBe('Patch me');
    expect(patched.result_mode).toBe('one_per_page');
    expect(patched.created_at).toBe(parser.created_at);
    expect(Date.parse(patched.updated_at)).toBeGreaterThanOrEqual(Date.parse(parser.updated_at));

    // Renaming and clearing the description; the fields stay as they are.
    const renamed = await expectJson<{ parser: Parser }>(
      await h.api(`/v1/parsers/${parser.parser_id}`, json('PATCH', { name: 'Patched', description: null })),
      200,
    );
    expect(renamed.parser).toMatchObject({ name: 'Patched', description: null, fields: patched.fields, schema: patched.schema });

    // An empty list leaves a parser without a schema.
    const emptied = await expectJson<{ parser: Parser }>(await h.api(`/v1/parsers/${parser.parser_id}`, json('PATCH', { fields: [] })), 200);
    expect(emptied.parser.fields).toEqual([]);
    expect(emptied.parser.schema).toBeNull();
  });

  it('DELETE removes the parser: later reads, patches and deletes are 404 PARSER_NOT_FOUND', async () => {
    const parser = await createParser(h, { name: 'Short-lived', fields: [{ name: 'total', type: 'number' }] });
    const res = await h.api(`/v1/parsers/${parser.parser_id}`, { method: 'DELETE' });
    expect(await expectJson(res, 200)).toEqual({ deleted: true, parser_id: parser.parser_id });
    const gone = await expectError(await h.api(`/v1/parsers/${parser.parser_id}`), 404, 'PARSER_NOT_FOUND');
    expect(gone.message).toContain(parser.parser_id);
    expect(gone.retryable).toBe(false);
    await expectError(await h.api(`/v1/parsers/${parser.parser_id}`, json('PATCH', { name: 'x' })), 404, 'PARSER_NOT_FOUND');
    await expectError(await h.api(`/v1/parsers/${parser.parser_id}`, { method: 'DELETE' }), 404, 'PARSER_NOT_FOUND');
    const list = await expectJson<{ parsers: Parser[] }>(await h.api('/v1/parsers?limit=100'), 200);
    expect(list.parsers.map((p) => p.parser_id)).not.toContain(parser.parser_id);
  });

  it('names are unique regardless of case: create and rename → 409 CONFLICT', async () => {
    await createParser(h, { name: 'Receipts' });
    const dup = await expectError(await h.api('/v1/parsers', json('POST', { name: 'receipts' })), 409, 'CONFLICT');
    expect(dup.message).toContain('receipts');
    const other = await createParser(h, { name: 'Receipts 2' });
    await expectError(await h.api(`/v1/parsers/${other.parser_id}`, json('PATCH', { name: 'Receipts' })), 409, 'CONFLICT');
    // The refused rename changed nothing.
    const still = await expectJson<{ parser: Parser }>(await h.api(`/v1/parsers/${other.parser_id}`), 200);
    expect(still.parser.name).toBe('Receipts 2');
  });

  it('lists parsers newest first with cursor pagination', async () => {
    const made: string[] = [];
    for (const n of [1, 2, 3]) made.push((await createParser(h, { name: `Paged ${n}` })).parser_id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page = await expectJson<{ parsers: Parser[]; pagination: { limit: number; has_next_page: boolean; next_cursor: string | null } }>(
        await h.api(`/v1/parsers?limit=2${q}`),
        200,
      );
      expect(page.pagination.limit).toBe(2);
      expect(page.parsers.length).toBeLessThanOrEqual(2);
      expect(page.pagination.has_next_page).toBe(page.pagination.next_cursor !== null);
      seen.push(...page.parsers.map((p) => p.parser_id));
      cursor = page.pagination.next_cursor;
      pages += 1;
    } while (cursor && pages < 50);
    expect(new Set(seen).size).toBe(seen.length);
    // The three newest, newest first, open the list.
    expect(seen.slice(0, 3)).toEqual([...made].reverse());
    const all = await expectJson<{ parsers: Parser[] }>(await h.api('/v1/parsers?limit=100'), 200);
    expect(seen).toEqual(all.parsers.map((p) => p.parser_id));
  });
});

describe('detect-fields', () => {
  it('proposes fields from "Label: value" lines, refuses to overwrite them, replaces on request, and reuses a stored sample', async () => {
    const parser = await createParser(h, { name: 'Detected' });
    expect(parser.schema).toBeNull();

    // 1. An uploaded sample.
    const sample = spacedSample(['Invoice No: INV-7', 'Invoice Date: 2024-03-15', 'Total: 7,250.50']);
    const first = await expectJson<{ parser: Parser }>(
      await h.api(`/v1/parsers/${parser.parser_id}/detect-fields`, { method: 'POST', body: sampleForm(sample) }),
      200,
    );
    expect(first.parser.fields.map((f) => [f.name, f.type])).toEqual([
      ['invoice_number', 'string'],
      ['invoice_date', 'date'],
      ['total', 'number'],
    ]);
    expect(first.parser.fields[0]?.description).toBe('Invoice number');
    expect(first.parser.schema).toMatchObject({
      type: 'object',
      properties: { invoice_number: { type: ['string', 'null'], description: 'Invoice number' }, invoice_date: { format: 'date' }, total: { type: ['number', 'null'] } },
    });
    expect(first.parser.has_sample_file).toBe(true);
    const sampleId = first.parser.sample_file_id;
    expect(sampleId).toMatch(/^smp_/);

    // 2. Again, without asking to replace.
    const refused = await expectError(
      await h.api(`/v1/parsers/${parser.parser_id}/detect-fields`, { method: 'POST', body: sampleForm(invoicePdf(8)) }),
      400,
      'SCHEMA_ALREADY_EXISTS',
    );
    expect(refused.message).toMatch(/replace_existing_schema/);
    const unchanged = await expectJson<{ parser: Parser }>(await h.api(`/v1/parsers/${parser.parser_id}`), 200);
    expect(unchanged.parser.fields).toEqual(first.parser.fields);
    expect(unchanged.parser.sample_file_id).toBe(sampleId);

    // 3. Replacing, with another sample and other labels.
    const replaced = await expectJson<{ parser: Parser }>(
      await h.api(`/v1/parsers/${parser.parser_id}/detect-fields`, {
        method: 'POST',
        body: sampleForm(spacedSample(['Order Number: PO-77', 'Due Date: 2024-04-30']), { replace_existing_schema: 'true' }),
      }),
      200,
    );
    expect(replaced.parser.fields.map((f) => [f.name, f.type])).toEqual([
      ['order_number', 'string'],
      ['due_date', 'date'],
    ]);
    expect(replaced.parser.sample_file_id).toMatch(/^smp_/);
    expect(replaced.parser.sample_file_id).not.toBe(sampleId);

    // 4. The first (stored) sample again, by id, as JSON.
    const reused = await expectJson<{ parser: Parser }>(
      await h.api(`/v1/parsers/${parser.parser_id}/detect-fields`, json('POST', { sample_file_id: sampleId, replace_existing_schema: true })),
      200,
    );
    expect(reused.parser.fields).toEqual(first.parser.fields);
    expect(reused.parser.sample_file_id).toBe(sampleId);

    // The JSON form is refused too when a schema exists and replacing was not asked.
    await expectError(
      await h.api(`/v1/parsers/${parser.parser_id}/detect-fields`, json('POST', { sample_file_id: sampleId })),
      400,
      'SCHEMA_ALREADY_EXISTS',
    );
  });

  it('proposes one field per "Label: value" line when the lines form one paragraph (the generated invoice)', async () => {
    // The layout engine joins these three lines (20 pt apart) into one text block:
    // "Invoice No: INV-7 Invoice Date: 2024-03-15 Total: 7,250.50". The extractor splits such
    // joined lines at the next "Label:" (label-match.ts); detect-fields must too.
    const parser = await createParser(h, { name: 'Detected paragraph' });
    const res = await h.api(`/v1/parsers/${parser.parser_id}/detect-fields`, { method: 'POST', body: sampleForm(invoicePdf(7)) });
    const { parser: detected } = await expectJson<{ parser: Parser }>(res, 200);
    expect(detected.fields.map((f) => [f.name, f.type])).toEqual([
      ['invoice_number', 'string'],
      ['invoice_date', 'date'],
      ['total', 'number'],
    ]);
  });

  it('detects fields from a corpus invoice', async () => {
    const parser = await createParser(h, { name: 'QualityHosting' });
    const data = new FormData();
    data.append('file', new Blob([await corpusFile('fields/QualityHosting.pdf')]), 'QualityHosting.pdf');
    const res = await h.api(`/v1/parsers/${parser.parser_id}/detect-fields`, { method: 'POST', body: data });
    const { parser: detected } = await expectJson<{ parser: Parser }>(res, 200);
    expect(detected.fields.length).toBeGreaterThan(0);
    for (const f of detected.fields) expect(f.name).toMatch(/^[a-z_][a-z0-9_]*$/);
    expect(Object.keys((detected.schema as { properties: object }).properties)).toEqual(detected.fields.map((f) => f.name));
    expect(detected.has_sample_file).toBe(true);
  });

  it('refuses an unknown parser, an unknown sample and a request with neither file nor sample', async () => {
    await expectError(
      await h.api('/v1/parsers/prs_missing/detect-fields', { method: 'POST', body: sampleForm(invoicePdf(1)) }),
      404,
      'PARSER_NOT_FOUND',
    );
    const parser = await createParser(h, { name: 'No sample' });
    const unknown = await expectError(
      await h.api(`/v1/parsers/${parser.parser_id}/detect-fields`, json('POST', { sample_file_id: 'smp_missing' })),
      404,
      'RESOURCE_NOT_FOUND',
    );
    expect(unknown.message).toContain('smp_missing');
    const none = await expectError(await h.api(`/v1/parsers/${parser.parser_id}/detect-fields`, json('POST', {})), 400, 'INVALID_PAYLOAD');
    expect(none.message).toMatch(/^file:/);
    const junk = new FormData();
    junk.append('file', new Blob(['just some text, not a document']), 'notes.txt');
    const refused = await expectError(await h.api(`/v1/parsers/${parser.parser_id}/detect-fields`, { method: 'POST', body: junk }), 400, 'UNSUPPORTED_FILE_TYPE');
    expect(refused.message).toContain('notes.txt');
    // Nothing was stored for the refused requests.
    const after = await expectJson<{ parser: Parser }>(await h.api(`/v1/parsers/${parser.parser_id}`), 200);
    expect(after.parser).toMatchObject({ fields: [], has_sample_file: false, sample_file_id: null });
  });
});
