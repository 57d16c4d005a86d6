// documents.* and results.* over a finished job: the stored run, spatial pages, the file,
// and corrections that the CSV export (and /v1) show, undone by revert.
import { readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import Database from 'better-sqlite3';
import { exportFileBase } from '../../../src/shared/export-names.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir, csvRecords, invoicePdf, openRpcHarness, waitForJob, type RpcHarness } from './harness.js';

let h: RpcHarness;
let extractionId: string;
let documentId: string;
let secondId: string;

async function csv(id = extractionId): Promise<Array<Record<string, string>>> {
  const target = await h.app.services.exports.extraction(id, { format: 'csv', line_items: 'rows' });
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await target.write(out);
  return csvRecords(Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, ''));
}

beforeAll(async () => {
  h = await openRpcHarness('results');
  const parser = await h.call('parsers.create', {
    name: 'Invoices',
    fields: [
      { name: 'invoice_number', type: 'string' },
      { name: 'invoice_date', type: 'date' },
      { name: 'total', type: 'number' },
    ],
  });
  const a = await h.write('docs/inv-1.pdf', invoicePdf(1, 1));
  const b = await h.write('docs/inv-2.pdf', invoicePdf(2));
  const job = await h.call('jobs.create', { parser_id: parser.parser_id, files: [{ kind: 'path', path: a }, { kind: 'path', path: b }] });
  const done = await waitForJob(h, job.extraction_id);
  expect(done.status).toBe('completed');
  extractionId = job.extraction_id;
  documentId = done.documents[0]!.document_id;
  secondId = done.documents[1]!.document_id;
});

afterAll(async () => {
  await h.close();
});

describe('export names', () => {
  it('suggests the parser name and the job day for saving; a parse-only job is "Results"', async () => {
    const job = await h.call('jobs.get', { extraction_id: extractionId });
    const day = exportFileBase('Invoices', job.created_at);
    expect(day).toMatch(/^Invoices \d{4}-\d{2}-\d{2}$/);
    expect((await h.app.services.exports.extraction(extractionId, { format: 'csv', line_items: 'rows' })).suggestedName).toBe(day);
    const parseOnly = await h.call('jobs.create', { parser_id: null, files: [{ kind: 'path', path: await h.write('docs/p.pdf', invoicePdf(3)) }] });
    await waitForJob(h, parseOnly.extraction_id);
    expect((await h.app.services.exports.extraction(parseOnly.extraction_id, { format: 'json', line_items: 'rows' })).suggestedName).toMatch(/^Results \d{4}-/);
  });
});

describe('documents', () => {
  it('documents.get: the result, the stored run and no corrections yet', async () => {
    const view = await h.call('documents.get', { extraction_id: extractionId, document_id: documentId });
    expect(view.parse_only).toBe(false);
    expect(view.document).toMatchObject({ filename: 'inv-1.pdf', status: 'completed', extracted_data: { invoice_number: 'INV-1', total: 1250.5 } });
    expect(view.run?.status).toBe('PROCESSED');
    expect(view.corrections).toEqual({});
    await expect(h.call('documents.get', { extraction_id: extractionId, document_id: 'doc_missing' })).rejects.toMatchObject({ code: 'RESOURCE_NOT_FOUND' });
  });

  it('documents.spatial: one layout-preserving string per page', async () => {
    const { pages } = await h.call('documents.spatial', { extraction_id: extractionId, document_id: documentId });
    expect(pages).toHaveLength(2);
    expect(pages[0]).toMatch(/Invoice No: INV-1/);
    expect(pages[1]).toMatch(/Terms and conditions/);
  });

  it('documents.spatial: read from the stored result (the file is not needed); a result stored without them is parsed again alike', async () => {
    const ref = { extraction_id: extractionId, document_id: secondId };
    await rename(`${h.files}/docs/inv-2.pdf`, `${h.files}/docs/away.pdf`);
    let stored: string[];
    try {
      stored = (await h.call('documents.spatial', ref)).pages;
    } finally {
      await rename(`${h.files}/docs/away.pdf`, `${h.files}/docs/inv-2.pdf`);
    }
    expect(stored[0]).toMatch(/Invoice No: INV-2/);
    // A result from before pages were kept: the file is parsed again, to the same text.
    const db = new Database(path.join(h.files, '..', 'data', 'perfectparser.db'));
    try {
      expect(db.prepare('UPDATE document_results SET spatial_pages = NULL WHERE document_id = ?').run(secondId).changes).toBe(1);
    } finally {
      db.close();
    }
    expect((await h.call('documents.spatial', ref)).pages).toEqual(stored);
    await expect(h.call('documents.spatial', { extraction_id: extractionId, document_id: 'doc_missing' })).rejects.toMatchObject({ code: 'RESOURCE_NOT_FOUND' });
  });

  it('documents.spatial: a text file\'s pages split at form feeds, alike whether stored or read again', async () => {
    const file = await h.write('docs/statement.txt', 'Statement page one\r\nTotal 10.00\fStatement page two\r\n');
    const job = await h.call('jobs.create', { parser_id: null, files: [{ kind: 'path', path: file }] });
    const [doc] = (await waitForJob(h, job.extraction_id)).documents;
    const ref = { extraction_id: job.extraction_id, document_id: doc!.document_id };
    const stored = (await h.call('documents.spatial', ref)).pages;
    expect(stored).toEqual(['Statement page one\nTotal 10.00', 'Statement page two\n']);
    const db = new Database(path.join(h.files, '..', 'data', 'perfectparser.db'));
    try {
      db.prepare('UPDATE document_results SET spatial_pages = NULL WHERE document_id = ?').run(doc!.document_id);
    } finally {
      db.close();
    }
    expect((await h.call('documents.spatial', ref)).pages).toEqual(stored);
  });

  it('documents.figure: the picture a job saved for a figure block, null for none, refused for other names', async () => {
    const redbook = path.join(corpusDir, 'text-layout', 'redp5110_sampled.pdf');
    const job = await h.call('jobs.create', { parser_id: null, files: [{ kind: 'path', path: redbook }] });
    await waitForJob(h, job.extraction_id);
    const [doc] = (await h.call('jobs.get', { extraction_id: job.extraction_id })).documents;
    const ref = { extraction_id: job.extraction_id, document_id: doc!.document_id };
    const view = await h.call('documents.get', ref);
    const figure = view.run!.chunks.flatMap((c) => c.blocks).find((b) => b.type === 'figure' && typeof b.details['imagePath'] === 'string')!;
    const imagePath = String(figure.details['imagePath']);
    const name = path.basename(imagePath);
    const picture = await h.call('documents.figure', { ...ref, name });
    expect(picture).toMatchObject({ file_type: 'image/png', filename: name });
    expect(Buffer.from(picture!.bytes).equals(await readFile(imagePath))).toBe(true);
    expect(await h.call('documents.figure', { ...ref, name: 'page-999-figure-1.png' })).toBeNull();
    await expect(Promise.resolve().then(() => h.call('documents.figure', { ...ref, name: '../figures.db' }))).rejects.toThrow(/name: a figure picture is named page-N-figure-M.png/);
    // Another job's document is not this job's: its figures are not served under it.
    await expect(h.call('documents.figure', { extraction_id: extractionId, document_id: doc!.document_id, name })).rejects.toMatchObject({ code: 'RESOURCE_NOT_FOUND' });
  });

  it('documents.file: the bytes where the file was added; a moved file is a clear error', async () => {
    const file = await h.call('documents.file', { extraction_id: extractionId, document_id: secondId });
    expect(file).toMatchObject({ file_type: 'application/pdf', filename: 'inv-2.pdf' });
    expect(Buffer.from(file.bytes).subarray(0, 5).toString()).toBe('%PDF-');
    await rename(`${h.files}/docs/inv-2.pdf`, `${h.files}/docs/moved.pdf`);
    try {
      await expect(h.call('documents.file', { extraction_id: extractionId, document_id: secondId })).rejects.toThrow(
        /^“inv-2.pdf” is no longer at .*inv-2.pdf: it was moved or deleted\./,
      );
    } finally {
      await rename(`${h.files}/docs/moved.pdf`, `${h.files}/docs/inv-2.pdf`);
    }
  });
});

describe('corrections', () => {
  it('results.correct types the value, keeps the original, and the CSV export shows it; revert restores it', async () => {
    const before = await csv();
    expect(before[0]).toMatchObject({ invoice_number: 'INV-1', total: '1250.5' });

    const corrected = await h.call('results.correct', { extraction_id: extractionId, document_id: documentId, path: 'total', value: '1.234,56' });
    expect(corrected.extracted_data).toMatchObject({ total: 1234.56 });
    expect(corrected.fields?.['total']).toMatchObject({ corrected: true });
    await h.call('results.correct', { extraction_id: extractionId, document_id: documentId, path: 'invoice_date', value: '1 April 2024' });

    const results = await h.call('results.get', { extraction_id: extractionId });
    expect(results.parser_name).toBe('Invoices');
    expect(results.parser_fields.map((f) => f.name)).toEqual(['invoice_number', 'invoice_date', 'total']);
    expect(results.corrections[documentId]).toEqual({
      total: { original: 1250.5, corrected_at: expect.any(String) },
      invoice_date: { original: '2024-03-15', corrected_at: expect.any(String) },
    });
    const after = await csv();
    expect(after[0]).toMatchObject({ total: '1234.56', invoice_date: '2024-04-01' });
    expect(after[1]).toMatchObject({ invoice_number: 'INV-2', total: '2250.5' });
    expect((await h.app.services.extractions.results(extractionId)).documents[0]!.extracted_data).toMatchObject({ total: 1234.56 });
    const view = await h.call('documents.get', { extraction_id: extractionId, document_id: documentId });
    expect(Object.keys(view.corrections).sort()).toEqual(['invoice_date', 'total']);

    const reverted = await h.call('results.revert', { extraction_id: extractionId, document_id: documentId, path: 'total' });
    expect(reverted.extracted_data).toMatchObject({ total: 1250.5 });
    expect(reverted.fields?.['total']).not.toHaveProperty('corrected');
    expect((await csv())[0]).toMatchObject({ total: '1250.5', invoice_date: '2024-04-01' });
    await h.call('results.revert', { extraction_id: extractionId, document_id: documentId, path: 'invoice_date' });
    expect((await h.call('results.get', { extraction_id: extractionId })).corrections).toEqual({});
  });

  it('refuses a path the parser does not have, a value of the wrong type, and undoing nothing', async () => {
    const ref = { extraction_id: extractionId, document_id: documentId };
    await expect(h.call('results.correct', { ...ref, path: 'subtotal', value: 1 })).rejects.toThrow(/There is no field "subtotal"/);
    await expect(h.call('results.correct', { ...ref, path: 'total', value: 'lots' })).rejects.toThrow(/"lots" is not a number/);
    await expect(h.call('results.revert', { ...ref, path: 'total' })).rejects.toThrow(/was not corrected/);
    await expect(h.call('results.correct', { ...ref, document_id: 'doc_missing', path: 'total', value: 1 })).rejects.toMatchObject({ code: 'RESOURCE_NOT_FOUND' });
  });
});

describe('exports of a job over folders', () => {
  it('add the path below the added folder after filename, so same-named files can be told apart', async () => {
    const parser = await h.call('parsers.create', { name: 'Monthly', fields: [{ name: 'total', type: 'number' }] });
    await h.write('months/march/inv.pdf', invoicePdf(3));
    await h.write('months/april/inv.pdf', invoicePdf(4));
    const scan = await h.call('inbox.scan', { paths: [`${h.files}/months`] });
    const job = await h.call('jobs.create', { parser_id: parser.parser_id, files: scan.files.map((f) => f.ref) });
    await waitForJob(h, job.extraction_id);
    const rows = await csv(job.extraction_id);
    expect(Object.keys(rows[0] ?? {}).slice(0, 4)).toEqual(['document_id', 'filename', 'path', 'status']);
    expect(rows.map((r) => [r['filename'], r['path'], r['total']])).toEqual([
      ['inv.pdf', 'april/inv.pdf', '4250.5'],
      ['inv.pdf', 'march/inv.pdf', '3250.5'],
    ]);
    // The job over single files has no such column.
    expect(Object.keys((await csv())[0] ?? {})).not.toContain('path');
  });
});
