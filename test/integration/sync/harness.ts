// Two instances of our own app over real HTTP: a "hosted" one (metered credits, its own key,
// served by the real /v1 server on a random port) behind a fault-injecting proxy, and a "local"
// one whose sync client talks to it. Each with its own temporary data folder.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { closeEnginePool } from '../../../src/main/jobs/parse-worker-host.js';
import { startServer, type RunningServer } from '../../../src/main/server/app.js';
import { openApp, type App } from '../../../src/main/services/app.js';
import { createRpcService } from '../../../src/main/services/rpc/index.js';
import type { RpcService } from '../../../src/main/services/rpc/types.js';
import type { JobDetail, RpcHandlers, RpcMethod, RpcParsedArgs } from '../../../src/shared/rpc-contract.js';
import { parseRpcArgs } from '../../../src/shared/rpc-contract.js';
import { startFaultProxy, type FaultProxy } from '../../helpers/fault-proxy.js';

export interface SyncHarness {
  root: string;
  hosted: App;
  hostedServer: RunningServer;
  /** The key the hosted server accepts now (tests change it to revoke the local one). */
  hostedKey: { current: string };
  proxy: FaultProxy;
  local: App;
  rpc: RpcService;
  call<M extends RpcMethod>(method: M, args?: unknown): ReturnType<RpcHandlers[M]>;
  /** Writes a file below the scratch folder; returns its path. */
  write(name: string, bytes: Uint8Array): Promise<string>;
  /** Polls jobs.get until the job finished or stopped with a sync error. */
  waitForJob(extractionId: string, timeoutMs?: number): Promise<JobDetail & { sync_error?: string | null }>;
  exportText(extractionId: string, format: 'csv' | 'json'): Promise<string>;
  close(): Promise<void>;
}

const FINISHED = ['completed', 'failed', 'partial'];

export async function openSyncHarness(name: string, options: { credits?: number } = {}): Promise<SyncHarness> {
  const root = await mkdtemp(path.join(tmpdir(), `pp-sync-${name}-`));
  const hosted = await openApp({ dataDir: path.join(root, 'hosted'), credits: options.credits ?? 1000, log: () => undefined });
  const hostedKey = { current: await hosted.apiKey() };
  const hostedServer = await startServer(hosted.services, { host: '127.0.0.1', port: 0, apiKey: () => hostedKey.current, rateLimits: false, uploadDir: root });
  const proxy = await startFaultProxy(hostedServer.url);
  const local = await openApp({
    dataDir: path.join(root, 'local'),
    log: () => undefined,
    syncPollIntervalMs: 150,
    syncClient: { retry: { baseMs: 50, maxMs: 1500, maxAttempts: 4 }, timeoutMs: 20_000 },
  });
  const rpc = createRpcService(local, { mode: 'desktop', api: { status: () => ({ enabled: false, url: null }) } });
  const files = path.join(root, 'files');
  await mkdir(files, { recursive: true });
  const call = (<M extends RpcMethod>(method: M, args?: unknown) =>
    (rpc.handlers[method] as (a: RpcParsedArgs<M>) => unknown)(parseRpcArgs(method, args))) as SyncHarness['call'];
  return {
    root,
    hosted,
    hostedServer,
    hostedKey,
    proxy,
    local,
    rpc,
    call,
    async write(fileName, bytes) {
      const file = path.join(files, fileName);
      await writeFile(file, bytes);
      return file;
    },
    async waitForJob(extractionId, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const job = (await call('jobs.get', { extraction_id: extractionId })) as JobDetail & { sync_error?: string | null };
        if (FINISHED.includes(job.status) || job.sync_error) return job;
        if (Date.now() > deadline) throw new Error(`job ${extractionId} still ${job.status} after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async exportText(extractionId, format) {
      const target = await local.services.exports.extraction(extractionId, { format, line_items: 'rows' });
      const out = new PassThrough();
      const chunks: Buffer[] = [];
      out.on('data', (c: Buffer) => chunks.push(c));
      await target.write(out);
      return Buffer.concat(chunks).toString('utf8');
    },
    async close() {
      await local.close({ abort: true });
      await proxy.close();
      await hostedServer.close();
      await hosted.close({ abort: true });
      await closeEnginePool();
      await rm(root, { recursive: true, force: true });
    },
  };
}
