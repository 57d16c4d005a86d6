// One HTTP attempt at a webhook delivery, and the headers that sign it. An attempt never
// throws: every failure becomes an outcome with a short sentence the delivery log can show.
import type { DeliveryAttempt } from '../../../shared/api/webhooks.js';
import type { PendingDelivery } from './queue.js';
import { PREVIOUS_SIGNATURE_HEADER, SIGNATURE_HEADER, signBody, signTimestamped, TIMESTAMP_HEADER, TIMESTAMPED_SIGNATURE_HEADER } from './signing.js';

/** How long an attempt may take, response body included, before it counts as timed out. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** Identifies PerfectParser to receivers; the number changes if the delivery format does. */
export const USER_AGENT = 'PerfectParser-Desktop-Webhooks/1';

/** At most this much of a response body is read (then dropped), so the connection is freed. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/** How long the body of a response is read once its status is known; a receiver that answers
 *  and never ends its body then holds the delivery's slot this long, not until the timeout. */
const BODY_GRACE_MS = 1_000;

/** One request to send: the body goes out byte for byte as given. */
export interface DeliveryRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs?: number | undefined;
}

/** What came of one attempt. */
export interface AttemptOutcome {
  /** The receiver's HTTP status, or null when no response arrived (timeout, network error). */
  statusCode: number | null;
  /** True for a 2xx. */
  success: boolean;
  /** Why the attempt failed, in a few words ("HTTP 500", "connection refused"); null on success. */
  error: string | null;
  durationMs: number;
  /** How long the receiver asked to be left alone (its Retry-After header on a failed attempt,
   *  seconds or an HTTP date), in milliseconds; absent when it did not say. */
  retryAfterMs?: number | undefined;
}

/** The parts of a delivery its headers are made from. */
export type SignableDelivery = Pick<PendingDelivery, 'delivery_id' | 'event' | 'body' | 'signing_secret' | 'static_secret' | 'previous_signing_secret'>;

/** The headers of one attempt sent at `sentAt`: JSON content type, user agent, event and
 *  delivery id, the body's signature, the send time with its timestamped signature, and the
 *  webhook's static secret when it has one. While a rotated-out secret is still in its grace
 *  period, the body is also signed with it (a second header) and the timestamped signature
 *  lists both. */
export function buildHeaders(delivery: SignableDelivery, sentAt: Date = new Date()): Record<string, string> {
  const timestamp = Math.floor(sentAt.getTime() / 1000);
  // The rotated-out secret still in its grace period, if any (an empty one is none).
  const previous = delivery.previous_signing_secret || undefined;
  const secrets = previous === undefined ? [delivery.signing_secret] : [delivery.signing_secret, previous];
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': USER_AGENT,
    'X-PerfectParser-Event': delivery.event,
    'X-PerfectParser-Delivery': delivery.delivery_id,
    [SIGNATURE_HEADER]: signBody(delivery.body, delivery.signing_secret),
    [TIMESTAMP_HEADER]: String(timestamp),
    [TIMESTAMPED_SIGNATURE_HEADER]: secrets.map((secret) => signTimestamped(timestamp, delivery.body, secret)).join(','),
  };
  if (previous !== undefined) headers[PREVIOUS_SIGNATURE_HEADER] = signBody(delivery.body, previous);
  if (delivery.static_secret !== null && delivery.static_secret !== '') headers['X-Webhook-Secret'] = delivery.static_secret;
  return headers;
}

/** POSTs the body once, without following redirects (a 3xx is a failure); resolves with the
 *  outcome, never rejects. The timeout covers the whole exchange. */
export async function deliverOnce(request: DeliveryRequest): Promise<AttemptOutcome> {
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    return { statusCode: null, success: false, error: describeFetchError(err, timeoutMs), durationMs: elapsed() };
  }
  await drain(response);
  const status = response.status;
  const success = status >= 200 && status <= 299;
  const outcome: AttemptOutcome = { statusCode: status, success, error: success ? null : describeStatus(status), durationMs: elapsed() };
  const retryAfterMs = success ? null : parseRetryAfter(response.headers.get('retry-after'), Date.now());
  if (retryAfterMs !== null) outcome.retryAfterMs = retryAfterMs;
  return outcome;
}

/** A Retry-After value (delay in seconds, or an HTTP date) as milliseconds from `nowMs`; null
 *  when absent or unreadable. A date in the past is 0. */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/** One immediate signed attempt outside the queue, with no retry (POST /v1/webhooks/:id/test);
 *  reported in the delivery log's shape. */
export async function sendTestDelivery(
  delivery: SignableDelivery & { url: string },
  options: { timeoutMs?: number | undefined; now?: (() => Date) | undefined } = {},
): Promise<DeliveryAttempt> {
  const sentAt = (options.now ?? (() => new Date()))();
  const attemptedAt = sentAt.toISOString();
  const outcome = await deliverOnce({
    url: delivery.url,
    body: delivery.body,
    headers: buildHeaders(delivery, sentAt),
    timeoutMs: options.timeoutMs,
  });
  return {
    delivery_id: delivery.delivery_id,
    event: delivery.event,
    attempt: 1,
    status_code: outcome.statusCode,
    success: outcome.success,
    error: outcome.error,
    duration_ms: outcome.durationMs,
    attempted_at: attemptedAt,
  };
}

/** Reads and drops up to MAX_RESPONSE_BYTES of the body for at most BODY_GRACE_MS, then lets the
 *  rest go. The status is already known, so a body that fails, times out or never ends does not
 *  change the outcome, and it does not hold the delivery's slot until the attempt's timeout. */
async function drain(response: Response): Promise<void> {
  const body = response.body;
  if (body === null) return;
  const reader = body.getReader();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), BODY_GRACE_MS);
  });
  let read = 0;
  try {
    while (read < MAX_RESPONSE_BYTES) {
      const next = reader.read();
      next.catch(() => undefined); // settles after a cancel; its outcome no longer matters
      const chunk = await Promise.race([next, late]);
      if (chunk === 'late') break;
      if (chunk.done) return;
      read += chunk.value.byteLength;
    }
    reader.cancel().catch(() => undefined);
  } catch {
    // The body broke off or the attempt's timeout fired while reading it.
  } finally {
    clearTimeout(timer);
  }
}

function describeStatus(status: number): string {
  if (status >= 300 && status <= 399) return `HTTP ${status} (redirects are not followed)`;
  return `HTTP ${status}`;
}

const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection reset',
  UND_ERR_SOCKET: 'connection closed by the receiver',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no response headers in time',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

/** A short sentence for a failed fetch: timeout, a known network error code, TLS, or the cause. */
function describeFetchError(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return `timed out after ${timeoutMs / 1000} s`;
  }
  const cause = err instanceof Error ? err.cause : undefined;
  const code = errorCode(cause) ?? errorCode(err);
  if (code !== undefined) {
    const known = NETWORK_ERRORS[code];
    if (known !== undefined) return known;
    if (code === 'ERR_INVALID_URL') return 'invalid URL';
    if (/CERT|TLS|SSL/.test(code)) return `TLS error (${code})`;
  }
  const message = cause instanceof Error ? cause.message : err instanceof Error ? err.message : String(err);
  return `network error: ${message.slice(0, 200)}`;
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const first = (err as { errors?: unknown }).errors;
  return Array.isArray(first) ? errorCode(first[0]) : undefined;
}
