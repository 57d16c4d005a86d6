// Taking uploads into the data folder: stored once per content, and a folder that cannot be
// written (a full disk, a file where the folder should be) is a clear SERVICE_UNAVAILABLE.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/shared/api/errors.js';
import { diskError, readIncoming, storeUpload } from '../../../src/main/services/intake.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pp-intake-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function upload(name: string, content: string) {
  const tempPath = path.join(dir, `${name}.part`);
  await writeFile(tempPath, content);
  return readIncoming({ kind: 'upload', filename: name, tempPath }, 1024 * 1024);
}

describe('storeUpload', () => {
  it('keeps one copy per content and removes the spooled file', async () => {
    const a = await upload('a.pdf', '%PDF-1.4 same');
    const b = await upload('b.pdf', '%PDF-1.4 same');
    const storedA = await storeUpload(path.join(dir, 'data'), a);
    const storedB = await storeUpload(path.join(dir, 'data'), b);
    expect(storedA).toBe(storedB);
    expect(await readFile(storedA, 'utf8')).toBe('%PDF-1.4 same');
    await expect(readFile(a.tempPath!)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(readFile(b.tempPath!)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('reports a data folder that cannot be written as SERVICE_UNAVAILABLE', async () => {
    const blocker = path.join(dir, 'not-a-folder');
    await writeFile(blocker, 'x');
    const err = await storeUpload(blocker, await upload('c.pdf', '%PDF-1.4 c')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect((err as ApiError).message).toMatch(/cannot be written \(E(NOTDIR|EXIST)\)/);
  });

  it('says so when the disk is full', () => {
    const err = diskError(Object.assign(new Error('no space'), { code: 'ENOSPC' }));
    expect(err).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });
    expect(err.message).toBe('The disk holding the data folder is full; free some space and send the files again.');
  });
});
