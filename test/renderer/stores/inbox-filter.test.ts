// The Inbox's Include filter over files already in the list: files of other types are left out
// of the job (and said so), kept in the list, and taken back when the filter allows them again.
import { describe, expect, it } from 'vitest';
import { filterRefusal, SUPPORTED_KINDS } from '../../../src/main/services/rpc/file-facts.js';
import { FILE_TYPE_FILTERS, IMAGE_FILE_TYPES, passesFileTypeFilter } from '../../../src/shared/rpc-contract.js';
import { createInboxStore, includedFiles, passesFilter } from '../../../src/renderer/stores/inbox-store.js';
import { createFakeBackend } from '../fake-backend.js';
import { jobSummary, stagedFile } from '../fixtures.js';

const pdf = (name: string) => stagedFile(name, { file_type: 'pdf' });
const png = (name: string) => stagedFile(name, { file_type: 'png' });
const text = (name: string) => stagedFile(name, { file_type: 'text' });

describe('the Include filter on staged files', () => {
  it('keeps PDFs, images, or every supported type', () => {
    expect(['pdf', 'png', 'jpeg', 'tiff', 'webp', 'bmp', 'gif', 'text'].filter((t) => passesFilter(t, 'pdf'))).toEqual(['pdf']);
    expect(['pdf', 'png', 'jpeg', 'tiff', 'webp', 'bmp', 'gif', 'text'].filter((t) => passesFilter(t, 'images'))).toEqual(['png', 'jpeg', 'tiff', 'webp', 'bmp', 'gif']);
    expect(includedFiles([pdf('a.pdf'), png('b.png'), text('c.txt')], 'supported')).toHaveLength(3);
  });

  it('keeps the same types as the scan that staged the files (one rule, in the shared contract)', () => {
    expect([...IMAGE_FILE_TYPES]).toEqual(['png', 'jpeg', 'tiff', 'webp', 'bmp', 'gif']);
    for (const filter of FILE_TYPE_FILTERS) {
      for (const kind of SUPPORTED_KINDS) {
        const scanKeeps = filterRefusal({ kind, mime: 'application/octet-stream', label: `${kind} file` }, filter) === null;
        expect(passesFileTypeFilter(kind, filter), `${kind} with ${filter}`).toBe(scanKeeps);
        expect(passesFilter(kind, filter), `${kind} with ${filter}`).toBe(scanKeeps);
      }
    }
    expect(filterRefusal({ kind: 'text', mime: 'text/plain', label: 'plain text file' }, 'images')).toEqual({
      code: 'FILTERED',
      reason: 'This is a plain text file; only images were asked for.',
    });
    expect(filterRefusal({ kind: 'png', mime: 'image/png', label: 'PNG image' }, 'pdf')).toEqual({
      code: 'FILTERED',
      reason: 'This is a PNG image; only PDF documents were asked for.',
    });
  });

  it('starts only the included files, keeps the others listed, and takes them back when the filter allows them', async () => {
    const fake = createFakeBackend();
    fake.on('jobs.create', () => jobSummary('ext_1'));
    const store = createInboxStore(fake.backend);
    store.setState({ files: [pdf('a.pdf'), png('b.png'), pdf('c.pdf'), text('d.txt')] });

    store.getState().setFilter('images');
    expect(store.getState().notice).toBe('3 files in the list are left out: only images are included.');
    store.getState().setFilter('pdf');
    expect(store.getState().notice).toBe('2 files in the list are left out: only PDFs are included.');
    store.getState().setFilter('supported');
    expect(store.getState().notice).toBe('Every file in the list is included.');
    expect(store.getState().files).toHaveLength(4);

    store.getState().setFilter('pdf');
    expect(await store.getState().start()).not.toBeNull();
    expect(fake.callsOf('jobs.create')).toEqual([
      { parser_id: null, files: [{ kind: 'upload', upload_id: 'upl_a.pdf' }, { kind: 'upload', upload_id: 'upl_c.pdf' }] },
    ]);
    expect(store.getState().files.map((f) => f.name)).toEqual(['b.png', 'd.txt']);
    expect(store.getState().notice).toBe('2 files left out by the Include filter are still in the list.');

    // Nothing left passes "PDFs only": no job is started.
    expect(await store.getState().start()).toBeNull();
    expect(fake.callsOf('jobs.create')).toHaveLength(1);

    store.getState().setFilter('supported');
    await store.getState().start();
    expect(fake.callsOf('jobs.create')[1]).toEqual({ parser_id: null, files: [{ kind: 'upload', upload_id: 'upl_b.png' }, { kind: 'upload', upload_id: 'upl_d.txt' }] });
    expect(store.getState().files).toEqual([]);
    expect(store.getState().notice).toBeNull();
  });
});
