// A job cancelled from the Jobs screen, end to end: it reads "Cancelled" (not "Some failed"),
// its cancelled documents count neither as done nor as failed, and the retry button offers to
// process them; doing so runs them to the end.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StageResult } from '../../src/shared/rpc-contract.js';
import { expectNoProblems, repoRoot, startE2e, type E2e } from './harness.js';

const CORPUS = path.resolve(repoRoot, '../shared/corpus');
const PDFS = ['tables/eu-003.pdf', 'tables/eu-004.pdf', 'tables/eu-005.pdf', 'tables/eu-006.pdf'];

describe('a cancelled job', () => {
  let e2e: E2e;
  beforeAll(async () => {
    e2e = await startE2e({ name: 'cancelled-job' });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('is shown as Cancelled, with its cancelled documents offered for processing', async () => {
    await e2e.rpc('settings.update', { worker_count: 1 });
    const refs = [];
    for (const [i, pdf] of [...PDFS, ...PDFS].entries()) {
      const name = `${i}-${path.basename(pdf)}`;
      const res = await e2e.api('/rpc/upload', {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', 'x-filename': name, 'x-relative-path': name },
        body: await readFile(path.join(CORPUS, pdf)),
      });
      refs.push(((await res.json()) as StageResult).files[0]!.ref);
    }
    // Paused at once, so most documents are still waiting when the user cancels.
    const created = await e2e.rpc('jobs.create', { parser_id: null, files: refs });
    await e2e.rpc('jobs.pause', { extraction_id: created.extraction_id });

    const { page, problems } = await e2e.openApp();
    await page.locator('#root > *').first().waitFor();
    await page.evaluate(`location.hash = '#/jobs/${created.extraction_id}'`);
    const detail = page.locator('.job-detail');
    await detail.getByRole('button', { name: 'Cancel job' }).click();
    await detail.getByRole('button', { name: 'Yes, cancel job' }).click();

    await detail.locator('.badge', { hasText: 'Cancelled' }).first().waitFor({ timeout: 30_000 });
    const job = await e2e.rpc('jobs.get', { extraction_id: created.extraction_id });
    const cancelled = job.documents.filter((d) => d.error_code === 'CANCELLED').length;
    const completed = job.documents.filter((d) => d.status === 'completed').length;
    expect(cancelled).toBeGreaterThan(0);
    expect(job.documents.length - cancelled - completed).toBe(0);
    const line = (await detail.locator('.job-detail__line').textContent()) ?? '';
    expect(line).toContain(`${completed} of 8 documents done`);
    expect(line).toContain(`${cancelled} cancelled`);
    expect(line).not.toContain('failed');
    expect(await detail.getByText('Some failed').count()).toBe(0);
    const card = page.getByTestId('job-row').first();
    await card.locator('.badge', { hasText: 'Cancelled' }).waitFor();
    expect(await card.getByText('failed').count()).toBe(0);
    const process = detail.getByRole('button', { name: `Process the ${cancelled} cancelled document${cancelled === 1 ? '' : 's'}` });
    await process.waitFor();
    await e2e.screenshot(page, 'jobs-cancelled');

    // Processing them runs them to the end, although the job was paused before it was
    // cancelled: asking for them to be processed is asking for it now.
    await process.click();
    await page.getByText('8 of 8 documents done', { exact: false }).first().waitFor({ timeout: 120_000 });
    await card.locator('.badge', { hasText: 'Completed' }).waitFor();
    expectNoProblems(problems);
    await page.close();
  }, 200_000);
});
