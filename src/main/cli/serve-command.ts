// `perfectparser serve` and `perfectparser key`: the local REST API over the data folder's
// job store, and the key that opens it.
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { openApp } from '../services/app.js';
import { startServer, DEFAULT_HOST, DEFAULT_PORT } from '../server/app.js';
import type { RateLimits } from '../server/rate-limit.js';
import { UsageError } from './usage-error.js';

export interface ServeOptions {
  host?: string;
  port?: number;
  dataDir?: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

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

/** Runs the server until SIGINT/SIGTERM; resolves with the exit code. */
export async function serveCommand(options: ServeOptions): Promise<number> {
  const host = options.host ?? DEFAULT_HOST;
  const port = options.port ?? DEFAULT_PORT;
  const rateLimits = rateLimitsFromEnv();
  const log = (message: string) => process.stderr.write(`${message}\n`);
  const app = await openApp({ dataDir: options.dataDir, log });
  const uploadDir = path.join(app.dataDir, 'incoming');
  // Spooled uploads of a process that died are never picked up again.
  await rm(uploadDir, { recursive: true, force: true });
  await mkdir(uploadDir, { recursive: true });
  const apiKey = envKey() ?? (await app.apiKey());
  let server;
  try {
    server = await startServer(app.services, { host, port, apiKey, rateLimits, uploadDir });
  } catch (err) {
    await app.close({ abort: true });
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`Port ${port} on ${host} is already in use; choose another with --port.`);
    if (code === 'EADDRNOTAVAIL') throw new UsageError(`This machine has no address ${host}; use --host 127.0.0.1.`);
    throw err;
  }
  if (!LOOPBACK.has(host)) log(`Warning: listening on ${host}, reachable from other machines; anyone with the key can use it.`);
  process.stdout.write(
    `PerfectParser is serving the /v1 API on ${server.url}\n` +
      `API key:     ${apiKey}${envKey() ? ' (from PERFECTPARSER_API_KEY)' : ''}\n` +
      `Data folder: ${app.dataDir}\n` +
      `Try:         curl -H "X-API-Key: ${apiKey}" ${server.url}/v1/me\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
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
  const app = await openApp({ dataDir: options.dataDir, runJobs: false });
  try {
    process.stdout.write(`${await app.apiKey()}\n`);
  } finally {
    await app.close();
  }
  return 0;
}
