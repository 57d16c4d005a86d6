// One declaration per route: method, url, summary, the zod schemas of its input and output, and
// its handler. The same list registers the Fastify routes and generates /openapi.json, so the
// document and the server cannot drift apart.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { ApiError } from '../../shared/api/errors.js';
import { assertJsonBody, missingBodyMessage } from './errors.js';
import { validate } from './validate.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** No API key (and no rate limit) needed; the Host guard still applies. */
    public?: boolean;
    /** A second, smaller rate-limit bucket the route also counts against. */
    rateLimitBucket?: 'extractions';
    /** Browser mode's /rpc bridge: needs the key, but requests carrying it are not rate limited. */
    uiBridge?: boolean;
    /** Browser mode's catch-all file route: public, except for paths below the API's prefixes,
     *  which are the API's unknown routes (key and rate limit apply). */
    files?: boolean;
    /** The route takes multipart/form-data as well as JSON (error messages say which to send). */
    multipart?: boolean;
  }
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface ResponseDoc {
  status: number;
  description: string;
  /** The JSON body; omitted for non-JSON bodies. */
  schema?: z.ZodType;
  /** Defaults to application/json. */
  contentType?: string;
}

export interface HeaderDoc {
  name: string;
  description: string;
}

interface RouteBase<P, Q> {
  method: Method;
  /** Fastify form, e.g. `/v1/parsers/:id`. */
  url: string;
  operationId: string;
  summary: string;
  tag: string;
  public?: boolean;
  rateLimitBucket?: 'extractions';
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  /** Request headers the route reads, for the document. */
  headers?: HeaderDoc[];
  responses: ResponseDoc[];
}

export interface RouteContext<P, Q, B> {
  request: FastifyRequest;
  reply: FastifyReply;
  params: P;
  query: Q;
  body: B;
}

/** A route whose body (if any) is JSON. */
export interface JsonRouteSpec<P, Q, B> extends RouteBase<P, Q> {
  body?: z.ZodType<B>;
  multipart?: undefined;
  handler(ctx: RouteContext<P, Q, B>): Promise<unknown>;
}

/** A route that takes multipart/form-data (read by the handler) or a JSON body; `body` is
 *  undefined for a multipart request. `multipart` documents the form's parts. */
export interface MultipartRouteSpec<P, Q, B> extends RouteBase<P, Q> {
  body?: z.ZodType<B>;
  multipart: z.ZodType;
  handler(ctx: RouteContext<P, Q, B | undefined>): Promise<unknown>;
}

/** A declared route with its input types erased: what registration and the document consume. */
export interface Route extends RouteBase<unknown, unknown> {
  body?: z.ZodType;
  multipart?: z.ZodType;
  handle(request: FastifyRequest, reply: FastifyReply): Promise<unknown>;
}

/** Declares a route: its handler receives params, query and body already validated. */
export function defineRoute<P = undefined, Q = undefined, B = undefined>(spec: JsonRouteSpec<P, Q, B>): Route;
export function defineRoute<P = undefined, Q = undefined, B = undefined>(spec: MultipartRouteSpec<P, Q, B>): Route;
export function defineRoute<P, Q, B>(spec: JsonRouteSpec<P, Q, B> | MultipartRouteSpec<P, Q, B>): Route {
  const { handler, ...doc } = spec;
  return {
    ...doc,
    handle: async (request, reply) => {
      const params = spec.params ? validate(spec.params, request.params, 'params') : (undefined as P);
      const query = spec.query ? validate(spec.query, request.query, 'query') : (undefined as Q);
      const multipart = spec.multipart !== undefined && request.isMultipart();
      const body = spec.body && !multipart ? jsonBody(spec.body, request, spec.multipart !== undefined) : (undefined as B);
      return handler({ request, reply, params, query, body });
    },
  };
}

/** The JSON body, validated. A body of another type that Fastify still read (text/plain, or a
 *  form sent to a JSON-only route) and a missing body are told what to send, in the words a
 *  Content-Type Fastify has no parser for gets (errors.ts). */
function jsonBody<B>(schema: z.ZodType<B>, request: FastifyRequest, multipartToo: boolean): B {
  assertJsonBody(request, multipartToo);
  if (request.body === undefined && !schema.safeParse(undefined).success) {
    throw new ApiError('INVALID_PAYLOAD', missingBodyMessage(multipartToo), 'body');
  }
  return validate(schema, request.body, 'body');
}

/** Registers every declared route on the instance. */
export function registerRoutes(app: FastifyInstance, routes: readonly Route[]): void {
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.url,
      config: {
        public: route.public === true,
        ...(route.rateLimitBucket ? { rateLimitBucket: route.rateLimitBucket } : {}),
        ...(route.multipart ? { multipart: true } : {}),
      },
      handler: (request, reply) => route.handle(request, reply),
    });
  }
}
