// `perfectparser serve` and `perfectparser key`: the local REST API over the data folder's
// job store, the desktop UI for a browser (browser mode: the built renderer plus its /rpc
// bridge), and the key that opens them.
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { createRpcService } from '../services/rpc/index.js';
import type { RpcHost } from '../services/rpc/types.js';
import { startServer, DEFAULT_HOST, DEFAULT_PORT, type RunningServer } from '../server/app.js';
import type { RateLimits } from '../server/rate-limit.js';
import { defaultRendererDir } from '../server/static-renderer.js';
import { openDataFolder } from './data-folder.js';
import { UsageError } from './usage-error.js';

export interface ServeOptions {
  host?: string;
  port?: number;
  dataDir?: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
/** Uploads staged in the browser but never used by a job are removed after a day… */
const STALE_UPLOAD_MS = 24 * 60 * 60 * 1000;
/** …looked for every hour. */
const PURGE_INTERVAL_MS = 60 * 60 * 1000;

/** Rate limits from PERFECTPARSER_RATE_LIMIT: `off`, or `<per minute>,<extractions per minute>`. */
export function rateLimitsFromEnv(value = process.env['PERFECTPARSER_RATE_LIMIT']): RateLimits | false | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'off') return false;
  const m = /^(\d+),(\d+)$/.exec(value.trim());
  if (!m) throw new UsageError('PERFECTPARSER_RATE_LIMIT must be "off" or two numbers "<requests per minute>,<extractions per minute>".');
  return { perMinute: Number(m[1]), extractionsPerMinute: Number(m[2]) };
}

/** The key the server accepts: PERFECTPARSER_API_KEY when set, else the one kept in the store. */
function envKey(): string | undefined {
  const key = process.env['PERFECTPARSER_API_KEY'];
  return key && key.trim() ? key.trim() : undefined;
}

/** The link that opens the UI with its key (in the fragment, which browsers never send to the
 *  server nor to its logs; the UI moves it to sessionStorage and out of the address bar). */
function browserLink(url: string, key: string): string {
  return `${url}/#key=${encodeURIComponent(key)}`;
}

/** Runs the server until SIGINT/SIGTERM; resolves with the exit code. */
export async function serveCommand(options: ServeOptions): Promise<number> {
  const host = options.host ?? DEFAULT_HOST;
  const port = options.port ?? DEFAULT_PORT;
  const rateLimits = rateLimitsFromEnv();
  const log = (message: string) => process.stderr.write(`${message}\n`);
  const app = await openDataFolder(options.dataDir, { log });
  const uploadDir = path.join(app.dataDir, 'incoming');
  // Spooled uploads of a process that died are never picked up again.
  await rm(uploadDir, { recursive: true, force: true });
  await mkdir(uploadDir, { recursive: true });
  const fixedKey = envKey();
  let apiKey = fixedKey ?? (await app.apiKey());
  let url: string | null = null;
  const rpcHost: RpcHost = {
    mode: 'browser',
    api: {
      status: () => ({ enabled: true, url }),
      fixedKey,
      keyChanged: (key) => {
        apiKey = key;
        log('The API key was changed in Settings: the old key and the link printed at start no longer work.');
        if (url) process.stdout.write(`Open in your browser (new key): ${browserLink(url, key)}\n`);
      },
    },
  };
  const rpc = createRpcService(app, rpcHost);
  const rendererDir = defaultRendererDir();
  let server: RunningServer;
  try {
    server = await startServer(app.services, { host, port, apiKey: () => apiKey, rateLimits, maxUploadBytes: app.maxFileSize, uploadDir, rpc, rendererDir });
  } catch (err) {
    await app.close({ abort: true });
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`Port ${port} on ${host} is already in use; choose another with --port.`);
    if (code === 'EADDRNOTAVAIL') throw new UsageError(`This machine has no address ${host}; use --host 127.0.0.1.`);
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL') throw new UsageError(`The host name ${host} could not be found; give an address of this machine, such as --host 127.0.0.1.`);
    throw err;
  }
  url = server.url;
  if (!LOOPBACK.has(host)) log(`Warning: listening on ${host}, reachable from other machines; anyone with the key can use it.`);
  if (!existsSync(path.join(rendererDir, 'index.html'))) log(`The browser UI is not built (${rendererDir} is missing): run \`npm run build\` to use it.`);
  process.stdout.write(
    `PerfectParser is serving the /v1 API on ${server.url}\n` +
      `Open in your browser: ${browserLink(server.url, apiKey)}\n` +
      `API key:     ${apiKey}${fixedKey ? ' (from PERFECTPARSER_API_KEY)' : ''}\n` +
      `Data folder: ${app.dataDir}\n` +
      `Try:         curl -H "X-API-Key: ${apiKey}" ${server.url}/v1/me\n`,
  );
  const purge = () => {
    rpc.purgeStaleUploads(STALE_UPLOAD_MS).catch((err: unknown) => log(`Could not remove stale uploads: ${err instanceof Error ? err.message : String(err)}`));
  };
  purge();
  const purgeTimer = setInterval(purge, PURGE_INTERVAL_MS);
  purgeTimer.unref();
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  clearInterval(purgeTimer);
  log('Stopping: documents in progress will resume at the next start.');
  await server.close();
  await app.close({ abort: true });
  return 0;
}

/** Prints the local API key (making it on first use). */
export async function keyCommand(options: { dataDir?: string }): Promise<number> {
  const fromEnv = envKey();
  if (fromEnv) {
    process.stdout.write(`${fromEnv}\n`);
    return 0;
  }
  const app = await openDataFolder(options.dataDir, { runJobs: false });
  try {
    process.stdout.write(`${await app.apiKey()}\n`);
  } finally {
    await app.close();
  }
  return 0;
}
