// Webhook signatures: hex HMAC-SHA256 of the exact bytes sent, keyed by the webhook's signing
// secret. Receivers recompute it over the raw body (before any JSON parsing) and compare.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header that carries the signature of a delivery's body. */
export const SIGNATURE_HEADER = 'X-PerfectParser-Signature';

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
