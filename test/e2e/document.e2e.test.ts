// The Document screen, end to end in browser mode: a parse-only job over a real invoice; its
// document opens with the page drawn by pdf.js and the parse's boxes over it; clicking a box
// highlights its block in the Markdown tab, clicking a block highlights its box; the Spatial and
// JSON tabs show the layout text and the run.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, describe } from 'vitest';
import type { StageResult } from '../../src/shared/rpc-contract.js';
import { makePdf, withLinearization, withoutPageTree } from '../helpers/make-pdf.js';
import { expectNoProblems, openDocument, repoRoot, startE2e, type E2e } from './harness.js';

const CORPUS = path.resolve(repoRoot, '../shared/corpus');

/** Uploads a corpus file to the server and returns its staged reference. */
async function uploadCorpusFile(e2e: E2e, relative: string): Promise<StageResult['files'][number]> {
  const name = path.basename(relative);
  const res = await e2e.api('/rpc/upload', {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', 'x-filename': encodeURIComponent(name), 'x-relative-path': encodeURIComponent(name) },
    body: await readFile(path.join(CORPUS, relative)),
  });
  if (!res.ok) throw new Error(`upload of ${name} → HTTP ${res.status}: ${await res.text()}`);
  const staged = (await res.json()) as StageResult;
  const file = staged.files[0];
  if (!file) throw new Error(`upload of ${name} was skipped: ${JSON.stringify(staged.skipped)}`);
  return file;
}

/** Waits until every document of a job has finished; returns the job. */
async function waitForJob(e2e: E2e, extractionId: string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await e2e.rpc('jobs.get', { extraction_id: extractionId });
    if (job.documents.every((d) => d.status === 'completed' || d.status === 'failed')) return job;
    if (Date.now() > deadline) throw new Error(`job ${extractionId} did not finish: ${JSON.stringify(job.documents.map((d) => d.status))}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** Uploads bytes as a file, runs a parse-only job over it and returns the finished document. */
async function parseOnly(e2e: E2e, name: string, body: Uint8Array) {
  const res = await e2e.api('/rpc/upload', {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', 'x-filename': name, 'x-relative-path': name },
    body: Buffer.from(body),
  });
  const staged = (await res.json()) as StageResult;
  const created = await e2e.rpc('jobs.create', { parser_id: null, files: [staged.files[0]!.ref] });
  const job = await waitForJob(e2e, created.extraction_id);
  return { extractionId: created.extraction_id, doc: job.documents[0]! };
}

/** Opens the app on a document's screen. */

describe('document screen', () => {
  let e2e: E2e;
  beforeAll(async () => {
    e2e = await startE2e({ name: 'document' });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('draws the page with its boxes and links boxes and blocks both ways', async () => {
    const file = await uploadCorpusFile(e2e, 'fields/AzureInterior.pdf');
    const created = await e2e.rpc('jobs.create', { parser_id: null, files: [file.ref] });
    const job = await waitForJob(e2e, created.extraction_id);
    const doc = job.documents[0]!;
    expect(doc.status).toBe('completed');

    const { page, problems } = await openDocument(e2e, created.extraction_id, doc.document_id);
    await page.getByText('AzureInterior.pdf').first().waitFor();

    // pdf.js drew the page into the canvas (not the blank placeholder), and the boxes sit over it.
    const canvas = page.locator('canvas[data-testid="page-canvas"]');
    await canvas.waitFor({ timeout: 30_000 });
    // (Polled from here: the page's CSP forbids the eval that waitForFunction would need.)
    await expect
      .poll(
        () =>
          page.evaluate(`(() => { const c = document.querySelector('canvas[data-testid="page-canvas"]'); if (!c || c.width < 100) return false;
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; for (let i = 0; i < d.length; i += 4 * 97) if (d[i] < 200) return true; return false; })()`),
        { timeout: 30_000 },
      )
      .toBe(true);
    const boxes = page.getByTestId('block-box');
    await boxes.first().waitFor();
    const boxCount = await boxes.count();
    expect(boxCount).toBeGreaterThan(0);
    expect(await page.getByTestId('block-text').count()).toBe(boxCount);
    const types = await boxes.evaluateAll((els) => els.map((el) => (el as unknown as { dataset: { blockType?: string } }).dataset.blockType));
    expect(types.every((t) => typeof t === 'string' && t.length > 0)).toBe(true);

    // Box → block text.
    const box = boxes.nth(Math.min(2, boxCount - 1));
    const boxId = await box.getAttribute('data-box-id');
    await box.click();
    const pressed = page.locator('[data-testid="block-text"][aria-pressed="true"]');
    await pressed.waitFor();
    expect(await pressed.count()).toBe(1);
    expect(await pressed.getAttribute('data-block-id')).toBe(boxId);

    // Block text → box (Enter on a focused block selects it).
    const other = page.getByTestId('block-text').first();
    const otherId = await other.getAttribute('data-block-id');
    await other.focus();
    await page.keyboard.press('Enter');
    await page.locator(`g.is-selected [data-box-id="${otherId}"]`).waitFor();
    expect(await page.locator('g.is-selected').count()).toBe(1);

    // Zoom and page controls answer.
    await page.getByRole('button', { name: '100%' }).click();
    await page.getByText('100%', { exact: true }).first().waitFor();
    await page.getByRole('button', { name: 'Fit width' }).click();
    await e2e.screenshot(page, 'document');

    await page.getByRole('tab', { name: 'Spatial' }).click();
    await page.locator('.spatial-panel__text').waitFor({ timeout: 30_000 });
    expect(((await page.locator('.spatial-panel__text').textContent()) ?? '').trim().length).toBeGreaterThan(20);
    await page.getByRole('tab', { name: 'JSON' }).click();
    await page.getByText('"object": "parser_run"', { exact: false }).waitFor();
    // A parse-only job has no Fields tab.
    expect(await page.getByRole('tab', { name: 'Fields' }).count()).toBe(0);

    expectNoProblems(problems);
    await page.close();
  });

  it('shows images as they are and decodes TIFF pages, with the OCR boxes over them', async () => {
    const files = [await uploadCorpusFile(e2e, 'ocr/phototest.tif'), await uploadCorpusFile(e2e, 'ocr/phototest-rotated-L.png')];
    const created = await e2e.rpc('jobs.create', { parser_id: null, files: files.map((f) => f.ref) });
    const job = await waitForJob(e2e, created.extraction_id, 110_000);
    expect(job.documents.map((d) => d.status)).toEqual(['completed', 'completed']);
    const [tiff, png] = job.documents as [(typeof job.documents)[number], (typeof job.documents)[number]];

    const { page, problems } = await openDocument(e2e, created.extraction_id, tiff.document_id);
    await page.locator('canvas[data-testid="page-canvas"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.evaluate(`document.querySelector('canvas[data-testid="page-canvas"]').width`), { timeout: 30_000 }).toBeGreaterThan(100);
    expect(await page.getByText('Preview not available for TIFF.').count()).toBe(0);
    expect(await page.getByTestId('block-box').count()).toBeGreaterThan(0);

    // Next document of the job: the PNG, as an <img> from a blob URL.
    await page.getByRole('button', { name: /^Next document/ }).click();
    await page.locator('img[data-testid="page-canvas"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.evaluate(`document.querySelector('img[data-testid="page-canvas"]').naturalWidth`)).toBeGreaterThan(100);
    expect(await page.locator('img[data-testid="page-canvas"]').getAttribute('src')).toMatch(/^blob:/);
    expect(await page.getByTestId('block-box').count()).toBeGreaterThan(0);
    expect(png.filename).toBe('phototest-rotated-L.png');
    await e2e.screenshot(page, 'document-image');
    expectNoProblems(problems);
    await page.close();
  });

  it('explains a failed document and offers a retry', async () => {
    const body = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919) % 251))]);
    const { extractionId, doc } = await parseOnly(e2e, 'broken.pdf', body);
    expect(doc.status).toBe('failed');

    const { page, problems } = await openDocument(e2e, extractionId, doc.document_id);
    const alert = page.getByRole('alert').filter({ hasText: 'This document failed.' });
    await alert.waitFor();
    await page.getByRole('button', { name: 'Retry failed documents' }).waitFor();
    expect(await page.getByTestId('block-box').count()).toBe(0);
    expectNoProblems(problems);
    await page.close();
  });

  it('says which pages of a damaged file are missing from its result', async () => {
    // Two readable pages; the file declares three (its linearization dictionary) and its page tree is gone.
    const pdf = makePdf({ pages: [{ items: [{ text: 'Kept page one', x: 72, y: 700 }] }, { items: [{ text: 'Kept page two', x: 72, y: 700 }] }] });
    const { extractionId, doc } = await parseOnly(e2e, 'cut-short.pdf', withLinearization(withoutPageTree(pdf), 3));
    expect(doc.status).toBe('completed');

    const { page, problems } = await openDocument(e2e, extractionId, doc.document_id);
    const notice = page.getByRole('status').filter({ hasText: 'Part of this file is not in the result' });
    await notice.waitFor();
    expect(await notice.textContent()).toContain('The file declares 3 pages but holds only 2: the data of one page is missing');
    // What could be read is still shown.
    await page.getByText('Kept page two').first().waitFor();
    expectNoProblems(problems);
    await page.close();
  });
});
