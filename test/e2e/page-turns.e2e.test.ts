// The page viewer turns a scan's picture by the turn the engine read it at, so the boxes lie on
// their text: an image upside down or on its side, and upright scans that a PDF's /Rotate lays
// on their side (90 and 270). Each page is measured with the boxes hidden: the share of its ink
// that falls outside every block box, at the viewer's own turn and at each other quarter turn
// (the ⟳ button); the viewer's turn must fit best, and well. A PDF with no pages says so.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StageResult } from '../../src/shared/rpc-contract.js';
import { expectNoProblems, openDocument, repoRoot, startE2e, type E2e } from './harness.js';

const CORPUS = path.resolve(repoRoot, '../shared/corpus');

/** Uploads corpus files, runs a parse-only job over them and waits for it; returns its documents. */
async function parseCorpus(e2e: E2e, relatives: string[]) {
  const refs = [];
  for (const relative of relatives) {
    const name = path.basename(relative);
    const res = await e2e.api('/rpc/upload', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'x-filename': name, 'x-relative-path': name },
      body: await readFile(path.join(CORPUS, relative)),
    });
    const staged = (await res.json()) as StageResult;
    refs.push(staged.files[0]!.ref);
  }
  const created = await e2e.rpc('jobs.create', { parser_id: null, files: refs });
  const deadline = Date.now() + 200_000;
  for (;;) {
    const job = await e2e.rpc('jobs.get', { extraction_id: created.extraction_id });
    if (job.documents.every((d) => d.status === 'completed' || d.status === 'failed')) return { extractionId: created.extraction_id, documents: job.documents };
    if (Date.now() > deadline) throw new Error(`job did not finish: ${JSON.stringify(job.documents.map((d) => d.status))}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The share of the page's ink (dark pixels) lying outside every block box, with the boxes hidden. */
async function inkOutsideBoxes(page: Page): Promise<number> {
  const frame = page.locator('.page-view__page-frame');
  const boxes = (await page.evaluate(`(() => {
    const f = document.querySelector('.page-view__page-frame').getBoundingClientRect();
    return [...document.querySelectorAll('[data-testid="block-box"]')].map((el) => {
      const r = el.getBoundingClientRect();
      return { x: r.left - f.left, y: r.top - f.top, width: r.width, height: r.height };
    });
  })()`)) as Rect[];
  await page.evaluate(`document.querySelector('.page-view__overlay').style.visibility = 'hidden'`);
  const png = await frame.screenshot();
  await page.evaluate(`document.querySelector('.page-view__overlay').style.visibility = ''`);
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { data, width, height } = ctx.getImageData(0, 0, image.width, image.height);
  // The screenshot is in device pixels; the boxes are in CSS pixels.
  const scale = width / ((await frame.boundingBox())?.width ?? width);
  const pad = 2;
  const inBox = (x: number, y: number) =>
    boxes.some((b) => x >= (b.x - pad) * scale && x <= (b.x + b.width + pad) * scale && y >= (b.y - pad) * scale && y <= (b.y + b.height + pad) * scale);
  let ink = 0;
  let outside = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      if (data[i]! + data[i + 1]! + data[i + 2]! > 3 * 110) continue;
      ink++;
      if (!inBox(x, y)) outside++;
    }
  }
  expect(ink).toBeGreaterThan(200);
  return outside / ink;
}

/** Waits until the page's picture is drawn (an image loaded, or a canvas with ink) and its boxes are over it. */
async function pictureShown(page: Page): Promise<void> {
  await page.locator('[data-testid="page-canvas"]').waitFor({ timeout: 30_000 });
  await page.getByTestId('block-box').first().waitFor({ timeout: 30_000 });
  await expect
    .poll(
      () =>
        page.evaluate(`(() => { const el = document.querySelector('[data-testid="page-canvas"]');
          if (el instanceof HTMLImageElement) return el.complete && el.naturalWidth > 0;
          if (!(el instanceof HTMLCanvasElement) || el.width < 100) return false;
          const d = el.getContext('2d').getImageData(0, 0, el.width, el.height).data; for (let i = 0; i < d.length; i += 4) if (d[i] < 128) return true; return false; })()`),
      { timeout: 30_000 },
    )
    .toBe(true);
}

describe('turned pages in the viewer', () => {
  let e2e: E2e;
  beforeAll(async () => {
    e2e = await startE2e({ name: 'page-turns' });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('turns each scan’s picture by the turn it was read at, so its boxes lie on its text', async () => {
    const files: Array<[string, RegExp]> = [
      ['ocr/phototest-rotated-180.png', /shows the page upside down; it was read, and is shown here, turned the right way up\./],
      ['ocr/phototest-rotated-L.png', /shows the page on its side; .* quarter turn clockwise\./],
      ['ocr/ocr_test_rotated_90.pdf', /shows the page on its side; .* quarter turn clockwise\./],
      ['ocr/ocr_test_rotated_270.pdf', /shows the page on its side; .* quarter turn anticlockwise\./],
    ];
    const { extractionId, documents } = await parseCorpus(e2e, files.map(([file]) => file));
    expect(documents.map((d) => d.status)).toEqual(['completed', 'completed', 'completed', 'completed']);

    const { page, problems } = await e2e.openApp();
    await page.setViewportSize({ width: 1280, height: 1400 });
    await page.locator('#root > *').first().waitFor();
    for (const [i, [file, note]] of files.entries()) {
      const doc = documents[i]!;
      await page.evaluate(`location.hash = '#/document/${extractionId}/${doc.document_id}'`);
      await page.getByText(path.basename(file)).first().waitFor();
      await pictureShown(page);
      // The whole page in view, so the screenshot holds all of it.
      for (let z = 0; z < 2; z++) await page.getByRole('button', { name: 'Zoom out' }).click();
      await pictureShown(page);
      const notice = page.locator('.page-view__note');
      expect(await notice.textContent(), file).toMatch(note);
      expect(await notice.textContent()).not.toContain('sideways');
      await e2e.screenshot(page, `turned-${path.basename(file)}`);

      const shares: number[] = [];
      for (let turn = 0; turn < 4; turn++) {
        shares.push(await inkOutsideBoxes(page));
        await page.getByRole('button', { name: 'Rotate the picture a quarter turn' }).click();
        await pictureShown(page);
      }
      const [own, ...others] = shares as [number, ...number[]];
      expect(own, `${file}: ink outside the boxes at each quarter turn ${shares.map((s) => s.toFixed(3)).join(', ')}`).toBeLessThan(0.05);
      for (const other of others) expect(other, `${file}: ${shares.map((s) => s.toFixed(3)).join(', ')}`).toBeGreaterThan(own + 0.08);
    }
    expectNoProblems(problems);
    await page.close();
  }, 300_000);

  it('says a PDF without pages has none, instead of showing a blank page 1 of 1', async () => {
    const { extractionId, documents } = await parseCorpus(e2e, ['edge-cases/zero_pages_synthetic.pdf']);
    expect(documents[0]!.status).toBe('completed');
    const { page, problems } = await openDocument(e2e, extractionId, documents[0]!.document_id);
    await page.getByRole('status').filter({ hasText: 'This file has no pages.' }).waitFor({ timeout: 30_000 });
    expect(await page.getByText(/Page \d+ of \d+/).count()).toBe(0);
    expect(await page.locator('[data-testid="page-canvas"]').count()).toBe(0);
    await e2e.screenshot(page, 'zero-pages');
    expectNoProblems(problems);
    await page.close();
  });
});
