// Parser and webhook routes over real HTTP: envelopes, status codes, detect-fields in both
// forms, and the service errors they surface.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from '../../../src/shared/api/parsers.js';
import { errorOf, startTestServer, type TestServer } from './harness.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ rateLimits: false });
});
afterAll(async () => {
  await server.close();
});

const json = (body: unknown, method = 'POST'): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('parsers', () => {
  it('creates (201), reads, lists with pagination, updates and deletes', async () => {
    const created = await server.api('/v1/parsers', json({ name: 'Receipts', fields: [{ name: 'total', type: 'number', required: true }] }));
    expect(created.status).toBe(201);
    const { parser } = (await created.json()) as { parser: Parser };
    expect(parser.name).toBe('Receipts');
    expect(parser.schema).toMatchObject({ type: 'object', required: ['total'] });

    const got = (await (await server.api(`/v1/parsers/${parser.parser_id}`)).json()) as { parser: Parser };
    expect(got.parser.parser_id).toBe(parser.parser_id);

    const first = (await (await server.api('/v1/parsers?limit=2')).json()) as {
      parsers: Parser[];
      pagination: { limit: number; has_next_page: boolean; next_cursor: string };
    };
    expect(first.parsers.map((p) => p.parser_id)).toEqual(['prs_invoice', 'prs_empty']);
    expect(first.pagination).toEqual({ limit: 2, has_next_page: true, next_cursor: '2' });
    const second = (await (await server.api(`/v1/parsers?limit=2&cursor=${first.pagination.next_cursor}`)).json()) as { parsers: Parser[] };
    expect(second.parsers.map((p) => p.parser_id)).toEqual([parser.parser_id]);
    const defaults = (await (await server.api('/v1/parsers')).json()) as { pagination: { limit: number } };
    expect(defaults.pagination.limit).toBe(20);

    const patched = await server.api(`/v1/parsers/${parser.parser_id}`, json({ fields: [{ name: 'vendor', type: 'string' }] }, 'PATCH'));
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as { parser: Parser }).parser.fields).toEqual([{ name: 'vendor', type: 'string' }]);

    const deleted = await server.api(`/v1/parsers/${parser.parser_id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({ deleted: true, parser_id: parser.parser_id });
    const gone = await server.api(`/v1/parsers/${parser.parser_id}`);
    expect(gone.status).toBe(404);
    expect((await errorOf(gone)).code).toBe('PARSER_NOT_FOUND');
  });

  it('validates PATCH bodies', async () => {
    const res = await server.api('/v1/parsers/prs_invoice', json({ result_mode: 'sometimes' }, 'PATCH'));
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toMatch(/^result_mode: /);
  });

  it('detects fields from an uploaded sample (multipart)', async () => {
    const data = new FormData();
    data.append('file', new Blob(['Invoice No. 17'], { type: 'application/pdf' }), 'sample.pdf');
    data.append('prompt', 'invoice header fields');
    data.append('replace_existing_schema', 'false');
    const res = await server.api('/v1/parsers/prs_empty/detect-fields', { method: 'POST', body: data });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { parser: Parser }).parser.fields.map((f) => f.name)).toEqual(['invoice_number']);
    const call = server.services.calls.detectFields.at(-1);
    expect(call?.body).toEqual({ prompt: 'invoice header fields', replace_existing_schema: false });
    expect(call?.file).toMatchObject({ kind: 'upload', filename: 'sample.pdf', content: 'Invoice No. 17' });
    expect(server.uploadFolders()).toEqual([]);
  });

  it('answers SCHEMA_ALREADY_EXISTS and cleans the upload when not replacing', async () => {
    const data = new FormData();
    data.append('file', new Blob(['x']), 'sample.pdf');
    const res = await server.api('/v1/parsers/prs_invoice/detect-fields', { method: 'POST', body: data });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('SCHEMA_ALREADY_EXISTS');
    expect(server.uploadFolders()).toEqual([]);
  });

  it('detects fields from a stored sample (JSON)', async () => {
    const res = await server.api('/v1/parsers/prs_invoice/detect-fields', json({ sample_file_id: 'smp_1', replace_existing_schema: true }));
    expect(res.status).toBe(200);
    expect(server.services.calls.detectFields.at(-1)).toMatchObject({
      parserId: 'prs_invoice',
      body: { sample_file_id: 'smp_1', replace_existing_schema: true },
      file: undefined,
    });
  });

  it('refuses a bad replace_existing_schema form value, naming it', async () => {
    const data = new FormData();
    data.append('file', new Blob(['x']), 'sample.pdf');
    data.append('replace_existing_schema', 'yes');
    const res = await server.api('/v1/parsers/prs_empty/detect-fields', { method: 'POST', body: data });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toBe('replace_existing_schema: expected "true" or "false".');
    expect(server.uploadFolders()).toEqual([]);
  });

  it('refuses two sample files', async () => {
    const data = new FormData();
    data.append('file', new Blob(['x']), 'a.pdf');
    data.append('file', new Blob(['y']), 'b.pdf');
    const res = await server.api('/v1/parsers/prs_empty/detect-fields', { method: 'POST', body: data });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toBe('file: send one file.');
  });
});

describe('webhooks', () => {
  it('creates (201 with the signing secret), reads with deliveries, lists, updates, tests and deletes', async () => {
    const created = await server.api('/v1/webhooks', json({ url: 'https://example.com/hook', events: ['extraction.job_completed'] }));
    expect(created.status).toBe(201);
    const { webhook } = (await created.json()) as { webhook: { webhook_id: string; signing_secret: string; enabled: boolean } };
    expect(webhook.signing_secret).toBe('wh_sec_test');
    expect(webhook.enabled).toBe(true);

    const tested = await server.api(`/v1/webhooks/${webhook.webhook_id}/test`, { method: 'POST' });
    expect(tested.status).toBe(200);
    expect(((await tested.json()) as { delivery: { success: boolean; event: string } }).delivery).toMatchObject({ success: true, event: 'webhook.test' });

    const got = (await (await server.api(`/v1/webhooks/${webhook.webhook_id}`)).json()) as { webhook: { deliveries: unknown[] } };
    expect(got.webhook.deliveries).toHaveLength(1);

    const list = (await (await server.api('/v1/webhooks')).json()) as { webhooks: unknown[]; pagination: { limit: number } };
    expect(list.webhooks).toHaveLength(1);
    expect(list.pagination.limit).toBe(20);

    const patched = await server.api(`/v1/webhooks/${webhook.webhook_id}`, json({ enabled: false }, 'PATCH'));
    expect(((await patched.json()) as { webhook: { enabled: boolean } }).webhook.enabled).toBe(false);

    const deleted = await server.api(`/v1/webhooks/${webhook.webhook_id}`, { method: 'DELETE' });
    expect(await deleted.json()).toEqual({ deleted: true, webhook_id: webhook.webhook_id });
    expect((await server.api(`/v1/webhooks/${webhook.webhook_id}`)).status).toBe(404);
  });

  it('validates the URL and the events', async () => {
    const badUrl = await server.api('/v1/webhooks', json({ url: 'ftp://example.com', events: ['extraction.job_completed'] }));
    expect(badUrl.status).toBe(400);
    expect((await errorOf(badUrl)).message).toBe('url: must be an http or https URL');
    const badEvent = await server.api('/v1/webhooks', json({ url: 'https://example.com', events: ['job.done'] }));
    expect((await errorOf(badEvent)).message).toMatch(/^events\.0: Invalid option/);
  });
});

describe('account', () => {
  it('returns {credits} with unlimited (null) availability', async () => {
    expect(await (await server.api('/v1/credits')).json()).toEqual({ credits: { available: null, purchases: [] } });
  });
});
