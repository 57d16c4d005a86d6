// Dropping files on the Inbox, end to end in browser mode: two corpus PDFs are dragged onto the
// drop zone as a browser delivers them (a DataTransfer of File items, dispatched as dragenter,
// dragover and drop). The zone shows its drag-over state while they hover, accepts the drop,
// and both files are uploaded and staged. Files built in the page, like files dragged from some
// applications, have no file-system entry (webkitGetAsEntry() answers null), so this also covers
// the fallback to DataTransfer.files.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, describe } from 'vitest';
import { expectNoProblems, repoRoot, startE2e, type E2e } from './harness.js';

const CORPUS = path.resolve(repoRoot, '../shared/corpus');
const PDFS = ['fields/AzureInterior.pdf', 'fields/coolblue1.pdf'];

/** The browser globals the page functions below use (this file is typechecked without the DOM library). */
interface DropGlobals {
  DataTransfer: new () => { items: { add(file: unknown): unknown; length: number; [index: number]: { kind: string; webkitGetAsEntry(): unknown } }; files: { length: number } };
  File: new (parts: unknown[], name: string, options: { type: string }) => unknown;
  Uint8Array: typeof Uint8Array;
  DragEvent: new (type: string, init: { bubbles: boolean; cancelable: boolean; dataTransfer: unknown }) => { defaultPrevented: boolean };
}

interface DispatchTarget {
  dispatchEvent(event: unknown): boolean;
}

describe('dropping files on the inbox', () => {
  let e2e: E2e;
  beforeAll(async () => {
    e2e = await startE2e({ name: 'drop' });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('stages files dropped on the drop zone, showing the drag-over state while they hover', async () => {
    const files = await Promise.all(PDFS.map(async (pdf) => ({ name: path.basename(pdf), bytes: Array.from(await readFile(path.join(CORPUS, pdf))) })));
    const { page, problems } = await e2e.openApp();
    await page.getByRole('heading', { name: 'Inbox', level: 2 }).waitFor();
    const zone = page.getByTestId('drop-zone');
    await zone.waitFor();

    // The drag's data, as the browser hands it to the page: File items in a DataTransfer.
    const dataTransfer = await page.evaluateHandle((list) => {
      const g = globalThis as unknown as DropGlobals;
      const data = new g.DataTransfer();
      for (const f of list) data.items.add(new g.File([new g.Uint8Array(f.bytes)], f.name, { type: 'application/pdf' }));
      return data;
    }, files);
    const shape = await dataTransfer.evaluate((data) => ({
      items: data.items.length,
      files: data.files.length,
      kinds: Array.from({ length: data.items.length }, (_, i) => data.items[i]!.kind),
      entries: Array.from({ length: data.items.length }, (_, i) => data.items[i]!.webkitGetAsEntry() !== null),
    }));
    expect(shape).toEqual({ items: 2, files: 2, kinds: ['file', 'file'], entries: [false, false] });

    // Hovering: the zone says it will take them.
    await zone.dispatchEvent('dragenter', { dataTransfer });
    // The zone cancels dragover: without that the browser refuses the drop. (Its dropEffect of
    // "copy" is not observable here: Chromium ignores it on a DataTransfer made by the page.)
    const over = await zone.evaluate((el, data) => {
      const g = globalThis as unknown as DropGlobals;
      const event = new g.DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: data });
      (el as unknown as DispatchTarget).dispatchEvent(event);
      return event.defaultPrevented;
    }, dataTransfer);
    expect(over).toBe(true);
    await page.locator('[data-testid="drop-zone"].drop-zone--over').waitFor();
    await zone.getByText('Drop to add them').waitFor();
    await e2e.screenshot(page, 'inbox-drag-over');

    // Leaving again: back to the resting state, nothing added.
    await zone.dispatchEvent('dragleave', { dataTransfer });
    await zone.getByText('Drop files or whole folders here').waitFor();
    expect(await page.locator('[data-testid="drop-zone"].drop-zone--over').count()).toBe(0);
    expect(await page.getByTestId('staged-row').count()).toBe(0);

    // Dragging in again and dropping: the drag-over state ends and both files are staged.
    await zone.dispatchEvent('dragenter', { dataTransfer });
    await zone.dispatchEvent('dragover', { dataTransfer });
    await page.locator('[data-testid="drop-zone"].drop-zone--over').waitFor();
    await zone.dispatchEvent('drop', { dataTransfer });
    await page.getByRole('button', { name: 'Start — 2 files' }).waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="drop-zone"].drop-zone--over').count()).toBe(0);
    const rows = page.getByTestId('staged-row');
    expect(await rows.count()).toBe(2);
    for (const pdf of PDFS) await expect(rows.filter({ hasText: path.basename(pdf) }).getByText('PDF', { exact: true }).count()).resolves.toBe(1);
    await page.getByText('Added 2 files.').waitFor();
    await e2e.screenshot(page, 'inbox-dropped');

    expectNoProblems(problems);
    await page.close();
  });
});
