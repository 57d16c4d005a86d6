// One data folder, one process running its jobs: a second `serve` over the same folder is refused
// with a sentence naming the first (it would requeue the documents the first is processing and
// both would drain one queue), and exits instead of hanging; once the first is killed, a new one
// starts at once.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServeProcess, type ServeProcess } from '../helpers/serve-process.js';

let dir: string;
const servers: ServeProcess[] = [];

afterAll(async () => {
  await Promise.all(servers.map((s) => s.kill('SIGKILL')));
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('two servers over one data folder', () => {
  it('refuses the second while the first runs, and takes over from a killed one', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pp-owner-'));
    const dataDir = path.join(dir, 'data');
    const first = await startServeProcess(dataDir);
    servers.push(first);

    const second = await startServeProcess(dataDir).then(
      (s) => {
        servers.push(s);
        return null;
      },
      (err: Error) => err,
    );
    expect(second?.message).toBe(
      `serve exited with 2: perfectparser: Another PerfectParser (process ${first.child.pid}) is already processing the jobs of this data folder; close it first, or use another data folder.\n`,
    );

    await first.kill('SIGKILL');
    const third = await startServeProcess(dataDir);
    servers.push(third);
    await third.kill('SIGTERM');
    // Stopped in order, it gives the folder back: the next one starts too.
    servers.push(await startServeProcess(dataDir));
  }, 60_000);
});
