// Parsers and Results, end to end in browser mode: create a parser, add a corpus invoice as its
// sample, detect its fields, see the test values and their boxes on the sample; add a folder of
// invoices in the Inbox, run the parser over it and follow the job to the end in Jobs; correct a
// total in the Results grid, see it marked, export CSV and find the corrected value in the
// downloaded file; open a document's Fields tab from the grid.
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, describe } from 'vitest';
import { parseCsv } from '../helpers/csv.js';
import { expectNoProblems, repoRoot, startE2e, type E2e } from './harness.js';

const CORPUS = path.resolve(repoRoot, '../shared/corpus');
/** Invoices whose fields detect-fields finds (test/integration/detect-corpus.test.ts). */
const INVOICES = ['fields/AzureInterior.pdf', 'fields/AmazonWebServices.pdf', 'fields/coolblue1.pdf'];

/** A folder holding the invoices, as a user would have it on disk. */
async function makeInvoiceFolder(root: string): Promise<string> {
  const folder = path.join(root, 'invoices');
  await mkdir(folder, { recursive: true });
  for (const invoice of INVOICES) await copyFile(path.join(CORPUS, invoice), path.join(folder, path.basename(invoice)));
  return folder;
}

describe('parsers and results', () => {
  let e2e: E2e;
  let temp: string;
  beforeAll(async () => {
    e2e = await startE2e({ name: 'parsers-results' });
    temp = await mkdtemp(path.join(tmpdir(), 'pp-e2e-invoices-'));
  });
  afterAll(async () => {
    await e2e?.close();
    if (temp) await rm(temp, { recursive: true, force: true });
  });

  it('creates a parser, detects fields from a sample, tests it, runs it on a folder from the Inbox, and corrects and exports its results', async () => {
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
    await firstName.fill('1st invoice');
    await page.getByText('“1st invoice” cannot be a field name', { exact: false }).waitFor();
    await firstName.fill(original);
    await page.getByText('All changes saved').waitFor();
    await page.getByRole('button', { name: 'Detect fields' }).click();
    await page.getByRole('alertdialog').getByText(/already has \d+ fields/).waitFor();
    await page.getByRole('button', { name: 'Keep my fields' }).click();
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    await e2e.screenshot(page, 'parsers');

    // Run it over a folder of invoices, as a user would: add the folder in the Inbox, choose the
    // parser in "Process with", Start, and follow the job in Jobs.
    const folder = await makeInvoiceFolder(temp);
    await page.getByRole('link', { name: 'Inbox' }).click();
    await page.getByRole('heading', { name: 'Inbox', level: 2 }).waitFor();
    await page.locator('input[webkitdirectory]').setInputFiles(folder);
    const start = page.getByRole('button', { name: `Start — ${INVOICES.length} files` });
    await start.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('staged-row').count()).toBe(INVOICES.length);
    const processWith = page.getByRole('combobox', { name: 'Process with' });
    // The parser is offered once the Inbox has loaded the list, and only enabled with fields.
    await processWith.locator('option:not([disabled])', { hasText: 'Supplier invoices' }).waitFor({ state: 'attached' });
    await processWith.selectOption({ label: 'Supplier invoices' });
    await page.getByText('Fields from “Supplier invoices” are filled for every document; see them in Results.').waitFor();
    await start.click();

    await page.getByRole('heading', { name: 'Jobs', level: 2 }).waitFor();
    await page.waitForURL(/#\/jobs\/ext_[^/]+$/);
    const extractionId = /#\/jobs\/(ext_[^/?]+)/.exec(page.url())![1]!;
    const detail = page.locator('.job-detail');
    await detail.getByRole('heading', { name: `Supplier invoices · ${INVOICES.length} documents` }).waitFor();
    const documents = page.getByTestId('document-row');
    await page.getByText(`${INVOICES.length} of ${INVOICES.length} documents done`, { exact: false }).first().waitFor({ timeout: 90_000 });
    expect(await documents.count()).toBe(INVOICES.length);
    await detail.getByText('Completed').first().waitFor();
    expect(await documents.filter({ hasText: 'Completed' }).count()).toBe(INVOICES.length);
    const job = await e2e.rpc('jobs.get', { extraction_id: extractionId });
    expect(job.parser_name).toBe('Supplier invoices');
    expect(job.documents.map((d) => d.status)).toEqual(['completed', 'completed', 'completed']);
    const azure = job.documents.find((d) => d.filename === 'AzureInterior.pdf')!;
    await e2e.screenshot(page, 'jobs-extraction');

    // Results, from the job: its grid.
    await detail.getByRole('link', { name: 'View results' }).click();
    await page.getByRole('heading', { name: 'Results', level: 2 }).waitFor();
    await page.waitForURL(new RegExp(`#/results/${extractionId}$`));
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
