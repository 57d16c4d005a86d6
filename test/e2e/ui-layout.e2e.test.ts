// The screens' layout at the edges of the window sizes people use, end to end in browser mode:
// long field values that wrap between words, a field opened from Results on a narrow window with
// its box still in view, a failed document's whole reason in the results grid, a very wide window
// used by the data screens, links to jobs or documents that are not there, the boxes on a page
// passed in one Tab step, and a long file name in the document's heading.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobDetail } from '../../src/shared/rpc-contract.js';
import { expectNoProblems, repoRoot, runJob, startE2e, uploadBytes, type E2e } from './harness.js';

const CORPUS = path.resolve(repoRoot, '../shared/corpus');
const FIELDS = [
  { name: 'invoice_number', type: 'string' as const, description: 'Invoice number' },
  { name: 'iban', type: 'string' as const, description: 'IBAN' },
  { name: 'partner_address', type: 'string' as const, description: 'Address' },
  { name: 'total', type: 'number' as const, description: 'Total amount' },
];
const ADDRESS = 'Azure Interior, Building AA, 10th Floor, 4557 De Silva Street, Fremont, California 94538, United States of America';
const LONG_NAME = 'quarterly-supplier-invoice-from-the-northern-regional-office-2023-Q3-final-version-approved.pdf';
const TOKEN = 'GB29NWBK60161331926819GB29NWBK60161331926819GB29NWBK60161331926819';
// The page's own 404 answers (and Chromium's console line for each) when a link leads nowhere.
const NOT_FOUND = [/404/];

describe('layout at the edges', () => {
  let e2e: E2e;
  let job: JobDetail;

  beforeAll(async () => {
    e2e = await startE2e({ name: 'ui-layout' });
    const parser = await e2e.rpc('parsers.create', { name: 'Invoices', fields: FIELDS });
    const invoice = await uploadBytes(e2e, 'AzureInterior.pdf', await readFile(path.join(CORPUS, 'fields/AzureInterior.pdf')));
    const broken = await uploadBytes(e2e, 'broken.pdf', Buffer.from('%PDF-1.4\nnot really a PDF'));
    const long = await uploadBytes(e2e, LONG_NAME, await readFile(path.join(CORPUS, 'fields/NetpresseInvoice.pdf')));
    job = await runJob(e2e, parser.parser_id, [invoice, broken, long]);
    expect(job.documents.map((d) => d.status)).toEqual(['completed', 'failed', 'completed']);
    const ref = { extraction_id: job.extraction_id, document_id: job.documents[0]!.document_id };
    await e2e.rpc('results.correct', { ...ref, path: 'partner_address', value: ADDRESS });
    await e2e.rpc('results.correct', { ...ref, path: 'iban', value: `DE89 3704 0044 0532 0130 00 and ${TOKEN}` });
  }, 120_000);
  afterAll(async () => {
    await e2e?.close();
  });

  async function open(hash: string, viewport: { width: number; height: number }) {
    const opened = await e2e.openApp();
    await opened.page.setViewportSize(viewport);
    await opened.page.locator('#root > *').first().waitFor();
    await opened.page.evaluate(`location.hash = '${hash}'`);
    return opened;
  }

  /** For each word of a cell's value: on how many lines it is drawn. */
  async function linesPerWord(page: Page, field: string): Promise<Array<{ word: string; lines: number }>> {
    // (A string, run in the page: this file is typed for Node, without the DOM.)
    return (await page.evaluate(`(() => {
      const cell = document.querySelector('[data-testid="field-row"][data-field="${field}"] .fields-table__value');
      const text = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT).nextNode();
      const range = document.createRange();
      const words = [];
      const re = /\\S+/g;
      for (let m; (m = re.exec(text.textContent)); ) {
        range.setStart(text, m.index);
        range.setEnd(text, m.index + m[0].length);
        words.push({ word: m[0], lines: new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size });
      }
      return words;
    })()`)) as Array<{ word: string; lines: number }>;
  }

  for (const width of [1000, 1280]) {
    it(`wraps long field values between their words, and breaks a token longer than the column inside it (${width} px)`, async () => {
      const doc = job.documents[0]!;
      const { page, problems } = await open(`#/document/${job.extraction_id}/${doc.document_id}?field=partner_address`, { width, height: 800 });
      await page.locator('[data-testid="field-row"][data-field="partner_address"]').waitFor();

      // Every word of the address, and every word of the IBAN line shorter than the column, sits on one line.
      const address = await linesPerWord(page, 'partner_address');
      expect(address.map((w) => w.word).join(' ')).toBe(ADDRESS);
      expect(address.filter((w) => w.lines > 1)).toEqual([]);
      expect(address.reduce((n, w) => Math.max(n, w.lines), 0)).toBe(1);
      const iban = await linesPerWord(page, 'iban');
      expect(iban.filter((w) => w.word !== TOKEN && w.lines > 1)).toEqual([]);
      // The long token breaks inside the column: nothing spills over, the panel does not scroll sideways.
      const fit = (await page.evaluate(`(() => {
        const panel = document.querySelector('.doc-panel');
        const cell = document.querySelector('[data-testid="field-row"][data-field="iban"] .fields-table__value');
        const range = document.createRange();
        range.selectNodeContents(document.createTreeWalker(cell, NodeFilter.SHOW_TEXT).nextNode());
        const right = Math.max(...[...range.getClientRects()].map((r) => r.right));
        const mark = cell.querySelector('.corrected-mark');
        return { sideways: panel.scrollWidth - panel.clientWidth, spill: right - cell.getBoundingClientRect().right,
                 markLines: mark ? Math.round(mark.getBoundingClientRect().height / parseFloat(getComputedStyle(mark).lineHeight)) : 0,
                 valueWidth: cell.getBoundingClientRect().width };
      })()`)) as { sideways: number; spill: number; markLines: number; valueWidth: number };
      expect(fit.sideways).toBeLessThanOrEqual(0);
      expect(fit.spill).toBeLessThanOrEqual(0);
      expect(fit.markLines).toBe(1);
      // The value has the room the other columns leave (not squeezed to a sliver).
      expect(fit.valueWidth).toBeGreaterThan(120);
      await e2e.screenshot(page, `ui-layout-fields-${width}`);
      expectNoProblems(problems);
      await page.close();
    });
  }

  it('keeps the page and the field’s box in view when a field is opened on a narrow window', async () => {
    const doc = job.documents[0]!;
    const { page, problems } = await open(`#/document/${job.extraction_id}/${doc.document_id}?field=total`, { width: 800, height: 900 });
    await page.locator('[data-testid="field-row"][data-field="total"].is-selected').waitFor();
    const citation = page.locator('g.is-selected');
    await citation.waitFor({ timeout: 30_000 });
    await page.locator('canvas[data-testid="page-canvas"]').waitFor({ timeout: 30_000 });
    // Let the selection's scrolling settle.
    await page.waitForTimeout(500);
    const where = (await page.evaluate(`(() => {
      const box = document.querySelector('g.is-selected').getBoundingClientRect();
      const viewer = document.querySelector('.doc-screen__viewer').getBoundingClientRect();
      return { boxTop: box.top, boxBottom: box.bottom, viewerTop: viewer.top, height: innerHeight };
    })()`)) as { boxTop: number; boxBottom: number; viewerTop: number; height: number };
    // The viewer's top (its controls) and the highlighted box are both on screen.
    expect(where.viewerTop).toBeGreaterThanOrEqual(0);
    expect(where.boxTop).toBeGreaterThanOrEqual(0);
    expect(where.boxBottom).toBeLessThanOrEqual(where.height);
    await e2e.screenshot(page, 'ui-layout-narrow-field');
    expectNoProblems(problems);
    await page.close();
  });

  it('shows a failed document’s whole reason in the results grid of a narrow window', async () => {
    const failed = job.documents[1]!;
    expect((failed.error_message ?? '').length).toBeGreaterThan(40);
    const { page, problems } = await open(`#/results/${job.extraction_id}`, { width: 800, height: 800 });
    const status = page.locator(`[data-testid="results-row"][data-document="${failed.document_id}"] .rgrid__status`);
    await status.waitFor();
    expect(await status.textContent()).toContain(failed.error_message!);
    const fit = (await page.evaluate(`(() => {
      const el = document.querySelector('[data-testid="results-row"][data-document="${failed.document_id}"] .rgrid__status');
      const scroller = el.closest('.rgrid__scroll');
      const view = scroller.getBoundingClientRect();
      const r = el.getBoundingClientRect();
      return { cut: el.scrollWidth - el.clientWidth, right: r.right, viewRight: view.left + scroller.clientWidth, bottom: r.bottom,
               rowBottom: el.closest('[data-testid="results-row"]').getBoundingClientRect().bottom };
    })()`)) as { cut: number; right: number; viewRight: number; bottom: number; rowBottom: number };
    // Nothing of it is cut off, it ends inside the part of the grid in view, and its row holds it.
    expect(fit.cut).toBeLessThanOrEqual(0);
    expect(fit.right).toBeLessThanOrEqual(fit.viewRight + 0.5);
    expect(fit.bottom).toBeLessThanOrEqual(fit.rowBottom + 0.5);
    // The row after it (none here) would start below it: the next entry of the grid is not overlapped.
    const rows = (await page.evaluate(`[...document.querySelectorAll('[data-testid="results-row"]')].map((r) => { const b = r.getBoundingClientRect(); return [b.top, b.bottom]; })`)) as Array<[number, number]>;
    for (let i = 1; i < rows.length; i++) expect(rows[i]![0]).toBeGreaterThanOrEqual(rows[i - 1]![1] - 1);
    await e2e.screenshot(page, 'ui-layout-results-failed-800');
    expectNoProblems(problems);
    await page.close();
  });

  it('uses the width of a very wide window on the data screens, with sentences of a readable length', async () => {
    const doc = job.documents[0]!;
    const wide = { width: 2560, height: 1300 };
    const checks: Array<[string, string]> = [
      [`#/results/${job.extraction_id}`, '.rgrid'],
      [`#/jobs/${job.extraction_id}`, '.jobs__layout'],
      [`#/document/${job.extraction_id}/${doc.document_id}`, '.doc-screen__body'],
    ];
    for (const [hash, selector] of checks) {
      const { page, problems } = await open(hash, wide);
      await page.locator(selector).waitFor({ timeout: 30_000 });
      const widths = (await page.evaluate(`(() => ({
        data: document.querySelector('${selector}').getBoundingClientRect().width,
        main: document.querySelector('.app__main').clientWidth,
        lead: document.querySelector('.screen__lead, .results-job__hint')?.getBoundingClientRect().width ?? 0,
      }))()`)) as { data: number; main: number; lead: number };
      // The data takes the main area's width (less its padding), far past the old 1,200 px.
      expect(widths.data, hash).toBeGreaterThan(widths.main - 80);
      expect(widths.lead, hash).toBeLessThan(1100);
      await e2e.screenshot(page, `ui-layout-wide-${selector.replace(/\W+/g, '')}`);
      expectNoProblems(problems);
      await page.close();
    }
    // The results grid's columns share the room: a value column is wider than its 170 px minimum.
    const { page } = await open(`#/results/${job.extraction_id}`, wide);
    const cell = page.locator('[data-testid="results-cell"][data-field="partner_address"]').first();
    await cell.waitFor();
    expect((await cell.boundingBox())!.width).toBeGreaterThan(300);
    await page.close();
  });

  it('passes the boxes on the page in one Tab step, and moves between them with the arrow keys', async () => {
    const doc = job.documents[0]!;
    const { page, problems } = await open(`#/document/${job.extraction_id}/${doc.document_id}`, { width: 1280, height: 800 });
    const boxes = page.getByTestId('block-box');
    await boxes.nth(3).waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="block-box"][tabindex="0"]').count()).toBe(1);
    const focused = () => page.evaluate(`(() => { const el = document.activeElement; return { testid: el.getAttribute('data-testid'), box: el.getAttribute('data-box-id'), role: el.getAttribute('role'), text: el.textContent }; })()`) as Promise<{ testid: string | null; box: string | null; role: string | null; text: string }>;

    await page.getByRole('button', { name: 'Rotate the picture a quarter turn' }).focus();
    await page.keyboard.press('Tab');
    expect((await focused()).box).toBe(await boxes.nth(0).getAttribute('data-box-id'));
    // One more Tab leaves the page for the output's tabs.
    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ role: 'tab', text: 'Markdown' });

    // Back on the page, the arrow keys go from box to box in reading order; Enter selects one.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('ArrowRight');
    const second = await boxes.nth(1).getAttribute('data-box-id');
    expect((await focused()).box).toBe(second);
    await page.keyboard.press('End');
    expect((await focused()).box).toBe(await boxes.nth((await boxes.count()) - 1).getAttribute('data-box-id'));
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator(`[data-testid="block-text"][aria-pressed="true"][data-block-id="${second}"]`).waitFor();
    // The selected box is now the page's Tab stop.
    expect(await page.locator('[data-testid="block-box"][tabindex="0"]').getAttribute('data-box-id')).toBe(second);
    expectNoProblems(problems);
    await page.close();
  });

  it('wraps a long file name in the document’s heading after its hyphens, not inside its words', async () => {
    const doc = job.documents[2]!;
    expect(doc.filename).toBe(LONG_NAME);
    const { page, problems } = await open(`#/document/${job.extraction_id}/${doc.document_id}`, { width: 640, height: 800 });
    const name = page.locator('.doc-header__name');
    await name.getByText(LONG_NAME).waitFor();
    // The text of each line the name is drawn on.
    const lines = (await page.evaluate(`(() => {
      const text = document.querySelector('.doc-header__name').firstChild;
      const range = document.createRange();
      const lines = [];
      let top = null;
      for (let i = 0; i < text.length; i++) {
        range.setStart(text, i);
        range.setEnd(text, i + 1);
        const t = Math.round(range.getBoundingClientRect().top);
        if (t !== top) { lines.push(''); top = t; }
        lines[lines.length - 1] += text.data[i];
      }
      return lines;
    })()`)) as string[];
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe(LONG_NAME);
    expect(lines.slice(0, -1).filter((line) => !line.endsWith('-'))).toEqual([]);
    expectNoProblems(problems);
    await page.close();
  });

  it('says a job that is not there is not there, with the way back instead of a retry', async () => {
    const { page, problems } = await open('#/jobs/ext_missing', { width: 1280, height: 800 });
    await page.getByText('This job is not here').waitFor();
    expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Show all jobs' }).click();
    await expect.poll(() => page.evaluate('location.hash')).toBe('#/jobs');
    expect(await page.getByText('This job is not here').count()).toBe(0);
    expectNoProblems(problems, NOT_FOUND);
    await page.close();
  });

  it('says a document that is not there is not there, with the way back to its job or to the jobs', async () => {
    // The job is there, the document is not.
    const opened = await open(`#/document/${job.extraction_id}/doc_missing`, { width: 1280, height: 800 });
    await opened.page.getByText('This document is not here').waitFor();
    expect(await opened.page.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    await opened.page.getByRole('button', { name: 'Back to the job' }).click();
    await expect.poll(() => opened.page.evaluate('location.hash')).toBe(`#/jobs/${job.extraction_id}`);
    expectNoProblems(opened.problems, NOT_FOUND);
    await opened.page.close();

    // Neither is there.
    const gone = await open('#/document/ext_missing/doc_missing', { width: 1280, height: 800 });
    await gone.page.getByText('This document is not here').waitFor();
    expect(await gone.page.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    await gone.page.getByRole('button', { name: 'See all jobs' }).click();
    await expect.poll(() => gone.page.evaluate('location.hash')).toBe('#/jobs');
    expectNoProblems(gone.problems, NOT_FOUND);
    await gone.page.close();
  });
});
