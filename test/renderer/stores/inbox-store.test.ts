import { describe, expect, it } from 'vitest';
import { createInboxStore, findDuplicates } from '../../../src/renderer/stores/inbox-store.js';
import { createFakeBackend } from '../fake-backend.js';
import { jobSummary, stagedFile } from '../fixtures.js';

const fakeFile = (name: string) => new File(['x'], name);

describe('inbox store', () => {
  it('stages added items with the chosen filter, reports progress, and merges the result', async () => {
    const fake = createFakeBackend();
    const progress: (readonly [number, number] | null)[] = [];
    fake.onStage(async (items, filter, onProgress) => {
      expect(filter).toBe('pdf');
      expect(items.files.map((f) => f.name)).toEqual(['a.pdf']);
      expect(items.entries).toHaveLength(1);
      onProgress?.(1, 2);
      return { files: [stagedFile('a.pdf'), stagedFile('b.pdf')], skipped: [{ name: 'x.exe', relative_path: 'x.exe', reason: 'This kind of file cannot be read.' }] };
    });
    const store = createInboxStore(fake.backend);
    store.subscribe((s) => progress.push(s.staging ? [s.staging.done, s.staging.total] : null));
    store.getState().setFilter('pdf');
    const entry = { isFile: false, isDirectory: true, name: 'invoices', fullPath: '/invoices' };
    await store.getState().add({ files: [fakeFile('a.pdf')], entries: [entry] });

    const state = store.getState();
    expect(state.files.map((f) => f.name)).toEqual(['a.pdf', 'b.pdf']);
    expect(state.skipped).toHaveLength(1);
    expect(state.staging).toBeNull();
    expect(progress).toContainEqual([1, 2]);
    expect(state.notice).toBe('Added 2 files. 1 file was skipped.');
  });

  it('ignores an empty add and does not list the same file twice', async () => {
    const fake = createFakeBackend();
    let stages = 0;
    fake.onStage(async () => {
      stages++;
      return { files: [stagedFile('a.pdf')], skipped: [] };
    });
    const store = createInboxStore(fake.backend);
    await store.getState().add({ files: [] });
    expect(stages).toBe(0);
    await store.getState().add({ files: [fakeFile('a.pdf')] });
    await store.getState().add({ files: [fakeFile('a.pdf')] });
    expect(store.getState().files).toHaveLength(1);
    expect(store.getState().notice).toBe('No new files were added. 1 file was already in the list.');
  });

  it('lists files in folder order and flags later files with the same content as duplicates of the first', async () => {
    const fake = createFakeBackend();
    // Uploads finish in any order; the list follows the folder.
    fake.onStage(async () => ({
      files: [stagedFile('d-copy-of-a.pdf', { hash: 'h1' }), stagedFile('a.pdf', { hash: 'h1' }), stagedFile('c-copy-of-a.pdf', { hash: 'h1' }), stagedFile('b.pdf', { hash: 'h2' })],
      skipped: [],
    }));
    const store = createInboxStore(fake.backend);
    await store.getState().add({ files: [fakeFile('a.pdf')] });
    const { duplicates, files } = store.getState();
    expect(files.map((f) => f.name)).toEqual(['a.pdf', 'b.pdf', 'c-copy-of-a.pdf', 'd-copy-of-a.pdf']);
    expect(duplicates).toEqual({ 'upload:upl_c-copy-of-a.pdf': 'invoices/a.pdf', 'upload:upl_d-copy-of-a.pdf': 'invoices/a.pdf' });

    store.getState().removeDuplicates();
    expect(store.getState().files.map((f) => f.name)).toEqual(['a.pdf', 'b.pdf']);
    expect(store.getState().duplicates).toEqual({});
    expect(store.getState().notice).toBe('Removed 2 duplicates.');
  });

  it('flags duplicates across separate adds', () => {
    const dupes = findDuplicates([stagedFile('a.pdf', { hash: 'h' }), stagedFile('b.pdf', { hash: 'x' }), stagedFile('c.pdf', { hash: 'h' })]);
    expect(dupes).toEqual({ 'upload:upl_c.pdf': 'invoices/a.pdf' });
  });

  it('counts and removes files processed before', async () => {
    const fake = createFakeBackend();
    const before = { extraction_id: 'ext_1', document_id: 'doc_1', filename: 'a.pdf', created_at: '2025-01-02T03:04:05.000Z' };
    fake.onStage(async () => ({ files: [stagedFile('a.pdf', { processed_before: before }), stagedFile('b.pdf')], skipped: [] }));
    const store = createInboxStore(fake.backend);
    await store.getState().add({ files: [fakeFile('a.pdf')] });
    expect(store.getState().processedBeforeCount).toBe(1);
    store.getState().removeProcessedBefore();
    expect(store.getState().files.map((f) => f.name)).toEqual(['b.pdf']);
    expect(store.getState().processedBeforeCount).toBe(0);
  });

  it('removes one file by key and clears everything', async () => {
    const fake = createFakeBackend();
    fake.onStage(async () => ({ files: [stagedFile('a.pdf'), stagedFile('b.pdf', { hash: 'hash-a.pdf' })], skipped: [{ name: 's', relative_path: 's', reason: 'r' }] }));
    const store = createInboxStore(fake.backend);
    await store.getState().add({ files: [fakeFile('a.pdf')] });
    store.getState().remove('upload:upl_a.pdf');
    expect(store.getState().files.map((f) => f.name)).toEqual(['b.pdf']);
    // b was a duplicate of a; with a gone it no longer is.
    expect(store.getState().duplicates).toEqual({});
    store.getState().clear();
    expect(store.getState().files).toEqual([]);
    expect(store.getState().skipped).toEqual([]);
  });

  it('turns a staging failure into a sentence and keeps the list', async () => {
    const fake = createFakeBackend();
    fake.onStage(async () => {
      throw new Error('the folder could not be read: permission denied');
    });
    const store = createInboxStore(fake.backend);
    await store.getState().add({ files: [fakeFile('a.pdf')] });
    expect(store.getState().error).toBe('The files could not be added. The folder could not be read: permission denied.');
    expect(store.getState().staging).toBeNull();
    store.getState().dismissError();
    expect(store.getState().error).toBeNull();
  });

  it('sums the progress of adds running at the same time', async () => {
    const fake = createFakeBackend();
    const releases: (() => void)[] = [];
    fake.onStage(
      (_items, _filter, onProgress) =>
        new Promise((resolve) => {
          onProgress?.(1, 4);
          releases.push(() => resolve({ files: [], skipped: [] }));
        }),
    );
    const store = createInboxStore(fake.backend);
    const first = store.getState().add({ files: [fakeFile('a.pdf')] });
    const second = store.getState().add({ files: [fakeFile('b.pdf')] });
    expect(store.getState().staging).toEqual({ done: 2, total: 8 });
    releases[0]!();
    await first;
    expect(store.getState().staging).toEqual({ done: 1, total: 4 });
    releases[1]!();
    await second;
    expect(store.getState().staging).toBeNull();
  });

  it('uses the native dialog with the current filter when the backend has one', async () => {
    const fake = createFakeBackend({ kind: 'desktop', dialog: true });
    fake.onStage(async () => ({ files: [stagedFile('a.pdf', { ref: { kind: 'path', path: '/docs/a.pdf' } })], skipped: [] }));
    const store = createInboxStore(fake.backend);
    store.getState().setFilter('images');
    await store.getState().addWithDialog('folder');
    expect(fake.dialogCalls).toEqual([{ kind: 'folder', filter: 'images' }]);
    expect(store.getState().files[0]!.ref).toEqual({ kind: 'path', path: '/docs/a.pdf' });
  });

  it('starts a job with the chosen parser and every staged file, then empties the list', async () => {
    const fake = createFakeBackend();
    fake.onStage(async () => ({ files: [stagedFile('a.pdf'), stagedFile('b.pdf')], skipped: [] }));
    fake.on('jobs.create', () => jobSummary('ext_9'));
    const store = createInboxStore(fake.backend);
    await store.getState().add({ files: [fakeFile('a.pdf')] });
    store.getState().setParser('prs_1');
    const job = await store.getState().start();
    expect(job?.extraction_id).toBe('ext_9');
    expect(fake.callsOf('jobs.create')).toEqual([
      { parser_id: 'prs_1', files: [{ kind: 'upload', upload_id: 'upl_a.pdf' }, { kind: 'upload', upload_id: 'upl_b.pdf' }] },
    ]);
    expect(store.getState().files).toEqual([]);
    expect(store.getState().starting).toBe(false);
  });

  it('parses only by default, and keeps the list when starting fails', async () => {
    const fake = createFakeBackend();
    fake.onStage(async () => ({ files: [stagedFile('a.pdf')], skipped: [] }));
    fake.on('jobs.create', () => {
      throw new Error('The parser "Invoices" has no fields yet');
    });
    const store = createInboxStore(fake.backend);
    await store.getState().add({ files: [fakeFile('a.pdf')] });
    expect(await store.getState().start()).toBeNull();
    expect(fake.callsOf('jobs.create')[0]).toMatchObject({ parser_id: null });
    expect(store.getState().files).toHaveLength(1);
    expect(store.getState().error).toBe('The job could not be started. The parser "Invoices" has no fields yet.');
  });

  it('takes the files a job started out of the list in one update, however many there are', () => {
    const fake = createFakeBackend();
    const store = createInboxStore(fake.backend);
    const files = Array.from({ length: 2_000 }, (_, i) => stagedFile(`f${i}.pdf`, { hash: `hash-${i % 1_000}` }));
    const skipped = [{ name: 'x.exe', relative_path: 'x.exe', reason: 'This kind of file cannot be read.' }];
    store.setState({ files, duplicates: findDuplicates(files), skipped, notice: 'Added 2,000 files.' });
    let updates = 0;
    store.subscribe(() => updates++);

    store.getState().takeStarted(files.slice(0, 1_500));
    expect(updates).toBe(1);
    expect(store.getState().files.map((f) => f.name)).toEqual(files.slice(1_500).map((f) => f.name));
    // The 500 files left were the second copies of started ones: none is a duplicate any more.
    expect(store.getState().duplicates).toEqual({});
    expect(store.getState().skipped).toEqual(skipped);
    expect(store.getState().notice).toBeNull();

    store.getState().takeStarted(files.slice(1_500));
    expect(updates).toBe(2);
    expect(store.getState().files).toEqual([]);
    expect(store.getState().skipped).toEqual([]);
  });

  it('does not start with nothing staged', async () => {
    const fake = createFakeBackend();
    const store = createInboxStore(fake.backend);
    expect(await store.getState().start()).toBeNull();
    expect(fake.calls).toEqual([]);
  });
});
