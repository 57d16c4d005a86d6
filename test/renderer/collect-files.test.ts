// Files dropped in the browser: folders are walked through their entries, and plain files that
// came in the same drop without an entry are kept too.
import { describe, expect, it } from 'vitest';
import { collectFiles } from '../../src/renderer/backend/http-backend.js';

const fileEntry = (fullPath: string) => {
  const name = fullPath.split('/').pop()!;
  return { isFile: true, isDirectory: false, name, fullPath, file: (ok: (f: File) => void) => ok(new File(['x'], name)) };
};

const dirEntry = (fullPath: string, children: unknown[]) => {
  let read = false;
  return {
    isFile: false,
    isDirectory: true,
    name: fullPath.split('/').pop()!,
    fullPath,
    createReader: () => ({
      readEntries: (ok: (entries: unknown[]) => void) => {
        ok(read ? [] : children);
        read = true;
      },
    }),
  };
};

describe('collectFiles', () => {
  it('walks dropped folders and keeps the drop items that had no entry', async () => {
    const folder = dirEntry('/invoices', [fileEntry('/invoices/a.pdf'), dirEntry('/invoices/2025', [fileEntry('/invoices/2025/b.pdf')])]);
    const loose = new File(['y'], 'loose.pdf');
    const out = await collectFiles({ files: [], entries: [folder], looseFiles: [loose] });
    expect(out.map((p) => p.relativePath)).toEqual(['invoices/a.pdf', 'invoices/2025/b.pdf', 'loose.pdf']);
  });

  it('names files of a folder input by their path below the folder', async () => {
    const f = new File(['z'], 'c.pdf');
    Object.defineProperty(f, 'webkitRelativePath', { value: 'scans/c.pdf' });
    expect((await collectFiles({ files: [f] })).map((p) => p.relativePath)).toEqual(['scans/c.pdf']);
  });
});
