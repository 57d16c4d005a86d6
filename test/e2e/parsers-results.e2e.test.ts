// Parsers and Results, end to end in browser mode: create a parser, add a corpus invoice as its
// sample, detect its fields, see the test values and their boxes on the sample; run the parser
// over a folder of invoices; correct a total in the Results grid, see it marked, export CSV and
// find the corrected value in the downloaded file; open a document's Fields tab from the grid.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StageResult } from '../../src/shared/rpc-contract.js';
import { parseCsv } from '../helpers/csv.js';
import { describeE2e, expectNoProblems, repoRoot, startE2e, type E2e } from './harness.js';

const CORPUS = path.resolve(repoRoot, '../shared/corpus');
/** Invoices whose fields detect-fields finds (test/integration/detect-corpus.test.ts). */
const INVOICES = ['fields/AzureInterior.pdf', 'fields/AmazonWebServices.pdf', 'fields/coolblue1.pdf'];

/** Uploads a corpus file as the Inbox would (POST /rpc/upload) and returns its staged reference. */
async function uploadCorpusFile(e2e: E2e, relative: string): Promise<StageResult['files'][number]> {
  const name = path.basename(relative);
  const res = await e2e.api('/rpc/upload', {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', 'x-filename': encodeURIComponent(name), 'x-relative-path': encodeURIComponent(name) },
    body: await readFile(path.join(CORPUS, relative)),
  });
  if (!res.ok) throw new Error(`upload of ${name} → HTTP ${res.status}: ${await res.text()}`);
  const file = ((await res.json()) as StageResult).files[0];
  if (!file) throw new Error(`upload of ${name} was skipped`);
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

describeE2e('parsers and results', () => {
  let e2e: E2e;
  beforeAll(async () => {
    e2e = await startE2e({ name: 'parsers-results' });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('creates a parser, detects fields from a sample, tests it, and corrects and exports its results', async () => {
    const { page, problems } = await e2e.openApp();
    await page.locator('#root > *').first().waitFor();
    await page.getByRole('link', { name: 'Parsers' }).click();
    await page.getByRole('heading', { name: 'Parsers', level: 2 }).waitFor();

    // Create.
    await page.getByLabel('New parser').fill('Supplier invoices');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/#\/parsers\/prs_/);
    await page.getByRole('form', { name: 'Edit parser Supplier invoices' }).waitFor();
    await page.getByText('No fields yet. Add one, or detect fields from a sample.').waitFor();

    // Sample → detect (no fields yet, so no question) → the draft is tested at once.
    await page.getByTestId('sample-input').setInputFiles(path.join(CORPUS, 'fields/AzureInterior.pdf'));
    await page.getByText('Sample: AzureInterior.pdf').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Detect fields' }).click();
    const fieldRows = page.getByTestId('parser-field-row');
    await fieldRows.first().waitFor({ timeout: 60_000 });
    const names = await fieldRows.evaluateAll((els) => els.map((el) => el.getAttribute('data-field')));
    expect(names).toEqual(expect.arrayContaining(['invoice_number', 'invoice_date', 'total']));
    await page.getByText('All changes saved').waitFor();

    const total = page.locator('[data-testid="test-result"][data-field="total"]');
    await total.waitFor({ timeout: 60_000 });
    expect(await total.locator('.sample__value-text').textContent()).toBe('279.84');
    expect(await page.locator('[data-testid="test-result"][data-field="invoice_number"] .sample__value-text').textContent()).toBe('INV/2023/03/0008');
    await page.locator('canvas[data-testid="page-canvas"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('citation-box').count()).toBeGreaterThan(0);
    await total.click();
    await page.locator('g.is-selected [data-testid="citation-box"][data-box-id="field:total"]').waitFor();

    // Editing: a bad name is refused in words; a second detection asks before replacing.
    const firstName = page.getByRole('textbox', { name: 'Field name 1', exact: true });
    const original = await firstName.inputValue();
    await firstName.fill('Invoice Number');
    await page.getByText('“Invoice Number” is not snake_case', { exact: false }).waitFor();
    await firstName.fill(original);
    await page.getByText('All changes saved').waitFor();
    await page.getByRole('button', { name: 'Detect fields' }).click();
    await page.getByRole('alertdialog').getByText(/already has \d+ fields/).waitFor();
    await page.getByRole('button', { name: 'Keep my fields' }).click();
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    await e2e.screenshot(page, 'parsers');

    // Run it over a folder of invoices (uploaded as the Inbox would).
    const parserId = /#\/parsers\/(prs_[^/?]+)/.exec(page.url())![1]!;
    const files = await Promise.all(INVOICES.map((f) => uploadCorpusFile(e2e, f)));
    const created = await e2e.rpc('jobs.create', { parser_id: parserId, files: files.map((f) => f.ref) });
    const job = await waitForJob(e2e, created.extraction_id);
    expect(job.documents.map((d) => d.status)).toEqual(['completed', 'completed', 'completed']);
    const azure = job.documents.find((d) => d.filename === 'AzureInterior.pdf')!;

    // Results: the job is listed, then its grid.
    await page.getByRole('link', { name: 'Results' }).click();
    await page.getByRole('heading', { name: 'Results', level: 2 }).waitFor();
    await page.getByRole('button', { name: /Supplier invoices/ }).click();
    await page.waitForURL(/#\/results\/ext_/);
    const cell = page.locator(`[data-testid="results-cell"][data-field="total"][data-document="${azure.document_id}"]`);
    await cell.waitFor();
    expect(await cell.locator('.rcell__value').textContent()).toBe('279.84');
    expect(await page.getByTestId('results-row').count()).toBe(3);

    // Correct it in place: double-click, type, Enter.
    await cell.dblclick();
    const input = page.getByRole('textbox', { name: `New value for total of AzureInterior.pdf` });
    await input.fill('280.00');
    await input.press('Enter');
    await page.locator(`[data-testid="results-cell"][data-field="total"][data-document="${azure.document_id}"][data-corrected="true"]`).waitFor();
    expect(await cell.locator('.rcell__value').textContent()).toBe('280');
    expect(await cell.getAttribute('title')).toContain('extraction found “279.84”');
    // Escape leaves another cell as it was.
    const number = page.locator(`[data-testid="results-cell"][data-field="invoice_number"][data-document="${azure.document_id}"]`);
    await number.focus();
    await page.keyboard.press('Enter');
    await page.keyboard.type('nope');
    await page.keyboard.press('Escape');
    expect(await number.locator('.rcell__value').textContent()).toBe('INV/2023/03/0008');
    // Line items unfold into a sub-table of editable cells.
    const items = page.locator(`[data-testid="results-cell"][data-field="line_items"][data-document="${azure.document_id}"] button`);
    expect(await items.textContent()).toMatch(/\d+ items?/);
    await items.click();
    await page.locator(`[data-testid="results-cell"][data-field^="line_items.0."][data-document="${azure.document_id}"]`).first().waitFor();
    await e2e.screenshot(page, 'results');

    // Export CSV: the download has the corrected total.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = parseCsv(await readFile(await download.path(), 'utf8'));
    const header = csv[0]!;
    const totalColumn = header.indexOf('total');
    expect(totalColumn).toBeGreaterThan(-1);
    const azureRows = csv.filter((row) => row.some((v) => v.includes('AzureInterior')));
    expect(azureRows.length).toBeGreaterThan(0);
    expect(azureRows.every((row) => Number(row[totalColumn]) === 280)).toBe(true);
    await page.getByText(`Downloaded ${download.suggestedFilename()}`).waitFor();

    // The row opens its document; its Fields tab lists the values and marks the correction.
    await page.getByRole('button', { name: 'Open AzureInterior.pdf' }).click();
    await page.getByRole('heading', { name: 'Document', level: 2 }).waitFor();
    await page.getByRole('tab', { name: 'Fields' }).click();
    const totalRow = page.locator('[data-testid="field-row"][data-field="total"]');
    await totalRow.waitFor();
    expect(await totalRow.getByText('Corrected').count()).toBe(1);
    await totalRow.click();
    await page.locator('g.is-selected [data-testid="citation-box"][data-box-id="field:total"]').waitFor();

    expectNoProblems(problems);
    await page.close();
  });
});
