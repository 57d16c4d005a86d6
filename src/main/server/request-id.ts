// Request ids: made by the server (a client-sent id is not trusted), written into every error
// envelope and returned as `X-Request-Id` on every response, so a user can quote it.
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A fresh id such as `req_3f9a…` (Fastify's genReqId). */
export function newRequestId(): string {
  return `req_${randomBytes(12).toString('hex')}`;
}

/** onSend hook: echoes the request id on the response. */
export async function requestIdHeader(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  reply.header('x-request-id', request.id);
  return payload;
}
