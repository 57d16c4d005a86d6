// Opening the app core fails cleanly: when a step after the store is open fails (another process
// owns the queue, a setting that cannot be read), what was opened is closed again (the store's
// thread and its file, the pool's settings), the other process's claim on the queue is kept, and
// the error thrown is the step's own.
import { readdirSync, readlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openApp, SETTING_WORKER_COUNT } from '../../src/main/services/app.js';
import { enginePool } from '../../src/main/jobs/parse-worker-host.js';
import { storeFile } from '../../src/main/store/db.js';
import { startServeProcess } from '../helpers/serve-process.js';

const dirs: string[] = [];

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

afterEach(() => {
  delete process.env['PERFECTPARSER_CREDITS'];
});

async function dataFolder(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pp-app-open-'));
  dirs.push(dir);
  return dir;
}

/** Files this process has open on the data folder's store (its database, WAL and shared memory). */
function openStoreFiles(dataDir: string): number {
  const db = storeFile(dataDir);
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).startsWith(db);
    } catch {
      return false;
    }
  }).length;
}

describe.runIf(process.platform === 'linux')('openApp when a later step fails', () => {
  it('closes the store and gives the pool its size back when another process owns the queue; the owner keeps it', async () => {
    const dataDir = await dataFolder();
    const size = enginePool().size;
    // An opening reads this setting (and resizes the pool) before it asks for the queue.
    const setup = await openApp({ dataDir, runJobs: false });
    await setup.store.call('setSetting', { key: SETTING_WORKER_COUNT, value: String(size + 3) });
    await setup.close();
    const owner = await startServeProcess(dataDir);
    try {
      for (let attempt = 0; attempt < 2; attempt++) {
        await expect(openApp({ dataDir })).rejects.toThrow(
          `Another PerfectParser (process ${owner.child.pid}) is already processing the jobs of this data folder; close it first, or use another data folder.`,
        );
        expect(openStoreFiles(dataDir)).toBe(0);
        expect(enginePool().size).toBe(size);
      }
    } finally {
      await owner.kill('SIGTERM');
    }
    // Once the owner has stopped, the folder opens.
    const next = await openApp({ dataDir });
    expect(enginePool().size).toBe(size + 3);
    await next.close();
    expect(openStoreFiles(dataDir)).toBe(0);
    expect(enginePool().size).toBe(size);
  });

  it('closes the store when a setting cannot be used, and throws that error', async () => {
    const dataDir = await dataFolder();
    process.env['PERFECTPARSER_CREDITS'] = 'plenty';
    await expect(openApp({ dataDir, runJobs: false })).rejects.toThrow('PERFECTPARSER_CREDITS must be a whole number of credits.');
    expect(openStoreFiles(dataDir)).toBe(0);
  });
});
