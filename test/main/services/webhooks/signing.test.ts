// Signatures: hex HMAC-SHA256 of the raw body; verification is strict and never throws.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TOLERANCE_SECONDS, signBody, signTimestamped, verifySignature, verifyTimestampedSignature } from '../../../../src/main/services/webhooks/signing.js';

describe('signBody', () => {
  it('matches the RFC 4231 test case 2 vector', () => {
    expect(signBody('what do ya want for nothing?', 'Jefe')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('is the hex HMAC-SHA256 of the UTF-8 body, computed independently', () => {
    const body = '{"event":"extraction.job_completed","data":{"name":"Facture n° 12 — ✓"}}';
    const secret = 'wh_sec_3f9a1c';
    const expected = createHmac('sha256', secret).update(Buffer.from(body, 'utf8')).digest('hex');
    expect(signBody(body, secret)).toBe(expected);
    expect(signBody(new TextEncoder().encode(body), secret)).toBe(expected);
    expect(signBody(body, secret)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with the secret and with one byte of the body', () => {
    const base = signBody('{"a":1}', 's1');
    expect(signBody('{"a":1}', 's2')).not.toBe(base);
    expect(signBody('{"a":2}', 's1')).not.toBe(base);
    expect(signBody('{"a":1} ', 's1')).not.toBe(base);
  });
});

describe('verifySignature', () => {
  const body = '{"event":"extraction.document_completed","document_id":"doc_1"}';
  const secret = 'wh_sec_abc';
  const good = createHmac('sha256', secret).update(body).digest('hex');

  it('accepts the right signature, in either hex case', () => {
    expect(verifySignature(body, secret, good)).toBe(true);
    expect(verifySignature(body, secret, good.toUpperCase())).toBe(true);
    expect(verifySignature(Buffer.from(body), secret, good)).toBe(true);
  });

  it('rejects a tampered body and a wrong secret', () => {
    expect(verifySignature(body.replace('doc_1', 'doc_2'), secret, good)).toBe(false);
    expect(verifySignature(`${body}\n`, secret, good)).toBe(false);
    expect(verifySignature(body, 'wh_sec_abd', good)).toBe(false);
  });

  it('rejects malformed signatures without throwing', () => {
    expect(verifySignature(body, secret, '')).toBe(false);
    expect(verifySignature(body, secret, good.slice(0, 63))).toBe(false);
    expect(verifySignature(body, secret, `${good}00`)).toBe(false);
    expect(verifySignature(body, secret, `${good.slice(0, 63)}g`)).toBe(false);
    expect(verifySignature(body, secret, `sha256=${good}`)).toBe(false);
    expect(verifySignature(body, secret, null)).toBe(false);
    expect(verifySignature(body, secret, undefined)).toBe(false);
  });
});

describe('timestamped signatures (replay protection)', () => {
  const body = '{"id":"dlv_1","event":"extraction.job_completed","created_at":"2025-01-02T03:04:05.678Z","data":{}}';
  const secret = 'wh_sec_t1me';
  const ts = 1735787045;
  const sig = signTimestamped(ts, body, secret);

  it('is the hex HMAC-SHA256 of `${timestamp}.${body}`, computed independently', () => {
    expect(sig).toBe(createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex'));
    expect(sig).not.toBe(signBody(body, secret));
  });

  it('verifies within the tolerance and refuses old or future timestamps, other bodies and other secrets', () => {
    const check = (opts: { t?: string; s?: string; b?: string; k?: string; now?: number; tol?: number }): boolean =>
      verifyTimestampedSignature(opts.b ?? body, opts.k ?? secret, opts.t ?? String(ts), opts.s ?? sig, { nowSeconds: opts.now ?? ts + 10, toleranceSeconds: opts.tol });
    expect(check({})).toBe(true);
    expect(check({ now: ts + DEFAULT_TOLERANCE_SECONDS })).toBe(true);
    // A captured delivery replayed later is refused, even with its genuine signature.
    expect(check({ now: ts + DEFAULT_TOLERANCE_SECONDS + 1 })).toBe(false);
    expect(check({ now: ts - DEFAULT_TOLERANCE_SECONDS - 1 })).toBe(false);
    expect(check({ now: ts + 3600, tol: 7200 })).toBe(true);
    // Moving the timestamp forward breaks the signature.
    expect(check({ t: String(ts + 60) })).toBe(false);
    expect(check({ b: `${body} ` })).toBe(false);
    expect(check({ k: 'wh_sec_other' })).toBe(false);
    expect(check({ t: 'abc' })).toBe(false);
    expect(check({ t: '' })).toBe(false);
    expect(check({ s: 'zz' })).toBe(false);
    expect(verifyTimestampedSignature(body, secret, undefined, sig)).toBe(false);
    expect(verifyTimestampedSignature(body, secret, String(ts), null)).toBe(false);
  });

  it('accepts any one of several comma-separated signatures (a rotation’s grace period)', () => {
    const other = signTimestamped(ts, body, 'wh_sec_old');
    expect(verifyTimestampedSignature(body, secret, String(ts), `${other},${sig}`, { nowSeconds: ts })).toBe(true);
    expect(verifyTimestampedSignature(body, 'wh_sec_old', String(ts), `${sig}, ${other}`, { nowSeconds: ts })).toBe(true);
    expect(verifyTimestampedSignature(body, 'wh_sec_third', String(ts), `${sig},${other}`, { nowSeconds: ts })).toBe(false);
  });
});
