import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dataDirFor, readShellConfig, updateShellConfig } from '../../src/main/electron/config.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pp-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('shell config.json', () => {
  it('means the defaults when it is missing, without complaint', async () => {
    const log = vi.fn();
    await expect(readShellConfig(dir, log)).resolves.toEqual({});
    expect(log).not.toHaveBeenCalled();
    expect(dataDirFor({}, dir, {})).toBe(path.join(dir, 'data'));
  });

  it('reads the chosen data folder and the API switch', async () => {
    const chosen = path.resolve('/srv/perfectparser');
    await writeFile(path.join(dir, 'config.json'), JSON.stringify({ dataDir: chosen, apiEnabled: true }));
    const config = await readShellConfig(dir);
    expect(config).toEqual({ dataDir: chosen, apiEnabled: true });
    expect(dataDirFor(config, dir, {})).toBe(chosen);
  });

  it('lets PERFECTPARSER_DATA_DIR win, so each test run gets its own folder', () => {
    expect(dataDirFor({ dataDir: path.resolve('/srv/pp') }, dir, { PERFECTPARSER_DATA_DIR: path.resolve('/tmp/run-1') })).toBe(path.resolve('/tmp/run-1'));
  });

  it('ignores a relative data folder and values of the wrong type, and reports broken JSON', async () => {
    await writeFile(path.join(dir, 'config.json'), JSON.stringify({ dataDir: 'data', apiEnabled: 'yes' }));
    await expect(readShellConfig(dir)).resolves.toEqual({});
    const log = vi.fn();
    await writeFile(path.join(dir, 'config.json'), '{ not json');
    await expect(readShellConfig(dir, log)).resolves.toEqual({});
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/not valid settings/));
  });

  it('merges an update into the file, keeping keys it does not know', async () => {
    await writeFile(path.join(dir, 'config.json'), JSON.stringify({ dataDir: path.resolve('/srv/pp'), future: 1 }));
    await updateShellConfig(dir, { apiEnabled: true });
    expect(JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8'))).toEqual({ dataDir: path.resolve('/srv/pp'), future: 1, apiEnabled: true });
    await updateShellConfig(path.join(dir, 'fresh'), { apiEnabled: false });
    expect(JSON.parse(await readFile(path.join(dir, 'fresh', 'config.json'), 'utf8'))).toEqual({ apiEnabled: false });
  });
});
