// Webhook signatures: hex HMAC-SHA256 of the exact bytes sent, keyed by the webhook's signing
// secret. Receivers recompute it over the raw body (before any JSON parsing) and compare.
//
// The body signature alone can be replayed forever, so every attempt also carries the time it
// was sent (unix seconds) and a second signature over `${timestamp}.${rawBody}`: a receiver that
// checks it and refuses timestamps older than a few minutes cannot be fed a captured delivery.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header that carries the signature of a delivery's body. */
export const SIGNATURE_HEADER = 'X-PerfectParser-Signature';

/** During a secret rotation's grace period: the body's signature under the previous secret. */
export const PREVIOUS_SIGNATURE_HEADER = 'X-PerfectParser-Signature-Previous';

/** When the attempt was sent, in unix seconds. */
export const TIMESTAMP_HEADER = 'X-PerfectParser-Timestamp';

/** Hex HMAC-SHA256 of `${timestamp}.${rawBody}`; during a rotation's grace period, one for the
 *  current and one for the previous secret, separated by a comma. */
export const TIMESTAMPED_SIGNATURE_HEADER = 'X-PerfectParser-Signature-V2';

/** How old a timestamp verifyTimestampedSignature accepts by default, in seconds. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/** Signs a body (a string is taken as UTF-8): lowercase hex HMAC-SHA256 keyed by `secret`. */
export function signBody(body: string | Uint8Array, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/** True when `signature` is the hex HMAC-SHA256 of `body` under `secret`; compared in constant
 *  time, and false (never a throw) for a missing, short or non-hex signature. */
export function verifySignature(body: string | Uint8Array, secret: string, signature: string | null | undefined): boolean {
  if (typeof signature !== 'string' || !HEX_SHA256.test(signature)) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}

/** Signs a timestamp (unix seconds) with a body: hex HMAC-SHA256 of `${timestamp}.${body}`. */
export function signTimestamped(timestamp: number, body: string | Uint8Array, secret: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** True when the timestamp header is a whole number of unix seconds no further than
 *  `toleranceSeconds` from `nowSeconds`, and one of the comma-separated signatures of the V2
 *  header is the HMAC of `${timestamp}.${body}` under `secret`. False, never a throw, otherwise. */
export function verifyTimestampedSignature(
  body: string | Uint8Array,
  secret: string,
  timestampHeader: string | null | undefined,
  signatureHeader: string | null | undefined,
  options: { nowSeconds?: number | undefined; toleranceSeconds?: number | undefined } = {},
): boolean {
  if (typeof timestampHeader !== 'string' || typeof signatureHeader !== 'string' || !/^\d{1,12}$/.test(timestampHeader)) return false;
  const timestamp = Number(timestampHeader);
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return false;
  const expected = Buffer.from(signTimestamped(timestamp, body, secret), 'hex');
  return signatureHeader
    .split(',')
    .map((s) => s.trim())
    .some((s) => HEX_SHA256.test(s) && timingSafeEqual(expected, Buffer.from(s, 'hex')));
}
