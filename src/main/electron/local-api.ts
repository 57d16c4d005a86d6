// The local REST API as the desktop switches it: off by default, on when the user turns it on
// in Settings (remembered in config.json), checking a rotated key from the next request on, and
// closed on quit. Calls are serialised, so a quick on-off-on never runs two servers.
import { mkdir, rm } from 'node:fs/promises';
import type { RunningServer, ServerOptions } from '../server/app.js';
import type { Services } from '../services/types.js';

export const LOCAL_API_HOST = '127.0.0.1';
export const LOCAL_API_PORT = 4780;

export type StartServer = (services: Services, options: ServerOptions) => Promise<RunningServer>;

export interface LocalApiOptions {
  services: Services;
  /** The key requests must carry (the store's, made on first run). */
  apiKey: () => Promise<string>;
  /** Where uploads are spooled: on the data folder's disk, emptied at each start. */
  uploadDir: string;
  /** Largest accepted upload in bytes: the app's own limit, so uploads and jobs agree. */
  maxUploadBytes?: number | undefined;
  start: StartServer;
  /** Remembers the user's choice (config.json). */
  persist: (enabled: boolean) => Promise<void>;
  port?: number | undefined;
  log?: ((message: string) => void) | undefined;
}

export class LocalApi {
  private server: RunningServer | null = null;
  /** The key the running server checks (read by it on every request). */
  private key = '';
  private queue: Promise<unknown> = Promise.resolve();
  private readonly port: number;
  private readonly log: (message: string) => void;

  constructor(private readonly options: LocalApiOptions) {
    this.port = options.port ?? LOCAL_API_PORT;
    this.log = options.log ?? (() => undefined);
  }

  /** Whether it listens, and where. */
  status(): { enabled: boolean; url: string | null } {
    return { enabled: this.server !== null, url: this.server?.url ?? null };
  }

  /** Switches the API on or off and remembers the choice; rejects with a sentence when it cannot listen. */
  setEnabled(enabled: boolean): Promise<void> {
    return this.serially(async () => {
      if (enabled && !this.server) this.server = await this.listen();
      if (!enabled && this.server) await this.stop();
      await this.options.persist(enabled).catch((err: unknown) => this.log(`The API setting could not be saved: ${messageOf(err)}`));
    });
  }

  /** At launch: listens when the user left it on; a failure is logged and the API stays off. */
  restore(enabled: boolean | undefined): Promise<void> {
    if (!enabled) return Promise.resolve();
    return this.serially(async () => {
      if (!this.server) this.server = await this.listen();
    }).catch((err: unknown) => this.log(messageOf(err)));
  }

  /** After a key rotation: the running server accepts only the new key from the next request on. */
  keyChanged(key: string): void {
    if (key) this.key = key;
  }

  /** Stops listening (quit); the remembered choice is kept for the next start. */
  close(): Promise<void> {
    return this.serially(() => this.stop());
  }

  private async listen(): Promise<RunningServer> {
    this.key = await this.options.apiKey();
    await rm(this.options.uploadDir, { recursive: true, force: true });
    await mkdir(this.options.uploadDir, { recursive: true });
    try {
      return await this.options.start(this.options.services, {
        host: LOCAL_API_HOST,
        port: this.port,
        apiKey: () => this.key,
        uploadDir: this.options.uploadDir,
        maxUploadBytes: this.options.maxUploadBytes,
      });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') {
        throw new Error(
          `Port ${this.port} on this computer is already used by another program (perhaps \`perfectparser serve\`), so the local API cannot start. Stop that program and turn the API on again.`,
        );
      }
      if (code === 'EACCES') throw new Error(`This computer does not allow PerfectParser to listen on port ${this.port}, so the local API cannot start.`);
      throw new Error(`The local API could not start: ${messageOf(err)}`);
    }
  }

  private async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    await server?.close();
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
