// Settings, end to end in browser mode: the privacy statement, saving the worker count (kept
// after a reload), the local API that cannot switch off the page it serves, and a webhook.
import { afterAll, beforeAll, expect, it, describe } from 'vitest';
import { expectNoProblems, startE2e, type E2e } from './harness.js';

describe('settings', () => {
  let e2e: E2e;
  beforeAll(async () => {
    e2e = await startE2e({ name: 'settings' });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('states the privacy promise and saves the worker count', async () => {
    const { page, problems } = await e2e.openApp();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 2 }).waitFor();
    await page
      .getByText('Nothing leaves this computer. Documents, results and settings stay in the data folder; sync with the hosted service is off.')
      .waitFor();
    await page.getByText(e2e.server.dataDir).first().waitFor();
    await e2e.screenshot(page, 'settings');

    const workers = page.getByRole('spinbutton', { name: 'Documents processed at the same time' });
    const before = Number(await workers.inputValue());
    const max = Number(await workers.getAttribute('max'));
    const next = before > 1 ? before - 1 : Math.min(2, max);
    await workers.fill(String(next));
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect((await e2e.rpc('settings.get')).worker_count).toBe(next);

    // A value out of range is refused with a sentence, and nothing is sent.
    await workers.fill(String(max + 1));
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('alert').filter({ hasText: `from 1 to ${max}` }).waitFor();
    expect((await e2e.rpc('settings.get')).worker_count).toBe(next);

    await page.reload();
    await page.getByRole('heading', { name: 'Settings', level: 2 }).waitFor();
    await expect(page.getByRole('spinbutton', { name: 'Documents processed at the same time' }).inputValue()).resolves.toBe(String(next));
    expectNoProblems(problems);
    await page.close();
  });

  it('keeps the API on while it serves this page, and hides the key until asked', async () => {
    const { page, problems } = await e2e.openApp();
    await page.goto(`${e2e.server.url}/#/settings`);
    const toggle = page.getByRole('switch', { name: /Local API/ });
    await toggle.waitFor();
    await expect(toggle.isDisabled()).resolves.toBe(true);
    await page.getByText('cannot be switched off from here').waitFor();
    await expect(page.getByText(e2e.server.key, { exact: true }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText(e2e.server.key, { exact: true }).waitFor();
    expectNoProblems(problems);
    await page.close();
  });

  it('adds a webhook, shows its secret once, tests it and removes it', async () => {
    const { page, problems } = await e2e.openApp();
    await page.goto(`${e2e.server.url}/#/settings`);
    await page.getByText('No webhooks.').waitFor();
    await page.getByRole('textbox', { name: 'Send to' }).fill('not a url');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await page.getByRole('alert').filter({ hasText: 'Enter a web address starting with http:// or https://.' }).waitFor();

    // Nothing listens on port 9 (discard): the test delivery fails, and says so.
    await page.getByRole('textbox', { name: 'Send to' }).fill('http://127.0.0.1:9/hook');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await page.getByText('Copy it now: it is shown only this once.', { exact: false }).waitFor();
    const secret = (await page.locator('.secret-box code').textContent()) ?? '';
    expect(secret.length).toBeGreaterThan(10);
    await page.getByRole('button', { name: 'Send a test to http://127.0.0.1:9/hook' }).click();
    await page.getByText(/Not delivered|Delivered/).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Done' }).click();
    await expect(page.locator('.secret-box').count()).resolves.toBe(0);

    await page.getByRole('button', { name: 'Remove the webhook to http://127.0.0.1:9/hook' }).click();
    await page.getByRole('button', { name: 'Yes, remove' }).click();
    await page.getByText('No webhooks.').waitFor();
    expect(await e2e.rpc('webhooks.list')).toEqual([]);
    expectNoProblems(problems);
    await page.close();
  });
});
