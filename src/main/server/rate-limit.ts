// Rate limits per API key, in memory: a fixed one-minute window per (client, bucket). Every
// request to a non-public route counts against the overall bucket (except browser mode's /rpc
// calls that carry the key); `POST /v1/extractions` also counts against its own, smaller
// bucket, and its headers describe that one. Requests without a valid key are counted per client
// address, which also slows down guessing keys. Each answered request carries X-RateLimit-Limit /
// -Remaining / -Reset (unix seconds); over the limit the answer is 429 RATE_LIMITED with
// Retry-After.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../../shared/api/errors.js';
import { isPublicRoute, type KeyCheck } from './auth.js';

export interface RateLimits {
  perMinute: number;
  extractionsPerMinute: number;
}

/** The contract's limits: 150 requests a minute overall, 20 extraction jobs a minute. */
export const DEFAULT_RATE_LIMITS: RateLimits = { perMinute: 150, extractionsPerMinute: 20 };

const WINDOW_MS = 60_000;
/** Above this many tracked windows, expired ones are swept. */
const SWEEP_THRESHOLD = 1_000;

export type Bucket = 'all' | 'extractions';

export interface Allowance {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Epoch milliseconds when the window ends. */
  resetAt: number;
}

interface Window {
  start: number;
  count: number;
}

/** Fixed-window counters; `now` is injectable so tests need not wait a minute. */
export class RateLimiter {
  readonly #limits: RateLimits;
  readonly #now: () => number;
  readonly #windows = new Map<string, Window>();

  constructor(limits: RateLimits, now: () => number = Date.now) {
    this.#limits = limits;
    this.#now = now;
  }

  /** Counts one request of `client` against `bucket` and says whether it may proceed. */
  take(client: string, bucket: Bucket): Allowance {
    const now = this.#now();
    const limit = bucket === 'all' ? this.#limits.perMinute : this.#limits.extractionsPerMinute;
    const key = `${bucket}\u0000${client}`;
    let window = this.#windows.get(key);
    if (!window || now - window.start >= WINDOW_MS) {
      if (this.#windows.size >= SWEEP_THRESHOLD) this.#sweep(now);
      window = { start: now, count: 0 };
      this.#windows.set(key, window);
    }
    const allowed = window.count < limit;
    if (allowed) window.count += 1;
    return { allowed, limit, remaining: Math.max(0, limit - window.count), resetAt: window.start + WINDOW_MS };
  }

  #sweep(now: number): void {
    for (const [key, window] of this.#windows) if (now - window.start >= WINDOW_MS) this.#windows.delete(key);
  }
}

/** Builds the onRequest hook; it runs before the key check so refused keys are limited too. */
export function createRateLimitHook(limiter: RateLimiter, hasKey: KeyCheck, now: () => number = Date.now) {
  return async function rateLimit(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (isPublicRoute(request)) return;
    const keyed = hasKey(request);
    // The UI's own calls (a dropped folder is one upload per file) are not the API's traffic.
    if (keyed && request.routeOptions.config.uiBridge === true) return;
    const client = keyed ? 'key' : `ip:${request.ip}`;
    let shown = limiter.take(client, 'all');
    if (shown.allowed && request.routeOptions.config.rateLimitBucket === 'extractions') {
      shown = limiter.take(client, 'extractions');
    }
    const resetSeconds = Math.ceil(shown.resetAt / 1000);
    reply.header('x-ratelimit-limit', String(shown.limit));
    reply.header('x-ratelimit-remaining', String(shown.remaining));
    reply.header('x-ratelimit-reset', String(resetSeconds));
    if (shown.allowed) return;
    reply.header('retry-after', String(Math.max(1, Math.ceil((shown.resetAt - now()) / 1000))));
    throw new ApiError('RATE_LIMITED', `Rate limit of ${shown.limit} requests a minute exceeded; retry after the window resets.`);
  };
}
