// The fault test: the server process is killed (SIGKILL) in the middle of a 50-document batch,
// started again over the same data folder, and every document ends completed exactly once.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { makePdf } from '../helpers/make-pdf.js';
import { api, startServeProcess, type ServeProcess } from '../helpers/serve-process.js';

interface Job {
  extraction: { extraction_id: string; status: string; document_summary: { total: number; completed: number; failed: number; processing: number } };
}

const DOCS = 50;
let dir: string;
let server: ServeProcess | undefined;

/** A PDF of `pages` pages, each with an invoice header, so a document takes a moment to parse. */
function invoice(n: number, pages: number): Uint8Array {
  return makePdf({
    pages: Array.from({ length: pages }, (_, p) => ({
      items: [
        { text: `Invoice No: INV-${n}`, x: 72, y: 720 },
        { text: `Total: ${n}.00`, x: 72, y: 700 },
        ...Array.from({ length: 40 }, (_, l) => ({ text: `Line ${l} of page ${p + 1}: consulting services rendered in full`, x: 72, y: 660 - l * 14, size: 10 })),
      ],
    })),
  });
}

async function status(s: ServeProcess, id: string): Promise<Job['extraction']> {
  return (await api<Job>(s, 'GET', `/v1/extractions/${id}`)).body.extraction;
}

afterAll(async () => {
  await server?.kill('SIGKILL');
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a killed server resumes its batch', () => {
  it('completes every document exactly once after SIGKILL mid-batch and a restart', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pp-crash-'));
    const dataDir = path.join(dir, 'data');
    const paths: string[] = [];
    for (let i = 0; i < DOCS; i++) {
      const p = path.join(dir, `invoice-${i}.pdf`);
      await writeFile(p, invoice(i, 12));
      paths.push(p);
    }
    server = await startServeProcess(dataDir);
    const parser = await api<{ parser: { parser_id: string } }>(server, 'POST', '/v1/parsers', {
      name: 'Invoices',
      fields: [
        { name: 'invoice_number', type: 'string' },
        { name: 'total', type: 'number' },
      ],
    });
    expect(parser.status).toBe(201);
    const created = await api<Job>(server, 'POST', '/v1/extractions', { parser_id: parser.body.parser.parser_id, paths });
    expect(created.status).toBe(202);
    const id = created.body.extraction.extraction_id;

    // Wait until part of the batch is done, then kill the process without warning.
    let before = await status(server, id);
    while (before.document_summary.completed < 3) {
      await new Promise((r) => setTimeout(r, 20));
      before = await status(server, id);
    }
    await server.kill('SIGKILL');
    expect(before.document_summary.completed).toBeLessThan(DOCS);

    server = await startServeProcess(dataDir);
    let after = await status(server, id);
    const deadline = Date.now() + 120_000;
    while (!['completed', 'failed', 'partial'].includes(after.status) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      after = await status(server, id);
    }
    expect(after.status).toBe('completed');
    expect(after.document_summary).toEqual({ total: DOCS, completed: DOCS, failed: 0, processing: 0 });

    const results = await api<{ extraction: { documents: Array<{ extracted_data: { invoice_number: string } }> } }>(
      server,
      'GET',
      `/v1/extractions/${id}/results`,
    );
    const numbers = results.body.extraction.documents.map((d) => d.extracted_data.invoice_number).sort();
    expect(numbers).toEqual(Array.from({ length: DOCS }, (_, i) => `INV-${i}`).sort());
    await server.kill('SIGTERM');
    server = undefined;

    // Exactly one result row per document in the store itself.
    const db = new Database(path.join(dataDir, 'perfectparser.db'), { readonly: true });
    try {
      const rows = db
        .prepare('SELECT d.id, COUNT(r.document_id) AS n FROM documents d LEFT JOIN document_results r ON r.document_id = d.id GROUP BY d.id')
        .all() as Array<{ id: string; n: number }>;
      expect(rows).toHaveLength(DOCS);
      expect(rows.every((r) => r.n === 1)).toBe(true);
      // The documents the killed process was working on were claimed a second time.
      const retried = db.prepare('SELECT COUNT(*) AS n FROM documents WHERE attempts = 2').get() as { n: number };
      expect(retried.n).toBeGreaterThanOrEqual(1);
      expect(retried.n).toBeLessThanOrEqual(2);
    } finally {
      db.close();
    }
  }, 240_000);
});
