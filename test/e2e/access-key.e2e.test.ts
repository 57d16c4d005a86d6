// Browser mode's access key, end to end: an address opened without the key (a copied deep link,
// a bookmark) shows a screen that takes the key `perfectparser key` prints and then opens the
// address asked for; a key the server refuses shows the same screen at once (not the app with
// errors later); after Settings → New key the new link is shown, the other tab is told its key
// stopped working, and both the new key and the new link open the app.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, expectNoProblems, repoRoot, startE2e, watchPage, type E2e } from './harness.js';

const run = promisify(execFile);
/** Chromium logs each refused request as a console error, and the harness counts the 401s. */
const REFUSED = [/401/, /Unauthorized/i];

describe('access key', () => {
  let e2e: E2e;
  beforeAll(async () => {
    e2e = await startE2e({ name: 'access-key' });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  /** What `perfectparser key` prints for this server's data folder, as the key screen says to run it. */
  async function printedKey(): Promise<string> {
    const env = { ...process.env };
    delete env['PERFECTPARSER_API_KEY'];
    const { stdout } = await run(process.execPath, [BIN, 'key', '--data-dir', e2e.server.dataDir], { cwd: repoRoot, env });
    return stdout.trim();
  }

  it('takes the key on a deep link opened without it, and opens that link', async () => {
    const page = await e2e.context.newPage();
    const problems = watchPage(page);
    await page.goto(`${e2e.server.url}/#/settings`);
    await page.getByRole('heading', { name: 'Enter the access key', level: 1 }).waitFor();
    // No screen of the app behind it, and nothing was asked of the server without a key.
    await expect(page.getByRole('navigation', { name: 'Main' }).count()).resolves.toBe(0);
    await e2e.screenshot(page, 'access-key-missing');
    const box = page.getByRole('textbox', { name: 'Access key' });
    // The box has the focus, ready for a paste.
    await expect(page.evaluate('document.activeElement?.getAttribute("autocomplete")')).resolves.toBe('off');

    await page.getByRole('button', { name: 'Open PerfectParser' }).click();
    await page.getByRole('alert').filter({ hasText: 'Paste the key first' }).waitFor();

    await box.fill('pp_local_not_the_key');
    await page.getByRole('button', { name: 'Open PerfectParser' }).click();
    await page.getByRole('alert').filter({ hasText: 'The server did not accept this key.' }).waitFor();

    const key = await printedKey();
    expect(key).toBe(e2e.server.key);
    await box.fill(key);
    await box.press('Enter');
    await page.getByRole('heading', { name: 'Settings', level: 2 }).waitFor();
    expect(page.url()).toBe(`${e2e.server.url}/#/settings`);
    // The screen loaded with the key (settings, the sync log).
    await page.getByText(e2e.server.dataDir).first().waitFor();
    await page.getByText('No requests sent.').waitFor();
    // Kept for this tab as #key= keeps it: a reload stays in.
    await page.reload();
    await page.getByRole('heading', { name: 'Settings', level: 2 }).waitFor();
    expectNoProblems(problems, REFUSED);
    await page.close();
  });

  it('shows the key screen at once for a key the server refuses', async () => {
    const page = await e2e.context.newPage();
    const problems = watchPage(page);
    await page.goto(`${e2e.server.url}/#key=pp_local_wrong`);
    await page.getByRole('heading', { name: 'The access key was not accepted', level: 1 }).waitFor();
    // The whole printed link may be pasted.
    await page.getByRole('textbox', { name: 'Access key' }).fill(e2e.server.openUrl);
    await page.getByRole('button', { name: 'Open PerfectParser' }).click();
    await page.getByRole('heading', { name: 'Inbox', level: 2 }).waitFor();
    expectNoProblems(problems, REFUSED);
    await page.close();
  });

  it('shows the new link after New key, and the other tab can get back in', async () => {
    const { page, problems } = await e2e.openApp();
    const other = await e2e.openApp();
    await other.page.getByRole('heading', { name: 'Inbox', level: 2 }).waitFor();

    await page.goto(`${e2e.server.url}/#/settings`);
    await page.getByRole('button', { name: 'New key' }).click();
    await page.getByRole('button', { name: 'Yes, make a new key' }).click();
    const notice = page.getByRole('status').filter({ hasText: 'A new key is in use.' });
    await notice.waitFor();
    const link = (await notice.locator('code.settings-newlink__link').textContent()) ?? '';
    const key = await printedKey();
    expect(key).not.toBe(e2e.server.key);
    expect(link).toBe(`${e2e.server.url}/#key=${encodeURIComponent(key)}`);
    // The terminal running serve gets the new link too.
    await expect.poll(() => e2e.server.stdout()).toContain(`Open in your browser (new key): ${link}\n`);
    await e2e.screenshot(page, 'access-key-new-link');
    // This tab goes on with the new key.
    await page.getByRole('link', { name: 'Jobs' }).click();
    await page.getByRole('heading', { name: 'Jobs', level: 2 }).waitFor();
    await expect(page.getByText('could not be loaded').count()).resolves.toBe(0);
    expectNoProblems(problems);

    // The other tab learns its key stopped working at its next request, and takes the new one.
    await other.page.getByRole('link', { name: 'Jobs' }).click();
    await other.page.getByRole('heading', { name: 'The access key was not accepted', level: 1 }).waitFor();
    await other.page.getByRole('textbox', { name: 'Access key' }).fill(key);
    await other.page.getByRole('button', { name: 'Open PerfectParser' }).click();
    await other.page.getByRole('heading', { name: 'Jobs', level: 2 }).waitFor();
    expectNoProblems(other.problems, REFUSED);

    // The link shown opens the app in a new tab.
    const fresh = await e2e.context.newPage();
    const freshProblems = watchPage(fresh);
    await fresh.goto(link);
    await fresh.getByRole('heading', { name: 'Inbox', level: 2 }).waitFor();
    expectNoProblems(freshProblems);
    await Promise.all([page.close(), other.page.close(), fresh.close()]);
  });
});
