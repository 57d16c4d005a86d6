// The app core without a transport: real SQLite in a temporary data folder, real engine
// workers, the job runner draining a batch, and restart behaviour.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobEvent } from '../../src/main/services/types.js';
import { openApp, type App } from '../../src/main/services/app.js';
import { closeEnginePool } from '../../src/main/jobs/parse-worker-host.js';
import { makePdf } from '../helpers/make-pdf.js';

let dir: string;

function invoicePdf(n: number): Uint8Array {
  return makePdf({
    pages: [
      {
        items: [
          { text: 'INVOICE', x: 72, y: 720, size: 20, bold: true },
          { text: `Invoice No: INV-${1000 + n}`, x: 72, y: 680 },
          { text: 'Invoice Date: 2024-03-15', x: 72, y: 660 },
          { text: `Total: $${n},250.50`, x: 72, y: 640 },
        ],
      },
    ],
  });
}

async function waitForJob(app: App, extractionId: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await app.services.extractions.get(extractionId);
    if (['completed', 'failed', 'partial'].includes(job.status)) return job.status;
    if (Date.now() > deadline) throw new Error(`job still ${job.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pp-jobs-'));
});

afterAll(async () => {
  await closeEnginePool();
  await rm(dir, { recursive: true, force: true });
});

describe('extraction jobs over the store and the engine pool', () => {
  it('processes a batch of local files, fills fields by label and reports progress', async () => {
    const app = await openApp({ dataDir: path.join(dir, 'data1') });
    try {
      const paths: string[] = [];
      for (let i = 1; i <= 4; i++) {
        const p = path.join(dir, `inv-${i}.pdf`);
        await writeFile(p, invoicePdf(i));
        paths.push(p);
      }
      await writeFile(path.join(dir, 'broken.pdf'), '%PDF-1.7\nnot really a pdf');
      const parser = await app.services.parsers.create({
        name: 'Invoices',
        result_mode: 'one_per_file',
        fields: [
          { name: 'invoice_number', type: 'string' },
          { name: 'invoice_date', type: 'date' },
          { name: 'total', type: 'number' },
        ],
      });
      const events: JobEvent[] = [];
      const ac = new AbortController();
      app.services.events.subscribe((e) => events.push(e), ac.signal);
      const { extraction, replayed } = await app.services.extractions.create({
        parser_id: parser.parser_id,
        files: paths.map((p) => ({ kind: 'local' as const, path: p })),
      });
      expect(replayed).toBe(false);
      expect(extraction.status).toBe('queued');
      expect(extraction.file_count).toBe(4);
      expect(extraction.page_count).toBe(4);
      expect(await waitForJob(app, extraction.extraction_id)).toBe('completed');
      const results = await app.services.extractions.results(extraction.extraction_id);
      expect(results.documents.map((d) => d.extracted_data)).toEqual([1, 2, 3, 4].map((n) => ({
        invoice_number: `INV-${1000 + n}`,
        invoice_date: '2024-03-15',
        total: n * 1000 + 250.5,
      })));
      expect(results.credits_used).toBe(4);
      expect(events.some((e) => e.type === 'document.progress')).toBe(true);
      expect(events.filter((e) => e.type === 'document.status' && e.status === 'completed')).toHaveLength(4);
      ac.abort();

      await expect(
        app.services.extractions.create({ parser_id: parser.parser_id, files: [{ kind: 'local', path: path.join(dir, 'broken.pdf') }] }),
      ).rejects.toMatchObject({ code: 'PAGE_COUNT_FAILED' });
    } finally {
      await app.close();
    }
  });

  it("keeps each document's figure pictures in the data folder, linked from its stored run", async () => {
    const dataDir = path.join(dir, 'data-figures');
    const app = await openApp({ dataDir });
    try {
      const file = path.join(dir, 'letterhead.pdf');
      const logo = 'q 60 0 0 40 72 730 cm BI /W 2 /H 2 /CS /G /BPC 8 /F /AHx ID 20806040> EI Q';
      const items = [
        { text: 'Northwind Traders Ltd', x: 150, y: 750, size: 14 },
        { text: 'Invoice No: INV-2001', x: 72, y: 680 },
        { text: 'Total: $1,250.50', x: 72, y: 660 },
        ...Array.from({ length: 12 }, (_, i) => ({ text: `Line ${i + 1} of the terms and conditions of this invoice.`, x: 72, y: 620 - 14 * i })),
      ];
      await writeFile(file, makePdf({ pages: [{ items, graphics: logo }] }));
      const parser = await app.services.parsers.create({ name: 'Letterheads', result_mode: 'one_per_file', fields: [{ name: 'invoice_number', type: 'string' }] });
      const { extraction } = await app.services.extractions.create({ parser_id: parser.parser_id, files: [{ kind: 'local', path: file }] });
      expect(await waitForJob(app, extraction.extraction_id)).toBe('completed');
      const documentId = extraction.documents[0]!.document_id;
      const run = JSON.parse((await app.store.call('documentParseRun', { document_id: documentId }))!) as {
        chunks: Array<{ blocks: Array<{ type: string; details: Record<string, unknown> }> }>;
      };
      const figure = run.chunks.flatMap((c) => c.blocks).find((b) => b.type === 'figure');
      expect(figure?.details).toMatchObject({ figureType: 'logo', imagePath: path.join(dataDir, 'figures', documentId, 'page-1-figure-1.png') });
      const png = await readFile(figure!.details['imagePath'] as string);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    } finally {
      await app.close();
    }
  });

  it('replays an idempotency key and resumes interrupted documents after a restart', async () => {
    const dataDir = path.join(dir, 'data2');
    let app = await openApp({ dataDir, runJobs: false });
    const p = path.join(dir, 'inv-9.pdf');
    await writeFile(p, invoicePdf(9));
    const parser = await app.services.parsers.create({ name: 'P', result_mode: 'one_per_file', fields: [{ name: 'total', type: 'number' }] });
    const first = await app.services.extractions.create({ parser_id: parser.parser_id, files: [{ kind: 'local', path: p }], idempotencyKey: 'k-1' });
    const again = await app.services.extractions.create({ parser_id: parser.parser_id, files: [{ kind: 'local', path: p }], idempotencyKey: 'k-1' });
    expect(again.replayed).toBe(true);
    expect(again.extraction.extraction_id).toBe(first.extraction.extraction_id);
    // A claim left behind by a process that died mid-document.
    const claim = await app.store.call('claimNextDocument', { lease: 'dead-process' });
    expect(claim?.document_id).toBe(first.extraction.documents[0]!.document_id);
    await app.close();

    app = await openApp({ dataDir });
    try {
      expect(await waitForJob(app, first.extraction.extraction_id)).toBe('completed');
      const doc = await app.services.extractions.document(first.extraction.extraction_id, claim!.document_id);
      expect(doc.extracted_data).toEqual({ total: 9250.5 });
      expect(doc.attempts).toBe(2);
      // The dead process's lease can no longer complete the document a second time.
      const late = await app.store.call('completeDocument', {
        document_id: claim!.document_id,
        lease: 'dead-process',
        extracted_data: { total: 1 },
        confidence: 1,
        parse_run: null,
        page_count: 1,
        processing_time_ms: 1,
      });
      expect(late.accepted).toBe(false);
    } finally {
      await app.close();
    }
  });
});
