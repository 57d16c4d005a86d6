// Password-protected PDFs in the UI, end to end: the failed document asks for its password, a
// wrong one is refused on the spot, the right one opens it (and, when asked, the job's other
// documents with the same password), and the document is then shown like any other. The job
// offers no retry for them, which could not open them, and says where to type the password.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StageResult } from '../../src/shared/rpc-contract.js';
import { expectNoProblems, openDocument, repoRoot, startE2e, type E2e } from './harness.js';

const CORPUS = path.resolve(repoRoot, '../shared/corpus/edge-cases');

describe('a password-protected PDF', () => {
  let e2e: E2e;
  beforeAll(async () => {
    e2e = await startE2e({ name: 'password' });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  async function upload(file: string, name: string) {
    const res = await e2e.api('/rpc/upload', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'x-filename': name, 'x-relative-path': name },
      body: await readFile(path.join(CORPUS, file)),
    });
    return ((await res.json()) as StageResult).files[0]!.ref;
  }

  it('asks for the password, refuses a wrong one, and opens this and the job’s other documents with the right one', async () => {
    const refs = [
      await upload('password-example.pdf', 'statement-march.pdf'),
      await upload('password-example.pdf', 'statement-april.pdf'),
      await upload('libreoffice-writer-password.pdf', 'contract.pdf'),
    ];
    const created = await e2e.rpc('jobs.create', { parser_id: null, files: refs });
    for (let i = 0; ; i++) {
      const job = await e2e.rpc('jobs.get', { extraction_id: created.extraction_id });
      if (job.documents.every((d) => d.status === 'failed')) break;
      if (i > 600) throw new Error('the documents did not fail as expected');
      await new Promise((r) => setTimeout(r, 100));
    }
    const job = await e2e.rpc('jobs.get', { extraction_id: created.extraction_id });
    expect(job.documents.map((d) => d.error_code)).toEqual(['PASSWORD_PROTECTED_FILE', 'PASSWORD_PROTECTED_FILE', 'PASSWORD_PROTECTED_FILE']);

    // The job offers no retry (it could not open them: the password is never kept) and says
    // what does.
    const jobs = await e2e.openApp();
    await jobs.page.locator('#root > *').first().waitFor();
    await jobs.page.evaluate(`location.hash = '#/jobs/${created.extraction_id}'`);
    await jobs.page.getByText('3 documents are protected by a password, and retrying cannot open them: open each one to type its password.').waitFor();
    await expect.poll(() => jobs.page.getByTestId('document-row').count()).toBe(3);
    expect(await jobs.page.getByRole('group', { name: 'Job actions' }).getByRole('button').count()).toBe(0);
    await e2e.screenshot(jobs.page, 'password-job');
    expectNoProblems(jobs.problems);
    await jobs.page.close();

    const { page, problems } = await openDocument(e2e, created.extraction_id, job.documents[0]!.document_id);
    const form = page.getByRole('form', { name: 'Open with a password' });
    await form.waitFor();
    expect(await page.getByRole('button', { name: 'Retry failed documents' }).count()).toBe(0);
    const input = form.getByLabel('Password for this PDF');
    const others = form.getByLabel('Also try it on the 2 other documents of this job that need a password');
    expect(await others.isChecked()).toBe(true);

    await form.getByRole('button', { name: 'Open' }).click();
    await expect(form.getByRole('alert').textContent()).resolves.toBe('Type the password first.');
    await input.fill('not-it');
    await input.press('Enter');
    await form.getByRole('alert').filter({ hasText: 'This password does not open “statement-march.pdf”.' }).waitFor();
    expect(await input.getAttribute('aria-invalid')).toBe('true');

    await input.fill('test');
    await form.getByRole('button', { name: 'Open' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'The password opened this document. It also opened 1 other document of this job. 1 other document needs a different password.' })
      .waitFor();
    // Processed with the password: the document's text is shown, and its pages are drawn with
    // the same password.
    await page.locator('.md-page').first().waitFor({ timeout: 60_000 });
    expect(await page.getByRole('form', { name: 'Open with a password' }).count()).toBe(0);
    const canvas = page.locator('canvas[data-testid="page-canvas"]');
    await canvas.waitFor({ timeout: 30_000 });
    await e2e.screenshot(page, 'password-opened');

    // After a reload the password is gone (it is never kept): the viewer asks for it to draw
    // the pages, refusing a wrong one.
    await page.reload({ waitUntil: 'load' });
    const viewerForm = page.getByRole('form', { name: 'Password to show the pages' });
    await viewerForm.waitFor({ timeout: 30_000 });
    await page.locator('.md-page').first().waitFor();
    const viewerInput = viewerForm.getByLabel('Password for this PDF');
    await viewerInput.fill('nope');
    await viewerInput.press('Enter');
    await viewerForm.getByText('That password does not open this PDF. Try again:').waitFor();
    await viewerInput.fill('test');
    await viewerForm.getByRole('button', { name: 'Show pages' }).click();
    await canvas.waitFor({ timeout: 30_000 });

    const after = await e2e.rpc('jobs.get', { extraction_id: created.extraction_id });
    for (let i = 0; after.documents[1]!.status !== 'completed' && i < 600; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after.documents = (await e2e.rpc('jobs.get', { extraction_id: created.extraction_id })).documents;
    }
    expect(after.documents.map((d) => [d.filename, d.status])).toEqual([
      ['statement-march.pdf', 'completed'],
      ['statement-april.pdf', 'completed'],
      ['contract.pdf', 'failed'],
    ]);
    // The wrong password's answer is a 400, which Chromium also logs.
    expectNoProblems(problems, [/documents\.unlock/]);
    await page.close();
  }, 200_000);
});
