// The desktop's RPC handlers over the app core: one handler per method of the shared
// contract (src/shared/rpc-contract.ts), called by the Electron IPC registration and by
// `serve`'s /rpc routes with arguments already validated. Each group lives in its own module.
import type { RpcHandlers } from '../../../shared/rpc-contract.js';
import type { App } from '../app.js';
import { ScanCache, type RpcContext } from './context.js';
import { documentHandlers } from './documents.js';
import { scanInbox } from './inbox.js';
import { jobHandlers } from './jobs.js';
import { parserHandlers } from './parsers.js';
import { settingsHandlers } from './settings.js';
import { syncHandlers } from './sync.js';
import type { RpcHost, RpcService } from './types.js';
import { purgeStaleUploads, stageUpload } from './uploads.js';

export type { RpcHost, RpcService, UploadInput } from './types.js';

/** The RPC service for one app core and the transport hosting the UI. */
export function createRpcService(app: App, host: RpcHost): RpcService {
  const ctx: RpcContext = { app, host, scans: new ScanCache() };
  const handlers: RpcHandlers = {
    'inbox.scan': (args) => scanInbox(ctx, args),
    ...jobHandlers(ctx),
    ...documentHandlers(ctx),
    ...parserHandlers(ctx),
    ...settingsHandlers(ctx),
    ...syncHandlers(ctx),
  };
  return {
    handlers,
    stageUpload: (input) => stageUpload(ctx, input),
    purgeStaleUploads: (maxAgeMs) => purgeStaleUploads(ctx, maxAgeMs),
  };
}
