// The delivery log is pruned in the background over a real SQLite store: a webhook keeps its
// newest deliveries (1,000) with their attempts, in small batches, while due deliveries still go
// out. The store runs in its worker (dist/: run `npm run build:node` first).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeDeliveryQueue } from '../../src/main/services/webhooks-service.js';
import { WebhookDispatcher } from '../../src/main/services/webhooks/dispatcher.js';
import { DELIVERY_LOG_MAX_PER_WEBHOOK } from '../../src/main/store/queries/webhooks.js';
import { Store } from '../../src/main/store/store-client.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';
import { finishOneDocumentJob } from '../helpers/store-job.js';

let dir: string;
let receiver: WebhookReceiver;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pp-wh-retention-'));
  receiver = await startWebhookReceiver();
});

afterAll(async () => {
  await receiver.close();
  await rm(dir, { recursive: true, force: true });
});

describe('pruning the webhook delivery log', () => {
  it('keeps the newest deliveries per webhook, in batches, while a due delivery is still sent', async () => {
    const file = path.join(dir, 'perfectparser.db');
    const store = await Store.open({ file });
    const logs: string[] = [];
    const dispatcher = new WebhookDispatcher({ queue: storeDeliveryQueue(store), log: (m) => logs.push(m), pruneIntervalMs: 30, pruneBatch: 100 });
    try {
      const busy = await store.call('insertWebhook', { url: receiver.url, events: ['extraction.job_completed'], enabled: true });
      const quiet = await store.call('insertWebhook', { url: receiver.url, events: ['extraction.job_completed'], enabled: true });
      const extra = 450;
      const finished = async (webhookId: string): Promise<string> => {
        const { delivery_id } = await store.call('insertImmediateDelivery', { webhook_id: webhookId, event: 'webhook.test', body_without_id: { event: 'webhook.test' } });
        await store.call('recordDeliveryAttempt', {
          delivery_id,
          webhook_id: webhookId,
          event: 'webhook.test',
          attempt: 1,
          status_code: 200,
          success: true,
          error: null,
          duration_ms: 3,
          attempted_at: new Date().toISOString(),
          next_attempt_at: null,
        });
        return delivery_id;
      };
      const ofBusy: string[] = [];
      for (let i = 0; i < DELIVERY_LOG_MAX_PER_WEBHOOK + extra; i++) ofBusy.push(await finished(busy.webhook_id));
      const ofQuiet = [await finished(quiet.webhook_id), await finished(quiet.webhook_id)];

      // A job event queued now: it is due, and is sent while the log is being pruned.
      const source = path.join(dir, 'a.pdf');
      const { extraction_id, outcome } = await finishOneDocumentJob(store, source);
      expect(outcome).toMatchObject({ deliveries: 2 });

      dispatcher.start();
      await receiver.waitFor(2, 10_000);
      const read = new Database(file, { readonly: true });
      try {
        const ids = (webhookId: string): string[] => read.prepare('SELECT id FROM deliveries WHERE webhook_id = ? ORDER BY seq').pluck().all(webhookId) as string[];
        const sent = (): number => read.prepare("SELECT COUNT(*) FROM deliveries WHERE event = 'extraction.job_completed' AND status = 'delivered'").pluck().get() as number;
        const deadline = Date.now() + 10_000;
        while ((ids(busy.webhook_id).length > DELIVERY_LOG_MAX_PER_WEBHOOK || sent() < 2) && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        expect(sent()).toBe(2);
        const kept = ids(busy.webhook_id);
        // The newest 1,000: the job event's delivery and the 999 newest finished ones.
        expect(kept).toHaveLength(DELIVERY_LOG_MAX_PER_WEBHOOK);
        expect(kept.slice(0, -1)).toEqual(ofBusy.slice(extra + 1));
        expect(ids(quiet.webhook_id).slice(0, 2)).toEqual(ofQuiet);
        // Attempts went with their deliveries.
        const orphans = read.prepare('SELECT COUNT(*) FROM delivery_attempts a WHERE NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.id = a.delivery_id)').pluck().get();
        expect(orphans).toBe(0);
        expect(read.prepare('SELECT COUNT(*) FROM delivery_attempts WHERE webhook_id = ?').pluck().get(busy.webhook_id)).toBe(DELIVERY_LOG_MAX_PER_WEBHOOK);
      } finally {
        read.close();
      }
      // Both job deliveries were sent.
      const bodies = receiver.requests.map((r) => JSON.parse(r.rawBody) as { event: string; data: { extraction: { extraction_id: string } } });
      expect(bodies.map((b) => [b.event, b.data.extraction.extraction_id])).toEqual([
        ['extraction.job_completed', extraction_id],
        ['extraction.job_completed', extraction_id],
      ]);
      // stop() waits for the prune under way, which then reports what it removed.
      await dispatcher.stop();
      expect(logs.filter((m) => m.startsWith('pruned'))).toEqual([`pruned ${extra + 1} old deliveries from the delivery log`]);
    } finally {
      await dispatcher.stop();
      await store.close();
    }
  });
});
