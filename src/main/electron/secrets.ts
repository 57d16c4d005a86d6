// Secrets the app must keep (the hosted sync key, later): encrypted with the OS's protected
// storage (Electron's safeStorage: Keychain, DPAPI, or a Linux keyring) into userData/secrets.json.
// Nothing is ever written in plain text: without real protected storage, storing is refused.
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The parts of Electron's safeStorage used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: 'basic_text' means no keyring, i.e. a fixed key anyone could read. */
  getSelectedStorageBackend?: () => string;
}

export const SECRETS_FILE = 'secrets.json';
const NAME_RE = /^[a-z0-9][a-z0-9_.-]{0,63}$/i;

interface SecretsFile {
  version: 1;
  /** name → base64 of the encrypted bytes */
  secrets: Record<string, string>;
}

export class Secrets {
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly safeStorage: SafeStorageLike,
    /** The userData folder; the file is secrets.json inside it. */
    private readonly dir: string,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  /** Why secrets cannot be stored safely on this machine, or null when they can. */
  unavailableReason(): string | null {
    if (!this.safeStorage.isEncryptionAvailable()) {
      return 'This computer offers no protected storage for passwords and keys, so PerfectParser will not store secrets on it.';
    }
    if (this.platform === 'linux' && this.safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
      return 'No keyring (such as GNOME Keyring or KWallet) is running, so PerfectParser cannot store secrets safely. Start or unlock a keyring and try again.';
    }
    return null;
  }

  /** Encrypts and stores a secret under `name`, replacing any earlier one. */
  async set(name: string, value: string): Promise<void> {
    checkName(name);
    this.refuseWhenUnavailable();
    const encrypted = this.safeStorage.encryptString(value).toString('base64');
    await this.serially(async () => {
      const file = await this.read();
      file.secrets[name] = encrypted;
      await this.write(file);
    });
  }

  /** The secret stored under `name`, or null when there is none. */
  async get(name: string): Promise<string | null> {
    checkName(name);
    await this.writes;
    const stored = (await this.read()).secrets[name];
    if (stored === undefined) return null;
    this.refuseWhenUnavailable();
    try {
      return this.safeStorage.decryptString(Buffer.from(stored, 'base64'));
    } catch {
      throw new Error(`The stored ${name} can no longer be read (it was protected under another account or keyring); enter it again.`);
    }
  }

  /** Forgets a secret; true when there was one. */
  async remove(name: string): Promise<boolean> {
    checkName(name);
    return this.serially(async () => {
      const file = await this.read();
      if (!(name in file.secrets)) return false;
      delete file.secrets[name];
      await this.write(file);
      return true;
    });
  }

  private refuseWhenUnavailable(): void {
    const reason = this.unavailableReason();
    if (reason) throw new Error(reason);
  }

  private get file(): string {
    return path.join(this.dir, SECRETS_FILE);
  }

  private async read(): Promise<SecretsFile> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, secrets: {} };
      throw new Error(`The secrets file ${this.file} cannot be read (${(err as NodeJS.ErrnoException).code}).`);
    }
    try {
      const parsed = JSON.parse(text) as Partial<SecretsFile>;
      const secrets = parsed.secrets && typeof parsed.secrets === 'object' ? parsed.secrets : {};
      const clean = Object.fromEntries(Object.entries(secrets).filter(([k, v]) => NAME_RE.test(k) && typeof v === 'string'));
      return { version: 1, secrets: clean };
    } catch {
      throw new Error(`The secrets file ${this.file} is damaged; remove it and enter your keys again.`);
    }
  }

  private async write(file: SecretsFile): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify(file, null, 2)}\n`, { encoding: 'utf8', mode: 0o600 });
    await chmod(temp, 0o600).catch(() => undefined);
    await rename(temp, this.file);
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.writes.then(task, task);
    this.writes = run.catch(() => undefined);
    return run;
  }
}

function checkName(name: string): void {
  if (!NAME_RE.test(name)) throw new Error(`"${name}" is not a valid secret name (letters, digits, "_", "." and "-", at most 64).`);
}
