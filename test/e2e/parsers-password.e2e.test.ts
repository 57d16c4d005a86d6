// An encrypted PDF as a parser's sample, end to end in browser mode: detecting asks for its
// password in the sample panel, a wrong one is said plainly, the right one detects the fields,
// tests them and shows the sample's pages; the password is never saved with the parser.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePdf } from '../helpers/make-pdf.js';
import { expectNoProblems, startE2e, type E2e } from './harness.js';

describe('a password-protected sample', () => {
  let e2e: E2e;
  let temp: string;
  beforeAll(async () => {
    e2e = await startE2e({ name: 'parsers-password' });
    temp = await mkdtemp(path.join(tmpdir(), 'pp-e2e-locked-sample-'));
  });
  afterAll(async () => {
    await e2e?.close();
    if (temp) await rm(temp, { recursive: true, force: true });
  });

  /** An invoice PDF encrypted (AES-256) with this user password. */
  async function lockedInvoice(name: string, password: string): Promise<string> {
    const plain = path.join(temp, `plain-${name}`);
    await writeFile(
      plain,
      makePdf({
        pages: [
          {
            items: [
              { text: 'INVOICE', x: 72, y: 720, size: 20, bold: true },
              { text: 'Invoice No: INV-77', x: 72, y: 680 },
              { text: 'Invoice Date: 2024-03-15', x: 72, y: 660 },
              { text: 'Total: 77,250.50', x: 72, y: 640 },
            ],
          },
        ],
      }),
    );
    const locked = path.join(temp, name);
    execFileSync('qpdf', ['--encrypt', password, `${password}-owner`, '256', '--', plain, locked]);
    return locked;
  }

  it('asks for the password in the sample panel, refuses a wrong one, and detects, tests and shows the pages with the right one', async () => {
    const parser = await e2e.rpc('parsers.create', { name: 'Locked invoices' });
    const file = await lockedInvoice('locked-invoice.pdf', 'pässwörd');
    const { page, problems } = await e2e.openApp();
    await page.goto(`${e2e.server.url}/#/parsers/${parser.parser_id}`);
    await page.getByTestId('sample-input').setInputFiles(file);
    await page.getByText('Sample: locked-invoice.pdf').waitFor({ timeout: 30_000 });
    // The page cannot be drawn without it either.
    await page.getByRole('form', { name: 'Password to show the sample' }).waitFor();

    await page.getByRole('button', { name: 'Detect fields' }).click();
    const form = page.getByRole('form', { name: 'Password of the sample' });
    await form.getByText('“locked-invoice.pdf” is protected by a password. Type its password to detect fields and test on it.').waitFor({ timeout: 30_000 });
    // One password box at a time: the page points to the panel's.
    await page.getByText('Type the sample’s password above to see its pages.').waitFor();
    expect(await page.getByRole('form', { name: 'Password to show the sample' }).count()).toBe(0);
    expect(await page.getByTestId('parser-field-row').count()).toBe(0);

    const input = form.getByLabel('Password for this PDF');
    expect(await input.getAttribute('type')).toBe('password');
    await form.getByRole('button', { name: 'Open' }).click();
    await expect(form.getByRole('alert').textContent()).resolves.toBe('Type the password first.');
    await input.fill('not-it');
    await input.press('Enter');
    await form.getByRole('alert').filter({ hasText: 'This password does not open “locked-invoice.pdf”. Check it and try again.' }).waitFor({ timeout: 30_000 });
    expect(await input.getAttribute('aria-invalid')).toBe('true');

    await input.fill('pässwörd');
    await input.press('Enter');
    const fieldRows = page.getByTestId('parser-field-row');
    await fieldRows.first().waitFor({ timeout: 60_000 });
    await expect(fieldRows.evaluateAll((els) => els.map((el) => el.getAttribute('data-field')))).resolves.toEqual(['invoice_number', 'invoice_date', 'total']);
    expect(await page.getByRole('form', { name: 'Password of the sample' }).count()).toBe(0);
    // Tested with it, and its pages drawn with it.
    const total = page.locator('[data-testid="test-result"][data-field="total"] .sample__value-text');
    await total.waitFor({ timeout: 60_000 });
    expect(await total.textContent()).toBe('77250.5');
    await page.locator('canvas[data-testid="page-canvas"]').waitFor({ timeout: 30_000 });
    expect(await page.getByRole('form', { name: 'Password to show the sample' }).count()).toBe(0);

    const saved = await e2e.rpc('parsers.get', { parser_id: parser.parser_id });
    expect(saved).toMatchObject({ has_sample_file: true });
    expect(JSON.stringify(saved)).not.toContain('pässwörd');
    // The refusals are 400 answers, which Chromium also logs.
    expectNoProblems(problems, [/parsers\.detect/, /Failed to load resource/]);
    await page.close();
  }, 180_000);
});
