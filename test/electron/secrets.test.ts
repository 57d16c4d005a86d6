import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Secrets, type SafeStorageLike } from '../../src/main/electron/secrets.js';

/** A stand-in for safeStorage: reversible, but visibly not the plain text. */
function fakeSafeStorage(options: { available?: boolean; backend?: string } = {}) {
  const storage: SafeStorageLike & { available: boolean } = {
    available: options.available ?? true,
    isEncryptionAvailable: () => storage.available,
    encryptString: (plain) => Buffer.from(`enc:${[...plain].reverse().join('')}`, 'utf8'),
    decryptString: (encrypted) => {
      const text = encrypted.toString('utf8');
      if (!text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return [...text.slice(4)].reverse().join('');
    },
  };
  if (options.backend) storage.getSelectedStorageBackend = () => options.backend!;
  return storage;
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pp-secrets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('secrets', () => {
  it('stores a secret encrypted, reads it back, replaces and forgets it', async () => {
    const secrets = new Secrets(fakeSafeStorage(), dir, 'darwin');
    await expect(secrets.get('sync.api_key')).resolves.toBeNull();
    await secrets.set('sync.api_key', 'pp_live_secret');
    const onDisk = await readFile(path.join(dir, 'secrets.json'), 'utf8');
    expect(onDisk).not.toContain('pp_live_secret');
    expect(JSON.parse(onDisk)).toMatchObject({ version: 1, secrets: { 'sync.api_key': expect.any(String) } });
    await expect(secrets.get('sync.api_key')).resolves.toBe('pp_live_secret');

    await secrets.set('sync.api_key', 'pp_live_other');
    await expect(new Secrets(fakeSafeStorage(), dir, 'darwin').get('sync.api_key')).resolves.toBe('pp_live_other');
    await expect(secrets.remove('sync.api_key')).resolves.toBe(true);
    await expect(secrets.remove('sync.api_key')).resolves.toBe(false);
    await expect(secrets.get('sync.api_key')).resolves.toBeNull();
  });

  it('keeps the file readable by its owner only', async () => {
    if (process.platform === 'win32') return;
    await new Secrets(fakeSafeStorage(), dir, 'linux').set('a', 'b');
    expect((await stat(path.join(dir, 'secrets.json'))).mode & 0o777).toBe(0o600);
  });

  it('keeps concurrent writes of different names', async () => {
    const secrets = new Secrets(fakeSafeStorage(), dir, 'win32');
    await Promise.all(['one', 'two', 'three'].map((n) => secrets.set(n, `${n}-value`)));
    for (const n of ['one', 'two', 'three']) await expect(secrets.get(n)).resolves.toBe(`${n}-value`);
  });

  it('refuses clearly when the OS offers no encryption, writing nothing', async () => {
    const secrets = new Secrets(fakeSafeStorage({ available: false }), dir, 'win32');
    expect(secrets.unavailableReason()).toMatch(/no protected storage/);
    await expect(secrets.set('sync.api_key', 'pp_live_secret')).rejects.toThrow(/no protected storage for passwords and keys/);
    await expect(stat(path.join(dir, 'secrets.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses on Linux without a keyring (the basic_text backend is not protection)', async () => {
    const secrets = new Secrets(fakeSafeStorage({ backend: 'basic_text' }), dir, 'linux');
    await expect(secrets.set('sync.api_key', 'x')).rejects.toThrow(/No keyring/);
    expect(new Secrets(fakeSafeStorage({ backend: 'gnome_libsecret' }), dir, 'linux').unavailableReason()).toBeNull();
  });

  it('says so when a stored secret can no longer be decrypted', async () => {
    await writeFile(path.join(dir, 'secrets.json'), JSON.stringify({ version: 1, secrets: { 'sync.api_key': Buffer.from('garbage').toString('base64') } }));
    await expect(new Secrets(fakeSafeStorage(), dir, 'darwin').get('sync.api_key')).rejects.toThrow(/can no longer be read.*enter it again/);
  });

  it('refuses odd names and reports a damaged file', async () => {
    const secrets = new Secrets(fakeSafeStorage(), dir, 'darwin');
    await expect(secrets.set('../escape', 'x')).rejects.toThrow(/not a valid secret name/);
    await expect(secrets.get('__proto__')).rejects.toThrow(/not a valid secret name/);
    await writeFile(path.join(dir, 'secrets.json'), '{oops');
    await expect(secrets.get('sync.api_key')).rejects.toThrow(/damaged/);
  });
});
