// DNS-rebinding guard: a web page on an attacker's domain can make the browser send requests to
// 127.0.0.1 under that domain's name, so every request — /health and /openapi.json included —
// must carry a Host header naming this server. Refusals are HTTP 403 with the envelope code
// UNAUTHORIZED: the request is not allowed whatever key it carries, and 401 would suggest a
// wrong key. Bound to loopback, `127.0.0.1:<port>`, `localhost:<port>` and `[::1]:<port>` are
// accepted; bound to a wildcard address, any IP literal or localhost (a rebinding attack needs a
// domain name); bound to one other address, only that address.
import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';
import { ApiErrorWithStatus } from './errors.js';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** Builds the onRequest hook; `port()` is read per request because port 0 is only known after listen. */
export function createHostGuard(boundHost: string, port: () => number) {
  const host = normaliseHost(boundHost);
  const wildcard = host === '0.0.0.0' || host === '[::]';
  const names = new Set(isLoopback(host) ? [...LOOPBACK_NAMES, host] : [host]);

  function allowed(hostname: string): boolean {
    if (names.has(hostname)) return true;
    return wildcard && (hostname === 'localhost' || isIpLiteral(hostname));
  }

  return async function hostGuard(request: FastifyRequest): Promise<void> {
    const expected = port();
    const header = request.headers.host?.toLowerCase() ?? '';
    const [hostname, headerPort] = splitHostHeader(header);
    if (hostname && headerPort === expected && allowed(hostname)) return;
    const shown = wildcard || isLoopback(host) ? '127.0.0.1' : host;
    throw new ApiErrorWithStatus('UNAUTHORIZED', 403, `Requests must be addressed to ${shown}:${expected}.`);
  };
}

/** `127.0.0.1:4780` → ['127.0.0.1', 4780]; `[::1]:80` → ['[::1]', 80]; no port means 80. */
function splitHostHeader(header: string): [string, number] {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(header);
  if (!match?.[1]) return ['', -1];
  return [match[1], match[2] === undefined ? 80 : Number(match[2])];
}

function normaliseHost(host: string): string {
  const h = host.toLowerCase();
  return isIP(h) === 6 ? `[${h}]` : h;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function isIpLiteral(hostname: string): boolean {
  if (hostname.startsWith('[') && hostname.endsWith(']')) return isIP(hostname.slice(1, -1)) === 6;
  return isIP(hostname) === 4;
}
