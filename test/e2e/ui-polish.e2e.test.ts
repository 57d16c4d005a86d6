// The Document and Jobs screens as a demanding user meets them, end to end in browser mode: field
// names that wrap between words, Escape clearing a highlight, a failed document whose folder can
// be read, a narrow window that brings the chosen job's documents into view; and a page whose
// server stops and starts again.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it, describe } from 'vitest';
import type { JobDetail } from '../../src/shared/rpc-contract.js';
import { BIN, expectNoProblems, launchChromium, openDocument, repoRoot, runJob, screenshot, startE2e, uploadBytes, watchPage, type E2e } from './harness.js';

const CORPUS = path.resolve(repoRoot, '../shared/corpus');
const LONG_NAME = 'broken-scan-with-a-rather-long-file-name-from-the-accounts-department.pdf';
const FOLDER = 'accounts-payable/archive';

describe('document and jobs polish', () => {
  let e2e: E2e;
  let job: JobDetail;

  beforeAll(async () => {
    e2e = await startE2e({ name: 'ui-polish' });
    // A parser whose fields were detected on an invoice (line items included), run over that
    // invoice and over a damaged file with a long name inside a folder.
    const created = await e2e.rpc('parsers.create', { name: 'Invoices' });
    const form = new FormData();
    form.append('file', new Blob([await readFile(path.join(CORPUS, 'fields/AzureInterior.pdf'))]), 'AzureInterior.pdf');
    const detected = await e2e.api(`/v1/parsers/${created.parser_id}/detect-fields`, { method: 'POST', body: form });
    expect(detected.status).toBe(200);
    const invoice = await uploadBytes(e2e, 'AzureInterior.pdf', await readFile(path.join(CORPUS, 'fields/AzureInterior.pdf')));
    const res = await e2e.api('/rpc/upload', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'x-filename': encodeURIComponent(LONG_NAME), 'x-relative-path': encodeURIComponent(`${FOLDER}/${LONG_NAME}`) },
      body: Buffer.from('%PDF-1.4\nnot really a PDF'),
    });
    const broken = ((await res.json()) as { files: Array<typeof invoice> }).files[0]!;
    job = await runJob(e2e, created.parser_id, [invoice, broken]);
    expect(job.documents.map((d) => d.status)).toEqual(['completed', 'failed']);
  }, 120_000);
  afterAll(async () => {
    await e2e?.close();
  });

  it('wraps field names between their words, never inside one', async () => {
    const doc = job.documents[0]!;
    const { page, problems } = await openDocument(e2e, job.extraction_id, doc.document_id, '?field=total');
    const names = page.locator('.fields-table__name');
    await names.first().waitFor();
    expect(await names.count()).toBeGreaterThan(6);
    // Every word of every name (the text between its break points) sits on one line; at least
    // one long name did need more than one line.
    // (A string, run in the page: this file is typed for Node, without the DOM.)
    const lines = (await page.evaluate(`[...document.querySelectorAll('.fields-table__name')].map((cell) => {
      const range = document.createRange();
      const perWord = [...cell.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((w) => {
        range.selectNodeContents(w);
        return { text: w.textContent, lines: new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size };
      });
      return { name: cell.textContent, perWord, height: cell.getBoundingClientRect().height, lineHeight: parseFloat(getComputedStyle(cell).lineHeight) };
    })`)) as Array<{ name: string; perWord: Array<{ text: string; lines: number }>; height: number; lineHeight: number }>;
    const broken = lines.flatMap((l) => l.perWord.filter((w) => w.lines > 1).map((w) => `${l.name}: ${w.text}`));
    expect(broken).toEqual([]);
    expect(lines.map((l) => l.name)).toContain('invoice_number');
    expect(lines.some((l) => l.height > l.lineHeight * 1.5 + 12)).toBe(true);
    await e2e.screenshot(page, 'ui-polish-field-names');
    expectNoProblems(problems);
    await page.close();
  });

  it('clears the selected block or field with Escape', async () => {
    const doc = job.documents[0]!;
    const { page, problems } = await openDocument(e2e, job.extraction_id, doc.document_id);
    await page.getByRole('tab', { name: 'Markdown' }).click();
    const box = page.getByTestId('block-box').nth(2);
    await box.waitFor({ timeout: 30_000 });
    await box.click();
    await page.locator('[data-testid="block-text"][aria-pressed="true"]').waitFor();
    expect(await page.locator('g.is-selected').count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('g.is-selected').count()).toBe(0);
    expect(await page.locator('[data-testid="block-text"][aria-pressed="true"]').count()).toBe(0);

    // A block chosen from the keyboard, then a field: Escape clears either.
    await page.getByTestId('block-text').first().focus();
    await page.keyboard.press('Enter');
    await page.locator('g.is-selected').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('g.is-selected').count()).toBe(0);
    await page.getByRole('tab', { name: 'Fields' }).click();
    await page.locator('[data-testid="field-row"][data-field="total"]').click();
    await page.locator('[data-testid="field-row"].is-selected').waitFor();
    await page.locator('g.is-selected').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid="field-row"].is-selected').count()).toBe(0);
    expect(await page.locator('g.is-selected').count()).toBe(0);
    // Escape inside the page number box stays the box's own.
    await page.locator('[data-testid="field-row"][data-field="total"]').click();
    await page.getByRole('textbox', { name: /^Page number/ }).focus();
    await page.keyboard.press('Escape');
    expect(await page.locator('[data-testid="field-row"].is-selected').count()).toBe(1);
    expectNoProblems(problems);
    await page.close();
  });

  it('names a figure’s box by what it shows, not by its picture’s path on disk', async () => {
    const doc = job.documents[0]!;
    const { page, problems } = await openDocument(e2e, job.extraction_id, doc.document_id);
    await page.getByRole('tab', { name: 'Markdown' }).click();
    const figure = page.locator('[data-testid="block-box"][data-block-type="figure"]').first();
    await figure.waitFor({ timeout: 30_000 });
    const name = await figure.getAttribute('aria-label');
    expect(name).toMatch(/^figure: /);
    expect(name).not.toContain('](');
    expect(name).not.toContain(e2e.server.dataDir);
    // The same words as the figure's row in the Markdown tab.
    const id = await figure.getAttribute('data-box-id');
    const row = await page.locator(`[data-testid="block-text"][data-block-id="${id}"] .md-block__text`).textContent();
    expect(name).toBe(`figure: ${row}`);
    expectNoProblems(problems);
    await page.close();
  });

  it('does not call a document it cannot find “Parse only”', async () => {
    const { page, problems } = await openDocument(e2e, job.extraction_id, 'doc_nosuchdocument0000000000');
    // (A link to a document that is not there says so, with the way back: see ui-layout.e2e.test.ts.)
    await page.getByText('This document is not here').waitFor();
    expect(await page.getByText('Parse only').count()).toBe(0);
    expectNoProblems(problems, [/404/, /Failed to load resource/]);
    await page.close();
  });

  it('shows a failed document’s folder on a line of its own', async () => {
    const { page, problems } = await e2e.openApp();
    await page.locator('#root > *').first().waitFor();
    await page.evaluate(`location.hash = '#/jobs/${job.extraction_id}'`);
    const row = page.getByTestId('document-row').filter({ hasText: LONG_NAME });
    await row.waitFor();
    const cell = row.getByRole('cell').first();
    const folder = cell.getByText(`${FOLDER}/${LONG_NAME}`, { exact: true });
    const reason = cell.getByText(/damaged|could not/i);
    const [cellBox, folderBox, reasonBox] = await Promise.all([cell.boundingBox(), folder.boundingBox(), reason.boundingBox()]);
    // The folder path starts at the cell's left edge, takes the cell's width and sits between the
    // name and the reason, all inside the row.
    expect(folderBox!.x).toBeCloseTo(cellBox!.x, 0);
    expect(folderBox!.width).toBeGreaterThan(cellBox!.width * 0.9);
    expect(folderBox!.y + folderBox!.height).toBeLessThanOrEqual(reasonBox!.y + 1);
    expect(reasonBox!.y + reasonBox!.height).toBeLessThanOrEqual(cellBox!.y + cellBox!.height + 1);
    await e2e.screenshot(page, 'ui-polish-failed-row');
    expectNoProblems(problems);
    await page.close();
  });

  it('scrolls a job’s documents table sideways in a small window instead of cutting columns off', async () => {
    const { page, problems } = await e2e.openApp();
    await page.setViewportSize({ width: 800, height: 700 });
    await page.locator('#root > *').first().waitFor();
    await page.evaluate(`location.hash = '#/jobs/${job.extraction_id}'`);
    const table = page.getByRole('table', { name: 'Documents of this job' });
    await page.getByTestId('document-row').first().waitFor();
    const time = table.getByRole('columnheader', { name: 'Time' });
    const inside = async () => {
      const [t, c] = await Promise.all([table.boundingBox(), time.boundingBox()]);
      return c!.x + c!.width <= t!.x + t!.width + 1;
    };
    expect(await inside()).toBe(false);
    // From the keyboard: the rows' scroll area takes the focus and the arrow keys move sideways.
    await page.getByRole('rowgroup', { name: 'Documents of this job, scrollable' }).focus();
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
    expect(await inside()).toBe(true);
    // The rows moved with the header: the last cell of a row is in view too.
    const lastCell = page.getByTestId('document-row').first().getByRole('cell').last();
    const [t, c] = await Promise.all([table.boundingBox(), lastCell.boundingBox()]);
    expect(c!.x + c!.width).toBeLessThanOrEqual(t!.x + t!.width + 1);
    await e2e.screenshot(page, 'ui-polish-narrow-table');
    expectNoProblems(problems);
    await page.close();
  });

  it('brings the chosen job’s documents into view when the window is narrow', async () => {
    // More jobs than fit above the fold.
    for (let i = 0; i < 6; i++) await runJob(e2e, null, [await uploadBytes(e2e, `note-${i}.txt`, Buffer.from(`A short note number ${i}.`))]);
    const { page, problems } = await e2e.openApp();
    await page.setViewportSize({ width: 900, height: 800 });
    await page.locator('#root > *').first().waitFor();
    await page.evaluate(`location.hash = '#/jobs'`);
    const cards = page.getByTestId('job-row');
    await expect.poll(() => cards.count()).toBe(7);
    await cards.last().click();
    const heading = page.getByRole('heading', { name: /^Invoices · 2 documents/ });
    await heading.waitFor();
    await expect
      .poll(async () => {
        const box = await heading.boundingBox();
        return box !== null && box.y >= 0 && box.y + box.height <= 800;
      })
      .toBe(true);
    // The documents table is on screen too, not only the heading.
    const firstRow = page.getByTestId('document-row').first();
    const rowBox = await firstRow.boundingBox();
    expect(rowBox!.y + rowBox!.height).toBeLessThanOrEqual(800);
    await e2e.screenshot(page, 'ui-polish-narrow-jobs');
    expectNoProblems(problems);
    await page.close();
  });
});

/** `perfectparser serve` on a fixed port over a fixed data folder, so it can be stopped and
 *  started again at the same address while a page stays open. */
async function serveAt(port: number, dataDir: string, key: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', '--host', '127.0.0.1', '--port', String(port), '--data-dir', dataDir], {
    cwd: repoRoot,
    env: { ...process.env, PERFECTPARSER_API_KEY: key, PERFECTPARSER_RATE_LIMIT: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Open in your browser')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`serve exited (${code}): ${out}`)));
  });
  return child;
}

async function stopServe(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('when the server goes away', () => {
  const key = 'pp_local_connection_test_key';
  let browser: Browser;
  let dataDir: string;
  let port: number;
  let child: ChildProcess | null = null;
  beforeAll(async () => {
    browser = await launchChromium();
    dataDir = await mkdtemp(path.join(tmpdir(), 'pp-e2e-outage-'));
    port = await freePort();
    child = await serveAt(port, dataDir, key);
  });
  afterAll(async () => {
    await browser?.close();
    await stopServe(child);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('says so on every screen and catches up by itself once it is back', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const problems = watchPage(page);
    await page.goto(`http://127.0.0.1:${port}/#key=${key}`);
    await page.getByRole('heading', { name: 'Inbox', level: 2 }).waitFor();
    await page.getByRole('link', { name: 'Jobs' }).click();
    await page.getByRole('heading', { name: 'Jobs', level: 2 }).waitFor();

    await stopServe(child);
    const lost = page.getByRole('alert').filter({ hasText: 'The PerfectParser server is not answering' });
    await lost.waitFor({ timeout: 15_000 });
    // Moving to another screen meanwhile: it could not load, and says so too.
    await page.getByRole('link', { name: 'Results' }).click();
    const failedList = page.getByRole('alert').filter({ hasText: 'The jobs could not be listed' });
    await failedList.waitFor();
    expect(await lost.count()).toBe(1);
    await screenshot(page, 'ui-polish-server-away');

    child = await serveAt(port, dataDir, key);
    await page.getByRole('status').filter({ hasText: 'Connected to the server again' }).waitFor({ timeout: 20_000 });
    expect(await lost.count()).toBe(0);
    // What failed while the server was away loads again without a click.
    await expect.poll(() => failedList.count(), { timeout: 10_000 }).toBe(0);
    await page.getByText('No extraction results yet').waitFor();
    await page.close();
    // The page's own requests failed while the server was away; nothing else went wrong.
    expect(problems.pageErrors).toEqual([]);
  });
});
