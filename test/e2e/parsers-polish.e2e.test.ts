// The Parsers screen's smaller promises, end to end in browser mode: a name at its length limit
// says so, and a long one wraps instead of running under the sample; the values found on the
// sample carry their whole field names (line items told apart); the stored sample still detects
// fields after a reload; Save waits until the marked problems are fixed; the anchor rule's Skip
// says what it does; and a document of many pages opens without pdf.js's console noise.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoProblems, repoRoot, runJob, startE2e, uploadBytes, watchPage, type E2e } from './harness.js';

const CORPUS = path.resolve(repoRoot, '../shared/corpus');
const AZURE = path.join(CORPUS, 'fields/AzureInterior.pdf');

describe('parsers polish', () => {
  let e2e: E2e;
  beforeAll(async () => {
    e2e = await startE2e({ name: 'parsers-polish' });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('says when a name is at its limit, and wraps a long one', async () => {
    const { page, problems } = await e2e.openApp();
    await page.goto(`${e2e.server.url}/#/parsers`);
    const create = page.getByLabel('New parser');
    await create.fill('N'.repeat(120));
    await expect(create.inputValue()).resolves.toHaveLength(100);
    await page.getByText('100 of 100 characters: a name can be no longer.').waitFor();
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/#\/parsers\/prs_/);
    const heading = page.getByRole('heading', { name: 'N'.repeat(100), level: 3 });
    await heading.waitFor();
    // The heading stays inside the editor's column, and the page never scrolls sideways.
    const fits = await page.evaluate(`(() => {
      const h = document.querySelector('.parsers-screen__name').getBoundingClientRect();
      const sample = document.querySelector('.sample').getBoundingClientRect();
      return { clear: h.right <= sample.left + 0.5 || h.top >= sample.bottom, noScroll: document.documentElement.scrollWidth <= document.documentElement.clientWidth };
    })()`);
    expect(fits).toEqual({ clear: true, noScroll: true });
    await page.getByText('100 of 100 characters: a name can be no longer.').waitFor();
    expectNoProblems(problems);
    await page.close();
  });

  it('shows whole field names on the sample, detects again from the stored sample, and saves only a draft without problems', async () => {
    const parser = await e2e.rpc('parsers.create', { name: 'Sample polish' });
    const { page, problems } = await e2e.openApp();
    await page.goto(`${e2e.server.url}/#/parsers/${parser.parser_id}`);
    await page.getByTestId('sample-input').setInputFiles(AZURE);
    await page.getByText('Sample: AzureInterior.pdf').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Detect fields' }).click();
    await page.getByTestId('parser-field-row').first().waitFor({ timeout: 60_000 });
    const found = page.getByTestId('test-result');
    await found.first().waitFor({ timeout: 60_000 });

    // Every name is shown whole: none is cut off, so line items' sub-fields are told apart.
    const names = (await page.evaluate(`[...document.querySelectorAll('[data-testid="test-result"] .sample__value-name')].map((el) => ({
      text: el.textContent, whole: el.scrollWidth <= el.clientWidth + 0.5 && el.getBoundingClientRect().right <= el.closest('.sample').getBoundingClientRect().right + 0.5,
    }))`)) as Array<{ text: string; whole: boolean }>;
    expect(names.length).toBeGreaterThan(3);
    expect(names.filter((n) => !n.whole)).toEqual([]);
    const items = names.map((n) => n.text).filter((t) => t.startsWith('line_items['));
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((t) => /^line_items\[\d+\]\.\w+$/.test(t))).toBe(true);
    expect(new Set(items).size).toBe(items.length);
    await e2e.screenshot(page, 'parsers-sample-names');

    // After a reload the stored sample is shown, and fields can still be detected from it.
    await page.reload();
    await page.getByText('Stored sample: AzureInterior.pdf').waitFor({ timeout: 30_000 });
    const detect = page.getByRole('button', { name: 'Detect fields' });
    await expect(detect.isEnabled()).resolves.toBe(true);
    await expect(page.getByText('To detect fields, add').count()).resolves.toBe(0);
    await detect.click();
    await page.getByRole('alertdialog').getByText(/already has \d+ fields/).waitFor();
    await page.getByRole('button', { name: 'Replace fields' }).click();
    await page.getByText('Sample: AzureInterior.pdf').waitFor();
    // Detection done (the button reads "Detecting fields…" until then), and its fields saved.
    await page.getByRole('button', { name: 'Detect fields', exact: true }).waitFor({ timeout: 60_000 });
    await page.getByText('All changes saved').waitFor();
    await expect(page.locator('.sample .error-banner').count()).resolves.toBe(0);

    // A rule with a broken pattern: marked, and Save waits until it is fixed.
    const first = page.getByTestId('parser-field-row').first();
    const fieldName = (await first.getAttribute('data-field')) ?? '';
    await page.getByRole('button', { name: `Details of ${fieldName}: description, rules and format` }).click();
    const rules = page.getByRole('group', { name: `Rules for ${fieldName}` });
    await rules.getByRole('combobox', { name: 'Add a rule' }).selectOption({ label: 'Next to a label' });
    await page.getByRole('button', { name: `Add rule to ${fieldName}` }).click();
    await rules.getByText('0 takes the nearest', { exact: false }).waitFor();
    await rules.getByRole('combobox', { name: 'Add a rule' }).selectOption({ label: 'Regular expression' });
    await page.getByRole('button', { name: `Add rule to ${fieldName}` }).click();
    await rules.getByRole('textbox', { name: 'Pattern' }).fill('Tax ([');
    const save = page.getByRole('button', { name: 'Save', exact: true });
    await page.getByText(/Unsaved changes · \d+ problems? to fix before saving/).waitFor();
    await expect(save.isDisabled()).resolves.toBe(true);
    await rules.getByRole('textbox', { name: 'Pattern' }).fill('Tax (\\S+)');
    await rules.getByRole('textbox', { name: 'Label' }).fill('Total');
    await page.getByText('Unsaved changes', { exact: true }).waitFor();
    await expect(save.isEnabled()).resolves.toBe(true);
    await save.click();
    await page.getByText('Saved.').waitFor();
    expectNoProblems(problems);
    await page.close();
  });

  it('opens a long PDF without pdf.js warnings in the console', async () => {
    const file = await uploadBytes(e2e, 'GeoTopo-komprimiert.pdf', await readFile(path.join(CORPUS, 'edge-cases/GeoTopo-komprimiert.pdf')));
    const job = await runJob(e2e, null, [file], 180_000);
    const doc = job.documents[0]!;
    expect(doc.status).toBe('completed');
    const page = await e2e.context.newPage();
    const problems = watchPage(page);
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    await page.goto(e2e.server.openUrl);
    await page.locator('#root > *').first().waitFor();
    await page.evaluate(`location.hash = '#/document/${job.extraction_id}/${doc.document_id}'`);
    await page.locator('canvas[data-testid="page-canvas"]').waitFor({ timeout: 30_000 });
    const box = page.getByRole('textbox', { name: /^Page number, 1 to 117/ });
    for (const n of ['5', '60', '117']) {
      await box.fill(n);
      await box.press('Enter');
      await page.waitForFunction(`document.querySelector(".page-view [aria-live=polite]")?.textContent === "Page ${n} of 117"`);
    }
    await page.waitForTimeout(500);
    expect(warnings.filter((w) => /Warning:|pdf/i.test(w))).toEqual([]);
    expectNoProblems(problems);
    await page.close();
  });
});
