// Editing a parser without losing work, end to end in browser mode: another parser opened by the
// address (Back, a link) asks before unsaved edits are left; fields reorder from the keyboard
// with the focus following the moved field; and what the API would refuse (regex flags, long
// descriptions) is said beside the field before saving, never as a failed request.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoProblems, startE2e, type E2e } from './harness.js';

describe('parsers editing', () => {
  let e2e: E2e;
  beforeAll(async () => {
    e2e = await startE2e({ name: 'parsers-editing' });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  const names = (page: Page) => page.evaluate(`[...document.querySelectorAll('[data-testid="parser-field-row"]')].map((row) => row.dataset.field)`);

  it('asks before another parser opened by the address replaces unsaved edits', async () => {
    const a = await e2e.rpc('parsers.create', { name: 'Guarded A', fields: [{ name: 'invoice_number', type: 'string' }] });
    const b = await e2e.rpc('parsers.create', { name: 'Guarded B', fields: [{ name: 'total', type: 'number' }] });
    const { page, problems } = await e2e.openApp();
    await page.goto(`${e2e.server.url}/#/parsers/${a.parser_id}`);
    await page.getByRole('textbox', { name: 'Field name 1', exact: true }).fill('invoice_no');
    await page.getByText('Unsaved changes', { exact: true }).waitFor();

    // Stay: the edits and A's address remain.
    const questions: string[] = [];
    page.once('dialog', (dialog) => {
      questions.push(dialog.message());
      void dialog.dismiss();
    });
    await page.evaluate(`location.hash = '#/parsers/${b.parser_id}'`);
    await page.waitForFunction(`location.hash === '#/parsers/${a.parser_id}'`);
    expect(questions).toEqual(['This parser has unsaved changes. Leave them?']);
    await expect(page.getByRole('textbox', { name: 'Field name 1', exact: true }).inputValue()).resolves.toBe('invoice_no');
    await page.getByText('Unsaved changes', { exact: true }).waitFor();

    // Back from B (opened from the list, which asks once) to A: asked again, and leaving opens A as saved.
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: /^Guarded B/ }).click();
    await page.getByRole('heading', { name: 'Guarded B', level: 3 }).waitFor();
    await page.getByRole('textbox', { name: 'Field name 1', exact: true }).fill('amount');
    page.once('dialog', (dialog) => {
      questions.push(dialog.message());
      void dialog.accept();
    });
    await page.goBack();
    await page.getByRole('heading', { name: 'Guarded A', level: 3 }).waitFor();
    expect(questions).toHaveLength(2);
    await expect(page.getByRole('textbox', { name: 'Field name 1', exact: true }).inputValue()).resolves.toBe('invoice_number');
    await page.getByText('All changes saved').waitFor();
    expectNoProblems(problems);
    await page.close();
  });

  it('reorders fields from the keyboard, the focus and unfolded details following the field', async () => {
    const parser = await e2e.rpc('parsers.create', {
      name: 'Keyboard order',
      fields: [
        { name: 'invoice_number', type: 'string' },
        { name: 'total', type: 'number' },
        { name: 'due_date', type: 'date' },
      ],
    });
    const { page, problems } = await e2e.openApp();
    await page.goto(`${e2e.server.url}/#/parsers/${parser.parser_id}`);
    await page.getByRole('button', { name: 'Move invoice_number down' }).focus();
    await page.keyboard.press('Enter');
    await expect(names(page)).resolves.toEqual(['total', 'invoice_number', 'due_date']);
    await page.keyboard.press('Enter');
    await expect(names(page)).resolves.toEqual(['total', 'due_date', 'invoice_number']);
    // At the end of the list "down" is disabled: the focus is on the same field's "up".
    await expect(page.evaluate(`document.activeElement?.getAttribute('aria-label')`)).resolves.toBe('Move invoice_number up');
    await page.keyboard.press('Enter');
    await expect(names(page)).resolves.toEqual(['total', 'invoice_number', 'due_date']);
    await expect(page.evaluate(`document.activeElement?.getAttribute('aria-label')`)).resolves.toBe('Move invoice_number up');

    // Details unfolded on due_date stay with it when total, before it, is removed (nothing else
    // unfolds), and the focus goes to the field that took total's place.
    await page.getByRole('button', { name: /^Details of due_date/ }).click();
    await page.getByRole('button', { name: 'Remove total' }).click();
    await expect(names(page)).resolves.toEqual(['invoice_number', 'due_date']);
    await expect(page.evaluate(`[...document.querySelectorAll('[aria-expanded="true"]')].map((el) => el.getAttribute('aria-label'))`)).resolves.toEqual([
      'Details of due_date: description, rules and format',
    ]);
    await expect(page.evaluate(`document.activeElement?.getAttribute('aria-label')`)).resolves.toBe('Field name 1');
    expectNoProblems(problems);
    await page.close();
  });

  it('asks before saving over a version saved in another tab meanwhile (the server decides, at the save)', async () => {
    const parser = await e2e.rpc('parsers.create', { name: 'Two tabs', fields: [{ name: 'invoice_number', type: 'string' }] });
    const first = await e2e.openApp();
    const second = await e2e.openApp();
    for (const { page } of [first, second]) await page.goto(`${e2e.server.url}/#/parsers/${parser.parser_id}`);
    const description = (page: Page) => page.getByRole('textbox', { name: 'Description', exact: true });
    await description(first.page).fill('From the first tab');
    await description(second.page).fill('From the second tab');
    await first.page.getByRole('button', { name: 'Save', exact: true }).click();
    await first.page.getByText('Saved.').waitFor();

    await second.page.getByRole('button', { name: 'Save', exact: true }).click();
    await second.page.getByText('This parser was changed elsewhere (in another window or through the API) after you opened it.', { exact: false }).waitFor();
    await expect(e2e.rpc('parsers.get', { parser_id: parser.parser_id })).resolves.toMatchObject({ description: 'From the first tab' });
    await second.page.getByRole('button', { name: 'Save mine anyway' }).click();
    await second.page.getByText('Saved.').waitFor();
    await expect(e2e.rpc('parsers.get', { parser_id: parser.parser_id })).resolves.toMatchObject({ description: 'From the second tab' });

    // The first tab, now behind, loads the other version instead.
    await description(first.page).fill('First again');
    await first.page.getByRole('button', { name: 'Save', exact: true }).click();
    await first.page.getByRole('button', { name: 'Load the other version' }).click();
    await first.page.getByText('All changes saved').waitFor();
    await expect(description(first.page).inputValue()).resolves.toBe('From the second tab');
    // The server refuses each save over a version that is no longer the parser's (a 409).
    expect(first.problems.errorResponses).toEqual(['409 POST /rpc/parsers.update']);
    expect(second.problems.errorResponses).toEqual(['409 POST /rpc/parsers.update']);
    for (const { page, problems } of [first, second]) {
      expectNoProblems(problems, [/parsers\.update/, /409/]);
      await page.close();
    }
  });

  it('gives the sample the room of a wide window, and names each sub-field with its list', async () => {
    const parser = await e2e.rpc('parsers.create', {
      name: 'Wide window',
      fields: [
        { name: 'total', type: 'number' },
        { name: 'line_items', type: 'array', fields: [{ name: 'description', type: 'string' }] },
        { name: 'taxes', type: 'array', fields: [{ name: 'rate', type: 'number' }] },
      ],
    });
    const { page, problems } = await e2e.openApp();
    await page.setViewportSize({ width: 2560, height: 1200 });
    await page.goto(`${e2e.server.url}/#/parsers/${parser.parser_id}`);
    await page.getByRole('textbox', { name: 'Sub-field name 1 of line_items', exact: true }).waitFor();
    await page.getByRole('textbox', { name: 'Sub-field name 1 of taxes', exact: true }).waitFor();
    const widths = (await page.evaluate(`({
      sample: document.querySelector('.sample').getBoundingClientRect().width,
      editor: document.querySelector('.parsers-screen__editor').getBoundingClientRect().width,
      scrolls: document.documentElement.scrollWidth > document.documentElement.clientWidth,
    })`)) as { sample: number; editor: number; scrolls: boolean };
    expect(widths.scrolls).toBe(false);
    expect(widths.editor).toBeLessThanOrEqual(820);
    expect(widths.sample).toBeGreaterThan(1000);
    await e2e.screenshot(page, 'parsers-wide-window');
    expectNoProblems(problems);
    await page.close();
  });

  it('says in words what the API would refuse, before saving', async () => {
    const parser = await e2e.rpc('parsers.create', { name: 'Limits', fields: [{ name: 'invoice_number', type: 'string' }, { name: 'due', type: 'date' }] });
    const { page, problems } = await e2e.openApp();
    await page.goto(`${e2e.server.url}/#/parsers/${parser.parser_id}`);
    await page.getByRole('button', { name: /^Details of invoice_number/ }).click();
    const rules = page.getByRole('group', { name: 'Rules for invoice_number' });
    await rules.getByRole('combobox', { name: 'Add a rule' }).selectOption({ label: 'Regular expression' });
    await page.getByRole('button', { name: 'Add rule to invoice_number' }).click();
    await rules.getByRole('textbox', { name: 'Pattern' }).fill('Invoice (\\S+)');
    await rules.getByRole('textbox', { name: 'Flags' }).fill('gi');
    await rules.getByText('The flags may only be i (ignore case)', { exact: false }).waitFor();
    const save = page.getByRole('button', { name: 'Save', exact: true });
    await expect(save.isDisabled()).resolves.toBe(true);
    await rules.getByRole('textbox', { name: 'Flags' }).fill('i');

    await page.getByRole('button', { name: /^Details of due/ }).click();
    const dateFormat = page.getByRole('textbox', { name: 'Date format' });
    await dateFormat.fill('DD/MM/YYYY');
    await page.getByText('“DD/MM/YYYY” reads no day, month or year', { exact: false }).waitFor();
    await expect(dateFormat.getAttribute('aria-invalid')).resolves.toBe('true');
    await dateFormat.fill('%d/%m/%Y');

    const description = page.getByPlaceholder('What the value is').first();
    await description.fill('x'.repeat(1200));
    await expect(description.inputValue()).resolves.toHaveLength(1000);
    await page.getByText('Unsaved changes', { exact: true }).waitFor();
    await save.click();
    await page.getByText('Saved.').waitFor();
    const saved = await e2e.rpc('parsers.get', { parser_id: parser.parser_id });
    expect(saved.fields[0]?.rules).toEqual([{ kind: 'regex', pattern: 'Invoice (\\S+)', flags: 'i', group: 1 }]);
    expect(saved.fields[1]?.format).toEqual({ date_format: '%d/%m/%Y' });
    expectNoProblems(problems);
    await page.close();
  });
});
