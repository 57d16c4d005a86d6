// Sync with the hosted service, end to end: a second `perfectparser serve` plays the hosted
// PerfectParser service (its own data folder, a known key, 100 credits). In the app: Settings is
// visibly off, then connects with that address and key and shows the account and its credits, and
// the request log lists GET /v1/me; a parser made here is sent to the hosted account; two invoices
// are processed on the hosted service from the Inbox; the job completes with its "Hosted service"
// badge, Results shows its values, and the hosted side's credits went down.
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, describe } from 'vitest';
import { expectNoProblems, repoRoot, startE2e, startServe, type E2e, type ServeInstance } from './harness.js';

const CORPUS = path.resolve(repoRoot, '../shared/corpus');
const INVOICES = ['fields/AzureInterior.pdf', 'fields/AmazonWebServices.pdf'];
const HOSTED_KEY = 'pp_hosted_e2e_key_0123456789';
const HOSTED_CREDITS = 100;

/** GET on the hosted service with its key; the body's JSON. */
async function hostedGet<T>(hosted: ServeInstance, pathname: string): Promise<T> {
  const res = await fetch(hosted.url + pathname, { headers: { 'x-api-key': hosted.key } });
  if (!res.ok) throw new Error(`GET ${pathname} on the hosted side → ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

describe('sync with the hosted service', () => {
  let hosted: ServeInstance;
  let e2e: E2e;
  let temp: string;
  beforeAll(async () => {
    hosted = await startServe({ name: 'hosted', apiKey: HOSTED_KEY, env: { PERFECTPARSER_CREDITS: String(HOSTED_CREDITS) } });
    e2e = await startE2e({ name: 'sync' });
    temp = await mkdtemp(path.join(tmpdir(), 'pp-e2e-sync-'));
  });
  afterAll(async () => {
    await e2e?.close();
    await hosted?.stop();
    if (temp) await rm(temp, { recursive: true, force: true });
  });

  it('connects, sends a parser, processes invoices on the hosted service and shows the results here', async () => {
    expect(hosted.key).toBe(HOSTED_KEY);
    const { page, problems } = await e2e.openApp();
    await page.locator('#root > *').first().waitFor();

    // Settings: off, visibly, and nothing sent yet.
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 2 }).waitFor();
    await page.getByText('Off — nothing is sent anywhere').waitFor();
    await page.getByText('No requests sent.').waitFor();
    expect(await page.getByLabel('Hosted service address').inputValue()).toBe('https://api.perfectparser.com');

    // Connect with the hosted side's address and key.
    await page.getByLabel('Hosted service address').fill(hosted.url);
    const key = page.getByLabel('Hosted API key');
    expect(await key.getAttribute('type')).toBe('password');
    await key.fill(HOSTED_KEY);
    await page.getByRole('button', { name: 'Connect' }).click();
    const host = new URL(hosted.url).host;
    await page.getByText(`On — connected to ${host}`).waitFor({ timeout: 30_000 });
    await page.getByText('Sync is on: files you send to the hosted service leave this computer; everything else stays here.').waitFor();
    await expect(page.getByTestId('sync-credits').textContent()).resolves.toBe(`${HOSTED_CREDITS} credits`);
    await page.locator('.sync-facts').getByText('local', { exact: true }).waitFor();
    expect(await page.locator('input[type="password"]').count()).toBe(0);
    // The log lists the check made with the key.
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByTestId('sync-log-row').filter({ hasText: '/v1/me' }).first().waitFor();
    expect(await page.getByTestId('sync-log-row').filter({ hasText: '/v1/me' }).first().textContent()).toContain('GET');
    await e2e.screenshot(page, 'settings-sync');

    // Parsers: make one with fields (detected from a sample), then send it to the hosted account.
    await page.getByRole('link', { name: 'Parsers' }).click();
    await page.getByRole('heading', { name: 'Parsers', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Get parsers from hosted account' }).waitFor();
    await page.getByLabel('New parser').fill('Hosted invoices');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/#\/parsers\/prs_/);
    await page.getByTestId('sample-input').setInputFiles(path.join(CORPUS, 'fields/AzureInterior.pdf'));
    await page.getByText('Sample: AzureInterior.pdf').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Detect fields' }).click();
    await page.getByTestId('parser-field-row').first().waitFor({ timeout: 60_000 });
    await page.getByText('All changes saved').waitFor();
    await page.getByRole('button', { name: 'Send to hosted account' }).click();
    await page.getByText('Created in your hosted account.').waitFor({ timeout: 30_000 });
    const remoteParsers = await hostedGet<{ parsers?: Array<{ name: string }>; data?: Array<{ name: string }> }>(hosted, '/v1/parsers');
    expect(JSON.stringify(remoteParsers)).toContain('Hosted invoices');

    // Inbox: two invoices, processed on the hosted service.
    const folder = path.join(temp, 'invoices');
    await mkdir(folder, { recursive: true });
    for (const invoice of INVOICES) await copyFile(path.join(CORPUS, invoice), path.join(folder, path.basename(invoice)));
    await page.getByRole('link', { name: 'Inbox' }).click();
    await page.getByRole('heading', { name: 'Inbox', level: 2 }).waitFor();
    await page.locator('input[webkitdirectory]').setInputFiles(folder);
    const start = page.getByRole('button', { name: `Start — ${INVOICES.length} files` });
    await start.waitFor({ timeout: 30_000 });
    const processWith = page.getByRole('combobox', { name: 'Process with' });
    await processWith.locator('option:not([disabled])', { hasText: 'Hosted invoices' }).waitFor({ state: 'attached' });
    await processWith.selectOption({ label: 'Hosted invoices' });
    await page.getByRole('radio', { name: 'Process on this computer' }).waitFor();
    expect(await page.getByRole('radio', { name: 'Process on this computer' }).isChecked()).toBe(true);
    await page.getByRole('radio', { name: 'Process on the hosted service' }).check();
    await page.getByText(`These ${INVOICES.length} files will be uploaded to ${host}`).waitFor();
    await start.click();

    // Jobs: the remote job, badged, completes.
    await page.getByRole('heading', { name: 'Jobs', level: 2 }).waitFor();
    await page.waitForURL(/#\/jobs\/ext_[^/]+$/);
    const extractionId = /#\/jobs\/(ext_[^/?]+)/.exec(page.url())![1]!;
    const detail = page.locator('.job-detail');
    await detail.locator('.badge--hosted').waitFor();
    await page.getByText(`${INVOICES.length} of ${INVOICES.length} documents done`, { exact: false }).first().waitFor({ timeout: 180_000 });
    await detail.getByText('Completed').first().waitFor({ timeout: 30_000 });
    const job = await e2e.rpc('jobs.get', { extraction_id: extractionId });
    expect(job.origin).toBe('remote');
    expect(job.documents.map((d) => d.status)).toEqual(['completed', 'completed']);
    expect(await page.locator('.job-card .badge--hosted').count()).toBe(1);

    // Results: the values, noted as processed on the hosted service.
    await detail.getByRole('link', { name: 'View results' }).click();
    await page.getByRole('heading', { name: 'Results', level: 2 }).waitFor();
    await page.getByTestId('remote-note').waitFor();
    const azure = job.documents.find((d) => d.filename === 'AzureInterior.pdf')!;
    const total = page.locator(`[data-testid="results-cell"][data-field="total"][data-document="${azure.document_id}"]`);
    await total.waitFor();
    expect(await total.locator('.rcell__value').textContent()).toBe('279.84');

    // The hosted side charged for the pages.
    const credits = await hostedGet<{ credits: { available: number | null } }>(hosted, '/v1/credits');
    expect(credits.credits.available).not.toBeNull();
    expect(credits.credits.available!).toBeLessThan(HOSTED_CREDITS);

    expectNoProblems(problems);
    await page.close();
  });
});
