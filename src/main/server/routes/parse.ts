// POST /parse: one file (multipart `file` + optional JSON `config` part, or JSON `{path, config}`)
// parsed in an engine worker. The answer is the parser_run bytes as the engine serialised them
// (figures' pictures put in by the service); a FAILED run is still 200 (it is a parser_run) —
// only a bad request is a 400, an option the config does not have included.
import { ApiError } from '../../../shared/api/errors.js';
import { parseRunSchema } from '../../../shared/parse-contract.js';
import { spoolMultipart, withUpload } from '../multipart.js';
import { defineRoute, type Route } from '../route-spec.js';
import { parseFormConfigSchema, parseFormSchema, parseJsonBodySchema } from '../schemas.js';
import { validate } from '../validate.js';
import type { RouteDeps } from './deps.js';

/** The parse route. */
export function parseRoutes({ services, uploads }: RouteDeps): Route[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/parse',
      operationId: 'parseFile',
      summary: 'Parse one file into a parser_run (Extend Parse API shape)',
      tag: 'Parse',
      body: parseJsonBodySchema,
      multipart: parseFormSchema,
      responses: [
        {
          status: 200,
          description: 'The parser_run, PROCESSED or FAILED; a figure block carries its picture as a data: URL in details.imageUrl',
          schema: parseRunSchema,
        },
      ],
      handler: async ({ request, reply, body }) => {
        let result;
        if (body) {
          result = await services.parse.parse({ file: { kind: 'local', path: body.path }, config: body.config });
        } else {
          const upload = await spoolMultipart(request, { ...uploads, fileFields: ['file'], maxFiles: 1 });
          result = await withUpload(upload, async () => {
            const file = upload.files[0];
            if (!file) throw new ApiError('INVALID_PAYLOAD', 'file: send the file to parse.', 'file');
            const config = readConfigField(upload.fields.get('config'));
            return services.parse.parse({ file: { kind: file.kind, filename: file.filename, tempPath: file.tempPath, mime: file.mime }, config });
          });
        }
        const { output } = result;
        reply.type('application/json; charset=utf-8');
        return reply.send(Buffer.from(output.buffer, output.byteOffset, output.byteLength));
      },
    }),
  ];
}

/** The `config` part: JSON text (or a part already sent as application/json); absent means
 *  defaults. Options the config does not have are refused as in a JSON body. */
function readConfigField(value: unknown): unknown {
  let config = value;
  if (typeof value === 'string') {
    if (value.trim() === '') return undefined;
    try {
      config = JSON.parse(value) as unknown;
    } catch {
      throw new ApiError('INVALID_PAYLOAD', 'config: not valid JSON.', 'config');
    }
  }
  return validate(parseFormConfigSchema, { config }, 'body').config;
}
