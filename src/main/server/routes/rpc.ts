// The /rpc bridge of browser mode: the desktop's RPC methods (src/shared/rpc-contract.ts) over
// HTTP, for the UI `perfectparser serve` serves. The same key and Host guard as /v1; no CORS.
//   POST /rpc/:method                          JSON body = the method's one argument → JSON result
//   GET  /rpc/files/:extraction_id/:document_id  a document's file (documents.file), as bytes
//   GET  /rpc/samples/:parser_id                 a parser's sample file (parsers.sample); 204 if none
//   GET  /rpc/figures/:extraction_id/:document_id/:name  a figure's picture (documents.figure); 204 if none
//   POST /rpc/upload                           one file as the raw body → StageResult
// These routes are the UI's own, not part of the published API, so they are left out of
// /openapi.json; requests carrying the key are not rate limited (a dropped folder is one
// upload per file).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../../../shared/api/errors.js';
import { parseRpcArgs, RPC_METHODS, RpcArgumentError, type RpcMethod } from '../../../shared/rpc-contract.js';
import type { RpcService } from '../../services/rpc/types.js';
import { assertJsonBody } from '../errors.js';
import { spoolRawUpload } from '../raw-upload.js';
import { lookupId } from '../schemas.js';
import { contentDisposition } from '../stream-export.js';
import type { RouteDeps } from './deps.js';

/** Methods whose result is a file: served by the GET routes, refused by POST /rpc/:method. */
const BYTE_METHODS: Partial<Record<RpcMethod, string>> = {
  'documents.file': 'GET /rpc/files/:extraction_id/:document_id',
  'parsers.sample': 'GET /rpc/samples/:parser_id',
  'documents.figure': 'GET /rpc/figures/:extraction_id/:document_id/:name',
};

/** Largest JSON argument: a job over 10,000 uploaded files stays well below it. */
const RPC_BODY_LIMIT = 16 * 1024 * 1024;

const MIME_BY_FILE_TYPE: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  jpg: 'image/jpeg',
  tiff: 'image/tiff',
  webp: 'image/webp',
  bmp: 'image/bmp',
  gif: 'image/gif',
  text: 'text/plain; charset=utf-8',
};

interface FileResult {
  bytes: Uint8Array;
  file_type: string;
  filename: string;
}

/** Registers the /rpc routes (the upload in its own scope, for its raw-body parser). */
export async function registerRpcRoutes(app: FastifyInstance, rpc: RpcService, uploads: RouteDeps['uploads']): Promise<void> {
  const config = { uiBridge: true };
  app.route({
    method: 'POST',
    url: '/rpc/:method',
    config,
    bodyLimit: RPC_BODY_LIMIT,
    handler: async (request, reply) => {
      const method = (request.params as { method: string }).method;
      if (!isRpcMethod(method)) throw new ApiError('RESOURCE_NOT_FOUND', `There is no RPC method "${lookupId(method)}".`);
      assertJsonBody(request, false);
      const route = BYTE_METHODS[method];
      if (route) throw new ApiError('INVALID_PAYLOAD', `${method} returns a file: use ${route}.`);
      const result = await call(rpc, method, request.body);
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(result ?? null));
    },
  });

  app.get('/rpc/files/:extraction_id/:document_id', { config }, async (request, reply) => {
    const params = request.params as { extraction_id: string; document_id: string };
    const file = (await call(rpc, 'documents.file', { extraction_id: lookupId(params.extraction_id), document_id: lookupId(params.document_id) })) as FileResult;
    return sendFile(reply, file);
  });

  app.get('/rpc/samples/:parser_id', { config }, async (request, reply) => {
    const params = request.params as { parser_id: string };
    const file = (await call(rpc, 'parsers.sample', { parser_id: lookupId(params.parser_id) })) as FileResult | null;
    if (!file) return reply.code(204).header('cache-control', 'no-store').send();
    return sendFile(reply, file);
  });

  app.get('/rpc/figures/:extraction_id/:document_id/:name', { config }, async (request, reply) => {
    const params = request.params as { extraction_id: string; document_id: string; name: string };
    const args = { extraction_id: lookupId(params.extraction_id), document_id: lookupId(params.document_id), name: lookupId(params.name) };
    const file = (await call(rpc, 'documents.figure', args)) as FileResult | null;
    if (!file) return reply.code(204).header('cache-control', 'no-store').send();
    return sendFile(reply, file);
  });

  await app.register(async (scope) => {
    // The raw body is read by the handler, whatever its Content-Type (a browser sends a File's own type).
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request: FastifyRequest, _payload: unknown, done: (err: null) => void) => done(null));
    scope.post('/rpc/upload', { config }, async (request) => {
      const upload = await spoolRawUpload(request, uploads.root, uploads.maxFileBytes);
      let result;
      try {
        result = await rpc.stageUpload({
          tempPath: upload.tempPath,
          filename: upload.filename,
          relativePath: upload.relativePath,
          sha256: upload.sha256,
        });
      } catch (err) {
        await upload.discard();
        throw err;
      }
      await upload.release();
      return result;
    });
  });
}

function isRpcMethod(name: string): name is RpcMethod {
  return (RPC_METHODS as string[]).includes(name);
}

/** Validates the argument (INVALID_PAYLOAD naming the field) and runs the method's handler. */
async function call(rpc: RpcService, method: RpcMethod, arg: unknown): Promise<unknown> {
  let args: unknown;
  try {
    args = parseRpcArgs(method, arg);
  } catch (err) {
    if (err instanceof RpcArgumentError) throw new ApiError('INVALID_PAYLOAD', err.message, err.field ?? undefined);
    throw err;
  }
  const handler = rpc.handlers[method] as (args: unknown) => Promise<unknown>;
  try {
    return await handler(args);
  } catch (err) {
    // A handler validating deeper (a nested argument) reports the same way.
    if (err instanceof RpcArgumentError) throw new ApiError('INVALID_PAYLOAD', err.message, err.field ?? undefined);
    throw err;
  }
}

/** Sends a file result: its own content type, its name and type in headers the UI reads. */
function sendFile(reply: FastifyReply, file: FileResult): FastifyReply {
  const bytes = Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength);
  return reply
    .type(mimeOf(file.file_type))
    .header('content-length', String(bytes.length))
    .header('content-disposition', contentDisposition(file.filename).replace(/^attachment/, 'inline'))
    .header('x-filename', encodeURIComponent(file.filename))
    .header('x-file-type', encodeURIComponent(file.file_type))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "sandbox; default-src 'none'")
    .header('cache-control', 'no-store')
    .send(bytes);
}

/** 'pdf' → application/pdf; a MIME type passes through when it looks like one. */
function mimeOf(fileType: string): string {
  const known = MIME_BY_FILE_TYPE[fileType.toLowerCase()];
  if (known) return known;
  return /^[a-z]+\/[a-z0-9.+-]+$/i.test(fileType) ? fileType : 'application/octet-stream';
}
