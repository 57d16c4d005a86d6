// Sync with the hosted PerfectParser service: the connection (base URL and account in the
// settings table, the key in a SecretStore), the request log, pushing and pulling parsers, and
// processing files in the cloud as local jobs marked `origin: 'remote'`.
//
// Off means off: while sync is off no client exists and nothing is sent. `status` and `log`
// answer from the store; every other call refuses before making a client. `connect` is the
// user's explicit action: it verifies the key with GET /v1/me and turns sync on only then.
import { ApiError } from '../../shared/api/errors.js';
import type { Page } from '../../shared/api/common.js';
import type { Parser } from '../../shared/api/parsers.js';
import { DEFAULT_SYNC_BASE_URL, type SyncLogEntry, type SyncStatus } from '../../shared/rpc-contract.js';
import type { JobEvents } from '../services/events.js';
import type { ParsersService } from '../services/types.js';
import type { Store } from '../store/store-client.js';
import type { NewJobDocument, JobSummaryRow } from '../store/queries/jobs.js';
import { PerfectParserClient, type ClientOptions } from './client.js';
import { SyncError } from './errors.js';
import { RemoteRunner } from './remote-runner.js';
import type { SecretStore } from './secret-store.js';

/** Settings keys. */
export const SYNC_SETTINGS = {
  enabled: 'sync.enabled',
  baseUrl: 'sync.base_url',
  account: 'sync.account',
  credits: 'sync.credits',
  lastError: 'sync.last_error',
} as const;

/** The key's name in the SecretStore. */
export const SYNC_KEY_NAME = 'sync-api-key';

/** Files per hosted job (the /v1 limit). */
export const SYNC_BATCH_SIZE = 50;

/** How often `status` asks the hosted service for the account and balance, at most. */
const STATUS_REFRESH_MS = 30_000;

export interface SyncServiceOptions {
  store: Store;
  events: JobEvents;
  parsers: ParsersService;
  secrets: SecretStore;
  onDeliveries: () => void;
  /** Between polls of running hosted jobs (default 2 s). */
  pollIntervalMs?: number | undefined;
  /** Transport options for tests (fetch, sleep, retry policy, timeouts). */
  client?: Partial<Omit<ClientOptions, 'baseUrl' | 'apiKey' | 'onRequest' | 'signal'>> | undefined;
  log?: ((message: string) => void) | undefined;
}

type Account = NonNullable<SyncStatus['account']>;

/** A failure talking to the hosted service as the services' error type (transports know it). */
export function asApiError(err: unknown): unknown {
  return err instanceof SyncError ? err.toApiError() : err;
}

export class SyncService {
  private readonly runner: RemoteRunner;
  private cached: { baseUrl: string; key: string; client: PerfectParserClient } | null = null;
  private refreshedAt = 0;

  constructor(private readonly options: SyncServiceOptions) {
    this.runner = new RemoteRunner({
      store: options.store,
      events: options.events,
      client: () => this.client(),
      pollIntervalMs: options.pollIntervalMs,
      onDeliveries: options.onDeliveries,
      onBalance: (available) => void this.setSetting(SYNC_SETTINGS.credits, JSON.stringify(available)),
      onError: (sentence) => void this.setSetting(SYNC_SETTINGS.lastError, sentence),
      log: options.log,
    });
  }

  /** Picks up unfinished remote jobs after a start, when sync is on. Sends nothing when off. */
  async start(): Promise<void> {
    if (await this.enabled()) this.runner.kick();
  }

  /** Stops the remote runner (requests in flight are aborted; batches stay resumable). */
  close(): Promise<void> {
    return this.runner.stop();
  }

  /** Resolves once the remote runner has nothing left to send or follow. */
  idle(): Promise<void> {
    return this.runner.idle();
  }

  /** The connection as Settings shows it; asks the hosted service (at most every 30 s) only when on. */
  async status(): Promise<SyncStatus> {
    if ((await this.enabled()) && Date.now() - this.refreshedAt > STATUS_REFRESH_MS) {
      this.refreshedAt = Date.now();
      try {
        const client = await this.client();
        const user = await client.me();
        await this.setSetting(SYNC_SETTINGS.account, JSON.stringify(accountOf(user)));
        await this.setSetting(SYNC_SETTINGS.credits, JSON.stringify((await client.credits()).available));
      } catch (err) {
        await this.setSetting(SYNC_SETTINGS.lastError, err instanceof Error ? err.message : String(err));
      }
    }
    return this.storedStatus();
  }

  /** Verifies the key with GET /v1/me (and reads the balance), stores it, and turns sync on. */
  async connect(args: { base_url: string; api_key: string }): Promise<SyncStatus> {
    const baseUrl = args.base_url.replace(/\/+$/, '');
    const probe = this.makeClient(baseUrl, args.api_key, { maxAttempts: 2 });
    let account: Account;
    let credits: number | null;
    try {
      account = accountOf(await probe.me());
      credits = (await probe.credits()).available;
    } catch (err) {
      if (err instanceof SyncError && err.code === 'UNAUTHORIZED') {
        throw new ApiError('UNAUTHORIZED', `${new URL(baseUrl).host} refused this API key. Check that you copied the whole key from your PerfectParser account.`);
      }
      throw asApiError(err);
    }
    await this.options.secrets.set(SYNC_KEY_NAME, args.api_key);
    await this.setSetting(SYNC_SETTINGS.baseUrl, baseUrl);
    await this.setSetting(SYNC_SETTINGS.account, JSON.stringify(account));
    await this.setSetting(SYNC_SETTINGS.credits, JSON.stringify(credits));
    await this.setSetting(SYNC_SETTINGS.lastError, '');
    await this.setSetting(SYNC_SETTINGS.enabled, 'true');
    this.cached = null;
    this.refreshedAt = Date.now();
    this.runner.kick();
    return this.storedStatus();
  }

  /** Turns sync off and forgets the key (the log and remote jobs stay). */
  async disconnect(): Promise<SyncStatus> {
    await this.setSetting(SYNC_SETTINGS.enabled, 'false');
    await this.setSetting(SYNC_SETTINGS.account, '');
    await this.setSetting(SYNC_SETTINGS.credits, '');
    await this.options.secrets.remove(SYNC_KEY_NAME);
    this.cached = null;
    return this.storedStatus();
  }

  /** Requests sent, newest first. */
  log(args: { limit: number; cursor?: string | undefined }): Promise<Page<SyncLogEntry>> {
    return this.options.store.call('listSyncLog', args);
  }

  /** The hosted account's parsers. */
  async remoteParsers(): Promise<Parser[]> {
    return this.call(async (client) => client.allParsers());
  }

  /** Sends a local parser: updated (PATCH) when the hosted account has one with its name, else created. */
  async pushParser(parserId: string): Promise<{ remote_parser_id: string; action: 'created' | 'updated' }> {
    const parser = await this.options.parsers.get(parserId);
    return this.call(async (client) => {
      const existing = (await client.allParsers()).find((p) => p.name.toLowerCase() === parser.name.toLowerCase());
      if (existing) {
        const updated = await client.updateParser(existing.parser_id, {
          name: parser.name,
          description: parser.description,
          result_mode: parser.result_mode,
          fields: parser.fields,
        });
        return { remote_parser_id: updated.parser_id, action: 'updated' as const };
      }
      const created = await client.createParser({
        name: parser.name,
        ...(parser.description !== null ? { description: parser.description } : {}),
        result_mode: parser.result_mode,
        fields: parser.fields,
      });
      return { remote_parser_id: created.parser_id, action: 'created' as const };
    });
  }

  /** Copies the hosted parsers into the local store: updated by name, else created. */
  async pullParsers(): Promise<{ parsers: Array<{ parser_id: string; name: string; action: 'created' | 'updated' }> }> {
    const remote = await this.remoteParsers();
    const local = await this.localParsers();
    const out: Array<{ parser_id: string; name: string; action: 'created' | 'updated' }> = [];
    for (const r of remote) {
      const mine = local.find((p) => p.name.toLowerCase() === r.name.toLowerCase());
      if (mine) {
        const updated = await this.options.parsers.update(mine.parser_id, { description: r.description, result_mode: r.result_mode, fields: r.fields });
        out.push({ parser_id: updated.parser_id, name: updated.name, action: 'updated' });
      } else {
        const created = await this.options.parsers.create({
          name: r.name,
          ...(r.description !== null ? { description: r.description } : {}),
          result_mode: r.result_mode,
          fields: r.fields,
        });
        out.push({ parser_id: created.parser_id, name: created.name, action: 'created' });
      }
    }
    return { parsers: out };
  }

  /** Creates a remote job over prepared documents with a local parser (pushed first) and starts
   *  sending it; files that cannot be processed are failed at once, as in a local job. */
  async process(args: { parser_id: string; documents: NewJobDocument[] }): Promise<JobSummaryRow> {
    const parser = await this.options.parsers.get(args.parser_id);
    if (parser.fields.length === 0) {
      throw new ApiError('PARSER_NOT_CONFIGURED', `The parser "${parser.name}" has no fields yet; add fields or detect them from a sample first.`, 'parser_id');
    }
    const pushed = await this.pushParser(parser.parser_id);
    const created = await this.options.store.call('createRemoteJob', {
      parser: { parser_id: parser.parser_id, name: parser.name, result_mode: parser.result_mode, fields: parser.fields },
      remote_parser_id: pushed.remote_parser_id,
      documents: args.documents,
      batch_size: SYNC_BATCH_SIZE,
    });
    if (created.deliveries > 0) this.options.onDeliveries();
    this.runner.kick();
    return this.summary(created.extraction_id);
  }

  /** Continues a remote job stopped by a network loss, a refused key or missing credits. Its
   *  batches keep their Idempotency-Keys, so nothing is created or charged twice. */
  async resume(extractionId: string): Promise<JobSummaryRow> {
    const job = await this.summary(extractionId);
    if (job.origin !== 'remote') throw new ApiError('INVALID_PAYLOAD', 'This job was processed on this computer; use Retry to process its failed files again.', 'extraction_id');
    await this.requireEnabled();
    await this.options.store.call('resumeSyncBatches', { extraction_id: extractionId });
    await this.setSetting(SYNC_SETTINGS.lastError, '');
    this.runner.kick();
    return this.summary(extractionId);
  }

  private async summary(extractionId: string): Promise<JobSummaryRow> {
    const job = await this.options.store.call('jobSummary', { extraction_id: extractionId });
    if (!job) throw new ApiError('RESOURCE_NOT_FOUND', `No job with id ${extractionId}.`, 'extraction_id');
    return job;
  }

  private async localParsers(): Promise<Parser[]> {
    const out: Parser[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.options.parsers.list({ limit: 100, cursor });
      out.push(...page.items);
      cursor = page.pagination.next_cursor ?? undefined;
    } while (cursor);
    return out;
  }

  /** Runs calls on the connected account's client; SyncErrors become ApiErrors with their sentence. */
  private async call<T>(task: (client: PerfectParserClient) => Promise<T>): Promise<T> {
    const client = await this.client();
    try {
      return await task(client);
    } catch (err) {
      if (err instanceof SyncError) await this.setSetting(SYNC_SETTINGS.lastError, err.message);
      throw asApiError(err);
    }
  }

  /** Whether sync is on (read from the store; never a request). */
  async enabled(): Promise<boolean> {
    return (await this.options.store.call('getSetting', { key: SYNC_SETTINGS.enabled })) === 'true';
  }

  private async requireEnabled(): Promise<void> {
    if (!(await this.enabled())) throw new ApiError('INVALID_PAYLOAD', 'Sync is off: connect a PerfectParser account in Settings first. Nothing was sent.');
  }

  /** The client for the connected account; refuses (before any client exists) while sync is off. */
  private async client(): Promise<PerfectParserClient> {
    await this.requireEnabled();
    const key = await this.options.secrets.get(SYNC_KEY_NAME);
    if (!key) throw new ApiError('UNAUTHORIZED', 'The hosted API key is no longer stored on this computer. Connect again in Settings.');
    const baseUrl = (await this.options.store.call('getSetting', { key: SYNC_SETTINGS.baseUrl })) || DEFAULT_SYNC_BASE_URL;
    if (this.cached?.baseUrl !== baseUrl || this.cached.key !== key) this.cached = { baseUrl, key, client: this.makeClient(baseUrl, key) };
    return this.cached.client;
  }

  private makeClient(baseUrl: string, apiKey: string, retry?: { maxAttempts: number }): PerfectParserClient {
    const { store } = this.options;
    return new PerfectParserClient({
      ...this.options.client,
      ...(retry ? { retry: { ...this.options.client?.retry, ...retry } } : {}),
      baseUrl,
      apiKey,
      signal: this.runner.signal,
      onRequest: (record) => {
        store.call('insertSyncLog', record).catch((err: unknown) => this.options.log?.(`The sync log could not be written: ${String(err)}`));
      },
    });
  }

  private async storedStatus(): Promise<SyncStatus> {
    const get = (key: string) => this.options.store.call('getSetting', { key });
    const [enabled, baseUrl, account, credits, lastError] = await Promise.all([
      get(SYNC_SETTINGS.enabled),
      get(SYNC_SETTINGS.baseUrl),
      get(SYNC_SETTINGS.account),
      get(SYNC_SETTINGS.credits),
      get(SYNC_SETTINGS.lastError),
    ]);
    const on = enabled === 'true';
    return {
      enabled: on,
      base_url: baseUrl || DEFAULT_SYNC_BASE_URL,
      account: on && account ? (JSON.parse(account) as Account) : null,
      credits_available: on && credits ? (JSON.parse(credits) as number | null) : null,
      key_storage: this.options.secrets.kind,
      last_error: lastError || null,
    };
  }

  private setSetting(key: string, value: string): Promise<void> {
    return this.options.store.call('setSetting', { key, value });
  }
}

function accountOf(user: { user_id: string; name: string; email: string | null; key_name: string }): Account {
  return { user_id: user.user_id, name: user.name, email: user.email, key_name: user.key_name };
}
