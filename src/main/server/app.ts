// The local REST server: /v1 (extraction API), /parse, /health and /openapi.json on 127.0.0.1;
// for browser mode (`perfectparser serve`) also the /rpc bridge and the built renderer.
// Cross-cutting behaviour lives in small modules (host guard, rate limit, API key, error
// envelope, request id); each route group declares its routes once (routes/*.ts), and the same
// table registers them and generates the OpenAPI document. Routes only validate, call one
// service method and shape the envelope.
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import fastifyMultipart from '@fastify/multipart';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { ApiError } from '../../shared/api/errors.js';
import type { RpcService } from '../services/rpc/types.js';
import { configuredMaxFileSize } from '../services/limits.js';
import type { Services } from '../services/types.js';
import { createAuthHook, createKeyCheck, unauthorized, type ApiKeySource } from './auth.js';
import { trackUnusedConnections } from './connections.js';
import { createErrorHandler, notFoundHandler } from './errors.js';
import { createHostGuard } from './host-guard.js';
import { buildOpenApiDocument } from './openapi.js';
import { createRateLimitHook, DEFAULT_RATE_LIMITS, RateLimiter, type RateLimits } from './rate-limit.js';
import { newRequestId, requestIdHeader } from './request-id.js';
import { registerRoutes, type Route } from './route-spec.js';
import { accountRoutes } from './routes/account.js';
import type { RouteDeps } from './routes/deps.js';
import { eventRoutes, type OpenStreams } from './routes/events.js';
import { extractionRoutes } from './routes/extractions.js';
import { exportRoutes } from './routes/exports.js';
import { metaRoutes } from './routes/meta.js';
import { parseRoutes } from './routes/parse.js';
import { parserRoutes } from './routes/parsers.js';
import { registerRpcRoutes } from './routes/rpc.js';
import { webhookRoutes } from './routes/webhooks.js';
import { registerStaticRenderer } from './static-renderer.js';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 4780;
/** Longer than any URL Node accepts (its request head is at most 16 KB by default). */
const MAX_PARAM_LENGTH = 64 * 1024;

export interface ServerOptions {
  /** Address to bind; 127.0.0.1 by default. */
  host?: string;
  /** Port to bind; 4780 by default, 0 for a free one. */
  port?: number;
  /** The key every non-public request must send as X-API-Key; a getter is read per request
   *  (browser mode's settings can rotate the key while the server runs). */
  apiKey: ApiKeySource;
  /** Per-key limits (150/min overall, 20/min extraction jobs by default); false turns them off. */
  rateLimits?: RateLimits | false;
  /** Largest accepted uploaded file, in bytes (PERFECTPARSER_MAX_FILE_SIZE_MB, else 500 MB). */
  maxUploadBytes?: number;
  /** Folder under which uploads are spooled (the OS temp folder by default); putting it on the
   *  data folder's disk lets a service move files instead of copying them. */
  uploadDir?: string;
  /** Fastify's request log; off by default (internal errors are still written to stderr). */
  logger?: boolean;
  /** Interval of the SSE heartbeat comment, in ms (15 s by default). */
  sseHeartbeatMs?: number;
  /** Browser mode: answer the desktop's RPC methods under /rpc (see routes/rpc.ts). */
  rpc?: RpcService | undefined;
  /** Browser mode: serve the built renderer from this folder at / (see static-renderer.ts). */
  rendererDir?: string | undefined;
}

export interface RunningServer {
  /** e.g. `http://127.0.0.1:4780` */
  url: string;
  port: number;
  app: FastifyInstance;
  /** Stops accepting requests, ends event streams and waits for in-flight requests. */
  close(): Promise<void>;
}

/** Builds the Fastify instance with every hook and route, without listening (tests may inject). */
export async function buildServer(services: Services, options: ServerOptions): Promise<FastifyInstance> {
  if (!options.apiKey || (typeof options.apiKey === 'function' && !options.apiKey())) throw new Error('The local server needs an API key.');
  const host = options.host ?? DEFAULT_HOST;
  const boundPort = () => (app.server.address() as AddressInfo | null)?.port ?? options.port ?? DEFAULT_PORT;
  const hostGuard = createHostGuard(host, boundPort);
  const hasKey = createKeyCheck(options.apiKey);
  const handleError = createErrorHandler(!options.logger);
  const app: FastifyInstance = Fastify({
    logger: options.logger ?? false,
    genReqId: newRequestId,
    requestIdHeader: false,
    // An id of any length reaches its route, which answers as for any unknown id (schemas.ts:
    // lookupId); past Fastify's 100 characters it was "No route for …". Node's header limit
    // (16 KB) bounds the whole URL.
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // A URL the router cannot decode never reaches the hooks: guard it here the same way.
    frameworkErrors: (err, request, reply) => {
      const r = reply as unknown as FastifyReply;
      r.header('x-request-id', request.id);
      void hostGuard(request)
        .then(() => (hasKey(request) ? err : unauthorized(request)), (refusal: unknown) => refusal)
        .then((failure) => r.send(handleError(failure, request, r)));
    },
  });
  await app.register(fastifyMultipart, { throwFileSizeLimit: false });
  acceptEmptyJsonBodies(app);

  app.addHook('onRequest', hostGuard);
  if (options.rateLimits !== false) {
    app.addHook('onRequest', createRateLimitHook(new RateLimiter(options.rateLimits ?? DEFAULT_RATE_LIMITS), hasKey));
  }
  app.addHook('onRequest', createAuthHook(hasKey));
  app.addHook('onSend', requestIdHeader);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(notFoundHandler);

  const deps: RouteDeps = {
    services,
    uploads: { root: options.uploadDir ?? tmpdir(), maxFileBytes: options.maxUploadBytes ?? configuredMaxFileSize() },
  };
  const openStreams: OpenStreams = new Set();
  const destroyUnusedConnections = trackUnusedConnections(app.server);
  app.addHook('preClose', async () => {
    for (const stop of [...openStreams]) stop();
    destroyUnusedConnections();
  });
  let document: unknown;
  const routes: Route[] = [
    ...accountRoutes(deps),
    ...parserRoutes(deps),
    ...extractionRoutes(deps),
    ...exportRoutes(deps),
    ...webhookRoutes(deps),
    ...parseRoutes(deps),
    ...eventRoutes(deps, openStreams, options.sseHeartbeatMs),
  ];
  routes.push(...metaRoutes(() => (document ??= buildOpenApiDocument(routes, serverUrl(host, boundPort())))));
  registerRoutes(app, routes);
  if (options.rpc) await registerRpcRoutes(app, options.rpc, deps.uploads);
  if (options.rendererDir !== undefined) registerStaticRenderer(app, options.rendererDir);
  return app;
}

/** Builds the server and listens on options.host / options.port; returns where it listens. */
export async function startServer(services: Services, options: ServerOptions): Promise<RunningServer> {
  const app = await buildServer(services, options);
  await app.listen({ host: options.host ?? DEFAULT_HOST, port: options.port ?? DEFAULT_PORT });
  const port = (app.server.address() as AddressInfo).port;
  return { url: serverUrl(options.host ?? DEFAULT_HOST, port), port, app, close: () => app.close() };
}

/** The URL clients should use: wildcard binds are reached through 127.0.0.1. */
export function serverUrl(host: string, port: number): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return `http://127.0.0.1:${port}`;
  return host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`;
}

/** POSTs such as /cancel often carry `Content-Type: application/json` and no body; treat that
 *  as no body instead of a parse error. Non-empty bodies keep Fastify's safe JSON parser, which
 *  refuses a `__proto__` key (it could change the prototype of the objects built from the body);
 *  such a body is valid JSON, so the refusal says why instead of "not valid JSON". */
function acceptEmptyJsonBodies(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'ignore');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = String(body);
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, text, (err, value) => {
      if (err && isJson(text)) {
        done(new ApiError('INVALID_PAYLOAD', 'body: refused because it has a "__proto__" key, which could alter objects on the server; remove that key.', 'body'), undefined);
        return;
      }
      done(err, value);
    });
  });
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
