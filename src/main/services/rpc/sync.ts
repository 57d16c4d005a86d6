// sync.*: the hosted service connection, its request log, parsers pushed and pulled, and files
// processed in the cloud as local jobs marked remote. Thin: the sync service does the work (and
// sends nothing while sync is off); failures reach the transports as ApiErrors with a sentence.
import type { FileRef, RpcHandlers } from '../../../shared/rpc-contract.js';
import type { NewJobDocument } from '../../store/queries/jobs.js';
import { documentsFromPaths } from '../../sync/intake.js';
import { asApiError } from '../../sync/sync-service.js';
import type { RpcContext } from './context.js';
import { useUpload } from './uploads.js';

type SyncHandlers = Pick<
  RpcHandlers,
  'sync.status' | 'sync.connect' | 'sync.disconnect' | 'sync.log' | 'sync.remoteParsers' | 'sync.pushParser' | 'sync.pullParsers' | 'sync.process' | 'sync.resume'
>;

/** The document for each staged file, in order (an upload that is gone fails at once). */
async function documentsFor(ctx: RpcContext, files: FileRef[]): Promise<NewJobDocument[]> {
  const out: NewJobDocument[] = [];
  for (const ref of files) {
    if (ref.kind === 'path') {
      out.push(...(await documentsFromPaths([ref.path], ctx.app.maxFileSize, (p) => ctx.scans.relativePath(p))));
      continue;
    }
    const upload = await useUpload(ctx, ref.upload_id);
    out.push(
      upload
        ? {
            filename: upload.filename,
            relative_path: upload.relative_path,
            source_path: null,
            stored_path: upload.path,
            content_hash: upload.content_hash,
            file_size: upload.file_size,
            mime: upload.mime,
            page_count: 0,
          }
        : {
            filename: ref.upload_id,
            relative_path: ref.upload_id,
            source_path: null,
            stored_path: '',
            content_hash: '',
            file_size: 0,
            mime: 'application/octet-stream',
            page_count: 0,
            failure: { code: 'UPLOAD_MISSING', message: 'This upload is no longer available; add the file again.' },
          },
    );
  }
  return out;
}

async function mapped<T>(task: Promise<T>): Promise<T> {
  try {
    return await task;
  } catch (err) {
    throw asApiError(err);
  }
}

/** The sync handlers. */
export function syncHandlers(ctx: RpcContext): SyncHandlers {
  const { sync } = ctx.app;
  return {
    'sync.status': () => mapped(sync.status()),
    'sync.connect': (args) => mapped(sync.connect(args)),
    'sync.disconnect': () => mapped(sync.disconnect()),
    'sync.log': (args) => mapped(sync.log(args)),
    'sync.remoteParsers': () => mapped(sync.remoteParsers()),
    'sync.pushParser': ({ parser_id }) => mapped(sync.pushParser(parser_id)),
    'sync.pullParsers': () => mapped(sync.pullParsers()),
    'sync.process': async ({ parser_id, files }) => mapped(sync.process({ parser_id, documents: await documentsFor(ctx, files) })),
    'sync.resume': ({ extraction_id }) => mapped(sync.resume(extraction_id)),
  };
}
