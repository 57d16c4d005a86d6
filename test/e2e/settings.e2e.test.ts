// Settings, end to end in browser mode: the privacy statement, saving the worker count (kept
// after a reload), the local API that cannot switch off the page it serves, and webhooks: adding
// one, switching it off (a job finished meanwhile is never sent), editing it from the keyboard,
// its recent deliveries, and a new signing secret that the next delivery is signed with — against
// a real receiver on 127.0.0.1.
import { createHmac } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it, describe } from 'vitest';
import { makePdf } from '../helpers/make-pdf.js';
import { startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from '../helpers/webhook-receiver.js';
import { expectNoProblems, runJob, startE2e, uploadBytes, type E2e, type PageProblems } from './harness.js';

const hmac = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('hex');

/** True when the delivery's signatures check out with this secret (both headers, as a receiver would). */
function signedWith(req: ReceivedRequest, secret: string): boolean {
  const v2 = String(req.headers['x-perfectparser-signature-v2'] ?? '').split(',').map((x) => x.trim());
  return req.headers['x-perfectparser-signature'] === hmac(secret, req.rawBody) && v2.includes(hmac(secret, `${String(req.headers['x-perfectparser-timestamp'])}.${req.rawBody}`));
}

/** The extraction a job_completed delivery is about. */
const jobOf = (req: ReceivedRequest) => (JSON.parse(req.rawBody) as { data: { extraction: { extraction_id: string } } }).data.extraction.extraction_id;

async function openSettings(e2e: E2e): Promise<{ page: Page; problems: PageProblems }> {
  const { page, problems } = await e2e.openApp();
  await page.goto(`${e2e.server.url}/#/settings`);
  await page.getByRole('heading', { name: 'Webhooks' }).waitFor();
  return { page, problems };
}

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

  describe('managing a webhook', () => {
    let receiver: WebhookReceiver;
    beforeAll(async () => {
      receiver = await startWebhookReceiver();
    });
    afterAll(async () => {
      await receiver?.close();
    });

    async function parseOnePdf(name: string): Promise<string> {
      const file = await uploadBytes(e2e, name, makePdf({ pages: [{ items: [{ text: `Webhook check ${name}`, x: 72, y: 700 }] }] }));
      return (await runJob(e2e, null, [file])).extraction_id;
    }

    it('switched off, a job that finishes meanwhile is not sent; switched on again, the next one is', async () => {
      const url = `${receiver.url}/off`;
      const hook = await e2e.rpc('webhooks.create', { url, events: ['extraction.job_completed'] });
      const { page, problems } = await openSettings(e2e);
      const toggle = page.getByRole('switch', { name: `Send events to ${url}` });
      // People click the drawn switch (or its words) inside the label; Space works from the keyboard.
      const label = page.locator('label', { has: toggle });
      await expect(toggle.isChecked()).resolves.toBe(true);
      await page.getByText('Turning it off stops sending: events that happen while it is off are never sent, and deliveries waiting for a retry end.').waitFor();
      await label.click();
      await page.getByText('Off: nothing is sent. Events that happen while it is off are not sent later, and deliveries that were waiting for a retry have ended.').waitFor();
      await expect(toggle.isChecked()).resolves.toBe(false);
      expect((await e2e.rpc('webhooks.get', { webhook_id: hook.webhook_id })).enabled).toBe(false);

      const before = receiver.requests.length;
      const whileOff = await parseOnePdf('while-off.pdf');
      await toggle.focus();
      await page.keyboard.press('Space');
      await page.getByText('Turning it off stops sending', { exact: false }).waitFor();
      expect((await e2e.rpc('webhooks.get', { webhook_id: hook.webhook_id })).enabled).toBe(true);
      const whileOn = await parseOnePdf('while-on.pdf');
      await receiver.waitFor(before + 1, 30_000);
      // Room for a delivery about the first job to arrive as well, were one (wrongly) queued.
      await page.waitForTimeout(1_000);
      const jobs = receiver.requests.slice(before).map(jobOf);
      expect(jobs).toEqual([whileOn]);
      expect(jobs).not.toContain(whileOff);

      // The delivery shows among the recent ones.
      const row = page.getByRole('listitem').filter({ hasText: url });
      await row.getByRole('button', { name: `Recent deliveries to ${url}` }).click();
      const table = row.getByRole('table', { name: 'The last 10 attempts to send to this address, newest first.' });
      await table.getByRole('row').filter({ hasText: 'extraction.job_completed' }).filter({ hasText: 'Delivered.' }).waitFor();
      await expect(table.getByRole('row').count()).resolves.toBe(2);
      await e2e.screenshot(page, 'settings-webhook-deliveries');

      await e2e.rpc('webhooks.remove', { webhook_id: hook.webhook_id });
      expectNoProblems(problems);
      await page.close();
    });

    it('edits the address and events from the keyboard, with the same checks as adding one', async () => {
      const hook = await e2e.rpc('webhooks.create', { url: 'http://127.0.0.1:9/before', events: ['extraction.job_completed'] });
      const { page, problems } = await openSettings(e2e);
      const edit = page.getByRole('button', { name: 'Edit the webhook to http://127.0.0.1:9/before' });
      await edit.click();
      const form = page.getByRole('form', { name: 'Edit the webhook to http://127.0.0.1:9/before' });
      const url = form.getByRole('textbox', { name: 'Send to' });
      // The address has the focus; a bad one is refused with the sentence adding one gives.
      await expect(page.evaluate('document.activeElement?.value ?? null')).resolves.toBe('http://127.0.0.1:9/before');
      await page.keyboard.type('not a url');
      await page.keyboard.press('Enter');
      await form.getByRole('alert').filter({ hasText: 'Enter a web address starting with http:// or https://.' }).waitFor();
      // Escape leaves it as it was and gives the focus back to Edit.
      await page.keyboard.press('Escape');
      await expect(form.count()).resolves.toBe(0);
      await expect(page.evaluate('document.activeElement?.getAttribute("aria-label") ?? null')).resolves.toBe('Edit the webhook to http://127.0.0.1:9/before');
      expect((await e2e.rpc('webhooks.get', { webhook_id: hook.webhook_id })).url).toBe('http://127.0.0.1:9/before');

      await page.keyboard.press('Enter');
      await url.fill('http://127.0.0.1:9/after');
      await form.getByRole('checkbox', { name: 'A job finished' }).uncheck();
      await form.getByRole('button', { name: 'Save' }).click();
      await form.getByRole('alert').filter({ hasText: 'Choose at least one event to send.' }).waitFor();
      await form.getByRole('checkbox', { name: 'A document finished' }).check();
      await url.press('Enter');
      await page.getByRole('button', { name: 'Edit the webhook to http://127.0.0.1:9/after' }).waitFor();
      await expect(page.getByRole('form').filter({ hasText: 'Save' }).count()).resolves.toBe(0);
      const saved = await e2e.rpc('webhooks.get', { webhook_id: hook.webhook_id });
      expect(saved).toMatchObject({ url: 'http://127.0.0.1:9/after', events: ['extraction.document_completed'] });
      await page.getByRole('listitem').filter({ hasText: 'http://127.0.0.1:9/after' }).getByText('A document finished', { exact: true }).waitFor();

      await e2e.rpc('webhooks.remove', { webhook_id: hook.webhook_id });
      expectNoProblems(problems);
      await page.close();
    });

    it('makes a new signing secret, shown once, that signs the next delivery; the test shows among the recent deliveries', async () => {
      const url = `${receiver.url}/rotate`;
      const hook = await e2e.rpc('webhooks.create', { url, events: ['extraction.job_completed'] });
      const { page, problems } = await openSettings(e2e);
      const row = page.getByRole('listitem').filter({ hasText: url });
      await row.getByRole('button', { name: `Recent deliveries to ${url}` }).click();
      await row.getByText('Nothing has been sent to this address yet.', { exact: false }).waitFor();

      // First with the default grace period: the old secret still signs beside the new one.
      await row.getByRole('button', { name: `New signing secret for ${url}` }).click();
      const ask = page.getByRole('alertdialog', { name: `Make a new signing secret for ${url}?` });
      await ask.getByText('For a day the current secret keeps signing deliveries beside the new one', { exact: false }).waitFor();
      await e2e.screenshot(page, 'settings-webhook-rotate');
      await ask.getByRole('button', { name: 'Make a new secret' }).click();
      await page.getByText(`New signing secret for ${url}`, { exact: true }).waitFor();
      await ask.waitFor({ state: 'detached' });
      await page.getByText('The previous secret keeps signing deliveries beside it until', { exact: false }).waitFor();
      await page.getByRole('button', { name: 'Copy the signing secret' }).waitFor();
      const first = (await page.locator('.secret-box code').textContent()) ?? '';
      expect(first).toMatch(/^wh_sec_/);
      expect(first).not.toBe(hook.signing_secret);

      let before = receiver.requests.length;
      await row.getByRole('button', { name: `Send a test to ${url}` }).click();
      await row.getByText(/Delivered: the receiver answered 200/).waitFor();
      let [req] = (await receiver.waitFor(before + 1)).slice(before);
      expect(signedWith(req!, first)).toBe(true);
      expect(req!.headers['x-perfectparser-signature-previous']).toBe(hmac(hook.signing_secret, req!.rawBody));

      // Then ending the old one at once: only the secret just shown signs.
      await row.getByRole('button', { name: `New signing secret for ${url}` }).click();
      await ask.getByRole('checkbox', { name: /Stop signing with the current secret at once/ }).check();
      await ask.getByRole('button', { name: 'Make a new secret' }).click();
      await page.getByText('The previous secret no longer signs deliveries.', { exact: false }).waitFor();
      const second = (await page.locator('.secret-box code').textContent()) ?? '';
      expect(second).toMatch(/^wh_sec_/);
      expect(second).not.toBe(first);
      await page.getByRole('button', { name: 'Done' }).click();
      await expect(page.locator('.secret-box').count()).resolves.toBe(0);

      before = receiver.requests.length;
      await row.getByRole('button', { name: `Send a test to ${url}` }).click();
      [req] = (await receiver.waitFor(before + 1)).slice(before);
      expect(signedWith(req!, second)).toBe(true);
      expect(signedWith(req!, first)).toBe(false);
      expect(req!.headers['x-perfectparser-signature-previous']).toBeUndefined();

      // Both tests are among the recent deliveries (the open list follows each test), and Refresh
      // picks up one sent from elsewhere.
      const table = row.getByRole('table', { name: 'The last 10 attempts to send to this address, newest first.' });
      await expect.poll(() => table.getByRole('row').filter({ hasText: 'webhook.test' }).count(), { timeout: 10_000 }).toBe(2);
      await e2e.rpc('webhooks.test', { webhook_id: hook.webhook_id });
      await row.getByRole('button', { name: `Refresh the recent deliveries to ${url}` }).click();
      await expect.poll(() => table.getByRole('row').filter({ hasText: 'webhook.test' }).count(), { timeout: 10_000 }).toBe(3);
      await expect(table.getByRole('row').nth(1).textContent()).resolves.toMatch(/webhook\.test.*200.*Delivered\./);

      await e2e.rpc('webhooks.remove', { webhook_id: hook.webhook_id });
      expectNoProblems(problems);
      await page.close();
    });
  });
});
