// The retry policy: which outcomes are retried, and how far apart the attempts are.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_SCHEDULE,
  MAX_ATTEMPTS,
  nextAttemptAt,
  nextAttemptDelayMs,
  shouldRetry,
} from '../../../../src/main/services/webhooks/retry-policy.js';

const noJitter = (): number => 0.5;

describe('shouldRetry', () => {
  it.each([
    [null, true],
    [408, true],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
    [599, true],
    [200, false],
    [204, false],
    [301, false],
    [302, false],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [410, false],
    [422, false],
  ])('status %s → %s', (statusCode, expected) => {
    expect(shouldRetry({ statusCode })).toBe(expected);
  });
});

describe('nextAttemptDelayMs', () => {
  it('doubles from 10 s and stops at one hour', () => {
    const delays = Array.from({ length: 12 }, (_, i) => nextAttemptDelayMs(i + 1, noJitter));
    expect(delays).toEqual([
      10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 640_000, 1_280_000, 2_560_000, 3_600_000, 3_600_000, 3_600_000,
    ]);
    expect(nextAttemptDelayMs(500, noJitter)).toBe(3_600_000);
  });

  it('spreads each delay by at most ±20 %, never past the cap', () => {
    expect(nextAttemptDelayMs(1, () => 0)).toBe(8_000);
    expect(nextAttemptDelayMs(1, () => 0.999_999)).toBe(12_000);
    expect(nextAttemptDelayMs(3, () => 0.25)).toBe(36_000);
    expect(nextAttemptDelayMs(10, () => 0.999_999)).toBe(3_600_000);
    expect(nextAttemptDelayMs(10, () => 0)).toBe(2_880_000);
  });

  it('follows a custom schedule', () => {
    const schedule = { baseMs: 20, maxMs: 100, maxAttempts: 4, jitter: 0 };
    expect([1, 2, 3, 4, 5].map((a) => nextAttemptDelayMs(a, Math.random, schedule))).toEqual([20, 40, 80, 100, 100]);
  });

  it('defaults to ten attempts', () => {
    expect(MAX_ATTEMPTS).toBe(10);
    expect(DEFAULT_RETRY_SCHEDULE).toEqual({ baseMs: 10_000, maxMs: 3_600_000, maxAttempts: 10, jitter: 0.2 });
  });
});

describe('nextAttemptAt', () => {
  const now = new Date('2025-03-01T12:00:00.000Z');

  it('is null after a success, a final status, or the last attempt', () => {
    expect(nextAttemptAt({ statusCode: 200, success: true }, 1, now)).toBeNull();
    expect(nextAttemptAt({ statusCode: 400, success: false }, 1, now)).toBeNull();
    expect(nextAttemptAt({ statusCode: 301, success: false }, 1, now)).toBeNull();
    expect(nextAttemptAt({ statusCode: 500, success: false }, MAX_ATTEMPTS, now)).toBeNull();
    expect(nextAttemptAt({ statusCode: null, success: false }, 3, now, { ...DEFAULT_RETRY_SCHEDULE, maxAttempts: 3 })).toBeNull();
  });

  it('is now plus the back-off after a retryable failure', () => {
    expect(nextAttemptAt({ statusCode: 503, success: false }, 1, now, DEFAULT_RETRY_SCHEDULE, noJitter)?.toISOString()).toBe(
      '2025-03-01T12:00:10.000Z',
    );
    expect(nextAttemptAt({ statusCode: null, success: false }, 4, now, DEFAULT_RETRY_SCHEDULE, noJitter)?.toISOString()).toBe(
      '2025-03-01T12:01:20.000Z',
    );
    expect(
      nextAttemptAt({ statusCode: 429, success: false }, MAX_ATTEMPTS - 1, now, DEFAULT_RETRY_SCHEDULE, noJitter)?.toISOString(),
    ).toBe('2025-03-01T12:42:40.000Z');
  });

  it('waits as long as the receiver asked (Retry-After) when that is longer than the back-off, never over the cap', () => {
    const at = (retryAfterMs: number, attempt = 1) =>
      nextAttemptAt({ statusCode: 429, success: false, retryAfterMs }, attempt, now, DEFAULT_RETRY_SCHEDULE, noJitter)?.toISOString();
    expect(at(120_000)).toBe('2025-03-01T12:02:00.000Z');
    expect(at(2_000)).toBe('2025-03-01T12:00:10.000Z');
    expect(at(86_400_000)).toBe('2025-03-01T13:00:00.000Z');
    expect(nextAttemptAt({ statusCode: 400, success: false, retryAfterMs: 60_000 }, 1, now)).toBeNull();
  });
});
