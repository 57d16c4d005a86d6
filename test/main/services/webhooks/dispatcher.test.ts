// The dispatcher over an in-memory queue and a real receiver, with a tiny back-off (20 ms).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebhookDispatcher, type WebhookDispatcherOptions } from '../../../../src/main/services/webhooks/dispatcher.js';
import type { DeliveryQueue } from '../../../../src/main/services/webhooks/queue.js';
import type { RetrySchedule } from '../../../../src/main/services/webhooks/retry-policy.js';
import { verifySignature } from '../../../../src/main/services/webhooks/signing.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../../helpers/webhook-receiver.js';
import { MemoryDeliveryQueue, waitUntil } from './memory-queue.js';

const schedule: RetrySchedule = { baseMs: 20, maxMs: 200, maxAttempts: 5, jitter: 0 };
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

let receiver: WebhookReceiver;
let queue: MemoryDeliveryQueue;
let logs: string[];
const dispatchers: WebhookDispatcher[] = [];

function dispatcher(options: Partial<WebhookDispatcherOptions> = {}): WebhookDispatcher {
  const d = new WebhookDispatcher({ queue, schedule, log: (m) => logs.push(m), queueErrorRetryMs: 30, ...options });
  dispatchers.push(d);
  return d;
}

beforeEach(async () => {
  receiver = await startWebhookReceiver();
  queue = new MemoryDeliveryQueue();
  logs = [];
});

afterEach(async () => {
  await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
  await receiver.close();
});

describe('WebhookDispatcher', () => {
  it('retries after 500, 500 and records the third attempt as delivered, signed', async () => {
    receiver.respondWith([500, 500, 200]);
    const body = '{"event":"extraction.job_completed","data":{"extraction_id":"ext_9","status":"completed"}}';
    queue.add({ delivery_id: 'dlv_a', url: receiver.url, body, signing_secret: 'wh_sec_xyz', static_secret: 'static-1' });
    dispatcher().start();

    await waitUntil(() => queue.status('dlv_a') === 'delivered');
    expect(queue.attempts.map((a) => [a.attempt, a.status_code, a.success, a.error])).toEqual([
      [1, 500, false, 'HTTP 500'],
      [2, 500, false, 'HTTP 500'],
      [3, 200, true, null],
    ]);
    const [first, second, third] = queue.attempts;
    expect(third?.next_attempt_at).toBeNull();
    // The back-off doubles: 20 ms after the first failure ended, 40 ms after the second.
    const backOff = (a: typeof first): number =>
      Date.parse(a?.next_attempt_at ?? '') - Date.parse(a?.attempted_at ?? '') - (a?.duration_ms ?? 0);
    expect(backOff(first)).toBeGreaterThanOrEqual(18);
    expect(backOff(first)).toBeLessThan(35);
    expect(backOff(second)).toBeGreaterThanOrEqual(38);
    expect(backOff(second)).toBeLessThan(55);
    for (const a of queue.attempts) expect(a).toMatchObject({ delivery_id: 'dlv_a', webhook_id: 'wh_test', event: 'extraction.job_completed' });

    expect(receiver.requests).toHaveLength(3);
    const times = receiver.requests.map((r) => r.receivedAt.getTime());
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(18);
    expect((times[2] ?? 0) - (times[1] ?? 0)).toBeGreaterThanOrEqual(38);
    for (const request of receiver.requests) {
      expect(request.rawBody).toBe(body);
      expect(request.headers['x-perfectparser-delivery']).toBe('dlv_a');
      expect(request.headers['x-webhook-secret']).toBe('static-1');
      expect(verifySignature(request.rawBody, 'wh_sec_xyz', request.headers['x-perfectparser-signature'] as string)).toBe(true);
      expect(verifySignature(request.rawBody, 'wh_sec_other', request.headers['x-perfectparser-signature'] as string)).toBe(false);
    }
    expect(logs.filter((l) => l.includes('dlv_a'))).toHaveLength(3);
    expect(logs.at(-1)).toMatch(/attempt 3\/5: delivered, HTTP 200/);
  });

  it('finishes after one attempt on a non-retryable 400', async () => {
    receiver.respondWith([400]);
    queue.add({ delivery_id: 'dlv_b', url: receiver.url });
    dispatcher().start();
    await waitUntil(() => queue.attempts.length === 1);
    await sleep(150);
    expect(queue.attempts).toHaveLength(1);
    expect(queue.attempts[0]).toMatchObject({ attempt: 1, status_code: 400, success: false, error: 'HTTP 400', next_attempt_at: null });
    expect(queue.status('dlv_b')).toBe('failed');
    expect(receiver.requests).toHaveLength(1);
    expect(logs[0]).toMatch(/HTTP 400; not retried$/);
  });

  it('gives up after maxAttempts', async () => {
    receiver.setFallback(503);
    queue.add({ delivery_id: 'dlv_c', url: receiver.url });
    dispatcher({ schedule: { ...schedule, maxAttempts: 3 } }).start();
    await waitUntil(() => queue.status('dlv_c') === 'failed');
    await sleep(150);
    expect(queue.attempts.map((a) => [a.attempt, a.status_code, a.next_attempt_at === null])).toEqual([
      [1, 503, false],
      [2, 503, false],
      [3, 503, true],
    ]);
    expect(receiver.requests).toHaveLength(3);
    expect(logs.at(-1)).toMatch(/HTTP 503; giving up after 3 attempts$/);
  });

  it('retries after a timeout', async () => {
    receiver.respondWith([{ status: 200, delayMs: 1_000 }, 200]);
    queue.add({ delivery_id: 'dlv_t', url: receiver.url });
    dispatcher({ timeoutMs: 80 }).start();
    await waitUntil(() => queue.status('dlv_t') === 'delivered');
    expect(queue.attempts.map((a) => [a.attempt, a.status_code, a.success, a.error])).toEqual([
      [1, null, false, 'timed out after 0.08 s'],
      [2, 200, true, null],
    ]);
  });

  it('stop() waits for the attempt in flight and records it', async () => {
    receiver.respondWith([{ status: 200, delayMs: 300 }]);
    queue.add({ delivery_id: 'dlv_d', url: receiver.url });
    const d = dispatcher();
    d.start();
    await receiver.waitFor(1);
    expect(queue.attempts).toHaveLength(0);
    const stopping = Date.now();
    await d.stop();
    expect(Date.now() - stopping).toBeGreaterThanOrEqual(200);
    expect(queue.attempts).toHaveLength(1);
    expect(queue.attempts[0]).toMatchObject({ status_code: 200, success: true });
    expect(queue.status('dlv_d')).toBe('delivered');
  });

  it('sends nothing after stop()', async () => {
    const d = dispatcher();
    d.start();
    await d.stop();
    queue.add({ delivery_id: 'dlv_s', url: receiver.url });
    d.notify();
    await sleep(100);
    expect(receiver.requests).toHaveLength(0);
  });

  it('runs two deliveries at once', async () => {
    receiver.setFallback({ status: 200, delayMs: 250 });
    queue.add({ delivery_id: 'dlv_e1', url: receiver.url });
    queue.add({ delivery_id: 'dlv_e2', url: receiver.url });
    dispatcher({ concurrency: 2, perWebhook: 2 }).start();
    const requests = await receiver.waitFor(2, 2_000);
    // Both arrived before the first answer (250 ms) went out.
    expect(Math.abs((requests[1]?.receivedAt.getTime() ?? 0) - (requests[0]?.receivedAt.getTime() ?? 0))).toBeLessThan(150);
    await waitUntil(() => queue.attempts.length === 2);
    expect(queue.attempts.map((a) => a.delivery_id).sort()).toEqual(['dlv_e1', 'dlv_e2']);
  });

  it('keeps a webhook whose receiver hangs to its share of the slots, so another webhook is not held up', async () => {
    const slow = await startWebhookReceiver();
    try {
      slow.setFallback({ status: 200, delayMs: 800 });
      for (let i = 0; i < 30; i += 1) queue.add({ delivery_id: `dlv_slow${i}`, webhook_id: 'wh_slow', url: slow.url });
      queue.add({ delivery_id: 'dlv_fast', webhook_id: 'wh_fast', url: receiver.url });
      const started = Date.now();
      dispatcher({ concurrency: 4 }).start();
      await receiver.waitFor(1, 2_000);
      // Sent at once, not after the slow receiver's first answers (800 ms).
      expect(Date.now() - started).toBeLessThan(500);
      await slow.waitFor(2, 2_000);
      await sleep(200);
      // The slow webhook has half the slots (2 of 4) while its attempts hang.
      expect(slow.requests).toHaveLength(2);
    } finally {
      await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
      await slow.close();
    }
  });

  it('holds to a concurrency of one', async () => {
    receiver.setFallback({ status: 200, delayMs: 150 });
    queue.add({ delivery_id: 'dlv_f1', url: receiver.url });
    queue.add({ delivery_id: 'dlv_f2', url: receiver.url });
    dispatcher({ concurrency: 1 }).start();
    const requests = await receiver.waitFor(2, 2_000);
    expect(requests.map((r) => r.headers['x-perfectparser-delivery'])).toEqual(['dlv_f1', 'dlv_f2']);
    expect((requests[1]?.receivedAt.getTime() ?? 0) - (requests[0]?.receivedAt.getTime() ?? 0)).toBeGreaterThanOrEqual(140);
  });

  it('never sends the same delivery twice at once, however often it is woken', async () => {
    receiver.respondWith([{ status: 200, delayMs: 200 }]);
    queue.add({ delivery_id: 'dlv_g', url: receiver.url });
    const d = dispatcher({ concurrency: 4 });
    d.start();
    for (let i = 0; i < 20; i += 1) {
      d.notify();
      await sleep(5);
    }
    await waitUntil(() => queue.status('dlv_g') === 'delivered');
    await sleep(50);
    expect(receiver.requests).toHaveLength(1);
    expect(queue.attempts).toHaveLength(1);
  });

  it('wakes on notify() after sleeping on an empty queue', async () => {
    const d = dispatcher();
    d.start();
    await sleep(30);
    queue.add({ delivery_id: 'dlv_h', url: receiver.url });
    const notified = Date.now();
    d.notify();
    await receiver.waitFor(1, 1_000);
    expect(Date.now() - notified).toBeLessThan(500);
  });

  it('wakes by itself when a scheduled delivery falls due', async () => {
    const started = Date.now();
    queue.add({ delivery_id: 'dlv_i', url: receiver.url }, new Date(started + 150));
    dispatcher().start();
    await sleep(60);
    expect(receiver.requests).toHaveLength(0);
    const [request] = await receiver.waitFor(1, 2_000);
    expect((request?.receivedAt.getTime() ?? 0) - started).toBeGreaterThanOrEqual(140);
  });

  it('resumes a delivery left half-done by an earlier run', async () => {
    queue.add({ delivery_id: 'dlv_j', url: receiver.url, attempts: 2 });
    dispatcher().start();
    await waitUntil(() => queue.status('dlv_j') === 'delivered');
    expect(queue.attempts[0]).toMatchObject({ attempt: 3, success: true });
  });

  it('survives a queue that throws, and delivers once it recovers', async () => {
    let dueFailures = 2;
    let recordFailures = 1;
    const flaky: DeliveryQueue = {
      due: async (now, limit) => {
        if (dueFailures-- > 0) throw new Error('database is locked');
        return queue.due(now, limit);
      },
      recordAttempt: async (record) => {
        if (recordFailures-- > 0) throw new Error('disk I/O error');
        return queue.recordAttempt(record);
      },
      nextDueAt: () => queue.nextDueAt(),
    };
    queue.add({ delivery_id: 'dlv_k', url: receiver.url });
    dispatcher({ queue: flaky }).start();
    await waitUntil(() => queue.status('dlv_k') === 'delivered', 3_000);
    // The first attempt's record was lost, so the delivery went out again (at least once).
    expect(receiver.requests).toHaveLength(2);
    expect(queue.attempts).toHaveLength(1);
    expect(queue.attempts[0]).toMatchObject({ attempt: 1, success: true });
    expect(logs.filter((l) => l.includes('queue error while reading due deliveries: database is locked'))).toHaveLength(2);
    expect(logs.some((l) => l.includes('queue error while recording attempt 1 of delivery dlv_k: disk I/O error'))).toBe(true);
  });

  it('keeps running when nextDueAt throws', async () => {
    let failures = 1;
    const flaky: DeliveryQueue = {
      due: (now, limit) => queue.due(now, limit),
      recordAttempt: (record) => queue.recordAttempt(record),
      nextDueAt: async () => {
        if (failures-- > 0) throw new Error('no such table: deliveries');
        return queue.nextDueAt();
      },
    };
    const d = dispatcher({ queue: flaky });
    d.start();
    await waitUntil(() => logs.some((l) => l.includes('no such table')));
    queue.add({ delivery_id: 'dlv_l', url: receiver.url });
    d.notify();
    await waitUntil(() => queue.status('dlv_l') === 'delivered', 3_000);
    expect(receiver.requests).toHaveLength(1);
  });
});
