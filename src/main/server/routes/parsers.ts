// Parsers (extraction templates): list, create, read, update, delete, and detect-fields from a
// sample file (multipart upload) or a stored sample (JSON `{sample_file_id}`).
import { listQuerySchema } from '../../../shared/api/common.js';
import { ApiError } from '../../../shared/api/errors.js';
import { detectFieldsBodySchema, parserCreateSchema, parserPatchSchema, parserSchema } from '../../../shared/api/parsers.js';
import type { DetectFieldsBody } from '../../../shared/api/parsers.js';
import { spoolMultipart, withUpload } from '../multipart.js';
import { defineRoute, type Route } from '../route-spec.js';
import { deletedSchema, detectFieldsFormSchema, envelope, idParams, listEnvelope } from '../schemas.js';
import { validate } from '../validate.js';
import type { RouteDeps } from './deps.js';

const parserEnvelope = envelope('parser', parserSchema);

/** The parser routes. */
export function parserRoutes({ services, uploads }: RouteDeps): Route[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/v1/parsers',
      operationId: 'listParsers',
      summary: 'List parsers',
      tag: 'Parsers',
      query: listQuerySchema(20),
      responses: [{ status: 200, description: 'A page of parsers', schema: listEnvelope('parsers', parserSchema) }],
      handler: async ({ query }) => {
        const page = await services.parsers.list(query);
        return { parsers: page.items, pagination: page.pagination };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/parsers',
      operationId: 'createParser',
      summary: 'Create a parser (names are unique: 409 CONFLICT otherwise)',
      tag: 'Parsers',
      body: parserCreateSchema,
      responses: [{ status: 201, description: 'The new parser', schema: parserEnvelope }],
      handler: async ({ body, reply }) => {
        const parser = await services.parsers.create(body);
        reply.code(201);
        return { parser };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/parsers/:id',
      operationId: 'getParser',
      summary: 'Get a parser',
      tag: 'Parsers',
      params: idParams,
      responses: [{ status: 200, description: 'The parser', schema: parserEnvelope }],
      handler: async ({ params }) => ({ parser: await services.parsers.get(params.id) }),
    }),
    defineRoute({
      method: 'PATCH',
      url: '/v1/parsers/:id',
      operationId: 'updateParser',
      summary: 'Update a parser (`fields` replaces the whole list and regenerates `schema`)',
      tag: 'Parsers',
      params: idParams,
      body: parserPatchSchema,
      responses: [{ status: 200, description: 'The updated parser', schema: parserEnvelope }],
      handler: async ({ params, body }) => ({ parser: await services.parsers.update(params.id, body) }),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/v1/parsers/:id',
      operationId: 'deleteParser',
      summary: 'Delete a parser',
      tag: 'Parsers',
      params: idParams,
      responses: [{ status: 200, description: 'Deleted', schema: deletedSchema('parser_id') }],
      handler: async ({ params }) => {
        await services.parsers.remove(params.id);
        return { deleted: true, parser_id: params.id };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/parsers/:id/detect-fields',
      operationId: 'detectParserFields',
      summary: 'Propose fields from a sample file (multipart `file`) or a stored sample (JSON `sample_file_id`)',
      tag: 'Parsers',
      params: idParams,
      body: detectFieldsBodySchema,
      multipart: detectFieldsFormSchema,
      responses: [{ status: 200, description: 'The parser with its detected fields', schema: parserEnvelope }],
      handler: async ({ request, params, body }) => {
        if (body) return { parser: await services.parsers.detectFields(params.id, body) };
        const upload = await spoolMultipart(request, { ...uploads, fileFields: ['file'], maxFiles: 1 });
        return withUpload(upload, async () => {
          const input = formToDetectBody(upload.fields);
          const file = upload.files[0];
          return { parser: await services.parsers.detectFields(params.id, { ...input, file }) };
        });
      },
    }),
  ];
}

/** The text parts of the detect-fields form, checked by the same schema as the JSON body. */
function formToDetectBody(fields: Map<string, unknown>): DetectFieldsBody {
  const raw: Record<string, unknown> = Object.fromEntries(fields);
  const replace = raw['replace_existing_schema'];
  if (replace !== undefined) {
    if (replace !== 'true' && replace !== 'false' && typeof replace !== 'boolean') {
      throw new ApiError('INVALID_PAYLOAD', 'replace_existing_schema: expected "true" or "false".', 'replace_existing_schema');
    }
    raw['replace_existing_schema'] = replace === true || replace === 'true';
  }
  return validate(detectFieldsBodySchema, raw, 'body');
}
