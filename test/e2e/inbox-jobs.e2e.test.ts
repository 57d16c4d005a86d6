// Inbox → Jobs, end to end in browser mode: a folder of real corpus PDFs (one of them copied
// twice, one damaged, one not a document) is added through the folder input; the staged list
// flags the copy and lists the skipped file; "Parse only" starts a job; Jobs shows every
// document finish, the damaged one failed with its reason. A second job is paused and resumed.
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, describe } from 'vitest';
import { expectNoProblems, repoRoot, startE2e, type E2e } from './harness.js';

const CORPUS = path.resolve(repoRoot, '../shared/corpus');
/** Small text PDFs that parse in well under a second each. */
const PDFS = ['fields/AcroForm_TEST.pdf', 'fields/SammyMaystoneLinesTest.pdf', 'fields/oyo.pdf', 'fields/AzureInterior.pdf'];

/** A folder of documents like a user's: subfolders, a duplicate, a damaged PDF and a stray note. */
async function makeInvoiceFolder(root: string): Promise<string> {
  const folder = path.join(root, 'invoices');
  await mkdir(path.join(folder, '2024'), { recursive: true });
  await mkdir(path.join(folder, '2025'), { recursive: true });
  for (const [i, pdf] of PDFS.entries()) await copyFile(path.join(CORPUS, pdf), path.join(folder, i % 2 ? '2025' : '2024', path.basename(pdf)));
  await copyFile(path.join(CORPUS, 'fields/oyo.pdf'), path.join(folder, '2025', 'oyo-copy.pdf'));
  // A PDF header followed by noise: typed as a PDF, so it is queued, then fails as damaged.
  await writeFile(path.join(folder, 'broken.pdf'), Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919) % 251))]));
  await writeFile(path.join(folder, 'notes.docx'), 'not a document PerfectParser reads');
  return folder;
}

describe('inbox and jobs', () => {
  let e2e: E2e;
  let temp: string;
  beforeAll(async () => {
    e2e = await startE2e({ name: 'inbox-jobs' });
    temp = await mkdtemp(path.join(tmpdir(), 'pp-e2e-files-'));
  });
  afterAll(async () => {
    await e2e?.close();
    if (temp) await rm(temp, { recursive: true, force: true });
  });

  it('stages a folder, flags the duplicate, and runs a parse-only job to the end', async () => {
    const folder = await makeInvoiceFolder(temp);
    const { page, problems } = await e2e.openApp();
    await page.getByRole('heading', { name: 'Inbox', level: 2 }).waitFor();
    await expect(page.getByTestId('drop-zone').isVisible()).resolves.toBe(true);
    await e2e.screenshot(page, 'inbox-empty');

    await page.locator('input[webkitdirectory]').setInputFiles(folder);
    const rows = page.getByTestId('staged-row');
    await page.getByText('Start — 6 files').waitFor({ timeout: 30_000 });
    expect(await rows.count()).toBe(6);
    // Of the two files with the same content, the later one is flagged as a duplicate of the first.
    await expect(rows.filter({ hasText: /Duplicate of .*oyo(-copy)?\.pdf/ }).count()).resolves.toBe(1);
    await page.getByText('1 file skipped').click();
    await page.getByText('notes.docx').waitFor();
    await e2e.screenshot(page, 'inbox');

    await page.getByRole('button', { name: 'Remove duplicates' }).click();
    await page.getByText('Start — 5 files').waitFor();
    await expect(page.getByRole('combobox', { name: 'Process with' }).inputValue()).resolves.toBe('');
    await page.getByRole('button', { name: 'Start — 5 files' }).click();

    // Start lands on the new job in Jobs.
    await page.getByRole('heading', { name: 'Jobs', level: 2 }).waitFor();
    await page.waitForURL(/#\/jobs\/[^/]+$/);
    const documents = page.getByTestId('document-row');
    await documents.first().waitFor();
    expect(await documents.count()).toBe(5);
    await page.getByText('5 of 5 documents done', { exact: false }).first().waitFor({ timeout: 90_000 });

    const broken = documents.filter({ hasText: 'broken.pdf' });
    await expect(broken.getByText('Failed').count()).resolves.toBe(1);
    const reason = (await broken.locator('.cell-stack__sub--danger').textContent()) ?? '';
    expect(reason.length).toBeGreaterThan(10);
    expect(await documents.filter({ hasText: 'Completed' }).count()).toBe(4);
    // Only the damaged file failed; the job says some failed.
    await page.getByTestId('job-row').first().getByText('Some failed').waitFor();
    await e2e.screenshot(page, 'jobs');

    // A completed document opens in the document view.
    await documents.filter({ hasText: 'AcroForm_TEST.pdf' }).getByRole('link', { name: 'AcroForm_TEST.pdf' }).click();
    await page.waitForURL(/#\/document\//);
    await page.goBack();
    await page.getByRole('heading', { name: 'Jobs', level: 2 }).waitFor();

    // The Inbox is empty again, and now knows these files.
    await page.getByRole('link', { name: 'Inbox' }).click();
    await page.getByTestId('drop-zone').waitFor();
    await page.locator('input[webkitdirectory]').setInputFiles(folder);
    await page.getByText('Start — 6 files').waitFor({ timeout: 30_000 });
    await expect(page.getByText(/processed before/).count()).resolves.toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Clear list' }).click();
    await page.getByRole('button', { name: 'Yes, clear' }).click();
    await expect(rows.count()).resolves.toBe(0);

    expectNoProblems(problems);
    await page.close();
  });

  it('pauses a running job and resumes it to the end', async () => {
    await e2e.rpc('settings.update', { worker_count: 1 });
    const folder = path.join(temp, 'batch');
    await mkdir(folder, { recursive: true });
    // Twelve multi-page documents keep one worker busy long enough to pause in between.
    const pdfs = ['tables/eu-003.pdf', 'tables/eu-004.pdf', 'tables/eu-005.pdf', 'tables/eu-006.pdf', 'tables/eu-008.pdf', 'tables/eu-010.pdf'];
    for (const [i, pdf] of [...pdfs, ...pdfs].entries()) await copyFile(path.join(CORPUS, pdf), path.join(folder, `${i}-${path.basename(pdf)}`));

    const { page, problems } = await e2e.openApp();
    await page.getByRole('heading', { name: 'Inbox', level: 2 }).waitFor();
    await page.locator('input[webkitdirectory]').setInputFiles(folder);
    await page.getByRole('button', { name: 'Start — 12 files' }).click({ timeout: 30_000 });
    await page.waitForURL(/#\/jobs\/[^/]+$/);

    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Resume' }).waitFor();
    const detail = page.locator('.job-detail');
    await detail.getByText('Paused').first().waitFor();
    // While paused no new document starts: whatever was running finishes, the rest stay queued.
    await page.waitForTimeout(1500);
    const queued = await page.getByTestId('document-row').filter({ hasText: 'Queued' }).count();
    expect(queued).toBeGreaterThan(0);
    await e2e.screenshot(page, 'jobs-paused');

    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await page.getByText('12 of 12 documents done', { exact: false }).first().waitFor({ timeout: 110_000 });
    await page.getByTestId('job-row').first().getByText('Completed').waitFor();
    expectNoProblems(problems);
    await page.close();
  });
});
