// Public routes: GET /health (liveness) and GET /openapi.json (the document made from the route table).
import { z } from 'zod';
import { defineRoute, type Route } from '../route-spec.js';

/** The public routes; `document()` returns the OpenAPI document of every route, these included. */
export function metaRoutes(document: () => unknown): Route[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/health',
      operationId: 'health',
      summary: 'Liveness check (no key needed)',
      tag: 'Meta',
      public: true,
      responses: [{ status: 200, description: 'The server is up', schema: z.object({ status: z.literal('ok') }) }],
      handler: async () => ({ status: 'ok' }),
    }),
    defineRoute({
      method: 'GET',
      url: '/openapi.json',
      operationId: 'openapi',
      summary: 'This API as an OpenAPI 3.1 document (no key needed)',
      tag: 'Meta',
      public: true,
      responses: [{ status: 200, description: 'The OpenAPI document', schema: z.record(z.string(), z.unknown()) }],
      handler: async () => document(),
    }),
  ];
}
