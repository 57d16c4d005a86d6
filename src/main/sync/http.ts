// The hosted API's transport: one fetch per attempt, rate limits honoured (X-RateLimit-Remaining /
// -Reset: wait when exhausted; 429: Retry-After or exponential back-off, capped, a bounded number
// of attempts), network errors and 5xx retried only where that cannot do anything twice (GET, and
// POSTs carrying an Idempotency-Key), every attempt reported (never the key), and failures turned
// into SyncErrors that carry a sentence.
import { API_ERRORS, type ApiErrorCode } from '../../shared/api/errors.js';
import type { SyncLogEntry } from '../../shared/rpc-contract.js';
import { insufficientCreditsSentence, REVOKED_KEY_SENTENCE, SyncError, unreachableSentence } from './errors.js';

/** One request as the sync log keeps it: a log entry before the store gives it an id. */
export type RequestRecord = Omit<SyncLogEntry, 'id'>;

export interface RetryPolicy {
  /** Attempts per request, the first included (default 6). */
  maxAttempts: number;
  /** First back-off in ms, doubled per attempt (default 500). */
  baseMs: number;
  /** Longest single wait in ms (default 30 s). */
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseMs: 500, maxMs: 30_000 };

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface TransportOptions {
  baseUrl: string;
  apiKey: string;
  fetch?: typeof fetch | undefined;
  onRequest?: ((record: RequestRecord) => void) | undefined;
  sleep?: Sleep | undefined;
  now?: (() => number) | undefined;
  retry?: Partial<RetryPolicy> | undefined;
  /** Per attempt (default 60 s). */
  timeoutMs?: number | undefined;
  /** Aborts every request and wait (the app is closing). */
  signal?: AbortSignal | undefined;
}

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined> | undefined;
  json?: unknown;
  /** Made per attempt (a multipart Blob can be sent again). */
  body?: (() => Promise<{ body: Blob; contentType: string }>) | undefined;
  idempotencyKey?: string | undefined;
}

export interface Answer {
  status: number;
  headers: Headers;
  bytes: Uint8Array;
}

/** Waits `ms`, or rejects when `signal` aborts. */
export const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

type Bucket = 'all' | 'extractions';

export class Transport {
  readonly host: string;
  private readonly base: string;
  private readonly retry: RetryPolicy;
  private readonly fetchFn: typeof fetch;
  private readonly sleep: Sleep;
  private readonly now: () => number;
  /** Per bucket: requests left in the window and when it ends (epoch ms), as last reported. */
  private readonly limits = new Map<Bucket, { remaining: number; resetAt: number }>();
  /** The balance last seen, for the insufficient-credits sentence. */
  lastBalance: number | null = null;

  constructor(private readonly options: TransportOptions) {
    const url = new URL(options.baseUrl);
    this.base = url.href.replace(/\/+$/, '');
    this.host = url.host;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.fetchFn = options.fetch ?? fetch;
    this.sleep = options.sleep ?? realSleep;
    this.now = options.now ?? Date.now;
  }

  /** Sends a request (with retries as the policy allows) and returns a 2xx answer, or throws a SyncError. */
  async send(spec: RequestSpec): Promise<Answer> {
    const bucket: Bucket = spec.method === 'POST' && spec.path === '/v1/extractions' ? 'extractions' : 'all';
    const replayable = spec.method === 'GET' || (spec.method === 'POST' && spec.idempotencyKey !== undefined);
    const pathAndQuery = spec.path + queryString(spec.query);
    for (let attempt = 1; ; attempt++) {
      await this.waitForWindow(bucket);
      const last = attempt >= this.retry.maxAttempts;
      const started = this.now();
      const at = new Date(started).toISOString();
      let requestBytes = 0;
      let res: Response;
      let bytes: Uint8Array;
      // The body is built before sending: a file that cannot be opened is not a network failure.
      const headers: Record<string, string> = { 'x-api-key': this.options.apiKey, accept: 'application/json' };
      let body: string | Blob | undefined;
      if (spec.json !== undefined) {
        const text = JSON.stringify(spec.json);
        body = text;
        requestBytes = Buffer.byteLength(text);
        headers['content-type'] = 'application/json';
      } else if (spec.body) {
        const built = await spec.body();
        body = built.body;
        requestBytes = built.body.size;
        headers['content-type'] = built.contentType;
      }
      if (spec.idempotencyKey) headers['idempotency-key'] = spec.idempotencyKey;
      try {
        const signals = [AbortSignal.timeout(this.options.timeoutMs ?? 60_000)];
        if (this.options.signal) signals.push(this.options.signal);
        res = await this.fetchFn(this.base + pathAndQuery, { method: spec.method, headers, body, signal: AbortSignal.any(signals) });
        // The body is read inside the try: a connection dropped mid-answer is a network failure too.
        bytes = new Uint8Array(await res.arrayBuffer());
      } catch (err) {
        const cause = networkCause(err);
        this.record({ at, method: spec.method, path: pathAndQuery, request_bytes: requestBytes, response_bytes: 0, status: null, duration_ms: this.now() - started, error: cause });
        if (this.options.signal?.aborted) throw this.options.signal.reason as Error;
        if (replayable && !last) {
          await this.sleep(this.backoff(attempt), this.options.signal);
          continue;
        }
        throw new SyncError('SERVICE_UNAVAILABLE', unreachableSentence(this.host, cause), null, true);
      }
      this.noteWindow(bucket, res.headers);
      const ok = res.status >= 200 && res.status < 300;
      this.record({
        at,
        method: spec.method,
        path: pathAndQuery,
        request_bytes: requestBytes,
        response_bytes: bytes.byteLength,
        status: res.status,
        duration_ms: this.now() - started,
        error: ok ? null : errorCodeOf(bytes),
      });
      if (ok) return { status: res.status, headers: res.headers, bytes };
      // A 429 was refused before anything happened: always safe to send again.
      if (res.status === 429 && !last) {
        await this.sleep(Math.min(this.retry.maxMs, retryAfterMs(res.headers, this.now()) ?? this.backoff(attempt)), this.options.signal);
        continue;
      }
      if (res.status >= 500 && replayable && !last) {
        await this.sleep(Math.min(this.retry.maxMs, retryAfterMs(res.headers, this.now()) ?? this.backoff(attempt)), this.options.signal);
        continue;
      }
      throw this.failure(res.status, bytes);
    }
  }

  /** Exponential back-off for attempt n (1-based), capped. */
  backoff(attempt: number): number {
    return Math.min(this.retry.maxMs, this.retry.baseMs * 2 ** (attempt - 1));
  }

  private record(record: RequestRecord): void {
    try {
      this.options.onRequest?.(record);
    } catch {
      // A log that cannot be written must not fail the request.
    }
  }

  /** Waits for the window to reset when the last answer said no request is left in it. */
  private async waitForWindow(bucket: Bucket): Promise<void> {
    for (const b of bucket === 'extractions' ? (['all', 'extractions'] as const) : (['all'] as const)) {
      const w = this.limits.get(b);
      if (!w || w.remaining > 0) continue;
      const wait = w.resetAt - this.now();
      this.limits.delete(b);
      if (wait > 0) await this.sleep(Math.min(wait, 60_000), this.options.signal);
    }
  }

  private noteWindow(bucket: Bucket, headers: Headers): void {
    const remaining = Number(headers.get('x-ratelimit-remaining'));
    const reset = Number(headers.get('x-ratelimit-reset'));
    if (headers.get('x-ratelimit-remaining') === null || !Number.isFinite(remaining) || !Number.isFinite(reset)) return;
    this.limits.set(bucket, { remaining, resetAt: reset * 1000 });
  }

  private failure(status: number, bytes: Uint8Array): SyncError {
    const body = parseErrorBody(bytes);
    const code: ApiErrorCode = body?.code && Object.hasOwn(API_ERRORS, body.code) ? (body.code as ApiErrorCode) : codeForStatus(status);
    const requestId = body?.requestId ?? null;
    if (status === 401 || code === 'UNAUTHORIZED') return new SyncError('UNAUTHORIZED', REVOKED_KEY_SENTENCE, status, false, requestId);
    if (status === 402 || code === 'INSUFFICIENT_CREDITS') {
      return new SyncError('INSUFFICIENT_CREDITS', insufficientCreditsSentence(this.lastBalance, body?.message), status, false, requestId);
    }
    if (status === 429) {
      return new SyncError('RATE_LIMITED', `The hosted service at ${this.host} is busy (too many requests); try again in a minute.`, status, false, requestId);
    }
    const said = body?.message ? `: ${body.message.replace(/\.$/, '')}` : '';
    if (status >= 500) return new SyncError(code, `The hosted service at ${this.host} had a problem${said}. Try again later; nothing was lost.`, status, false, requestId);
    return new SyncError(code, `The hosted service refused the request${said}.`, status, false, requestId);
  }
}

function queryString(query: RequestSpec['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Retry-After in ms (seconds or an HTTP date), or null. */
function retryAfterMs(headers: Headers, now: number): number | null {
  const value = headers.get('retry-after');
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function parseErrorBody(bytes: Uint8Array): { code?: string; message?: string; requestId?: string } | null {
  try {
    const parsed = JSON.parse(Buffer.from(bytes).toString('utf8')) as { error?: { code?: string; message?: string; requestId?: string } };
    return parsed.error ?? null;
  } catch {
    return null;
  }
}

function errorCodeOf(bytes: Uint8Array): string {
  return parseErrorBody(bytes)?.code ?? 'HTTP_ERROR';
}

function codeForStatus(status: number): ApiErrorCode {
  const found = (Object.keys(API_ERRORS) as ApiErrorCode[]).find((c) => API_ERRORS[c].status === status);
  return found ?? (status >= 500 ? 'INTERNAL_ERROR' : 'INVALID_PAYLOAD');
}

/** Why a request got no answer, in a few words (no stack, no key). */
function networkCause(err: unknown): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'no answer in time';
  const code = e?.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the name could not be resolved';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'the connection was dropped';
  if (code) return code;
  return e?.cause?.message ?? e?.message ?? 'network error';
}
