// sync.*: the hosted service connection, its request log, parsers pushed and pulled, and files
// processed in the cloud as local jobs marked remote. Thin: the sync service does the work (and
// sends nothing while sync is off); failures reach the transports as ApiErrors with a sentence.
import type { FileRef, RpcHandlers } from '../../../shared/rpc-contract.js';
import type { NewJobDocument } from '../../store/queries/jobs.js';
import { asApiError } from '../../sync/sync-service.js';
import { mapLimit } from './concurrency.js';
import { FILE_CONCURRENCY, type RpcContext } from './context.js';
import { documentFor } from './jobs.js';

type SyncHandlers = Pick<
  RpcHandlers,
  'sync.status' | 'sync.connect' | 'sync.disconnect' | 'sync.log' | 'sync.remoteParsers' | 'sync.pushParser' | 'sync.pullParsers' | 'sync.process' | 'sync.resume'
>;

/** The document for each staged file, in order: the same intake as a local job. */
function documentsFor(ctx: RpcContext, files: FileRef[]): Promise<NewJobDocument[]> {
  return mapLimit(files, FILE_CONCURRENCY, (ref) => documentFor(ctx, ref));
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
