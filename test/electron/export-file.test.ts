import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diskSentence, writeExportFile } from '../../src/main/electron/export-file.js';
import type { ExportTarget } from '../../src/main/services/types.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pp-export-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function target(write: (out: Writable) => Promise<void>): ExportTarget {
  return { contentType: 'text/csv', filename: 'ext_1.csv', write };
}

describe('writing an export to disk', () => {
  it('streams the export into the file, whether or not the writer ends the stream', async () => {
    const file = path.join(dir, 'a.csv');
    await writeExportFile(
      target(async (out) => {
        for (let i = 0; i < 1000; i++) out.write(`row ${i}\n`);
      }),
      file,
    );
    const text = await readFile(file, 'utf8');
    expect(text.split('\n')).toHaveLength(1001);
    await writeExportFile(target(async (out) => void out.end('done\n')), file);
    expect(await readFile(file, 'utf8')).toBe('done\n');
    expect(await readdir(dir)).toEqual(['a.csv']);
  });

  it('leaves an existing file untouched and no partial file behind when the export fails', async () => {
    const file = path.join(dir, 'a.csv');
    await writeFile(file, 'the old export\n');
    await expect(
      writeExportFile(
        target(async (out) => {
          out.write('half');
          throw new Error('The job ext_1 does not exist.');
        }),
        file,
      ),
    ).rejects.toThrow('The job ext_1 does not exist.');
    expect(await readFile(file, 'utf8')).toBe('the old export\n');
    expect(await readdir(dir)).toEqual(['a.csv']);
  });

  it('turns a disk error into a sentence', async () => {
    await expect(writeExportFile(target(async (out) => void out.end('x')), path.join(dir, 'missing', 'a.csv'))).rejects.toThrow(
      /^The folder .*missing no longer exists; choose another one\.$/,
    );
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
    expect(diskSentence(full, '/home/ada/ext_1.xlsx')).toBe('There is not enough space on the disk to save ext_1.xlsx; free some space and export again.');
    expect(diskSentence(Object.assign(new Error('x'), { code: 'EACCES' }), '/etc/ext_1.csv')).toMatch(/not allowed to write in \/etc/);
    expect(diskSentence(Object.assign(new Error('x'), { code: 'EBUSY' }), 'C:/x/ext_1.xlsx')).toMatch(/open in another program/);
  });
});
