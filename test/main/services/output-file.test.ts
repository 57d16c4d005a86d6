import { existsSync, lstatSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diskSentence, isFsError, writeOutputFile } from '../../../src/main/services/output-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pp-export-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writing an output file (an export, the command line\'s --out)', () => {
  it('streams the export into the file, whether or not the writer ends the stream', async () => {
    const file = path.join(dir, 'a.csv');
    await writeOutputFile(file, async (out: Writable) => {
      for (let i = 0; i < 1000; i++) out.write(`row ${i}\n`);
    });
    const text = await readFile(file, 'utf8');
    expect(text.split('\n')).toHaveLength(1001);
    await writeOutputFile(file, (out) => void out.end('done\n'));
    expect(await readFile(file, 'utf8')).toBe('done\n');
    expect(await readdir(dir)).toEqual(['a.csv']);
  });

  it('leaves an existing file untouched and no partial file behind when the export fails', async () => {
    const file = path.join(dir, 'a.csv');
    await writeFile(file, 'the old export\n');
    await expect(
      writeOutputFile(file, async (out) => {
        out.write('half');
        throw new Error('The job ext_1 does not exist.');
      }),
    ).rejects.toThrow('The job ext_1 does not exist.');
    expect(await readFile(file, 'utf8')).toBe('the old export\n');
    expect(await readdir(dir)).toEqual(['a.csv']);
  });

  it('writes through a symbolic link: the file it points to is replaced, the link stays', async () => {
    await mkdir(path.join(dir, 'exports'));
    const target = path.join(dir, 'exports', 'latest.json');
    await writeFile(target, 'the old export\n');
    const link = path.join(dir, 'latest.json');
    await symlink(path.join('exports', 'latest.json'), link);
    await writeOutputFile(link, (out) => void out.end('the new export\n'));
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(await readFile(target, 'utf8')).toBe('the new export\n');
    expect(await readdir(path.join(dir, 'exports'))).toEqual(['latest.json']);
    // A link to a file not yet there creates that file, as a shell's `>` would.
    const dangling = path.join(dir, 'next.json');
    await symlink(path.join('exports', 'next.json'), dangling);
    await writeOutputFile(dangling, (out) => void out.end('{}'));
    expect(lstatSync(dangling).isSymbolicLink()).toBe(true);
    expect(await readFile(path.join(dir, 'exports', 'next.json'), 'utf8')).toBe('{}');
  });

  it('turns a disk error into a sentence', async () => {
    await expect(writeOutputFile(path.join(dir, 'missing', 'a.csv'), (out) => void out.end('x'))).rejects.toThrow(
      /^The folder .*missing no longer exists; choose another one\.$/,
    );
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
    expect(diskSentence(full, '/home/ada/ext_1.xlsx')).toBe('There is not enough space on the disk to save ext_1.xlsx; free some space and try again.');
    expect(diskSentence(Object.assign(new Error('x'), { code: 'EACCES' }), '/etc/ext_1.csv')).toMatch(/not allowed to write in \/etc/);
    expect(diskSentence(Object.assign(new Error('x'), { code: 'EBUSY' }), 'C:/x/ext_1.xlsx')).toMatch(/open in another program/);
  });

  it('tells an error the file system raised from others', async () => {
    const missing = await readFile(path.join(dir, 'missing.csv')).catch((err: unknown) => err);
    expect(isFsError(missing)).toBe(true);
    expect(isFsError(Object.assign(new Error('x'), { code: 'ERR_INVALID_ARG_TYPE' }))).toBe(false);
    expect(isFsError({ code: 'ENOENT', syscall: 'open' })).toBe(false);
  });

  it.runIf(existsSync('/dev/full'))('writes into a device instead of replacing it, and reports a full disk', async () => {
    // Reached through links in the test's folder, so a regression could replace only a link.
    const sink = path.join(dir, 'discard.csv');
    const full = path.join(dir, 'full.csv');
    await symlink('/dev/null', sink);
    await symlink('/dev/full', full);
    await writeOutputFile(sink, (out) => void out.end('discarded'));
    await expect(writeOutputFile(full, (out) => void out.end('x'.repeat(100_000)))).rejects.toThrow(
      'There is not enough space on the disk to save full.csv; free some space and try again.',
    );
    expect(lstatSync(sink).isSymbolicLink() && lstatSync(full).isSymbolicLink()).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(['discard.csv', 'full.csv']);
  });
});
