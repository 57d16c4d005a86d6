// One attempt against a real HTTP receiver: success, server error, redirect, timeout, refusal.
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildHeaders, deliverOnce, sendTestDelivery } from '../../../../src/main/services/webhooks/deliver.js';
import { verifySignature, verifyTimestampedSignature } from '../../../../src/main/services/webhooks/signing.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../../helpers/webhook-receiver.js';

const delivery = {
  delivery_id: 'dlv_01',
  event: 'extraction.document_completed',
  body: '{"event":"extraction.document_completed","data":{"document_id":"doc_7","filename":"reçu.pdf"}}',
  signing_secret: 'wh_sec_k3y',
  static_secret: null,
};

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('buildHeaders', () => {
  it('sets the content type, user agent, event, delivery id, signature, send time and timestamped signature', () => {
    const headers = buildHeaders(delivery, new Date('2025-01-02T03:04:05.678Z'));
    expect(headers).toEqual({
      'Content-Type': 'application/json',
      'User-Agent': 'PerfectParser-Desktop-Webhooks/1',
      'X-PerfectParser-Event': 'extraction.document_completed',
      'X-PerfectParser-Delivery': 'dlv_01',
      'X-PerfectParser-Signature': createHmac('sha256', 'wh_sec_k3y').update(delivery.body).digest('hex'),
      'X-PerfectParser-Timestamp': '1735787045',
      'X-PerfectParser-Signature-V2': createHmac('sha256', 'wh_sec_k3y').update(`1735787045.${delivery.body}`).digest('hex'),
    });
  });

  it('signs with the previous secret too while a rotation’s grace period lasts', () => {
    const headers = buildHeaders({ ...delivery, signing_secret: 'wh_sec_new', previous_signing_secret: 'wh_sec_k3y' }, new Date('2025-01-02T03:04:05.678Z'));
    const v2 = (secret: string): string => createHmac('sha256', secret).update(`1735787045.${delivery.body}`).digest('hex');
    expect(headers['X-PerfectParser-Signature']).toBe(createHmac('sha256', 'wh_sec_new').update(delivery.body).digest('hex'));
    expect(headers['X-PerfectParser-Signature-Previous']).toBe(createHmac('sha256', 'wh_sec_k3y').update(delivery.body).digest('hex'));
    expect(headers['X-PerfectParser-Signature-V2']).toBe(`${v2('wh_sec_new')},${v2('wh_sec_k3y')}`);
    expect('X-PerfectParser-Signature-Previous' in buildHeaders({ ...delivery, previous_signing_secret: null })).toBe(false);
  });

  it('adds the static secret only when the webhook has one', () => {
    expect(buildHeaders({ ...delivery, static_secret: 'let-me-in' })['X-Webhook-Secret']).toBe('let-me-in');
    expect('X-Webhook-Secret' in buildHeaders(delivery)).toBe(false);
  });
});

describe('deliverOnce', () => {
  let receiver: WebhookReceiver;
  beforeEach(async () => {
    receiver = await startWebhookReceiver();
  });
  afterEach(async () => {
    await receiver.close();
  });

  it('POSTs the exact body with signed headers and reports a 2xx as success', async () => {
    receiver.respondWith([{ status: 202, body: 'accepted' }]);
    const outcome = await deliverOnce({ url: receiver.url, body: delivery.body, headers: buildHeaders({ ...delivery, static_secret: 's3' }) });
    expect(outcome.statusCode).toBe(202);
    expect(outcome.success).toBe(true);
    expect(outcome.error).toBeNull();
    expect(outcome.durationMs).toBeGreaterThanOrEqual(0);
    expect(outcome.durationMs).toBeLessThan(5_000);

    const [request] = await receiver.waitFor(1);
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/hook');
    expect(request?.rawBody).toBe(delivery.body);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['user-agent']).toBe('PerfectParser-Desktop-Webhooks/1');
    expect(request?.headers['x-perfectparser-event']).toBe('extraction.document_completed');
    expect(request?.headers['x-perfectparser-delivery']).toBe('dlv_01');
    expect(request?.headers['x-webhook-secret']).toBe('s3');
    const signature = request?.headers['x-perfectparser-signature'];
    expect(typeof signature).toBe('string');
    expect(verifySignature(request?.rawBody ?? '', 'wh_sec_k3y', signature as string)).toBe(true);
  });

  it('reports a 500 as a failure with its status', async () => {
    receiver.respondWith([{ status: 500, body: 'boom' }]);
    const outcome = await deliverOnce({ url: receiver.url, body: '{}', headers: buildHeaders(delivery) });
    expect(outcome).toMatchObject({ statusCode: 500, success: false, error: 'HTTP 500' });
  });

  it('reads the wait a receiver asks for in Retry-After, as seconds or as a date', async () => {
    const answers = ['120', new Date(Date.now() + 90_000).toUTCString(), 'soon'];
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(429, { 'retry-after': answers.shift() ?? '' });
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const send = () => deliverOnce({ url, body: '{}', headers: buildHeaders(delivery) });
      expect(await send()).toMatchObject({ statusCode: 429, success: false, retryAfterMs: 120_000 });
      const dated = await send();
      expect(dated.retryAfterMs).toBeGreaterThan(85_000);
      expect(dated.retryAfterMs).toBeLessThanOrEqual(90_000);
      expect((await send()).retryAfterMs).toBeUndefined();
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('does not follow a redirect', async () => {
    receiver.respondWith([301]);
    const outcome = await deliverOnce({ url: receiver.url, body: '{}', headers: buildHeaders(delivery) });
    expect(outcome).toMatchObject({ statusCode: 301, success: false, error: 'HTTP 301 (redirects are not followed)' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(receiver.requests.map((r) => r.path)).toEqual(['/hook']);
  });

  it('reads past a large response body', async () => {
    receiver.respondWith([{ status: 200, body: 'x'.repeat(1024 * 1024) }]);
    const outcome = await deliverOnce({ url: receiver.url, body: '{}', headers: buildHeaders(delivery) });
    expect(outcome).toMatchObject({ statusCode: 200, success: true, error: null });
  });

  it('does not wait out the timeout for a body that never ends once the status is in', async () => {
    // Answers 200 and keeps its body open: the attempt succeeds about a second later, not after the timeout.
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('accepted');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    try {
      const { port } = server.address() as AddressInfo;
      const outcome = await deliverOnce({ url: `http://127.0.0.1:${port}/hook`, body: '{}', headers: buildHeaders(delivery), timeoutMs: 5_000 });
      expect(outcome).toMatchObject({ statusCode: 200, success: true, error: null });
      expect(outcome.durationMs).toBeGreaterThanOrEqual(900);
      expect(outcome.durationMs).toBeLessThan(2_500);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('times out a receiver that does not answer in time', async () => {
    receiver.respondWith([{ status: 200, delayMs: 2_000 }]);
    const outcome = await deliverOnce({ url: receiver.url, body: '{}', headers: buildHeaders(delivery), timeoutMs: 100 });
    expect(outcome.statusCode).toBeNull();
    expect(outcome.success).toBe(false);
    expect(outcome.error).toBe('timed out after 0.1 s');
    expect(outcome.durationMs).toBeGreaterThanOrEqual(90);
    expect(outcome.durationMs).toBeLessThan(1_500);
  });

  it('reports a refused connection', async () => {
    const port = await closedPort();
    const outcome = await deliverOnce({ url: `http://127.0.0.1:${port}/hook`, body: '{}', headers: buildHeaders(delivery) });
    expect(outcome).toMatchObject({ statusCode: null, success: false, error: 'connection refused' });
  });

  it('reports an unusable URL instead of throwing', async () => {
    const outcome = await deliverOnce({ url: 'not a url', body: '{}', headers: {} });
    expect(outcome).toMatchObject({ statusCode: null, success: false, error: 'invalid URL' });
  });
});

describe('sendTestDelivery', () => {
  it('makes one signed attempt and reports it in the delivery log shape', async () => {
    const receiver = await startWebhookReceiver({ plan: [503] });
    try {
      const attempt = await sendTestDelivery(
        { ...delivery, url: receiver.url, event: 'webhook.test', body: '{"event":"webhook.test"}' },
        { now: () => new Date('2025-01-02T03:04:05.678Z') },
      );
      expect(attempt).toEqual({
        delivery_id: 'dlv_01',
        event: 'webhook.test',
        attempt: 1,
        status_code: 503,
        success: false,
        error: 'HTTP 503',
        duration_ms: attempt.duration_ms,
        attempted_at: '2025-01-02T03:04:05.678Z',
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(receiver.requests).toHaveLength(1);
      const request = receiver.requests[0];
      expect(verifySignature(request?.rawBody ?? '', 'wh_sec_k3y', request?.headers['x-perfectparser-signature'] as string)).toBe(true);
      // The timestamp is the attempt's send time; the V2 signature covers it with the body.
      expect(request?.headers['x-perfectparser-timestamp']).toBe('1735787045');
      expect(
        verifyTimestampedSignature(request?.rawBody ?? '', 'wh_sec_k3y', '1735787045', request?.headers['x-perfectparser-signature-v2'] as string, {
          nowSeconds: 1735787045,
        }),
      ).toBe(true);
    } finally {
      await receiver.close();
    }
  });
});
