// Opening the store: a new data folder is the user's alone (it holds the local API key and every
// document's results), and a data folder or store file that is not one says so in a sentence.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb, storeFile } from '../../../src/main/store/db.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'pp-open-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('openDb', () => {
  it.runIf(process.platform !== 'win32')('makes a new data folder 700 and the store file 600', () => {
    const dir = path.join(tmp, 'fresh', 'data');
    const db = openDb(storeFile(dir));
    db.close();
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(storeFile(dir)).mode & 0o777).toBe(0o600);
  });

  it('names a data folder that is a file, and a store file that is not a database', () => {
    const plain = path.join(tmp, 'plain.txt');
    writeFileSync(plain, 'not a folder');
    expect(() => openDb(storeFile(plain))).toThrow(`The data folder ${plain} is a file, not a folder`);
    const dir = mkdtempSync(path.join(tmp, 'damaged-'));
    writeFileSync(storeFile(dir), 'garbage that is no SQLite file at all, long enough to have a header........');
    expect(() => openDb(storeFile(dir))).toThrow(`${storeFile(dir)} is not a PerfectParser database (it may be damaged)`);
  });
});
