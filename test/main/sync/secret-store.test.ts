// The file secret store: a 0700 folder, 0600 files written atomically, get / set / remove.
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileSecretStore } from '../../../src/main/sync/secret-store.js';

let dir: string;
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(process.platform === 'win32')('FileSecretStore', () => {
  it('keeps a secret readable only by the user, replaces it atomically, and forgets it', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pp-secrets-'));
    const store = new FileSecretStore(dir);
    expect(store.kind).toBe('file');
    expect(await store.get('sync-api-key')).toBeNull();
    await store.set('sync-api-key', 'first');
    await store.set('sync-api-key', 'second');
    expect(await store.get('sync-api-key')).toBe('second');
    expect((await stat(store.dir)).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(store.dir, 'sync-api-key'))).mode & 0o777).toBe(0o600);
    expect(await readdir(store.dir)).toEqual(['sync-api-key']);
    expect(await store.remove('sync-api-key')).toBe(true);
    expect(await store.remove('sync-api-key')).toBe(false);
    expect(await store.get('sync-api-key')).toBeNull();
  });

  it('refuses names that could leave its folder', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pp-secrets-'));
    const store = new FileSecretStore(dir);
    await expect(store.set('../evil', 'x')).rejects.toThrow(/not a valid secret name/);
  });
});
