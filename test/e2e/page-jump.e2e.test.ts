// The page viewer's page box, end to end: in a long document a page number typed and Enter goes
// straight to that page, a number outside the document is refused with a hint, Escape puts the
// current page back, and Page Down / Page Up turn pages from the keyboard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePdf } from '../helpers/make-pdf.js';
import { expectNoProblems, openDocument, runJob, startE2e, uploadBytes, type E2e } from './harness.js';

const PAGES = 40;

describe('page jump', () => {
  let e2e: E2e;
  beforeAll(async () => {
    e2e = await startE2e({ name: 'page-jump' });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('goes to a typed page, refuses one that is not there, and turns pages with Page Up / Page Down', async () => {
    const pdf = makePdf({ pages: Array.from({ length: PAGES }, (_, i) => ({ items: [{ text: `This is page number ${i + 1} of the long report.`, x: 72, y: 700 }] })) });
    const file = await uploadBytes(e2e, 'long-report.pdf', pdf);
    const job = await runJob(e2e, null, [file]);
    const doc = job.documents[0]!;
    expect(doc.status).toBe('completed');

    const { page, problems } = await openDocument(e2e, job.extraction_id, doc.document_id);
    const box = page.getByRole('textbox', { name: /^Page number, 1 to 40/ });
    await box.waitFor();
    await expect.poll(() => box.inputValue()).toBe('1');
    await page.getByText('of 40', { exact: true }).waitFor();
    const shown = page.locator('.page-view [aria-live="polite"]');

    await box.fill('27');
    await box.press('Enter');
    await page.waitForFunction('document.querySelector(".page-view [aria-live=polite]")?.textContent === "Page 27 of 40"');
    await expect.poll(() => box.inputValue()).toBe('27');
    // The boxes drawn are page 27's.
    await page.locator('.page-view__overlay title').filter({ hasText: 'This is page number 27 of the long report.' }).first().waitFor({ state: 'attached' });

    await box.fill('400');
    await box.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'There is no page 400. Enter a page from 1 to 40.' }).waitFor();
    await expect(box.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect.poll(() => shown.textContent()).toBe('Page 27 of 40');
    await e2e.screenshot(page, 'page-jump-refused');
    await box.press('Escape');
    await expect.poll(() => box.inputValue()).toBe('27');
    await expect(page.getByRole('alert').filter({ hasText: 'There is no page' }).count()).resolves.toBe(0);

    // Page Down / Page Up from the toolbar (the box keeps the focus).
    await box.press('PageDown');
    await expect.poll(() => box.inputValue()).toBe('28');
    await box.press('PageUp');
    await box.press('PageUp');
    await expect.poll(() => box.inputValue()).toBe('26');
    await expect.poll(() => shown.textContent()).toBe('Page 26 of 40');

    // The last page, then the buttons' ends.
    await box.fill('40');
    await box.press('Enter');
    await expect(page.getByRole('button', { name: 'Next page' }).isDisabled()).resolves.toBe(true);
    await box.press('PageDown');
    await expect.poll(() => box.inputValue()).toBe('40');
    expectNoProblems(problems);
    await page.close();
  });
});
