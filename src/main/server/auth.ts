// API-key check for every route not marked public: header `X-API-Key`, compared in constant time
// (both sides are hashed first, so neither the content nor the length of the key leaks through
// timing). Missing or wrong → 401 UNAUTHORIZED.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../../shared/api/errors.js';

/** Tells whether a request carries the key; shared by the auth hook and the rate limiter. */
export type KeyCheck = (request: FastifyRequest) => boolean;

/** The key, or a getter read on every request (browser mode can rotate the key while serving). */
export type ApiKeySource = string | (() => string);

/** Builds the constant-time comparison for `apiKey`; a getter is read per request, so a rotated
 *  key takes effect at once and the old one stops working. */
export function createKeyCheck(apiKey: ApiKeySource): KeyCheck {
  const current = typeof apiKey === 'string' ? () => apiKey : apiKey;
  let cached: { key: string; digest: Buffer } = { key: '', digest: Buffer.alloc(0) };
  const expected = () => {
    const key = current();
    if (!key) throw new Error('The local server needs an API key.');
    if (key !== cached.key) cached = { key, digest: digest(key) };
    return cached.digest;
  };
  return (request) => {
    const presented = request.headers['x-api-key'];
    return typeof presented === 'string' && timingSafeEqual(digest(presented), expected());
  };
}

/** Paths that belong to the API: a miss there is the API's 404, never a file of browser mode. */
const API_PREFIXES = ['/v1', '/rpc', '/parse', '/health', '/openapi.json'];

/** True when `url` (with or without a query) is below one of the API's prefixes. */
export function isApiPath(url: string): boolean {
  const pathname = url.split('?')[0] ?? url;
  return API_PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

/** True when the matched route was declared public (no key needed); unknown routes are not, nor
 *  an API path that only browser mode's catch-all file route matched. */
export function isPublicRoute(request: FastifyRequest): boolean {
  const config = request.routeOptions.config;
  return config.public === true && !(config.files === true && isApiPath(request.url));
}

/** Builds the onRequest hook that refuses requests without the key. */
export function createAuthHook(hasKey: KeyCheck) {
  return async function auth(request: FastifyRequest): Promise<void> {
    if (isPublicRoute(request) || hasKey(request)) return;
    throw unauthorized(request);
  };
}

/** The 401 for a request without the right key. */
export function unauthorized(request: FastifyRequest): ApiError {
  const missing = request.headers['x-api-key'] === undefined;
  return new ApiError('UNAUTHORIZED', missing ? 'Missing X-API-Key header.' : 'Invalid API key.');
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
