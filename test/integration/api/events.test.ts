// GET /v1/events: a real job's progress as server-sent events, read from the stream with fetch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobEvent } from '../../../src/main/services/types.js';
import type { Extraction } from '../../../src/shared/api/extractions.js';
import type { Parser } from '../../../src/shared/api/parsers.js';
import { createParser, expectError, expectJson, INVOICE_FIELDS, invoicePdf, openHarness, readSse, submitUpload, waitForExtraction, type ApiHarness } from './harness.js';

let h: ApiHarness;
let parser: Parser;
beforeAll(async () => {
  h = await openHarness('events');
  parser = await createParser(h, { name: 'Invoices', fields: INVOICE_FIELDS });
});
afterAll(async () => {
  await h?.close();
});

describe('GET /v1/events', () => {
  it('streams document.status, document.progress and extraction.status events of a running job', async () => {
    const controller = new AbortController();
    const res = await h.api('/v1/events', { signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');

    const job = await submitUpload(h, parser.parser_id, [
      ['e1.pdf', invoicePdf(1, 2)],
      ['e2.pdf', invoicePdf(2)],
    ]);
    const mine = (events: Array<{ event: string; data: string }>) =>
      events.map((e) => JSON.parse(e.data) as JobEvent).filter((e) => e.extraction_id === job.extraction_id);
    const seen = await readSse(res, controller, (events) => mine(events).some((e) => e.type === 'extraction.status' && e.status === 'completed'));
    const events = mine(seen);
    // Each SSE `event:` name is the JSON's own type.
    for (const e of seen) expect((JSON.parse(e.data) as JobEvent).type).toBe(e.event);

    const [d1, d2] = job.documents;
    for (const doc of [d1!, d2!]) {
      const statuses = events.filter((e) => e.type === 'document.status' && e.document_id === doc.document_id).map((e) => (e as { status: string }).status);
      expect(statuses).toEqual(['processing', 'completed']);
      const progress = events.filter((e) => e.type === 'document.progress' && e.document_id === doc.document_id) as Array<{ pages_done: number; page_count: number }>;
      expect(progress.length).toBeGreaterThan(0);
      for (const p of progress) expect(p.page_count).toBe(doc.page_count);
      expect(progress.map((p) => p.pages_done)).toEqual([...progress.map((p) => p.pages_done)].sort((a, b) => a - b));
      expect(progress.at(-1)!.pages_done).toBe(doc.page_count);
      // Progress comes between the document's "processing" and "completed".
      const indexOf = (pred: (e: (typeof events)[number]) => boolean) => events.findIndex(pred);
      const started = indexOf((e) => e.type === 'document.status' && e.document_id === doc.document_id && (e as { status: string }).status === 'processing');
      const finished = indexOf((e) => e.type === 'document.status' && e.document_id === doc.document_id && (e as { status: string }).status === 'completed');
      const firstProgress = indexOf((e) => e.type === 'document.progress' && e.document_id === doc.document_id);
      expect(started).toBeLessThan(firstProgress);
      expect(firstProgress).toBeLessThan(finished);
    }
    const jobStatuses = events.filter((e) => e.type === 'extraction.status').map((e) => (e as { status: string }).status);
    expect(jobStatuses.at(-1)).toBe('completed');
    expect((await waitForExtraction(h, job.extraction_id)).status).toBe('completed');
  });

  it('announces the end of a job cancelled while its documents were still queued', async () => {
    const controller = new AbortController();
    const res = await h.api('/v1/events', { signal: controller.signal });
    // A long job keeps every worker busy, so the second job's document is still queued.
    const busy = await submitUpload(
      h,
      parser.parser_id,
      Array.from({ length: 6 }, (_, i): [string, Uint8Array] => [`busy-${i}.pdf`, invoicePdf(20 + i, 30)]),
    );
    const waiting = await submitUpload(h, parser.parser_id, [['waiting.pdf', invoicePdf(30)]]);
    const cancelled = await expectJson<{ extraction: Extraction }>(await h.api(`/v1/extractions/${waiting.extraction_id}/cancel`, { method: 'POST' }), 200);
    expect(cancelled.extraction.status).toBe('failed');
    expect(cancelled.extraction.documents[0]).toMatchObject({ status: 'failed', error_message: 'Cancelled before processing.' });

    const docId = waiting.documents[0]!.document_id;
    const seen = await readSse(
      res,
      controller,
      (events) => events.some((e) => (JSON.parse(e.data) as JobEvent).extraction_id === busy.extraction_id && e.event === 'extraction.status' && (JSON.parse(e.data) as { status: string }).status === 'completed'),
    );
    const mine = seen.map((e) => JSON.parse(e.data) as JobEvent).filter((e) => e.extraction_id === waiting.extraction_id);
    // Subscribers must learn what the cancel did, as they do when the runner fails a document.
    expect(mine).toContainEqual({ type: 'document.status', extraction_id: waiting.extraction_id, document_id: docId, status: 'failed', error_message: 'Cancelled before processing.' });
    expect(mine).toContainEqual({ type: 'extraction.status', extraction_id: waiting.extraction_id, status: 'failed' });
  });

  it('needs the key', async () => {
    await expectError(await fetch(`${h.url}/v1/events`), 401, 'UNAUTHORIZED');
  });
});
