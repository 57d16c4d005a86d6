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
    const { extraction_id } = await first.store.call('createExtraction', {
      parser: { parser_id: 'prs_x', name: 'X', result_mode: 'one_per_file', fields: [{ name: 'total', type: 'number' }] },
      documents: [{ filename: 'a.pdf', source_path: file, stored_path: null, content_hash: 'h', file_size: 8, mime: 'application/pdf', page_count: 1 }],
    });
    const claim = await first.store.call('claimNextDocument', { lease: 'L' });
    const outcome = await first.store.call('completeDocument', {
      document_id: claim!.document_id,
      lease: 'L',
      extracted_data: { total: 5 },
      confidence: 1,
      parse_run: null,
      page_count: 1,
      processing_time_ms: 3,
    });
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
