// A data folder on a full disk: opening the store there fails with SQLite's I/O error (its
// journal and shared-memory files cannot be made), which is said as the full disk it is, not as
// a folder without permission (a full disk is a tmpfs of its own: test/helpers/tmpfs.ts).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Store } from '../../../src/main/store/store-client.js';
import { mountTmpfs, unmountTmpfs } from '../../helpers/tmpfs.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'pp-full-disk-'));
const disk = path.join(tmp, 'disk');
const canMount = mountTmpfs(disk, 'size=1m');
afterAll(() => {
  if (canMount) unmountTmpfs(disk);
  rmSync(tmp, { recursive: true, force: true });
});

/** Fills the disk holding `dir` to the last byte. */
function fill(dir: string): void {
  const chunk = Buffer.alloc(64 * 1024);
  for (let i = 0; ; i++) {
    try {
      writeFileSync(path.join(dir, `filler-${i}`), chunk);
    } catch {
      break;
    }
  }
  for (let size = 32 * 1024; size >= 1; size = Math.floor(size / 2)) {
    try {
      writeFileSync(path.join(dir, `filler-small-${size}`), Buffer.alloc(size));
    } catch {
      // this size no longer fits: try a smaller one
    }
  }
}

describe('a data folder on a full disk', () => {
  it.runIf(canMount)('is said to be on a full disk when the store made there before cannot be opened again', async () => {
    const dataDir = path.join(disk, 'data');
    mkdirSync(dataDir);
    // Made while there was room, closed, and opened again once the disk is full.
    await (await Store.open({ dataDir })).close();
    fill(disk);
    await expect(Store.open({ dataDir })).rejects.toThrow('The disk holding the data folder is full; free some space and try again.');
  });
});
