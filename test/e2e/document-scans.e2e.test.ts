// The Document screen over scanned and long documents: turning the viewer's page brings that
// page's blocks to the top of the Markdown tab (a selected block stays where its own reveal put
// it); text read by OCR says how sure the reading was, with its least certain word; a
// multi-page TIFF never shows one page's picture under another page's boxes while it decodes.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grayDrawing } from '../helpers/draw-page.js';
import { makePdf } from '../helpers/make-pdf.js';
import { expectNoProblems, openDocument, repoRoot, runJob, startE2e, uploadBytes, type E2e } from './harness.js';

const CORPUS = path.resolve(repoRoot, '../shared/corpus');

/** Runs a parse-only job over one file and opens its document. */
async function openParsed(e2e: E2e, name: string, bytes: Uint8Array) {
  const file = await uploadBytes(e2e, name, bytes);
  const job = await runJob(e2e, null, [file], 120_000);
  const doc = job.documents[0]!;
  expect(doc.status).toBe('completed');
  const opened = await openDocument(e2e, job.extraction_id, doc.document_id);
  await opened.page.getByTestId('block-text').first().waitFor({ timeout: 30_000 });
  return opened;
}

/** Where a page's section starts in the Markdown tab, in pixels below the panel's content top
 *  (0: the page starts the list), and how far the panel is scrolled. */
async function sectionOffset(page: Page, n: number): Promise<{ offset: number; scrollTop: number }> {
  return (await page.evaluate(`(() => {
    const panel = document.querySelector('.doc-panel');
    const section = document.querySelector('.md-page[aria-label="Page ${n}"]');
    const padding = parseFloat(getComputedStyle(panel).paddingTop);
    return { offset: section.getBoundingClientRect().top - (panel.getBoundingClientRect().top + panel.clientTop + padding), scrollTop: panel.scrollTop };
  })()`)) as { offset: number; scrollTop: number };
}

/** Whether an element lies wholly inside the Markdown tab's visible part. */
async function inPanelView(page: Page, selector: string): Promise<boolean> {
  return (await page.evaluate(`(() => {
    const panel = document.querySelector('.doc-panel').getBoundingClientRect();
    const r = document.querySelector(${JSON.stringify(selector)}).getBoundingClientRect();
    return r.top >= panel.top - 1 && r.bottom <= panel.bottom + 1;
  })()`)) as boolean;
}

/** An uncompressed 8-bit gray TIFF (little-endian, one strip a page, 300 dpi) of the pages. */
function grayTiff(pages: Array<{ width: number; height: number; gray: Uint8Array }>): Uint8Array {
  const ENTRIES = 11;
  const ifdSize = 2 + ENTRIES * 12 + 4;
  const total = 8 + pages.reduce((n, p) => n + ifdSize + 16 + p.gray.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set([0x49, 0x49, 0x2a, 0x00]);
  view.setUint32(4, 8, true);
  let at = 8;
  pages.forEach((p, k) => {
    const res = at + ifdSize;
    const data = res + 16;
    const entries: Array<[number, number, number]> = [
      [256, 4, p.width],
      [257, 4, p.height],
      [258, 3, 8],
      [259, 3, 1],
      [262, 3, 1],
      [273, 4, data],
      [277, 3, 1],
      [278, 4, p.height],
      [279, 4, p.gray.length],
      [282, 5, res],
      [283, 5, res + 8],
    ];
    view.setUint16(at, ENTRIES, true);
    entries.forEach(([tag, type, value], i) => {
      const e = at + 2 + i * 12;
      view.setUint16(e, tag, true);
      view.setUint16(e + 2, type, true);
      view.setUint32(e + 4, 1, true);
      if (type === 3) view.setUint16(e + 8, value, true);
      else view.setUint32(e + 8, value, true);
    });
    const next = k === pages.length - 1 ? 0 : data + p.gray.length;
    view.setUint32(at + 2 + ENTRIES * 12, next, true);
    for (const r of [res, res + 8]) {
      view.setUint32(r, 300, true);
      view.setUint32(r + 4, 1, true);
    }
    out.set(p.gray, data);
    at = next;
  });
  return out;
}

/** A white page at 300 dpi with a few lines of print, as gray pixels. */
function printedPage(width: number, height: number, title: string) {
  const { data: gray } = grayDrawing(width, height, (ctx) => {
    ctx.font = '60px serif';
    for (let i = 0; i < 4; i++) ctx.fillText(`${title}, line ${i + 1} of the scanned report.`, 250, 400 + i * 120);
  });
  return { width, height, gray };
}

describe('document screen: scans and long documents', () => {
  let e2e: E2e;
  beforeAll(async () => {
    e2e = await startE2e({ name: 'document-scans' });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('starts the Markdown tab at the page the viewer turns to, and leaves a selected block in view', async () => {
    // Three pages, each with more paragraphs than the panel shows at once.
    const pages = [1, 2, 3].map((p) => ({
      items: Array.from({ length: 16 }, (_, i) => ({ text: `Page ${p} paragraph ${i + 1} of the report.`, x: 72, y: 740 - i * 42 })),
    }));
    const { page, problems } = await openParsed(e2e, 'three-pages.pdf', makePdf({ pages }));
    await page.locator('.md-page[aria-label="Page 3"]').waitFor();
    expect(await page.evaluate(`document.querySelector('.doc-panel').scrollHeight > 3 * document.querySelector('.doc-panel').clientHeight`)).toBe(true);

    // The list starts at its top, page 1.
    expect((await sectionOffset(page, 1)).scrollTop).toBe(0);

    // Next page, twice: page 3 starts the list.
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(async () => Math.abs((await sectionOffset(page, 2)).offset)).toBeLessThan(2);
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(async () => Math.abs((await sectionOffset(page, 3)).offset)).toBeLessThan(2);
    await e2e.screenshot(page, 'document-scans-page-3');

    // Page Up on the page (a box has the focus) turns back to page 2, and the list follows.
    await page.getByTestId('block-box').first().focus();
    await page.keyboard.press('PageUp');
    await expect.poll(() => page.locator('.page-jump__input').inputValue()).toBe('2');
    await expect.poll(async () => Math.abs((await sectionOffset(page, 2)).offset)).toBeLessThan(2);

    // A box clicked on page 2: its block is selected and in view; the list does not jump to the
    // page's top instead.
    const boxes = page.getByTestId('block-box');
    const last = boxes.nth((await boxes.count()) - 1);
    const id = await last.getAttribute('data-box-id');
    await last.click();
    const selected = `[data-testid="block-text"][aria-pressed="true"][data-block-id="${id}"]`;
    await page.locator(selected).waitFor();
    await expect.poll(() => inPanelView(page, selected)).toBe(true);
    expect(Math.abs((await sectionOffset(page, 2)).offset)).toBeGreaterThan(50);

    // A block of page 1 chosen in the list turns the viewer to page 1 and stays where it is.
    await page.evaluate(`document.querySelector('.doc-panel').scrollTop = 0`);
    const first = page.locator('.md-page[aria-label="Page 1"] [data-testid="block-text"]').nth(10);
    await first.scrollIntoViewIfNeeded();
    const before = (await sectionOffset(page, 1)).scrollTop;
    await first.click();
    await page.locator('.md-page[aria-label="Page 1"] [data-testid="block-text"][aria-pressed="true"]').waitFor();
    await expect.poll(() => page.locator('.page-jump__input').inputValue()).toBe('1');
    expect((await sectionOffset(page, 1)).scrollTop).toBe(before);

    expectNoProblems(problems);
    await page.close();
  });

  it('shows how sure OCR was of each block it read, and nothing for a text layer', async () => {
    const { page, problems } = await openParsed(e2e, 'eurotext.tif', new Uint8Array(await readFile(path.join(CORPUS, 'ocr/eurotext.tif'))));
    const block = page.getByTestId('block-text').first();
    const ocr = block.locator('.md-block__ocr');
    await ocr.waitFor();
    // The run says 91 % on average, 44 % for its least certain word (README: eurotext CER 0.019).
    const text = (await ocr.textContent()) ?? '';
    expect(text).toMatch(/^OCR\s*\d{1,3}%/);
    const title = (await ocr.getAttribute('title')) ?? '';
    expect(title).toMatch(/^Read by OCR with \d{1,3}% confidence on average, its least certain word \d{1,3}%\.$/);
    await e2e.screenshot(page, 'document-scans-ocr-confidence');
    expectNoProblems(problems);
    await page.close();

    // A PDF's own text was not read by OCR: no confidence is shown for it.
    const pdf = makePdf({ pages: [{ items: [{ text: 'Text of the file itself.', x: 72, y: 700 }] }] });
    const opened = await openParsed(e2e, 'text-layer.pdf', pdf);
    await opened.page.locator('.md-block__text', { hasText: 'Text of the file itself.' }).waitFor();
    expect(await opened.page.locator('.md-block__ocr').count()).toBe(0);
    expectNoProblems(opened.problems);
    await opened.page.close();
  });

  it('shows each figure\'s picture, as the job saved it, in the Markdown tab: on a scan too', async () => {
    const { page, problems } = await openParsed(e2e, '8087.tif', new Uint8Array(await readFile(path.join(CORPUS, 'ocr/8087_054.3B.tif'))));
    const figure = page.locator('[data-testid="block-text"]', { has: page.locator('.md-block__figure') }).first();
    await figure.scrollIntoViewIfNeeded();
    const img = figure.locator('.md-block__figure img');
    await img.waitFor({ timeout: 30_000 });
    // The photograph (about 816 × 1248 pixels of the 300-dpi scan) came whole from the saved PNG.
    const picture = `document.querySelector('.md-block__figure img')`;
    await page.waitForFunction(`${picture}.complete && ${picture}.naturalWidth > 0`);
    const size = (await page.evaluate(`[${picture}.naturalWidth, ${picture}.naturalHeight]`)) as [number, number];
    expect(size[0]).toBeGreaterThan(700);
    expect(size[1]).toBeGreaterThan(size[0]);
    await e2e.screenshot(page, 'document-scans-figure-picture');
    expectNoProblems(problems);
    await page.close();
  });

  it('hides the last page of a TIFF while the next one decodes, instead of showing it under the new boxes', async () => {
    // A letter page upright, then one on its long side: the canvas's width tells them apart.
    const tiff = grayTiff([printedPage(2550, 3300, 'First page'), printedPage(3300, 2550, 'Second page')]);
    const { page, problems } = await openParsed(e2e, 'two-pages.tif', tiff);
    await page.locator('canvas[data-testid="page-canvas"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.evaluate(`document.querySelector('canvas[data-testid="page-canvas"]').width`), { timeout: 30_000 }).toBe(2550);
    expect(await page.evaluate(`getComputedStyle(document.querySelector('canvas[data-testid="page-canvas"]')).visibility`)).toBe('visible');

    // Every frame from the click on: the picture in the canvas, and whether it shows.
    const frames = (await page.evaluate(`new Promise((resolve) => {
      const frames = [];
      const start = performance.now();
      const tick = () => {
        const c = document.querySelector('canvas[data-testid="page-canvas"]');
        frames.push({ width: c.width, visible: getComputedStyle(c).visibility === 'visible' });
        if ((c.width === 3300 && frames.at(-1).visible) || performance.now() - start > 15000) resolve(frames);
        else requestAnimationFrame(tick);
      };
      document.querySelector('button[aria-label="Next page"]').click();
      requestAnimationFrame(tick);
    })`)) as Array<{ width: number; visible: boolean }>;
    expect(frames.at(-1)).toEqual({ width: 3300, visible: true });
    // Page 2's boxes never lay over page 1's picture.
    expect(frames.filter((f) => f.visible && f.width === 2550)).toEqual([]);
    expect(await page.locator('.page-jump__input').inputValue()).toBe('2');
    expectNoProblems(problems);
    await page.close();
  });
});
