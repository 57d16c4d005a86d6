// The Results grid from the keyboard, its exports' names and broken links, end to end in browser
// mode: the grid is one Tab stop; the arrow keys move the active cell over documents and unfolded
// line items; Enter or F2 edits, Escape cancels, Tab saves and moves on; exports download as
// "<parser> <day>.<format>"; a link to results, a parser or a screen that is not there says so in
// a sentence with a way back.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FieldDefinition } from '../../src/shared/api/parsers.js';
import { expectNoProblems, repoRoot, runJob, startE2e, uploadBytes, type E2e } from './harness.js';

const CORPUS = path.resolve(repoRoot, '../shared/corpus');
const FIELDS: FieldDefinition[] = [
  { name: 'invoice_number', type: 'string' },
  { name: 'total', type: 'number' },
  { name: 'line_items', type: 'array', fields: [{ name: 'description', type: 'string' }, { name: 'amount', type: 'number' }] },
];

/** What has the focus: the results cell's field and document, or the element's accessible bits. */
function focused(page: Page): Promise<{ field: string | null; document: string | null; inGrid: boolean; label: string | null }> {
  return page.evaluate(`(() => {
    const el = document.activeElement;
    const cell = el?.closest('[data-testid="results-cell"]');
    return {
      field: cell?.getAttribute('data-field') ?? null,
      document: cell?.getAttribute('data-document') ?? null,
      inGrid: Boolean(el?.closest('[role="grid"]')),
      label: el?.getAttribute('aria-label') ?? null,
    };
  })()`);
}

describe('results from the keyboard', () => {
  let e2e: E2e;
  let extractionId: string;
  let azure: string;
  let oyo: string;
  let createdAt: string;
  beforeAll(async () => {
    e2e = await startE2e({ name: 'results-keyboard' });
    const parser = await e2e.rpc('parsers.create', { name: 'Supplier invoices', fields: FIELDS });
    const files = [
      await uploadBytes(e2e, 'AzureInterior.pdf', await readFile(path.join(CORPUS, 'fields/AzureInterior.pdf'))),
      await uploadBytes(e2e, 'oyo.pdf', await readFile(path.join(CORPUS, 'fields/oyo.pdf'))),
    ];
    const job = await runJob(e2e, parser.parser_id, files);
    extractionId = job.extraction_id;
    createdAt = job.created_at;
    azure = job.documents.find((d) => d.filename === 'AzureInterior.pdf')!.document_id;
    oyo = job.documents.find((d) => d.filename === 'oyo.pdf')!.document_id;
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('is one Tab stop, moves with the arrow keys, and edits with Enter, F2, Escape and Tab', async () => {
    const { page, problems } = await e2e.openApp();
    await page.locator('#root > *').first().waitFor();
    await page.evaluate(`location.hash = '#/results/${extractionId}'`);
    const grid = page.getByRole('grid', { name: 'Results of Supplier invoices' });
    await grid.waitFor();
    await page.locator('[data-testid="results-cell"]').first().waitFor();
    // One element of the grid takes Tab: the first cell (the first document's name).
    await expect(grid.locator('[tabindex="0"]').count()).resolves.toBe(1);
    await expect(grid.getByRole('gridcell').count()).resolves.toBeGreaterThan(4);

    await page.getByRole('combobox', { name: /Line items/ }).focus();
    await page.keyboard.press('Tab');
    const first = await focused(page);
    expect(first.inGrid).toBe(true);
    expect(first.label).toMatch(/^Open (AzureInterior|oyo)\.pdf$/);
    const firstDoc = first.label === 'Open AzureInterior.pdf' ? azure : oyo;
    const secondDoc = firstDoc === azure ? oyo : azure;

    await page.keyboard.press('ArrowRight');
    await expect.poll(() => focused(page)).toMatchObject({ field: 'invoice_number', document: firstDoc });
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focused(page)).toMatchObject({ field: 'invoice_number', document: secondDoc });
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('End');
    await expect.poll(() => focused(page)).toMatchObject({ field: 'line_items', document: firstDoc });
    await page.keyboard.press('Home');
    await expect.poll(() => focused(page)).toMatchObject({ label: expect.stringMatching(/^Open /) });
    await page.keyboard.press('Control+End');
    await expect.poll(() => focused(page)).toMatchObject({ field: 'line_items', document: secondDoc });
    await expect(grid.locator('[tabindex="0"]').count()).resolves.toBe(1);

    // Enter edits, Escape cancels and gives the cell back its focus.
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => focused(page)).toMatchObject({ field: 'total', document: firstDoc });
    await page.keyboard.press('Enter');
    const editor = page.getByRole('textbox', { name: /^New value for total of / });
    await editor.waitFor();
    await page.keyboard.type('1');
    // The arrows move in the text while editing, not between cells.
    await page.keyboard.press('ArrowLeft');
    await expect(editor.count()).resolves.toBe(1);
    await page.keyboard.press('Escape');
    await expect(editor.count()).resolves.toBe(0);
    await expect.poll(() => focused(page)).toMatchObject({ field: 'total', document: firstDoc });

    // F2 edits; Tab saves and moves on to the next cell.
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('F2');
    await page.getByRole('textbox', { name: /^New value for invoice_number of / }).fill('INV-KEYBOARD');
    await page.keyboard.press('Tab');
    await page.locator(`[data-testid="results-cell"][data-field="invoice_number"][data-document="${firstDoc}"][data-corrected="true"]`).waitFor();
    await expect.poll(() => focused(page)).toMatchObject({ field: 'total', document: firstDoc });

    // Tab from a cell leaves the grid; Shift+Tab comes back to the same cell.
    await page.keyboard.press('Tab');
    await expect.poll(() => focused(page)).toMatchObject({ inGrid: false });
    await page.keyboard.press('Shift+Tab');
    await expect.poll(() => focused(page)).toMatchObject({ field: 'total', document: firstDoc });

    // Line items: Enter unfolds them, and the arrows go down into them.
    await page.keyboard.press('ArrowRight');
    const items = page.locator(`[data-testid="results-cell"][data-field="line_items"][data-document="${firstDoc}"] button`);
    const itemCount = Number((/: (\d+) items?$/.exec((await items.getAttribute('aria-label')) ?? '') ?? [])[1] ?? 0);
    if (itemCount > 0) {
      await page.keyboard.press('Enter');
      await expect(items.getAttribute('aria-expanded')).resolves.toBe('true');
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => focused(page)).toMatchObject({ field: 'line_items.0.amount', document: firstDoc });
      await page.keyboard.press('ArrowLeft');
      await expect.poll(() => focused(page)).toMatchObject({ field: 'line_items.0.description', document: firstDoc });
    }
    await e2e.screenshot(page, 'results-keyboard');

    const saved = await e2e.rpc('results.get', { extraction_id: extractionId });
    expect(saved.documents.find((d) => d.document_id === firstDoc)?.extracted_data).toMatchObject({ invoice_number: 'INV-KEYBOARD' });
    expectNoProblems(problems);
    await page.close();
  });

  it('names exports after the parser and the day of the job', async () => {
    const { page, problems } = await e2e.openApp();
    await page.locator('#root > *').first().waitFor();
    await page.evaluate(`location.hash = '#/results/${extractionId}'`);
    await page.getByRole('grid').waitFor();
    const day = new Date(createdAt);
    const expected = `Supplier invoices ${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
    for (const format of ['CSV', 'JSON', 'XLSX']) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: `Export ${format}` }).click()]);
      expect(download.suggestedFilename()).toBe(`${expected}.${format.toLowerCase()}`);
      await page.getByText(`Downloaded ${expected}.${format.toLowerCase()}`).waitFor();
    }
    expectNoProblems(problems);
    await page.close();
  });

  it('says plainly when a link leads to no results, no parser or no screen, with a way back', async () => {
    const { page, problems } = await e2e.openApp();
    await page.locator('#root > *').first().waitFor();

    await page.evaluate(`location.hash = '#/results/${'x'.repeat(300)}'`);
    await page.getByText('These results are not here').waitFor();
    await expect(page.getByText('Invalid request').count()).resolves.toBe(0);
    await expect(page.getByText('extraction_id').count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'See all results' }).click();
    await page.getByRole('button', { name: /^Supplier invoices/ }).waitFor();

    await page.evaluate(`location.hash = '#/results/ext_gone'`);
    await page.getByText('These results are not here').waitFor();

    await page.evaluate(`location.hash = '#/parsers/prs_gone'`);
    await page.getByText('This parser is not here').waitFor();
    await page.getByRole('button', { name: 'See all parsers' }).click();
    await page.getByText('Choose a parser, or create one').waitFor();

    await page.evaluate(`location.hash = '#/nowhere'`);
    await page.getByRole('heading', { name: 'Page not found', level: 2 }).waitFor();
    await page.getByText('Nothing is at #/nowhere').waitFor();
    await e2e.screenshot(page, 'missing-screen');
    await page.getByRole('button', { name: 'Go to the Inbox' }).click();
    await page.getByRole('heading', { name: 'Inbox', level: 2 }).waitFor();
    // The refused and unknown ids were answered 400 and 404 (the browser logs each as an error).
    expectNoProblems(problems, [/\b40[04]\b/, /Failed to load resource/]);
    await page.close();
  });
});
