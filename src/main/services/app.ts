// The application core, headless: the data folder, the store, the engine pool, the job
// runner, the webhook dispatcher and the services over them. The CLI's `serve`, the Electron
// shell and the tests all open one of these; transports only ever see `app.services`.
import { resolveDataDir } from './data-dir.js';
import { createAccountService } from './account-service.js';
import { JobEvents } from './events.js';
import { createExportsService } from './exports-service.js';
import { createExtractionsService } from './extractions-service.js';
import { createParseService } from './parse-service.js';
import { createParsersService } from './parsers-service.js';
import type { Services } from './types.js';
import { createWebhooksService, storeDeliveryQueue } from './webhooks-service.js';
import { WebhookDispatcher, type RetrySchedule } from './webhooks/index.js';
import { DEFAULT_MAX_FILE_SIZE } from '../engine/parse.js';
import { JobRunner } from '../jobs/job-runner.js';
import { enginePool } from '../jobs/parse-worker-host.js';
import { Store } from '../store/store-client.js';

export interface AppOptions {
  /** The data folder (default: PERFECTPARSER_DATA_DIR, else the OS's app-data location). */
  dataDir?: string | undefined;
  /** A better-sqlite3 build for this runtime's ABI (the Electron app passes its own). */
  nativeBinding?: string | undefined;
  /** Largest accepted file in bytes. */
  maxFileSize?: number | undefined;
  /** Attempts per document before a retryable failure is final. */
  maxAttempts?: number | undefined;
  documentTimeoutMs?: number | undefined;
  webhookSchedule?: RetrySchedule | undefined;
  /** Process the queue (default true); false opens the store for reading and admin only. */
  runJobs?: boolean | undefined;
  log?: ((message: string) => void) | undefined;
}

export interface App {
  dataDir: string;
  store: Store;
  events: JobEvents;
  runner: JobRunner;
  services: Services;
  /** The local API key, made on first run. */
  apiKey(): Promise<string>;
  /** Stops taking work, lets running documents finish (or stops them with `abort`), closes. */
  close(options?: { abort?: boolean }): Promise<void>;
}

/** Opens the app core over a data folder and starts processing its queue. */
export async function openApp(options: AppOptions = {}): Promise<App> {
  const dataDir = resolveDataDir(options.dataDir);
  const store = await Store.open({ dataDir, nativeBinding: options.nativeBinding });
  const pool = enginePool();
  const events = new JobEvents();
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const dispatcher = new WebhookDispatcher({ queue: storeDeliveryQueue(store), schedule: options.webhookSchedule, log: options.log });
  const runner = new JobRunner({
    store,
    pool,
    events,
    maxAttempts: options.maxAttempts,
    documentTimeoutMs: options.documentTimeoutMs,
    onDeliveries: () => dispatcher.notify(),
    log: options.log,
  });
  const services: Services = {
    account: createAccountService(store),
    parsers: createParsersService({ store, pool, dataDir, maxFileSize }),
    extractions: createExtractionsService({ store, pool, runner, dataDir, maxFileSize, events, onDeliveries: () => dispatcher.notify() }),
    exports: createExportsService(store),
    webhooks: createWebhooksService(store),
    parse: createParseService(),
    events,
  };
  if (options.runJobs !== false) {
    await store.call('purgeIdempotencyKeys');
    await runner.start();
    dispatcher.start();
  }
  return {
    dataDir,
    store,
    events,
    runner,
    services,
    apiKey: async () => (await store.call('ensureApiKey')).key,
    async close(closeOptions = {}) {
      await runner.stop({ abort: closeOptions.abort });
      await dispatcher.stop();
      await store.close();
    },
  };
}
