// Webhooks end to end: CRUD, the signed test event, the events a real job fires, signatures
// checked on the raw body (and, with the send time, against replays), the static secret header,
// retries after a receiver's 500s with the attempt log on GET /v1/webhooks/:id, rotating the
// signing secret, and disabling a webhook while a delivery is under way.
import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature, verifyTimestampedSignature } from '../../../src/main/services/webhooks/signing.js';
import type { DocumentDetail, Extraction } from '../../../src/shared/api/extractions.js';
import type { Parser } from '../../../src/shared/api/parsers.js';
import type { DeliveryAttempt, Webhook } from '../../../src/shared/api/webhooks.js';
import { startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from '../../helpers/webhook-receiver.js';
import {
  createParser,
  expectError,
  expectJson,
  expectedInvoiceData,
  INVOICE_FIELDS,
  invoicePdf,
  openHarness,
  sleep,
  submitUpload,
  until,
  waitForExtraction,
  type ApiHarness,
} from './harness.js';

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

type Created = Webhook & { signing_secret: string };
type Detail = Webhook & { deliveries: DeliveryAttempt[] };

interface EventBody {
  id: string;
  event: string;
  created_at: string;
  data: { document?: DocumentDetail; extraction?: Extraction; webhook_id?: string; message?: string };
}

let h: ApiHarness;
let parser: Parser;
const receivers: WebhookReceiver[] = [];
beforeAll(async () => {
  h = await openHarness('webhooks');
  parser = await createParser(h, { name: 'Invoices', fields: INVOICE_FIELDS });
});
afterEach(async () => {
  // Each test removes its subscriptions, so a later job does not call an earlier test's receiver.
  const { webhooks } = await expectJson<{ webhooks: Webhook[] }>(await h.api('/v1/webhooks?limit=100'), 200);
  for (const w of webhooks) await h.api(`/v1/webhooks/${w.webhook_id}`, { method: 'DELETE' });
});
afterAll(async () => {
  for (const r of receivers) await r.close();
  await h?.close();
});

async function receiver(plan: number[] = []): Promise<WebhookReceiver> {
  const r = await startWebhookReceiver({ plan });
  receivers.push(r);
  return r;
}

async function createWebhook(body: Record<string, unknown>): Promise<Created> {
  const res = await h.api('/v1/webhooks', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await expectJson<{ webhook: Created }>(res, 201)).webhook;
}

async function getWebhook(id: string): Promise<Detail> {
  return (await expectJson<{ webhook: Detail }>(await h.api(`/v1/webhooks/${id}`), 200)).webhook;
}

/** The request's signature header checked two ways: with the app's verifier and recomputed here. */
function expectSigned(req: ReceivedRequest, secret: string): void {
  const signature = req.headers['x-perfectparser-signature'];
  expect(typeof signature).toBe('string');
  expect(verifySignature(req.rawBody, secret, signature as string)).toBe(true);
  expect(signature).toBe(createHmac('sha256', secret).update(Buffer.from(req.rawBody, 'utf8')).digest('hex'));
  // A body changed by one character no longer matches.
  expect(verifySignature(`${req.rawBody} `, secret, signature as string)).toBe(false);
  // The attempt's send time, signed with the body: fresh on arrival, and stale once replayed later.
  const timestamp = req.headers['x-perfectparser-timestamp'] as string;
  const v2 = req.headers['x-perfectparser-signature-v2'] as string;
  const arrived = Math.floor(req.receivedAt.getTime() / 1000);
  expect(Math.abs(arrived - Number(timestamp))).toBeLessThanOrEqual(1);
  expect(v2.split(',')).toContain(createHmac('sha256', secret).update(`${timestamp}.${req.rawBody}`).digest('hex'));
  expect(verifyTimestampedSignature(req.rawBody, secret, timestamp, v2, { nowSeconds: arrived })).toBe(true);
  expect(verifyTimestampedSignature(req.rawBody, secret, timestamp, v2, { nowSeconds: arrived + 3600 })).toBe(false);
}

describe('webhook subscriptions', () => {
  it('create returns the signing secret once; GET, list, PATCH and DELETE', async () => {
    const r = await receiver();
    const created = await createWebhook({ url: r.url, events: ['extraction.document_completed', 'extraction.job_completed'], secret: 'static-s3cret' });
    expect(created).toEqual({
      webhook_id: expect.stringMatching(/^wh_/),
      url: r.url,
      events: ['extraction.document_completed', 'extraction.job_completed'],
      enabled: true,
      has_secret: true,
      signing_secret: expect.stringMatching(/^wh_sec_/),
      created_at: expect.stringMatching(ISO_MS),
      updated_at: expect.stringMatching(ISO_MS),
    });
    expect(created.signing_secret).not.toContain('static-s3cret');

    const got = await getWebhook(created.webhook_id);
    expect(got).not.toHaveProperty('signing_secret');
    expect(JSON.stringify(got)).not.toContain(created.signing_secret);
    expect(JSON.stringify(got)).not.toContain('static-s3cret');
    const { signing_secret: _secret, ...publicView } = created;
    expect(got).toEqual({ ...publicView, deliveries: [] });

    const list = await expectJson<{ webhooks: Webhook[]; pagination: { limit: number; has_next_page: boolean } }>(await h.api('/v1/webhooks'), 200);
    expect(list.webhooks).toEqual([publicView]);
    expect(list.pagination).toMatchObject({ limit: 20, has_next_page: false });
    expect(JSON.stringify(list)).not.toContain(created.signing_secret);

    const patchRes = await h.api(`/v1/webhooks/${created.webhook_id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ events: ['extraction.job_completed'], enabled: false, secret: null }),
    });
    const { webhook: patched } = await expectJson<{ webhook: Webhook }>(patchRes, 200);
    expect(patched).toMatchObject({ webhook_id: created.webhook_id, url: r.url, events: ['extraction.job_completed'], enabled: false, has_secret: false });
    expect(patched).not.toHaveProperty('signing_secret');

    expect(await expectJson(await h.api(`/v1/webhooks/${created.webhook_id}`, { method: 'DELETE' }), 200)).toEqual({
      deleted: true,
      webhook_id: created.webhook_id,
    });
    await expectError(await h.api(`/v1/webhooks/${created.webhook_id}`), 404, 'RESOURCE_NOT_FOUND');
    await expectError(
      await h.api(`/v1/webhooks/${created.webhook_id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"enabled":true}' }),
      404,
      'RESOURCE_NOT_FOUND',
    );
  });

  it('POST /:id/test sends a signed webhook.test event now and logs the attempt', async () => {
    const r = await receiver();
    const hook = await createWebhook({ url: r.url, events: ['extraction.job_completed'], secret: 'static-s3cret' });
    const res = await h.api(`/v1/webhooks/${hook.webhook_id}/test`, { method: 'POST' });
    const { delivery } = await expectJson<{ delivery: DeliveryAttempt }>(res, 200);
    expect(delivery).toEqual({
      delivery_id: expect.stringMatching(/^dlv_/),
      event: 'webhook.test',
      attempt: 1,
      status_code: 200,
      success: true,
      error: null,
      duration_ms: expect.any(Number),
      attempted_at: expect.stringMatching(ISO_MS),
    });

    expect(r.requests).toHaveLength(1);
    const req = r.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/hook');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['x-perfectparser-event']).toBe('webhook.test');
    expect(req.headers['x-perfectparser-delivery']).toBe(delivery.delivery_id);
    expect(req.headers['x-webhook-secret']).toBe('static-s3cret');
    expectSigned(req, hook.signing_secret);
    const body = JSON.parse(req.rawBody) as EventBody;
    expect(body).toEqual({
      id: delivery.delivery_id,
      event: 'webhook.test',
      created_at: expect.stringMatching(ISO_MS),
      data: { webhook_id: hook.webhook_id, message: expect.any(String) },
    });

    const detail = await getWebhook(hook.webhook_id);
    expect(detail.deliveries).toEqual([delivery]);
  });

  it('a test event to a failing receiver reports the failure and is not retried', async () => {
    const r = await receiver([500]);
    const hook = await createWebhook({ url: r.url, events: ['extraction.job_completed'] });
    const { delivery } = await expectJson<{ delivery: DeliveryAttempt }>(await h.api(`/v1/webhooks/${hook.webhook_id}/test`, { method: 'POST' }), 200);
    expect(delivery).toMatchObject({ attempt: 1, status_code: 500, success: false, error: expect.stringContaining('500') });
    expect(r.requests[0]?.headers['x-webhook-secret']).toBeUndefined();
    await sleep(400); // longer than two retry delays of the test schedule
    expect(r.requests).toHaveLength(1);
    expect((await getWebhook(hook.webhook_id)).deliveries).toEqual([delivery]);
  });
});

describe('job events', () => {
  it('a job fires extraction.document_completed per document and one extraction.job_completed, all signed', async () => {
    const both = await receiver();
    const jobOnly = await receiver();
    const disabled = await receiver();
    const all = await createWebhook({ url: both.url, events: ['extraction.document_completed', 'extraction.job_completed'], secret: 'shh' });
    const one = await createWebhook({ url: jobOnly.url, events: ['extraction.job_completed'] });
    await createWebhook({ url: disabled.url, events: ['extraction.document_completed', 'extraction.job_completed'], enabled: false });

    const job = await submitUpload(h, parser.parser_id, [
      ['w1.pdf', invoicePdf(11)],
      ['w2.pdf', invoicePdf(12)],
    ]);
    await waitForExtraction(h, job.extraction_id);
    const got = await both.waitFor(3);
    await jobOnly.waitFor(1);
    await sleep(300);
    expect(both.requests).toHaveLength(3);
    expect(jobOnly.requests).toHaveLength(1);
    expect(disabled.requests).toHaveLength(0);

    for (const req of got) {
      expectSigned(req, all.signing_secret);
      expect(req.headers['x-webhook-secret']).toBe('shh');
      const body = JSON.parse(req.rawBody) as EventBody;
      expect(req.headers['x-perfectparser-delivery']).toBe(body.id);
      expect(req.headers['x-perfectparser-event']).toBe(body.event);
      expect(body.id).toMatch(/^dlv_/);
    }
    expect(new Set(got.map((r) => r.headers['x-perfectparser-delivery'])).size).toBe(3);

    const bodies = got.map((r) => JSON.parse(r.rawBody) as EventBody);
    const docEvents = bodies.filter((b) => b.event === 'extraction.document_completed');
    expect(docEvents.map((b) => b.data.document?.filename).sort()).toEqual(['w1.pdf', 'w2.pdf']);
    for (const b of docEvents) {
      const n = b.data.document?.filename === 'w1.pdf' ? 11 : 12;
      expect(b.data.document).toMatchObject({ extraction_id: job.extraction_id, status: 'completed', extracted_data: expectedInvoiceData(n), parser_name: 'Invoices' });
    }
    const jobEvents = bodies.filter((b) => b.event === 'extraction.job_completed');
    expect(jobEvents).toHaveLength(1);
    expect(jobEvents[0]!.data.extraction).toMatchObject({
      extraction_id: job.extraction_id,
      status: 'completed',
      document_summary: { total: 2, completed: 2, failed: 0, processing: 0 },
    });

    const single = jobOnly.requests[0]!;
    expectSigned(single, one.signing_secret);
    expect(single.headers['x-webhook-secret']).toBeUndefined();
    expect((JSON.parse(single.rawBody) as EventBody).event).toBe('extraction.job_completed');
    // Each webhook's log lists its own successful attempts.
    const log = await until('three attempts logged', async () => {
      const d = await getWebhook(all.webhook_id);
      return d.deliveries.length === 3 ? d.deliveries : undefined;
    });
    expect(log.every((a) => a.success && a.status_code === 200 && a.attempt === 1)).toBe(true);
    expect(log.map((a) => a.event).sort()).toEqual(['extraction.document_completed', 'extraction.document_completed', 'extraction.job_completed']);
  });

  it('retries after a receiver’s 500s: the same delivery arrives three times and the log shows 500, 500, 200', async () => {
    const r = await receiver([500, 500, 200]);
    const hook = await createWebhook({ url: r.url, events: ['extraction.job_completed'] });
    const job = await submitUpload(h, parser.parser_id, [['retry.pdf', invoicePdf(13)]]);
    await waitForExtraction(h, job.extraction_id);
    const got = await r.waitFor(3, 10_000);
    await sleep(300);
    expect(r.requests).toHaveLength(3);

    const ids = got.map((req) => req.headers['x-perfectparser-delivery']);
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toMatch(/^dlv_/);
    // Byte-identical bodies, each validly signed.
    expect(new Set(got.map((req) => req.rawBody)).size).toBe(1);
    for (const req of got) expectSigned(req, hook.signing_secret);
    const body = JSON.parse(got[0]!.rawBody) as EventBody;
    expect(body).toMatchObject({ id: ids[0], event: 'extraction.job_completed', data: { extraction: { extraction_id: job.extraction_id } } });
    // Back-off: 50 ms, then 100 ms (the test schedule, no jitter).
    const gaps = [1, 2].map((i) => got[i]!.receivedAt.getTime() - got[i - 1]!.receivedAt.getTime());
    expect(gaps[0]).toBeGreaterThanOrEqual(40);
    expect(gaps[1]).toBeGreaterThanOrEqual(90);

    const log = await until('three attempts logged', async () => {
      const d = await getWebhook(hook.webhook_id);
      return d.deliveries.length === 3 ? d.deliveries : undefined;
    });
    const byAttempt = [...log].sort((a, b) => a.attempt - b.attempt);
    expect(byAttempt.map((a) => [a.delivery_id, a.attempt, a.status_code, a.success])).toEqual([
      [ids[0], 1, 500, false],
      [ids[0], 2, 500, false],
      [ids[0], 3, 200, true],
    ]);
    expect(byAttempt[0]!.error).toContain('500');
    expect(byAttempt[2]!.error).toBeNull();
    // Newest first.
    expect(log.map((a) => a.attempt)).toEqual([3, 2, 1]);
  });

  it('retries a 429 but not a 404', async () => {
    const busy = await receiver([429, 200]);
    const gone = await receiver([404]);
    const a = await createWebhook({ url: busy.url, events: ['extraction.job_completed'] });
    const b = await createWebhook({ url: gone.url, events: ['extraction.job_completed'] });
    const job = await submitUpload(h, parser.parser_id, [['codes.pdf', invoicePdf(14)]]);
    await waitForExtraction(h, job.extraction_id);
    await busy.waitFor(2);
    await gone.waitFor(1);
    await sleep(400); // longer than the next two retry delays
    expect(busy.requests).toHaveLength(2);
    expect(gone.requests).toHaveLength(1);
    const aLog = await until('two attempts logged', async () => {
      const d = await getWebhook(a.webhook_id);
      return d.deliveries.length === 2 ? d.deliveries : undefined;
    });
    expect(aLog.map((x) => [x.attempt, x.status_code, x.success])).toEqual([
      [2, 200, true],
      [1, 429, false],
    ]);
    const bLog = await until('one attempt logged', async () => {
      const d = await getWebhook(b.webhook_id);
      return d.deliveries.length === 1 ? d.deliveries : undefined;
    });
    expect(bLog.map((x) => [x.attempt, x.status_code, x.success])).toEqual([[1, 404, false]]);
  });

  it('sends extraction.job_completed promptly for a job cancelled while its documents were queued', async () => {
    const r = await receiver();
    await createWebhook({ url: r.url, events: ['extraction.job_completed'] });
    // A long job keeps every worker busy (and sends nothing until it ends), so the second job's
    // document is still queued when it is cancelled.
    const busy = await submitUpload(
      h,
      parser.parser_id,
      Array.from({ length: 20 }, (_, i): [string, Uint8Array] => [`busy-${i}.pdf`, invoicePdf(100 + i, 30)]),
    );
    const waiting = await submitUpload(h, parser.parser_id, [['waiting.pdf', invoicePdf(130)]]);
    const cancelled = await expectJson<{ extraction: Extraction }>(await h.api(`/v1/extractions/${waiting.extraction_id}/cancel`, { method: 'POST' }), 200);
    expect(cancelled.extraction).toMatchObject({ status: 'failed', documents: [{ status: 'failed', error_message: 'Cancelled before processing.' }] });
    let arrived: ReceivedRequest | undefined;
    try {
      arrived = (await r.waitFor(1, 1_500))[0];
    } finally {
      await h.api(`/v1/extractions/${busy.extraction_id}/cancel`, { method: 'POST' });
    }
    const busyDone = await waitForExtraction(h, busy.extraction_id);
    const body = JSON.parse(arrived!.rawBody) as EventBody;
    expect(body.event).toBe('extraction.job_completed');
    expect(body.data.extraction).toMatchObject({ extraction_id: waiting.extraction_id, status: 'failed' });
    // It did not wait for the busy job to finish (whose own delivery would have woken the dispatcher).
    expect(arrived!.receivedAt.getTime()).toBeLessThan(Date.parse(busyDone.completed_at!));
  });
});

describe('rotating the signing secret', () => {
  type Rotated = Created & { previous_secret_expires_at: string | null };
  const rotate = (id: string, body?: unknown): Promise<Response> =>
    h.api(`/v1/webhooks/${id}/rotate-secret`, body === undefined ? { method: 'POST' } : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('returns a new secret once; during the grace period deliveries are signed with both, then with the new one only', async () => {
    const r = await receiver();
    const hook = await createWebhook({ url: r.url, events: ['extraction.job_completed'] });
    const { webhook: rotated } = await expectJson<{ webhook: Rotated }>(await rotate(hook.webhook_id), 200);
    expect(rotated).toEqual({
      webhook_id: hook.webhook_id,
      url: r.url,
      events: ['extraction.job_completed'],
      enabled: true,
      has_secret: false,
      signing_secret: expect.stringMatching(/^wh_sec_/),
      previous_secret_expires_at: expect.stringMatching(ISO_MS),
      created_at: hook.created_at,
      updated_at: expect.stringMatching(ISO_MS),
    });
    expect(rotated.signing_secret).not.toBe(hook.signing_secret);
    // A day by default.
    expect(Date.parse(rotated.previous_secret_expires_at!) - Date.parse(rotated.updated_at)).toBe(86_400_000);
    expect(JSON.stringify(await getWebhook(hook.webhook_id))).not.toContain(rotated.signing_secret);

    await expectJson(await h.api(`/v1/webhooks/${hook.webhook_id}/test`, { method: 'POST' }), 200);
    const during = r.requests[0]!;
    expectSigned(during, rotated.signing_secret);
    // A receiver still holding the old secret keeps verifying, by either signature.
    expect(verifySignature(during.rawBody, hook.signing_secret, during.headers['x-perfectparser-signature-previous'] as string)).toBe(true);
    const ts = during.headers['x-perfectparser-timestamp'] as string;
    expect(verifyTimestampedSignature(during.rawBody, hook.signing_secret, ts, during.headers['x-perfectparser-signature-v2'] as string, { nowSeconds: Number(ts) })).toBe(true);

    // No grace period: the previous secret stops at once.
    const { webhook: again } = await expectJson<{ webhook: Rotated }>(await rotate(hook.webhook_id, { grace_period_seconds: 0 }), 200);
    expect(again.previous_secret_expires_at).toBeNull();
    await expectJson(await h.api(`/v1/webhooks/${hook.webhook_id}/test`, { method: 'POST' }), 200);
    const after = r.requests[1]!;
    expectSigned(after, again.signing_secret);
    expect(after.headers['x-perfectparser-signature-previous']).toBeUndefined();
    expect((after.headers['x-perfectparser-signature-v2'] as string).split(',')).toHaveLength(1);
    expect(verifySignature(after.rawBody, rotated.signing_secret, after.headers['x-perfectparser-signature'] as string)).toBe(false);
  });

  it('answers like the other webhook routes: 404, 400 for a bad grace period, 401 without the key', async () => {
    const hook = await createWebhook({ url: 'http://127.0.0.1:9/hook', events: ['extraction.job_completed'] });
    await expectError(await rotate('wh_missing'), 404, 'RESOURCE_NOT_FOUND');
    await expectError(await rotate(hook.webhook_id, { grace_period_seconds: -1 }), 400, 'INVALID_PAYLOAD');
    await expectError(await rotate(hook.webhook_id, { grace_period_seconds: 8 * 24 * 3600 }), 400, 'INVALID_PAYLOAD');
    await expectError(await rotate(hook.webhook_id, { grace: 5 }), 400, 'INVALID_PAYLOAD');
    await expectError(await h.api(`/v1/webhooks/${hook.webhook_id}/rotate-secret`, { method: 'POST', headers: { 'x-api-key': 'wrong' } }), 401, 'UNAUTHORIZED');
    const doc = await expectJson<{ paths: Record<string, { post?: { operationId: string } }> }>(await h.api('/openapi.json'), 200);
    expect(doc.paths['/v1/webhooks/{id}/rotate-secret']?.post?.operationId).toBe('rotateWebhookSecret');
  });
});

describe('disabling a webhook', () => {
  it('a delivery under way when the webhook is disabled is not retried, and re-enabling sends nothing old', async () => {
    // The first attempt fails slowly, so the webhook is disabled while it is under way.
    const r = await startWebhookReceiver({ plan: [{ status: 500, delayMs: 400 }] });
    receivers.push(r);
    const hook = await createWebhook({ url: r.url, events: ['extraction.job_completed'] });
    const job = await submitUpload(h, parser.parser_id, [['disable.pdf', invoicePdf(15)]]);
    await waitForExtraction(h, job.extraction_id);
    await r.waitFor(1, 10_000);
    const patch = (enabled: boolean): Promise<Response> =>
      h.api(`/v1/webhooks/${hook.webhook_id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ enabled }) });
    await expectJson(await patch(false), 200);
    const log = await until('the attempt logged', async () => {
      const d = await getWebhook(hook.webhook_id);
      return d.deliveries.some((a) => a.status_code === 500) ? d.deliveries : undefined;
    });
    expect(log.map((a) => [a.attempt, a.status_code, a.success])).toEqual([[1, 500, false]]);

    // Events while it is off are not queued; once it is back on, the old delivery is not sent.
    const off = await submitUpload(h, parser.parser_id, [['while-off.pdf', invoicePdf(16)]]);
    await waitForExtraction(h, off.extraction_id);
    await expectJson(await patch(true), 200);
    await sleep(600); // longer than the test schedule's whole retry span
    expect(r.requests).toHaveLength(1);
  });
});
