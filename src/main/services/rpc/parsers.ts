// parsers.* and webhooks.*: the parsers service for CRUD and field detection, plus trying
// draft fields on a sample in the engine (the run comes back for drawing citations), the
// stored sample's bytes, and the webhooks service. Lists are whole (the desktop has few).
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../../../shared/api/errors.js';
import type { Page } from '../../../shared/api/common.js';
import type { ParseRun } from '../../../shared/parse-contract.js';
import type { FileRef, RpcHandlers } from '../../../shared/rpc-contract.js';
import { EngineError } from '../../engine/errors.js';
import { isLocked, wrongPassword } from '../intake.js';
import type { IncomingFile } from '../types.js';
import type { RpcContext } from './context.js';
import { plainError } from './plain-errors.js';
import { uploadForService, useUpload } from './uploads.js';

type ParserHandlers = Pick<
  RpcHandlers,
  | 'parsers.list'
  | 'parsers.get'
  | 'parsers.create'
  | 'parsers.update'
  | 'parsers.remove'
  | 'parsers.detect'
  | 'parsers.test'
  | 'parsers.sample'
  | 'webhooks.list'
  | 'webhooks.create'
  | 'webhooks.remove'
  | 'webhooks.test'
  | 'webhooks.get'
  | 'webhooks.update'
  | 'webhooks.rotateSecret'
>;

/** Every item of a paged list. */
async function all<T>(list: (query: { limit: number; cursor?: string | undefined }) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await list({ limit: 100, cursor });
    items.push(...page.items);
    if (!page.pagination.has_next_page || !page.pagination.next_cursor) return items;
    cursor = page.pagination.next_cursor;
  }
}

function uploadGone(): ApiError {
  return new ApiError('RESOURCE_NOT_FOUND', 'This upload is no longer available; add the file again.', 'file');
}

/** A staged file as a path on this machine and its name (an upload is moved into the file store first). */
async function localFile(ctx: RpcContext, ref: FileRef): Promise<{ path: string; filename: string }> {
  if (ref.kind === 'path') return { path: ref.path, filename: path.basename(ref.path) };
  const upload = await useUpload(ctx, ref.upload_id);
  if (!upload) throw uploadGone();
  return upload;
}

/** A file's bytes within the size limit; a missing or unreadable file is a sentence naming it. */
async function readSample(ctx: RpcContext, filePath: string, what: string): Promise<Uint8Array> {
  try {
    const info = await stat(filePath);
    if (!info.isFile()) throw new ApiError('INVALID_PAYLOAD', `${filePath} is not a file.`, 'file');
    if (info.size > ctx.app.maxFileSize) {
      throw new ApiError('INVALID_PAYLOAD', `The ${what} is ${(info.size / 1048576).toFixed(1)} MB, above the limit of ${(ctx.app.maxFileSize / 1048576).toFixed(0)} MB.`, 'file');
    }
    return new Uint8Array(await readFile(filePath));
  } catch (err) {
    if (err instanceof ApiError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new ApiError('RESOURCE_NOT_FOUND', `The ${what} is no longer at ${filePath}: it was moved or deleted.`, 'file');
    throw new ApiError('INVALID_PAYLOAD', `The ${what} at ${filePath} cannot be read (${code ?? 'error'}).`, 'file');
  }
}

/** The parser's stored sample: where it is, its name and type; null when it has none. */
async function storedSample(ctx: RpcContext, parserId: string) {
  const parser = await ctx.app.services.parsers.get(parserId);
  if (!parser.sample_file_id) return null;
  return ctx.app.store.call('getSample', { sample_file_id: parser.sample_file_id });
}

/** The parsers (and webhooks) handlers. */
export function parserHandlers(ctx: RpcContext): ParserHandlers {
  const { services } = ctx.app;
  return {
    'parsers.list': () => all((q) => services.parsers.list(q)),
    'parsers.get': ({ parser_id }) => services.parsers.get(parser_id),
    'parsers.create': (body) => services.parsers.create(body),
    'parsers.update': ({ parser_id, patch, expected_updated_at }) => services.parsers.update(parser_id, patch, { expected_updated_at }),
    async 'parsers.remove'({ parser_id }) {
      await services.parsers.remove(parser_id);
      return { deleted: true as const };
    },
    async 'parsers.detect'({ parser_id, file, replace_existing_schema, password }) {
      if (!file) {
        const sample = await storedSample(ctx, parser_id);
        if (!sample) throw new ApiError('INVALID_PAYLOAD', 'This parser has no sample file yet; choose one to detect fields from.', 'file');
        return services.parsers.detectFields(parser_id, { replace_existing_schema, sample_file_id: sample.id, password });
      }
      // An upload goes in as one (the sample keeps its name); a path is read where it is.
      const incoming: IncomingFile | null = file.kind === 'path' ? { kind: 'local', path: file.path } : await uploadForService(ctx, file.upload_id);
      if (!incoming) throw uploadGone();
      return services.parsers.detectFields(parser_id, { replace_existing_schema, file: incoming, password });
    },
    async 'parsers.test'({ fields, result_mode, parser_id, file, password }) {
      let bytes: Uint8Array;
      let filename: string;
      if (file) {
        const local = await localFile(ctx, file);
        bytes = await readSample(ctx, local.path, 'sample file');
        filename = local.filename;
      } else {
        if (!parser_id) throw new ApiError('INVALID_PAYLOAD', 'Choose a sample file to test the fields on.', 'file');
        const sample = await storedSample(ctx, parser_id);
        if (!sample) throw new ApiError('INVALID_PAYLOAD', 'This parser has no sample file yet; choose one to test the fields on.', 'file');
        bytes = await readSample(ctx, sample.stored_path, 'sample file');
        filename = sample.filename;
      }
      let result;
      try {
        result = await ctx.app.pool.extract(bytes, { fields, result_mode }, { maxFileSize: ctx.app.maxFileSize, priority: true, password });
      } catch (err) {
        throw new ApiError('INVALID_PAYLOAD', `The sample could not be read: ${err instanceof EngineError ? err.message : String(err)}`, 'file');
      }
      if (result.summary.status === 'FAILED') {
        if (password !== undefined && isLocked(result.summary)) throw wrongPassword(filename);
        throw new ApiError('INVALID_PAYLOAD', `The sample could not be read: ${plainError(result.summary.failureReason, result.summary.failureMessage)}`, 'file');
      }
      const out = result.output;
      const run = JSON.parse(Buffer.from(out.buffer, out.byteOffset, out.byteLength).toString('utf8')) as ParseRun;
      return { data: result.data, confidence: result.confidence, fields: result.fields, template: result.template ?? null, run };
    },
    async 'parsers.sample'({ parser_id }) {
      const sample = await storedSample(ctx, parser_id);
      if (!sample) return null;
      const bytes = await readSample(ctx, sample.stored_path, 'sample file');
      return { bytes, file_type: sample.mime, filename: sample.filename };
    },
    'webhooks.list': () => all((q) => services.webhooks.list(q)),
    'webhooks.create': (body) => services.webhooks.create(body),
    async 'webhooks.remove'({ webhook_id }) {
      await services.webhooks.remove(webhook_id);
      return { deleted: true as const };
    },
    'webhooks.test': ({ webhook_id }) => services.webhooks.test(webhook_id),
    'webhooks.get': ({ webhook_id }) => services.webhooks.get(webhook_id),
    'webhooks.update': ({ webhook_id, patch }) => services.webhooks.update(webhook_id, patch),
    'webhooks.rotateSecret': ({ webhook_id, grace_period_seconds }) => services.webhooks.rotateSecret(webhook_id, { grace_period_seconds }),
  };
}
