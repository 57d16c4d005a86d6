// webhooks.get, webhooks.update and webhooks.rotateSecret over the real app core, with a real
// receiver on 127.0.0.1: the delivery log a test leaves, switching a webhook off (events while it
// is off are never sent), editing it, and a new signing secret that signs the next delivery.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from '../../helpers/webhook-receiver.js';
import { invoicePdf, openRpcHarness, waitForJob, type RpcHarness } from './harness.js';

let h: RpcHarness;
let receiver: WebhookReceiver;

beforeAll(async () => {
  h = await openRpcHarness('webhooks');
  receiver = await startWebhookReceiver();
});

afterAll(async () => {
  await receiver?.close();
  await h?.close();
});

const hmac = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('hex');

/** The signatures X-PerfectParser-Signature-V2 lists (two during a rotation's grace period). */
function v2Signatures(req: ReceivedRequest): string[] {
  return String(req.headers['x-perfectparser-signature-v2'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function v2Of(req: ReceivedRequest, secret: string): string {
  return hmac(secret, `${String(req.headers['x-perfectparser-timestamp'])}.${req.rawBody}`);
}

async function runJob(n: number): Promise<string> {
  const file = await h.write(`jobs/inv-${n}.pdf`, invoicePdf(n));
  const job = await h.call('jobs.create', { parser_id: null, files: [{ kind: 'path', path: file }] });
  await waitForJob(h, job.extraction_id);
  return job.extraction_id;
}

describe('webhooks', () => {
  it('webhooks.get shows the last delivery attempts, newest first', async () => {
    const created = await h.call('webhooks.create', { url: receiver.url, events: ['extraction.job_completed'] });
    expect((await h.call('webhooks.get', { webhook_id: created.webhook_id })).deliveries).toEqual([]);
    receiver.respondWith([500]);
    const failed = await h.call('webhooks.test', { webhook_id: created.webhook_id });
    const delivered = await h.call('webhooks.test', { webhook_id: created.webhook_id });
    expect(failed).toMatchObject({ success: false, status_code: 500 });
    expect(delivered).toMatchObject({ success: true, status_code: 200 });
    const detail = await h.call('webhooks.get', { webhook_id: created.webhook_id });
    expect(detail).toMatchObject({ webhook_id: created.webhook_id, url: receiver.url, enabled: true });
    expect(detail).not.toHaveProperty('signing_secret');
    expect(detail.deliveries.map((d) => [d.event, d.status_code, d.success])).toEqual([
      ['webhook.test', 200, true],
      ['webhook.test', 500, false],
    ]);
    expect(detail.deliveries[0]).toEqual(delivered);
    await expect(h.call('webhooks.get', { webhook_id: 'wh_missing' })).rejects.toMatchObject({ code: 'RESOURCE_NOT_FOUND' });
    await h.call('webhooks.remove', { webhook_id: created.webhook_id });
  });

  it('webhooks.update edits the address and events, refuses what create refuses, and names a missing webhook', async () => {
    const created = await h.call('webhooks.create', { url: 'https://example.com/a', events: ['extraction.job_completed'] });
    const id = created.webhook_id;
    const edited = await h.call('webhooks.update', {
      webhook_id: id,
      patch: { url: 'https://example.com/b', events: ['extraction.document_completed', 'extraction.job_completed'] },
    });
    expect(edited).toMatchObject({ webhook_id: id, url: 'https://example.com/b', events: ['extraction.document_completed', 'extraction.job_completed'], enabled: true });
    expect((await h.call('webhooks.list')).find((w) => w.webhook_id === id)?.url).toBe('https://example.com/b');

    expect(() => h.call('webhooks.update', { webhook_id: id, patch: { url: 'ftp://example.com/x' } })).toThrow(/must be an http or https URL/);
    expect(() => h.call('webhooks.update', { webhook_id: id, patch: { events: [] } })).toThrow(/events/);
    expect(() => h.call('webhooks.update', { webhook_id: id, patch: { events: ['extraction.started'] } })).toThrow(/events/);
    expect(() => h.call('webhooks.update', { webhook_id: id, patch: { signing_secret: 'x' } })).toThrow(/signing_secret/);
    expect(() => h.call('webhooks.update', { webhook_id: id, url: 'https://example.com/c' })).toThrow(/patch: Invalid input/);
    await expect(h.call('webhooks.update', { webhook_id: 'wh_missing', patch: { enabled: false } })).rejects.toMatchObject({ code: 'RESOURCE_NOT_FOUND' });
    expect((await h.call('webhooks.get', { webhook_id: id })).url).toBe('https://example.com/b');
    await h.call('webhooks.remove', { webhook_id: id });
  });

  it('switched off, a webhook is sent nothing for events that happen meanwhile; switched on, it is again', async () => {
    const created = await h.call('webhooks.create', { url: receiver.url, events: ['extraction.job_completed'] });
    const id = created.webhook_id;
    expect(await h.call('webhooks.update', { webhook_id: id, patch: { enabled: false } })).toMatchObject({ webhook_id: id, enabled: false });
    const before = receiver.requests.length;
    const whileOff = await runJob(1);
    expect((await h.call('webhooks.update', { webhook_id: id, patch: { enabled: true } })).enabled).toBe(true);
    const whileOn = await runJob(2);
    const requests = await receiver.waitFor(before + 1, 15_000);
    // Give a delivery for the first job (which must not exist) the time to arrive too.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const jobs = receiver.requests.slice(before).map((r) => (JSON.parse(r.rawBody) as { data: { extraction: { extraction_id: string } } }).data.extraction.extraction_id);
    expect(jobs).toEqual([whileOn]);
    expect(jobs).not.toContain(whileOff);
    expect(requests.length).toBe(before + 1);
    await h.call('webhooks.remove', { webhook_id: id });
  });

  it('webhooks.rotateSecret returns a new secret once; it signs the next delivery, beside the old one for the grace period', async () => {
    const created = await h.call('webhooks.create', { url: receiver.url, events: ['extraction.job_completed'] });
    const id = created.webhook_id;
    const startedAt = Date.now();
    const rotated = await h.call('webhooks.rotateSecret', { webhook_id: id });
    expect(rotated.signing_secret).toMatch(/^wh_sec_/);
    expect(rotated.signing_secret).not.toBe(created.signing_secret);
    expect(rotated).toMatchObject({ webhook_id: id, url: receiver.url, enabled: true });
    // The default grace period: a day.
    const expires = Date.parse(rotated.previous_secret_expires_at ?? '');
    expect(expires - startedAt).toBeGreaterThan(86_400_000 - 60_000);
    expect(expires - startedAt).toBeLessThan(86_400_000 + 60_000);
    expect(await h.call('webhooks.get', { webhook_id: id })).not.toHaveProperty('signing_secret');

    let before = receiver.requests.length;
    await h.call('webhooks.test', { webhook_id: id });
    let [req] = (await receiver.waitFor(before + 1)).slice(before);
    expect(req!.headers['x-perfectparser-signature']).toBe(hmac(rotated.signing_secret, req!.rawBody));
    expect(req!.headers['x-perfectparser-signature-previous']).toBe(hmac(created.signing_secret, req!.rawBody));
    expect(v2Signatures(req!).sort()).toEqual([v2Of(req!, rotated.signing_secret), v2Of(req!, created.signing_secret)].sort());

    // Ending the previous secret at once: only the newest secret signs.
    const again = await h.call('webhooks.rotateSecret', { webhook_id: id, grace_period_seconds: 0 });
    expect(again.previous_secret_expires_at).toBeNull();
    before = receiver.requests.length;
    await h.call('webhooks.test', { webhook_id: id });
    [req] = (await receiver.waitFor(before + 1)).slice(before);
    expect(req!.headers['x-perfectparser-signature']).toBe(hmac(again.signing_secret, req!.rawBody));
    expect(req!.headers['x-perfectparser-signature-previous']).toBeUndefined();
    expect(v2Signatures(req!)).toEqual([v2Of(req!, again.signing_secret)]);

    expect(() => h.call('webhooks.rotateSecret', { webhook_id: id, grace_period_seconds: 7 * 86_400 + 1 })).toThrow(/grace_period_seconds/);
    expect(() => h.call('webhooks.rotateSecret', { webhook_id: id, grace_period_seconds: -1 })).toThrow(/grace_period_seconds/);
    expect(() => h.call('webhooks.rotateSecret', { webhook_id: id, grace_period_seconds: 1.5 })).toThrow(/grace_period_seconds/);
    await expect(h.call('webhooks.rotateSecret', { webhook_id: 'wh_missing' })).rejects.toMatchObject({ code: 'RESOURCE_NOT_FOUND' });
    await h.call('webhooks.remove', { webhook_id: id });
  });
});
