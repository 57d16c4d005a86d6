// Where sync keeps the hosted API key: the OS keychain in the desktop app (Electron safeStorage,
// see electron/sync-secrets.ts), or, headless (CLI, serve), a file only this user can read:
// `<dataDir>/secrets/<name>` in a 0700 folder, written 0600 through a temporary file and a rename.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface SecretStore {
  kind: 'keychain' | 'file';
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  /** True when there was one. */
  remove(name: string): Promise<boolean>;
}

const NAME_RE = /^[a-z0-9][a-z0-9_.-]{0,63}$/i;

function checkName(name: string): void {
  if (!NAME_RE.test(name)) throw new Error(`"${name}" is not a valid secret name (letters, digits, "_", "." and "-", at most 64).`);
}

/** The file-backed store under `<dataDir>/secrets/`. */
export class FileSecretStore implements SecretStore {
  readonly kind = 'file' as const;
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'secrets');
  }

  async get(name: string): Promise<string | null> {
    checkName(name);
    try {
      return (await readFile(path.join(this.dir, name), 'utf8')).trim() || null;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new Error(`The stored ${name} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
    }
  }

  async set(name: string, value: string): Promise<void> {
    checkName(name);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    // mkdir's mode does not apply to a folder that already existed.
    await chmod(this.dir, 0o700).catch(() => undefined);
    const file = path.join(this.dir, name);
    const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temp, value, { encoding: 'utf8', mode: 0o600, flag: 'wx' });
      await chmod(temp, 0o600).catch(() => undefined);
      await rename(temp, file);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  }

  async remove(name: string): Promise<boolean> {
    checkName(name);
    try {
      await rm(path.join(this.dir, name));
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }
}
