// The application core, headless: the data folder, the store, the engine pool, the job
// runner, the webhook dispatcher and the services over them. The CLI's `serve`, the Electron
// shell and the tests all open one of these; transports only ever see `app.services`.
import path from 'node:path';
import { resolveDataDir } from './data-dir.js';
import { configuredMaxFileSize } from './limits.js';
import { createAccountService } from './account-service.js';
import { JobEvents } from './events.js';
import { createExportsService } from './exports-service.js';
import { createExtractionsService } from './extractions-service.js';
import { createParseService } from './parse-service.js';
import { createParsersService } from './parsers-service.js';
import type { Services } from './types.js';
import { createWebhooksService, storeDeliveryQueue } from './webhooks-service.js';
import { WebhookDispatcher, type RetrySchedule } from './webhooks/index.js';
import type { EnginePool, OcrOptions } from '../jobs/engine-pool.js';
import { JobRunner } from '../jobs/job-runner.js';
import { enginePool } from '../jobs/parse-worker-host.js';
import { Store } from '../store/store-client.js';
import type { ClientOptions } from '../sync/client.js';
import { FileSecretStore, type SecretStore } from '../sync/secret-store.js';
import { SyncService } from '../sync/sync-service.js';

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
  /** Where sync keeps the hosted API key (default: a file only this user can read, in the data folder). */
  secretStore?: SecretStore | undefined;
  /** Metered mode: a finite credit balance (one credit per page; 402 when short), set at open.
   *  Default: PERFECTPARSER_CREDITS when set, else the stored balance (unlimited unless set). */
  credits?: number | null | undefined;
  /** Sync: between polls of running hosted jobs (default 2 s). */
  syncPollIntervalMs?: number | undefined;
  /** Sync: transport options (tests: retry policy, timeouts). */
  syncClient?: Partial<Omit<ClientOptions, 'baseUrl' | 'apiKey' | 'onRequest' | 'signal'>> | undefined;
}

/** Settings keys of the engine's user settings. */
export const SETTING_OCR_LANGUAGES = 'ocr_languages';
export const SETTING_WORKER_COUNT = 'worker_count';

export interface EngineSettings {
  /** Tesseract codes OCR reads; ['eng'] when unset. */
  ocrLanguages: string[];
  /** Engine workers; the pool's own size when unset. */
  workerCount?: number | undefined;
}

export interface App {
  dataDir: string;
  store: Store;
  events: JobEvents;
  runner: JobRunner;
  services: Services;
  /** Sync with the hosted service (off until the user connects). */
  sync: SyncService;
  /** The engine pool every task runs in (jobs, previews, sample tests). */
  pool: EnginePool;
  /** Largest accepted file in bytes. */
  maxFileSize: number;
  /** Where extra OCR language data goes: `<dataDir>/tessdata`. */
  tessdataDir: string;
  /** Where jobs save figures' pictures: `<dataDir>/figures/<document id>/`. */
  figuresDir: string;
  /** The OCR languages in effect. */
  ocrLanguages(): string[];
  /** Applies engine settings (already stored) to the running engine: OCR languages reach every
   *  later task, and the pool grows or shrinks at once (running documents finish first). */
  applyEngineSettings(settings: Partial<EngineSettings>): void;
  /** Wakes the webhook dispatcher after deliveries were queued outside the runner. */
  notifyDeliveries(): void;
  /** The local API key, made on first run. */
  apiKey(): Promise<string>;
  /** Metered mode: sets the credit balance (null: unlimited). */
  setCredits(available: number | null): Promise<void>;
  /** Stops taking work, lets running documents finish (or stops them with `abort`), closes. */
  close(options?: { abort?: boolean }): Promise<void>;
}

/** Opens the app core over a data folder and starts processing its queue. */
export async function openApp(options: AppOptions = {}): Promise<App> {
  const dataDir = resolveDataDir(options.dataDir);
  const pool = enginePool();
  const initialPoolSize = pool.size;
  const store = await Store.open({ dataDir, nativeBinding: options.nativeBinding });
  const tessdataDir = path.join(dataDir, 'tessdata');
  const figuresDir = path.join(dataDir, 'figures');
  let ocrLanguages = ['eng'];
  const events = new JobEvents();
  const maxFileSize = options.maxFileSize ?? configuredMaxFileSize();
  const dispatcher = new WebhookDispatcher({ queue: storeDeliveryQueue(store), schedule: options.webhookSchedule, log: options.log });
  const runner = new JobRunner({
    store,
    pool,
    events,
    maxAttempts: options.maxAttempts,
    documentTimeoutMs: options.documentTimeoutMs,
    maxFileSize,
    onDeliveries: () => dispatcher.notify(),
    log: options.log,
    figuresDir,
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
  const sync = new SyncService({
    store,
    events,
    parsers: services.parsers,
    secrets: options.secretStore ?? new FileSecretStore(dataDir),
    onDeliveries: () => dispatcher.notify(),
    pollIntervalMs: options.syncPollIntervalMs,
    client: options.syncClient,
    log: options.log,
  });
  function applyEngineSettings(settings: Partial<EngineSettings>): void {
    if (settings.ocrLanguages) {
      ocrLanguages = [...settings.ocrLanguages];
      pool.setOcrDefaults(ocrOptions(ocrLanguages, tessdataDir));
    }
    if (settings.workerCount !== undefined) {
      pool.resize(settings.workerCount);
      runner.notify();
    }
  }
  /** Closes everything, last opened first; each step is safe over a part that never started. The
   *  pool outlives this app (it is the process's): it gets back what the settings changed. With
   *  `quiet` (a failed opening), a step's error is ignored so the later steps still run. */
  async function teardown({ abort, quiet }: { abort?: boolean | undefined; quiet?: boolean }): Promise<void> {
    const steps = [
      () => sync.close(),
      () => runner.stop({ abort }),
      () => dispatcher.stop(),
      () => store.close(),
      () => {
        pool.setOcrDefaults(undefined);
        pool.resize(initialPoolSize);
      },
    ];
    for (const step of steps) await (quiet ? Promise.resolve().then(step).catch(() => undefined) : step());
  }
  // When a step fails (another process owns the queue, a setting cannot be read, a write fails),
  // what was opened is closed again: the store's thread, the queue's claim and the pool's
  // settings are not left behind. The step's own error is the one thrown.
  try {
    const credits = options.credits !== undefined ? options.credits : creditsFromEnv();
    if (credits !== undefined) await store.call('setCreditBalance', { available: credits });
    applyEngineSettings(await storedEngineSettings(store));
    if (options.runJobs !== false) {
      await store.call('purgeIdempotencyKeys');
      await runner.start();
      dispatcher.start();
      // Sends nothing while sync is off.
      await sync.start();
    }
  } catch (err) {
    await teardown({ abort: true, quiet: true });
    throw err;
  }
  return {
    dataDir,
    store,
    events,
    runner,
    services,
    sync,
    pool,
    maxFileSize,
    tessdataDir,
    figuresDir,
    ocrLanguages: () => [...ocrLanguages],
    applyEngineSettings,
    notifyDeliveries: () => dispatcher.notify(),
    apiKey: async () => (await store.call('ensureApiKey')).key,
    setCredits: (available) => store.call('setCreditBalance', { available }),
    close: (closeOptions = {}) => teardown({ abort: closeOptions.abort }),
  };
}

/** PERFECTPARSER_CREDITS: a whole number of credits (metered mode), or undefined. */
function creditsFromEnv(): number | undefined {
  const value = process.env['PERFECTPARSER_CREDITS']?.trim();
  if (!value) return undefined;
  if (!/^\d+$/.test(value)) throw new Error('PERFECTPARSER_CREDITS must be a whole number of credits.');
  return Number(value);
}

/** The engine settings kept in the store (unset ones left out). */
async function storedEngineSettings(store: Store): Promise<Partial<EngineSettings>> {
  const out: Partial<EngineSettings> = {};
  const langs = await store.call('getSetting', { key: SETTING_OCR_LANGUAGES });
  if (langs) {
    const parsed = JSON.parse(langs) as unknown;
    if (Array.isArray(parsed) && parsed.length > 0 && parsed.every((l) => typeof l === 'string')) out.ocrLanguages = parsed as string[];
  }
  const workers = Number(await store.call('getSetting', { key: SETTING_WORKER_COUNT }));
  if (Number.isInteger(workers) && workers >= 1) out.workerCount = workers;
  return out;
}

/** What the engine needs for the languages: nothing for English alone (bundled), else the
 *  languages and the data folder's tessdata. */
function ocrOptions(languages: string[], tessdataDir: string): OcrOptions | undefined {
  if (languages.length === 1 && languages[0] === 'eng') return undefined;
  return { languages, langDir: tessdataDir };
}
