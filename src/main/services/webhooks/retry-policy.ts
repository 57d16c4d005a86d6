// When a failed delivery is tried again: only for failures the receiver may recover from
// (timeouts, network errors, 408, 429, 5xx), with exponential back-off and jitter, waiting longer
// when the receiver's Retry-After asks for it.

/** How often and how far apart a delivery is attempted. */
export interface RetrySchedule {
  /** Delay after the first failed attempt; each later one doubles it. */
  baseMs: number;
  /** No delay exceeds this. */
  maxMs: number;
  /** Attempts in all, the first included; after the last one the delivery is given up. */
  maxAttempts: number;
  /** Relative spread of each delay (0.2 = ±20 %), so many failed deliveries do not retry in step. */
  jitter: number;
}

/** Attempts per delivery by default: the first and nine retries, about 85 minutes end to end. */
export const MAX_ATTEMPTS = 10;

/** 10 s, 20 s, 40 s … doubling, never over an hour, ±20 %. */
export const DEFAULT_RETRY_SCHEDULE: Readonly<RetrySchedule> = Object.freeze({
  baseMs: 10_000,
  maxMs: 60 * 60 * 1000,
  maxAttempts: MAX_ATTEMPTS,
  jitter: 0.2,
});

/** Whether an unsuccessful attempt is worth repeating: a timeout or network error (`statusCode`
 *  null), 408, 429 or any 5xx. Other 4xx, redirects and successes are final. */
export function shouldRetry(outcome: { statusCode: number | null }): boolean {
  const status = outcome.statusCode;
  if (status === null) return true;
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

/** Milliseconds to wait after failed attempt number `attempt` (1-based):
 *  baseMs · 2^(attempt−1), capped at maxMs, spread by ±jitter; `random` returns [0, 1). */
export function nextAttemptDelayMs(
  attempt: number,
  random: () => number = Math.random,
  schedule: RetrySchedule = DEFAULT_RETRY_SCHEDULE,
): number {
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  const nominal = Math.min(schedule.maxMs, schedule.baseMs * 2 ** Math.min(exponent, 52));
  const spread = 1 + schedule.jitter * (2 * random() - 1);
  return Math.max(0, Math.round(Math.min(schedule.maxMs, nominal * spread)));
}

/** When to make the attempt after `attempt` (1-based) ended with `outcome`, or null when the
 *  delivery is finished: it succeeded, failed for good, or used its last attempt. The back-off,
 *  or longer when the receiver asked for more time (Retry-After), though never over maxMs. */
export function nextAttemptAt(
  outcome: { statusCode: number | null; success: boolean; retryAfterMs?: number | undefined },
  attempt: number,
  now: Date,
  schedule: RetrySchedule = DEFAULT_RETRY_SCHEDULE,
  random: () => number = Math.random,
): Date | null {
  if (outcome.success || !shouldRetry(outcome) || attempt >= schedule.maxAttempts) return null;
  const asked = Math.min(schedule.maxMs, Math.max(0, outcome.retryAfterMs ?? 0));
  return new Date(now.getTime() + Math.max(nextAttemptDelayMs(attempt, random, schedule), asked));
}
