// /openapi.json: generated from the route table, so it must list exactly the routes the server
// answers, with resolvable references, the API-key scheme and the error envelope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ERROR_CODES } from '../../../src/shared/api/errors.js';
import { startTestServer, type TestServer } from './harness.js';

const EXPECTED_ROUTES = [
  'GET /v1/me',
  'GET /v1/credits',
  'GET /v1/parsers',
  'POST /v1/parsers',
  'GET /v1/parsers/{id}',
  'PATCH /v1/parsers/{id}',
  'DELETE /v1/parsers/{id}',
  'POST /v1/parsers/{id}/detect-fields',
  'POST /v1/extractions',
  'GET /v1/extractions',
  'GET /v1/extractions/{id}',
  'GET /v1/extractions/{id}/results',
  'GET /v1/extractions/{id}/documents/{doc_id}',
  'POST /v1/extractions/{id}/cancel',
  'GET /v1/extractions/{id}/export',
  'GET /v1/extractions/{id}/documents/{doc_id}/export',
  'GET /v1/webhooks',
  'POST /v1/webhooks',
  'GET /v1/webhooks/{id}',
  'PATCH /v1/webhooks/{id}',
  'DELETE /v1/webhooks/{id}',
  'POST /v1/webhooks/{id}/test',
  'POST /v1/webhooks/{id}/rotate-secret',
  'POST /parse',
  'GET /v1/events',
  'GET /health',
  'GET /openapi.json',
];

interface Operation {
  operationId: string;
  security?: unknown[];
  parameters?: Array<{ name: string; in: string; required: boolean }>;
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, unknown>;
}
interface Doc {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, Record<string, unknown>> };
  security: unknown[];
}

let server: TestServer;
let doc: Doc;
beforeAll(async () => {
  server = await startTestServer();
  const res = await fetch(`${server.url}/openapi.json`);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  doc = JSON.parse(await res.text()) as Doc;
});
afterAll(async () => {
  await server.close();
});

function operations(): Array<[string, Operation]> {
  return Object.entries(doc.paths).flatMap(([p, methods]) => Object.entries(methods).map(([m, op]): [string, Operation] => [`${m.toUpperCase()} ${p}`, op]));
}

function collectRefs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) collectRefs(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else collectRefs(v, out);
    }
  }
  return out;
}

function resolve(ref: string): unknown {
  expect(ref.startsWith('#/')).toBe(true);
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), doc);
}

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document listing exactly the expected routes', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(operations().map(([key]) => key).sort()).toEqual([...EXPECTED_ROUTES].sort());
  });

  it('lists only routes the server really has', () => {
    for (const [key] of operations()) {
      const [method, p] = key.split(' ') as [string, string];
      const url = p.replace(/\{([^}]+)\}/g, ':$1');
      expect(server.app.hasRoute({ method: method as 'GET', url }), key).toBe(true);
    }
  });

  it('has unique operation ids and resolvable references', () => {
    const ids = operations().map(([, op]) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const refs = collectRefs(doc);
    expect(refs.length).toBeGreaterThan(50);
    for (const ref of refs) expect(resolve(ref), ref).toBeDefined();
    expect(JSON.stringify(doc)).not.toContain('#/$defs/');
  });

  it('declares the API-key scheme, with public routes exempt', () => {
    expect(doc.components.securitySchemes['ApiKeyAuth']).toEqual({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
    expect(doc.security).toEqual([{ ApiKeyAuth: [] }]);
    expect(doc.paths['/health']?.['get']?.security).toEqual([]);
    expect(doc.paths['/openapi.json']?.['get']?.security).toEqual([]);
    expect(doc.paths['/v1/me']?.['get']?.security).toBeUndefined();
  });

  it('describes the error envelope with every contract code', () => {
    const envelope = doc.components.schemas['ErrorEnvelope'] as { properties: { error: { properties: { code: { enum: string[] } } } } };
    expect(envelope.properties.error.properties.code.enum).toEqual(API_ERROR_CODES);
    for (const [key, op] of operations()) expect(op.responses['default'], key).toEqual({ $ref: '#/components/responses/Error' });
  });

  it('derives bodies, forms and parameters from the zod schemas', () => {
    const createParser = doc.paths['/v1/parsers']?.['post'];
    const body = createParser?.requestBody?.content['application/json']?.schema as { properties: Record<string, { items?: unknown }>; required: string[] };
    expect(body.required).toEqual(['name']);
    expect(body.properties['fields']?.items).toEqual({ $ref: '#/components/schemas/FieldDefinition' });

    const create = doc.paths['/v1/extractions']?.['post'];
    expect(Object.keys(create?.requestBody?.content ?? {}).sort()).toEqual(['application/json', 'multipart/form-data']);
    expect(create?.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual(['header:Idempotency-Key']);

    const list = doc.paths['/v1/extractions']?.['get'];
    expect(list?.parameters?.map((p) => p.name)).toEqual(['parser_id', 'status', 'since', 'limit', 'cursor']);
    expect(list?.parameters?.every((p) => p.in === 'query' && !p.required)).toBe(true);

    const document = doc.paths['/v1/extractions/{id}/documents/{doc_id}']?.['get'];
    expect(document?.parameters).toEqual([
      expect.objectContaining({ name: 'id', in: 'path', required: true }),
      expect.objectContaining({ name: 'doc_id', in: 'path', required: true }),
    ]);
    expect(Object.keys(doc.paths['/v1/extractions/{id}/export']?.['get']?.responses['200'] as object)).toContain('content');
  });
});
