// The OpenAPI 3.1 document, generated from the route table and the zod schemas the routes
// validate with (request bodies and queries as their input types, responses as output types),
// so the document cannot describe a route the server does not have, or miss one it has.
import { z } from 'zod';
import { errorEnvelopeSchema } from './errors.js';
import type { ResponseDoc, Route } from './route-spec.js';
import { docRegistry } from './schemas.js';

type Json = Record<string, unknown>;
type Io = 'input' | 'output';

const ERROR_REF = { $ref: '#/components/responses/Error' };
const RATE_LIMIT_HEADERS = {
  'X-RateLimit-Limit': { $ref: '#/components/headers/X-RateLimit-Limit' },
  'X-RateLimit-Remaining': { $ref: '#/components/headers/X-RateLimit-Remaining' },
  'X-RateLimit-Reset': { $ref: '#/components/headers/X-RateLimit-Reset' },
};
const REQUEST_ID_HEADER = { 'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' } };

/** Builds the document for `routes`; `serverUrl` is where this server listens. */
export function buildOpenApiDocument(routes: readonly Route[], serverUrl: string): Json {
  const schemas = new SchemaComponents();
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
    (paths[path] ??= {})[route.method.toLowerCase()] = operation(route, schemas);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'PerfectParser Desktop local API',
      version: '1.0.0',
      description: 'The /v1 extraction API and the /parse endpoint, served on this machine. Every request must be addressed to the server’s own host and port.',
    },
    servers: [{ url: serverUrl }],
    security: [{ ApiKeyAuth: [] }],
    paths,
    components: {
      securitySchemes: { ApiKeyAuth: { type: 'apiKey', in: 'header', name: 'X-API-Key' } },
      schemas: { ErrorEnvelope: schemas.inline(errorEnvelopeSchema, 'output', 'ErrorEnvelope'), ...schemas.all() },
      responses: {
        Error: {
          description: 'An error: the HTTP status and the envelope with a contract code',
          headers: REQUEST_ID_HEADER,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } },
        },
      },
      headers: {
        'X-Request-Id': { description: 'The id of this request, also in error envelopes', schema: { type: 'string' } },
        'X-RateLimit-Limit': { description: 'Requests allowed in the current one-minute window', schema: { type: 'integer' } },
        'X-RateLimit-Remaining': { description: 'Requests left in the current window', schema: { type: 'integer' } },
        'X-RateLimit-Reset': { description: 'When the window resets, in unix seconds', schema: { type: 'integer' } },
      },
    },
  };
}

function operation(route: Route, schemas: SchemaComponents): Json {
  const context = upperFirst(route.operationId);
  const parameters = [
    ...objectParameters(route.params, 'path', schemas, `${context}Params`),
    ...objectParameters(route.query, 'query', schemas, `${context}Query`),
    ...(route.headers ?? []).map((h) => ({ name: h.name, in: 'header', required: false, description: h.description, schema: { type: 'string' } })),
  ];
  const content: Json = {};
  if (route.body) content['application/json'] = { schema: schemas.inline(route.body, 'input', `${context}Body`) };
  if (route.multipart) content['multipart/form-data'] = { schema: schemas.inline(route.multipart, 'input', `${context}Form`) };
  const headers = route.public ? REQUEST_ID_HEADER : { ...REQUEST_ID_HEADER, ...RATE_LIMIT_HEADERS };
  const responses: Json = {};
  for (const [status, docs] of groupByStatus(route.responses)) {
    const bodies: Json = {};
    for (const doc of docs) {
      bodies[doc.contentType ?? 'application/json'] = doc.schema ? { schema: schemas.inline(doc.schema, 'output', `${context}Response`) } : {};
    }
    responses[String(status)] = { description: docs.map((d) => d.description).join('; '), headers, content: bodies };
  }
  if (!route.public) Object.assign(responses, { '401': ERROR_REF, '429': ERROR_REF });
  responses['default'] = ERROR_REF;
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    ...(route.public ? { security: [] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(Object.keys(content).length ? { requestBody: { required: true, content } } : {}),
    responses,
  };
}

function objectParameters(schema: z.ZodType | undefined, where: 'path' | 'query', schemas: SchemaComponents, context: string): Json[] {
  if (!schema) return [];
  const json = schemas.inline(schema, 'input', context);
  const properties = (json['properties'] ?? {}) as Record<string, Json>;
  const required = new Set((json['required'] ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: where, required: where === 'path' || required.has(name), ...(description ? { description } : {}), schema: rest };
  });
}

function groupByStatus(responses: readonly ResponseDoc[]): Map<number, ResponseDoc[]> {
  const groups = new Map<number, ResponseDoc[]>();
  for (const r of responses) groups.set(r.status, [...(groups.get(r.status) ?? []), r]);
  return groups;
}

function upperFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Converts zod schemas to JSON Schema and moves their `$defs` (named ones such as
 *  FieldDefinition, and recursive ones) into components.schemas, rewriting the `$ref`s, because
 *  a `#/$defs/…` reference would not resolve once the schema sits inside the document. */
class SchemaComponents {
  readonly #schemas: Record<string, Json> = {};
  /** Each component's definition before its refs were rewritten, to reuse identical ones. */
  readonly #originals = new Map<string, string>();

  inline(schema: z.ZodType, io: Io, context: string): Json {
    const json = z.toJSONSchema(schema, { io, metadata: docRegistry, unrepresentable: 'any' }) as Json;
    const defs = (json['$defs'] ?? {}) as Record<string, Json>;
    delete json['$schema'];
    delete json['$defs'];
    const names = new Map<string, string>();
    for (const [key, def] of Object.entries(defs)) names.set(key, this.#claim(key.startsWith('__') ? `${context}${key.replace(/^_+schema/, 'Part')}` : key, io, def));
    for (const [key, def] of Object.entries(defs)) {
      const name = names.get(key) ?? key;
      this.#schemas[name] ??= rewriteRefs(def, names) as Json;
    }
    return rewriteRefs(json, names) as Json;
  }

  all(): Record<string, Json> {
    return this.#schemas;
  }

  #claim(base: string, io: Io, def: Json): string {
    const original = JSON.stringify(def);
    const candidates = [base, `${base}${io === 'input' ? 'Input' : 'Output'}`];
    for (let i = 2; candidates.length < 50; i++) candidates.push(`${base}${i}`);
    for (const name of candidates) {
      const existing = this.#originals.get(name);
      if (existing === undefined) {
        this.#originals.set(name, original);
        return name;
      }
      if (existing === original) return name;
    }
    throw new Error(`Too many distinct schemas named ${base}`);
  }
}

function rewriteRefs(value: unknown, names: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, names));
  if (value === null || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')) {
      const key = v.slice('#/$defs/'.length);
      out[k] = `#/components/schemas/${names.get(key) ?? key}`;
    } else {
      out[k] = rewriteRefs(v, names);
    }
  }
  return out;
}
