// A webhook delivery queued before a shutdown is sent after the next start: deliveries live in
// the store, not in memory.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeEnginePool } from '../../src/main/jobs/parse-worker-host.js';
import { openApp } from '../../src/main/services/app.js';
import { verifySignature } from '../../src/main/services/webhooks/signing.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';
import { finishOneDocumentJob } from '../helpers/store-job.js';

let dir: string | undefined;
let receiver: WebhookReceiver | undefined;

afterAll(async () => {
  await receiver?.close();
  await closeEnginePool();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('webhook deliveries across a restart', () => {
  it('sends, after a restart, the deliveries queued before the shutdown', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pp-wh-restart-'));
    const dataDir = path.join(dir, 'data');
    receiver = await startWebhookReceiver();
    const file = path.join(dir, 'a.pdf');
    await writeFile(file, '%PDF-1.4');

    // First run: the queue is not processed and the dispatcher never starts.
    const first = await openApp({ dataDir, runJobs: false });
    const hook = await first.services.webhooks.create({ url: receiver.url, events: ['extraction.job_completed'], enabled: true });
    const { extraction_id, outcome } = await finishOneDocumentJob(first.store, file);
    expect(outcome).toMatchObject({ accepted: true, job_finished: true, deliveries: 1 });
    await first.close();
    expect(receiver.requests).toHaveLength(0);

    // Second run: the pending delivery goes out, signed.
    const second = await openApp({ dataDir });
    try {
      await receiver.waitFor(1, 10_000);
      const [req] = receiver.requests;
      expect(req!.headers['x-perfectparser-event']).toBe('extraction.job_completed');
      expect(verifySignature(req!.rawBody, hook.signing_secret, String(req!.headers['x-perfectparser-signature']))).toBe(true);
      expect(JSON.parse(req!.rawBody)).toMatchObject({ event: 'extraction.job_completed', data: { extraction: { extraction_id, status: 'completed' } } });
    } finally {
      await second.close();
    }
  });
});
