// Ten thousand documents, end to end in browser mode: a parse-only job over 10,000 small text
// files (the most one job takes) is created from Node and paused at once, so most stay queued.
// The Jobs screen lists them all (the table announces 10,000 rows) while keeping only a screenful
// of rows in the page; scrolled to the bottom it shows the last file within a second; scrolled
// through from top to bottom, one step per frame, it keeps frames short. The figures (job
// creation time, time to the bottom, frame intervals) are printed for the record.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, describe } from 'vitest';
import { MAX_FILES_PER_JOB } from '../../src/shared/rpc-contract.js';
import { expectNoProblems, startE2e, type E2e } from './harness.js';

const COUNT = 10_000;
const name = (i: number) => `note-${String(i).padStart(5, '0')}.txt`;
const LAST = name(COUNT);

/** Steps of the scroll-through: from the top to the bottom in this many frames. */
const STEPS = 60;
/** Row elements the page may hold at once for a list of any length (a screenful plus overscan). */
const MAX_ROW_ELEMENTS = 200;

/** The browser globals the page functions below use (this file is typechecked without the DOM library). */
interface FrameGlobals {
  requestAnimationFrame(callback: (time: number) => void): number;
  performance: { now(): number };
}
/** The parts of the table's scroll container the page functions read and set. */
interface ScrollerLike {
  scrollTop: number;
  scrollHeight: number;
  clientHeight: number;
  querySelector(selector: string): unknown;
  querySelectorAll(selector: string): { length: number; [index: number]: { textContent: string | null } };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
const ms = (n: number) => `${n.toFixed(1)} ms`;

describe('large lists', () => {
  let e2e: E2e;
  let temp: string;
  let extractionId: string | null = null;
  beforeAll(async () => {
    e2e = await startE2e({ name: 'large-lists' });
    temp = await mkdtemp(path.join(tmpdir(), 'pp-e2e-notes-'));
  });
  afterAll(async () => {
    // Nothing left to run, so the server stops at once.
    if (extractionId) await e2e?.rpc('jobs.cancel', { extraction_id: extractionId }).catch(() => undefined);
    await e2e?.close();
    if (temp) await rm(temp, { recursive: true, force: true });
  });

  it('lists a job of 10,000 documents with a screenful of rows and scrolls through it smoothly', async () => {
    expect(MAX_FILES_PER_JOB).toBe(COUNT);
    const folder = path.join(temp, 'notes');
    await mkdir(folder);
    const paths = Array.from({ length: COUNT }, (_, i) => path.join(folder, name(i + 1)));
    for (let i = 0; i < COUNT; i += 500) {
      await Promise.all(paths.slice(i, i + 500).map((p, j) => writeFile(p, `Note ${i + j + 1}: a line of text to read.\n`)));
    }
    // One worker: the few documents processed before the pause do not compete with the page.
    await e2e.rpc('settings.update', { worker_count: 1 });

    // One more file than a job takes is refused before anything is read.
    const tooMany = await e2e.api('/rpc/jobs.create', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ parser_id: null, files: [...paths, path.join(folder, 'one-more.txt')].map((p) => ({ kind: 'path', path: p })) }),
    });
    expect(tooMany.status).toBe(400);

    const createStart = performance.now();
    const created = await e2e.rpc('jobs.create', { parser_id: null, files: paths.map((p) => ({ kind: 'path' as const, path: p })) });
    const createMs = performance.now() - createStart;
    extractionId = created.extraction_id;
    await e2e.rpc('jobs.pause', { extraction_id: created.extraction_id });
    expect(created.file_count).toBe(COUNT);
    expect(createMs).toBeLessThan(30_000);

    const { page, problems } = await e2e.openApp();
    await page.locator('#root > *').first().waitFor();
    await page.evaluate(`location.hash = '#/jobs/${created.extraction_id}'`);
    await page.getByRole('heading', { name: 'Jobs', level: 2 }).waitFor();
    const detail = page.locator('.job-detail');
    await detail.getByRole('heading', { name: /^Parse only · 10,?000 documents$/ }).waitFor({ timeout: 30_000 });
    await detail.getByText('Paused').first().waitFor();

    // Every document is in the table's count; only a screenful of them is in the page.
    const table = page.getByRole('table', { name: 'Documents of this job' });
    await table.waitFor();
    expect(await table.getAttribute('aria-rowcount')).toBe(String(COUNT + 1)); // the header row counts too
    expect(await page.getByRole('combobox', { name: 'Show' }).locator('option[value="all"]').textContent()).toMatch(/^All \(10,?000\)$/);
    const rows = page.getByTestId('document-row');
    await rows.filter({ hasText: name(1) }).waitFor();
    const rowsAtTop = await rows.count();
    expect(rowsAtTop).toBeGreaterThan(5);
    expect(rowsAtTop).toBeLessThan(MAX_ROW_ELEMENTS);

    // Straight to the bottom: the last file shows within a second.
    const scroller = page.getByRole('rowgroup', { name: 'Documents of this job, scrollable' });
    const bottom = await scroller.evaluate(async (el, last) => {
      const g = globalThis as unknown as FrameGlobals;
      const box = el as unknown as ScrollerLike;
      const shows = () => {
        const rendered = box.querySelectorAll('[role="row"]');
        return Array.from({ length: rendered.length }, (_, i) => rendered[i]!.textContent ?? '').some((t) => t.includes(last));
      };
      const start = g.performance.now();
      box.scrollTop = box.scrollHeight;
      let frames = 0;
      while (!shows() && g.performance.now() - start < 5_000) {
        await new Promise<number>((resolve) => g.requestAnimationFrame(resolve));
        frames++;
      }
      return { ms: g.performance.now() - start, frames, shown: shows(), scrollTop: box.scrollTop, scrollHeight: box.scrollHeight, clientHeight: box.clientHeight };
    }, LAST);
    expect(bottom.shown).toBe(true);
    expect(bottom.ms).toBeLessThan(1_000);
    expect(bottom.scrollTop + bottom.clientHeight).toBeGreaterThanOrEqual(bottom.scrollHeight - 1);
    await rows.filter({ hasText: LAST }).waitFor({ timeout: 1_000 });
    expect(await rows.count()).toBeLessThan(MAX_ROW_ELEMENTS);
    await e2e.screenshot(page, 'jobs-10000');

    // A real mouse wheel scrolls the table too.
    await scroller.hover();
    await page.mouse.wheel(0, -2_000);
    await expect.poll(() => scroller.evaluate((el) => (el as unknown as ScrollerLike).scrollTop), { timeout: 5_000 }).toBeLessThan(bottom.scrollTop - 1_000);

    // From the top to the bottom in STEPS frames, one scroll step per frame: every frame's
    // interval is recorded, and whether the rows for the new position were already there.
    const run = await scroller.evaluate(
      async (el, { steps, rowHeight }) => {
        const g = globalThis as unknown as FrameGlobals;
        const box = el as unknown as ScrollerLike;
        const frame = () => new Promise<number>((resolve) => g.requestAnimationFrame(resolve));
        box.scrollTop = 0;
        await frame();
        await frame();
        const max = box.scrollHeight - box.clientHeight;
        const intervals: number[] = [];
        let blank = 0;
        let rowElements = 0;
        const start = g.performance.now();
        let last = await frame();
        for (let i = 1; i <= steps; i++) {
          box.scrollTop = Math.round((max * i) / steps);
          const now = await frame();
          intervals.push(now - last);
          last = now;
          // The first row in view (aria-rowindex counts the header as 1).
          if (!box.querySelector(`[role="row"][aria-rowindex="${Math.floor(box.scrollTop / rowHeight) + 2}"]`)) blank++;
          rowElements = Math.max(rowElements, box.querySelectorAll('[role="row"]').length);
        }
        return { intervals, blank, rowElements, totalMs: g.performance.now() - start, distance: max };
      },
      { steps: STEPS, rowHeight: 56 },
    );
    const sorted = [...run.intervals].sort((a, b) => a - b);
    const median = percentile(sorted, 50);
    const p95 = percentile(sorted, 95);
    console.log(
      [
        `large-lists: ${COUNT.toLocaleString('en')} documents`,
        `  jobs.create: ${ms(createMs)}`,
        `  row elements in the page: ${rowsAtTop} at the top, at most ${run.rowElements} while scrolling`,
        `  to the bottom: ${ms(bottom.ms)} (${bottom.frames} frames) until ${LAST} showed`,
        `  scroll-through: ${STEPS} steps over ${run.distance.toLocaleString('en')} px in ${ms(run.totalMs)}`,
        `  frame interval: median ${ms(median)}, p95 ${ms(p95)}, max ${ms(sorted[sorted.length - 1]!)}, min ${ms(sorted[0]!)}`,
        `  frames whose first row was not yet rendered: ${run.blank} of ${STEPS}`,
      ].join('\n'),
    );
    expect(run.intervals).toHaveLength(STEPS);
    expect(median).toBeLessThan(50);
    expect(run.rowElements).toBeLessThan(MAX_ROW_ELEMENTS);
    await rows.filter({ hasText: LAST }).waitFor({ timeout: 1_000 });

    // Cancelling: every queued document fails as cancelled, one status event each, and the page
    // follows them to the end. Its frames are recorded meanwhile (for the record, not asserted).
    await page.evaluate(() => {
      const g = globalThis as unknown as FrameGlobals & { ppFrames?: { intervals: number[]; stop: boolean } };
      const record = { intervals: [] as number[], stop: false };
      g.ppFrames = record;
      let last = g.performance.now();
      const tick = (time: number) => {
        record.intervals.push(time - last);
        last = time;
        if (!record.stop) g.requestAnimationFrame(tick);
      };
      g.requestAnimationFrame(tick);
    });
    const cancelStart = performance.now();
    await e2e.rpc('jobs.cancel', { extraction_id: created.extraction_id });
    const cancelMs = performance.now() - cancelStart;
    extractionId = null;
    await detail.getByText(/^10,?000 of 10,?000 documents done/).waitFor({ timeout: 60_000 });
    const settledMs = performance.now() - cancelStart;
    await detail.getByText('Cancelled').first().waitFor();
    const flood = await page.evaluate(() => {
      const record = (globalThis as unknown as { ppFrames: { intervals: number[]; stop: boolean } }).ppFrames;
      record.stop = true;
      return record.intervals;
    });
    const floodSorted = [...flood].sort((a, b) => a - b);
    console.log(
      [
        `  jobs.cancel: ${ms(cancelMs)}; the page showed every document done ${ms(settledMs)} after the call`,
        `  frames meanwhile: ${flood.length}, median ${ms(percentile(floodSorted, 50))}, p95 ${ms(percentile(floodSorted, 95))}, max ${ms(floodSorted[floodSorted.length - 1] ?? 0)}, over 50 ms: ${flood.filter((f) => f > 50).length}`,
      ].join('\n'),
    );
    expectNoProblems(problems);
    await page.close();
  });
});
