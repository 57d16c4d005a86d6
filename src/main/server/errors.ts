// The error envelope: every failure, whatever raised it, leaves as an HTTP status plus
// `{error: {code, message, requestId, retryable}}`. Service ApiErrors keep their contract code;
// Fastify's own client errors (bad JSON, wrong content type, body or multipart limits) become
// INVALID_PAYLOAD with HTTP 400, as the contract's table says (not 413/415, so a client needs
// only the table); an unknown route is RESOURCE_NOT_FOUND; anything else is a 500
// INTERNAL_ERROR whose message is generic — the details go to the log, never to the client.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { API_ERROR_CODES, API_ERRORS, ApiError, type ApiErrorBody, type ApiErrorCode } from '../../shared/api/errors.js';

/** The envelope as a schema, for the OpenAPI document. */
export const errorEnvelopeSchema = z.object({
  error: z.object({
    code: z.enum(API_ERROR_CODES),
    message: z.string(),
    requestId: z.string(),
    retryable: z.boolean(),
  }),
});

/** An ApiError answered with an HTTP status other than its code's usual one (the Host guard's 403). */
export class ApiErrorWithStatus extends ApiError {
  readonly #status: number;

  constructor(code: ApiErrorCode, status: number, message: string) {
    super(code, message);
    this.#status = status;
  }

  override get status(): number {
    return this.#status;
  }
}

interface Failure {
  status: number;
  code: ApiErrorCode;
  message: string;
  /** Unexpected: log it with its stack. */
  internal: boolean;
}

/** Decides the envelope for any thrown value (`request` says which bodies its route takes). */
export function describeFailure(err: unknown, request?: FastifyRequest): Failure {
  if (err instanceof ApiError) return { status: err.status, code: err.code, message: err.message, internal: false };
  const fe = err as Partial<FastifyError> | null;
  const status = typeof fe?.statusCode === 'number' ? fe.statusCode : 0;
  const fromFramework = typeof fe?.code === 'string' ? fe.code.startsWith('FST_') : err instanceof SyntaxError;
  if (fromFramework && status === 404) return { status: 404, code: 'RESOURCE_NOT_FOUND', message: fe?.message ?? 'Not found.', internal: false };
  if (fromFramework && status >= 400 && status < 500) {
    return { status: 400, code: 'INVALID_PAYLOAD', message: clientErrorMessage(fe, request), internal: false };
  }
  if (fromFramework && status === 503) {
    return { status: 503, code: 'SERVICE_UNAVAILABLE', message: 'The server is shutting down.', internal: false };
  }
  return { status: 500, code: 'INTERNAL_ERROR', message: 'Something went wrong on our side. Please try again.', internal: true };
}

function clientErrorMessage(err: Partial<FastifyError> | null, request: FastifyRequest | undefined): string {
  switch (err?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'body: the request body is larger than the server accepts.';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return unsupportedBodyMessage(request && mediaType(request), request?.routeOptions?.config?.multipart === true);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'body: Content-Length does not match the body.';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'body: not valid JSON.';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'body: empty, but the Content-Type says JSON.';
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return 'body: expected multipart/form-data.';
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return `body: too many multipart parts (${err.message}).`;
    default:
      return err instanceof SyntaxError ? `body: not valid JSON (${err.message}).` : (err?.message ?? 'Invalid request.');
  }
}

/** The request's media type (`text/plain`), lower-cased; undefined without a Content-Type. */
function mediaType(request: FastifyRequest): string | undefined {
  return request.headers['content-type']?.split(';')[0]?.trim().toLowerCase() || undefined;
}

/** Refuses a body of another type than JSON that Fastify still read (text/plain, or a form sent
 *  to a JSON-only route), saying what to send (with `multipart`, forms too). */
export function assertJsonBody(request: FastifyRequest, multipart: boolean): void {
  const type = mediaType(request);
  if (type !== undefined && type !== 'application/json') throw new ApiError('INVALID_PAYLOAD', unsupportedBodyMessage(type, multipart), 'body');
}

/** What a route that takes JSON (and, with `multipart`, forms) says to a body of another type
 *  (`type`, the request's media type; undefined when it sent none). */
function unsupportedBodyMessage(type: string | undefined, multipart: boolean): string {
  return `body: ${type ? `unsupported Content-Type ${type}` : 'no Content-Type'}; send ${wantedBody(multipart)}.`;
}

/** What a route that needs a body says when none came. */
export function missingBodyMessage(multipart: boolean): string {
  return `body: missing; send ${wantedBody(multipart)}.`;
}

function wantedBody(multipart: boolean): string {
  return multipart ? 'application/json or multipart/form-data' : 'application/json';
}

/** The JSON body of an error response. */
export function errorBody(code: ApiErrorCode, message: string, requestId: string): ApiErrorBody {
  return { error: { code, message, requestId, retryable: API_ERRORS[code].retryable } };
}

/** Fastify error handler: maps, logs internal failures, and answers with the envelope. */
export function createErrorHandler(logToConsole: boolean) {
  return function handleError(err: unknown, request: FastifyRequest, reply: FastifyReply): ApiErrorBody {
    const failure = describeFailure(err, request);
    if (failure.internal) {
      request.log.error({ err }, 'internal error');
      if (logToConsole) console.error(`[server] ${request.id} ${request.method} ${request.url}:`, err);
    }
    prepareErrorReply(request, reply);
    reply.code(failure.status);
    return errorBody(failure.code, failure.message, request.id);
  };
}

/** The longest path an error message repeats whole. */
const MAX_ECHOED_PATH = 200;

/** Answers unknown routes with RESOURCE_NOT_FOUND (a very long path is cut short). */
export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): ApiErrorBody {
  prepareErrorReply(request, reply);
  reply.code(404);
  const path = request.url.split('?')[0] ?? request.url;
  const shown = path.length > MAX_ECHOED_PATH ? `${path.slice(0, MAX_ECHOED_PATH)}…` : path;
  return errorBody('RESOURCE_NOT_FOUND', `No route for ${request.method} ${shown}.`, request.id);
}

/** Clears headers a streaming route may have set, and closes the connection when the request
 *  body was not read to its end (an upload refused half-way), so its rest is not read as a request. */
function prepareErrorReply(request: FastifyRequest, reply: FastifyReply): void {
  reply.removeHeader('content-disposition');
  reply.type('application/json; charset=utf-8');
  const headers = request.raw.headers;
  const hasBody = headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;
  if (hasBody && !request.raw.complete) reply.header('connection', 'close');
}
