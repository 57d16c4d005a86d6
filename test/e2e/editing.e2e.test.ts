// Editing in the browser, end to end: a typed correction in the Results grid is saved on Tab or
// a click elsewhere, as in a spreadsheet (Escape still cancels, and takes a refused value's
// reason with it); the page asks before a reload or close would lose unsaved parser edits or
// files staged in the Inbox; the parser editor fits an 800 × 600 window without pushing the page
// sideways, however many rules a field has.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FieldDefinition } from '../../src/shared/api/parsers.js';
import type { StageResult } from '../../src/shared/rpc-contract.js';
import { expectNoProblems, repoRoot, startE2e, type E2e } from './harness.js';

const CORPUS = path.resolve(repoRoot, '../shared/corpus');
const AZURE = path.join(CORPUS, 'fields/AzureInterior.pdf');

const FIELDS: FieldDefinition[] = [
  { name: 'invoice_number', type: 'string', description: 'Invoice number' },
  { name: 'invoice_date', type: 'date', description: 'Invoice date' },
  {
    name: 'subtotal',
    type: 'number',
    description: 'Amount before tax',
    rules: [
      { kind: 'anchor', label: 'Subtotal', direction: 'right', offset: 2 },
      { kind: 'regex', pattern: 'Subtotal\\s+([\\d.,]+)' },
    ],
  },
  { name: 'total', type: 'number', description: 'Total amount' },
  { name: 'line_items', type: 'array', fields: [{ name: 'description', type: 'string' }, { name: 'amount', type: 'number' }] },
];

/** Creates a parser with FIELDS, runs it over AzureInterior.pdf and waits for the job. */
async function extraction(e2e: E2e): Promise<{ parserId: string; extractionId: string; documentId: string }> {
  const parser = await e2e.rpc('parsers.create', { name: 'Invoices', fields: FIELDS });
  const res = await e2e.api('/rpc/upload', {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', 'x-filename': 'AzureInterior.pdf', 'x-relative-path': 'AzureInterior.pdf' },
    body: await readFile(AZURE),
  });
  const staged = (await res.json()) as StageResult;
  const created = await e2e.rpc('jobs.create', { parser_id: parser.parser_id, files: [staged.files[0]!.ref] });
  const deadline = Date.now() + 90_000;
  for (;;) {
    const job = await e2e.rpc('jobs.get', { extraction_id: created.extraction_id });
    const doc = job.documents[0]!;
    if (doc.status === 'completed') return { parserId: parser.parser_id, extractionId: created.extraction_id, documentId: doc.document_id };
    if (doc.status === 'failed' || Date.now() > deadline) throw new Error(`the job did not complete: ${JSON.stringify(job.documents)}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** Closes the page as the user closing the tab would; true when the page asked first (the question is declined, so the page stays). */
async function askedBeforeClosing(page: Page): Promise<boolean> {
  const asked = new Promise<boolean>((resolve) => {
    page.once('dialog', (dialog) => {
      resolve(dialog.type() === 'beforeunload');
      void dialog.dismiss();
    });
    page.once('close', () => resolve(false));
  });
  await page.close({ runBeforeUnload: true });
  return asked;
}

describe('editing', () => {
  let e2e: E2e;
  let ids: Awaited<ReturnType<typeof extraction>>;
  beforeAll(async () => {
    e2e = await startE2e({ name: 'editing' });
    ids = await extraction(e2e);
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('saves a typed correction on Tab and on a click elsewhere, and clears a refused value’s reason', async () => {
    const { page, problems } = await e2e.openApp();
    await page.locator('#root > *').first().waitFor();
    await page.evaluate(`location.hash = '#/results/${ids.extractionId}'`);
    await page.getByRole('heading', { name: 'Results', level: 2 }).waitFor();
    const cell = (field: string) => page.locator(`[data-testid="results-cell"][data-field="${field}"][data-document="${ids.documentId}"]`);
    const editor = (field: string) => page.getByRole('textbox', { name: `New value for ${field} of AzureInterior.pdf` });
    await cell('invoice_number').waitFor();

    // Tab: saved, and focus goes on to the next cell.
    await cell('invoice_number').dblclick();
    await editor('invoice_number').fill('NL91ABNA0417164300');
    await page.keyboard.press('Tab');
    await page.locator(`[data-testid="results-cell"][data-field="invoice_number"][data-corrected="true"]`).waitFor();
    expect(await cell('invoice_number').locator('.rcell__value').textContent()).toBe('NL91ABNA0417164300');
    expect(await page.evaluate(`document.activeElement?.dataset?.field ?? null`)).toBe('invoice_date');

    // A click on the page heading: saved too.
    await cell('total').dblclick();
    await editor('total').fill('300.5');
    await page.getByRole('heading', { name: 'Results', level: 2 }).click();
    await page.locator(`[data-testid="results-cell"][data-field="total"][data-corrected="true"]`).waitFor();
    expect(await cell('total').locator('.rcell__value').textContent()).toBe('300.5');

    // Leaving an editor without a change saves nothing.
    await cell('subtotal').dblclick();
    await page.keyboard.press('Tab');
    expect(await editor('subtotal').count()).toBe(0);
    expect(await cell('subtotal').getAttribute('data-corrected')).toBeNull();

    // A value the cell refuses stays in its editor with the reason; Escape takes both away.
    await cell('invoice_date').dblclick();
    await editor('invoice_date').fill('31/02/2020');
    await page.keyboard.press('Enter');
    const reason = page.locator('.results-errors');
    await reason.getByText('“31/02/2020” is not a date', { exact: false }).waitFor();
    await editor('invoice_date').press('Escape');
    await reason.waitFor({ state: 'detached' });
    expect(await cell('invoice_date').getAttribute('data-corrected')).toBeNull();

    // Refused again, left by a click elsewhere: the reason stays until a later change is saved.
    await cell('invoice_date').dblclick();
    await editor('invoice_date').fill('31/02/2020');
    await page.getByRole('heading', { name: 'Results', level: 2 }).click();
    await reason.waitFor();
    expect(await editor('invoice_date').inputValue()).toBe('31/02/2020');
    await cell('subtotal').dblclick();
    await editor('subtotal').fill('262.90');
    await editor('subtotal').press('Enter');
    await page.locator(`[data-testid="results-cell"][data-field="subtotal"][data-corrected="true"]`).waitFor();
    await reason.waitFor({ state: 'detached' });

    // What was saved is what the backend holds.
    const saved = await e2e.rpc('results.get', { extraction_id: ids.extractionId });
    expect(saved.documents[0]!.extracted_data).toMatchObject({ invoice_number: 'NL91ABNA0417164300', total: 300.5, subtotal: 262.9 });
    await e2e.screenshot(page, 'results-committed-on-blur');
    // The refused date was never sent (no 400 answer).
    expectNoProblems(problems);
    await page.close();
  });

  it('asks before closing while parser edits are unsaved or files are staged, and not otherwise', async () => {
    // Unsaved parser edits.
    let { page, problems } = await e2e.openApp();
    await page.locator('#root > *').first().waitFor();
    await page.evaluate(`location.hash = '#/parsers/${ids.parserId}'`);
    const name = page.getByRole('textbox', { name: 'Field name 4', exact: true });
    await name.click();
    await name.fill('grand_total');
    await page.getByText('Unsaved changes').waitFor();
    expect(await askedBeforeClosing(page)).toBe(true);
    expect(page.isClosed()).toBe(false);
    await page.getByRole('button', { name: 'Discard changes' }).click();
    await page.getByText('All changes saved').waitFor();
    expectNoProblems(problems);
    expect(await askedBeforeClosing(page)).toBe(false);
    expect(page.isClosed()).toBe(true);

    // Files staged in the Inbox.
    ({ page, problems } = await e2e.openApp());
    await page.getByRole('heading', { name: 'Inbox', level: 2 }).waitFor();
    // (A page the user never touched is let go without a question.)
    await page.getByRole('heading', { name: 'Inbox', level: 2 }).click();
    await page.locator('input[type="file"]:not([webkitdirectory])').setInputFiles(AZURE);
    await page.getByTestId('staged-row').first().waitFor({ timeout: 30_000 });
    expect(await askedBeforeClosing(page)).toBe(true);
    await page.getByRole('button', { name: 'Clear list' }).click();
    await page.getByRole('button', { name: 'Yes, clear' }).click();
    await expect.poll(() => page.getByTestId('staged-row').count()).toBe(0);
    expectNoProblems(problems);
    expect(await askedBeforeClosing(page)).toBe(false);
  });

  it('fits the parser editor in an 800 × 600 window, a field with rules included', async () => {
    const { page, problems } = await e2e.openApp();
    await page.setViewportSize({ width: 800, height: 600 });
    await page.locator('#root > *').first().waitFor();
    await page.evaluate(`location.hash = '#/parsers/${ids.parserId}'`);
    const rows = page.getByTestId('parser-field-row');
    await rows.first().waitFor();
    const noSidewaysScroll = () => page.evaluate(`document.documentElement.scrollWidth <= document.documentElement.clientWidth`);
    expect(await noSidewaysScroll()).toBe(true);

    // Every control of every row is inside the window, and none covers another.
    const overlaps = async () =>
      (await page.evaluate(`[...document.querySelectorAll('[data-testid="parser-field-row"]')].flatMap((row) => {
        const parts = [...row.querySelectorAll('input, select, button')].map((el) => el.getBoundingClientRect());
        const out = [];
        parts.forEach((a, i) => {
          if (a.right > document.documentElement.clientWidth + 0.5) out.push(row.dataset.field + ': control ' + i + ' ends at ' + a.right);
          for (const b of parts.slice(i + 1)) {
            if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) out.push(row.dataset.field + ': controls overlap');
          }
        });
        return out;
      })`)) as string[];
    expect(await overlaps()).toEqual([]);
    const subtotal = page.locator('li', { has: page.locator('[data-testid="parser-field-row"][data-field="subtotal"]') }).first();
    expect(await subtotal.locator('.pfield__rule-count').textContent()).toContain('2 rules');

    // With the rules open, the page still does not scroll sideways.
    await page.getByRole('button', { name: 'Details of subtotal: description, rules and format' }).click();
    await page.getByRole('group', { name: 'Rules for subtotal' }).waitFor();
    expect(await noSidewaysScroll()).toBe(true);
    expect(await overlaps()).toEqual([]);
    await e2e.screenshot(page, 'parsers-800x600');
    expectNoProblems(problems);
    await page.close();
  });
});
