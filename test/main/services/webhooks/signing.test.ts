// Signatures: hex HMAC-SHA256 of the raw body; verification is strict and never throws.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signBody, verifySignature } from '../../../../src/main/services/webhooks/signing.js';

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
