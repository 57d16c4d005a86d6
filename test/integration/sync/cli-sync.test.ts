// `perfectparser sync …` as a user runs it, against a second instance of our own server with
// metered credits: login (key from the environment, never printed), pull-parsers, a cloud run
// exported as CSV, the log, logout.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeEnginePool } from '../../../src/main/jobs/parse-worker-host.js';
import { startServer, type RunningServer } from '../../../src/main/server/app.js';
import { openApp, type App } from '../../../src/main/services/app.js';
import { csvRecords, INVOICE_FIELDS, invoicePdf } from '../api/harness.js';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../../../bin/perfectparser.js');
let root: string;
let hosted: App;
let server: RunningServer;
let key: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pp-cli-sync-'));
  hosted = await openApp({ dataDir: path.join(root, 'hosted'), credits: 50, log: () => undefined });
  key = await hosted.apiKey();
  server = await startServer(hosted.services, { host: '127.0.0.1', port: 0, apiKey: key, rateLimits: false, uploadDir: root });
  await hosted.services.parsers.create({ name: 'Invoices', result_mode: 'one_per_file', fields: INVOICE_FIELDS });
});
afterAll(async () => {
  await server?.close();
  await hosted?.close({ abort: true });
  await closeEnginePool();
  await rm(root, { recursive: true, force: true });
});

async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args, '--data-dir', path.join(root, 'local')], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('perfectparser sync', () => {
  it('logs in, pulls parsers, runs a batch in the cloud and exports it, logs and logs out', async () => {
    expect((await cli(['sync', 'status'])).stdout).toMatch(/Sync is off/);
    const bad = await cli(['sync', 'login', '--url', server.url], { PERFECTPARSER_SYNC_KEY: 'pp_wrong_key_0000' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/refused this API key/);

    const login = await cli(['sync', 'login', '--url', server.url], { PERFECTPARSER_SYNC_KEY: key });
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toMatch(/Connected to .*\nCredits: 50\./);
    expect(login.stdout + login.stderr).not.toContain(key);

    const pulled = await cli(['sync', 'pull-parsers']);
    expect(pulled.stdout).toMatch(/Created "Invoices"/);

    const files = [path.join(root, 'inv-7.pdf'), path.join(root, 'inv-8.pdf')];
    await writeFile(files[0]!, invoicePdf(7));
    await writeFile(files[1]!, invoicePdf(8));
    const out = await cli(['sync', 'run', ...files, '--parser', 'Invoices', '--csv']);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).toMatch(/2\/2 documents done/);
    const csv = csvRecords(out.stdout);
    expect(csv.records.map((r) => r['invoice_number']).sort()).toEqual(['INV-7', 'INV-8']);
    expect((await hosted.services.account.credits()).available).toBe(48);

    const log = await cli(['sync', 'log', '--json']);
    const entries = JSON.parse(log.stdout) as Array<{ method: string; path: string }>;
    expect(entries.some((e) => e.method === 'POST' && e.path === '/v1/extractions')).toBe(true);
    expect(log.stdout).not.toContain(key);

    const status = JSON.parse((await cli(['sync', 'status', '--json'])).stdout) as { enabled: boolean; credits_available: number; key_storage: string };
    expect(status).toMatchObject({ enabled: true, credits_available: 48, key_storage: 'file' });
    expect((await cli(['sync', 'logout'])).code).toBe(0);
    expect((await cli(['sync', 'status'])).stdout).toMatch(/Sync is off/);
  }, 120_000);
});
