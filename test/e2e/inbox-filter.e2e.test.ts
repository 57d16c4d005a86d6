// The Inbox's Include filter, end to end in browser mode: switching it after files were added
// marks the files of other types as left out (they stay listed), the Start button counts only
// the files it keeps, switching back takes them in again, and a job started takes only the kept
// files; the ones left out stay in the list for later.
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoProblems, repoRoot, startE2e, type E2e } from './harness.js';

const CORPUS = path.resolve(repoRoot, '../shared/corpus');

describe('inbox filter', () => {
  let e2e: E2e;
  let temp: string;
  beforeAll(async () => {
    e2e = await startE2e({ name: 'inbox-filter' });
    temp = await mkdtemp(path.join(tmpdir(), 'pp-e2e-filter-'));
  });
  afterAll(async () => {
    await e2e?.close();
    if (temp) await rm(temp, { recursive: true, force: true });
  });

  it('filters the files already in the list, reversibly, and starts only the kept ones', async () => {
    const folder = path.join(temp, 'mixed');
    await mkdir(folder, { recursive: true });
    await copyFile(path.join(CORPUS, 'fields/oyo.pdf'), path.join(folder, 'oyo.pdf'));
    await copyFile(path.join(CORPUS, 'fields/AcroForm_TEST.pdf'), path.join(folder, 'AcroForm_TEST.pdf'));
    await copyFile(path.join(CORPUS, 'ocr/phototest-rotated-L.png'), path.join(folder, 'scan.png'));

    const { page, problems } = await e2e.openApp();
    await page.getByRole('heading', { name: 'Inbox', level: 2 }).waitFor();
    await page.locator('input[webkitdirectory]').setInputFiles(folder);
    await page.getByRole('button', { name: 'Start — 3 files' }).waitFor({ timeout: 30_000 });
    const rows = page.getByTestId('staged-row');
    const include = page.getByRole('combobox', { name: 'Include' });

    await include.selectOption({ label: 'Images only' });
    await page.getByRole('button', { name: 'Start — 1 file' }).waitFor();
    await expect(rows.count()).resolves.toBe(3);
    await expect(rows.filter({ hasText: 'Left out: not an image' }).count()).resolves.toBe(2);
    await page.getByRole('status').filter({ hasText: '2 files in the list are left out: only images are included.' }).waitFor();
    await page.getByText('Also applies to files already listed').waitFor();

    await include.selectOption({ label: 'PDFs only' });
    await page.getByRole('button', { name: 'Start — 2 files' }).waitFor();
    await expect(rows.filter({ hasText: 'Left out: not a PDF' }).allInnerTexts()).resolves.toEqual([expect.stringContaining('scan.png')]);
    await page.getByText('1 file left out by the Include filter stays in the list.').waitFor();
    await e2e.screenshot(page, 'inbox-filter-pdfs-only');

    await include.selectOption({ label: 'All supported files' });
    await page.getByRole('button', { name: 'Start — 3 files' }).waitFor();
    await expect(rows.filter({ hasText: 'Left out' }).count()).resolves.toBe(0);

    await include.selectOption({ label: 'PDFs only' });
    await page.getByRole('button', { name: 'Start — 2 files' }).click();
    await page.waitForURL(/#\/jobs\/[^/]+$/);
    const extractionId = decodeURIComponent(page.url().split('/').pop() ?? '');
    const job = await e2e.rpc('jobs.get', { extraction_id: extractionId });
    expect(job.documents.map((d) => d.filename).sort()).toEqual(['AcroForm_TEST.pdf', 'oyo.pdf']);

    // The image left out is still waiting in the Inbox.
    await page.getByRole('link', { name: /^Inbox/ }).click();
    await page.getByRole('heading', { name: 'Inbox', level: 2 }).waitFor();
    await expect(rows.allInnerTexts()).resolves.toEqual([expect.stringContaining('scan.png')]);
    await expect(page.getByRole('button', { name: 'Start — 0 files' }).isDisabled()).resolves.toBe(true);
    await page.getByText('No file in the list passes the Include filter.').waitFor();
    expectNoProblems(problems);
    await page.close();
  });
});
