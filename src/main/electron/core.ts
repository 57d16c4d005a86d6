// Opens the headless app core for the desktop: the data folder (config.json or userData/data),
// the Electron-ABI SQLite build, the packaged resources the engine reads, the local REST API
// (when the user left it on) and the RPC service the IPC handlers call. Plain Node: no electron
// import, so tests open it with fakes for the parts that are injected.
import path from 'node:path';
import { startServer } from '../server/app.js';
import { openApp, type App } from '../services/app.js';
import { createRpcService } from '../services/rpc/index.js';
import type { RpcService } from '../services/rpc/types.js';
import { dataDirFor, readShellConfig, updateShellConfig } from './config.js';
import { LocalApi } from './local-api.js';
import { isAbiMismatch, sqliteBindingPath } from './native-binding.js';
import type { Secrets } from './secrets.js';
import { keychainSecretStore } from './sync-secrets.js';

export interface DesktopCoreOptions {
  /** app.getPath('userData') */
  userDataDir: string;
  isPackaged: boolean;
  /** process.resourcesPath */
  resourcesPath: string;
  /** app.getAppPath() */
  appPath: string;
  log: (message: string) => void;
  /** The OS keychain (safeStorage): where sync keeps the hosted API key. Without it, a file
   *  only this user can read in the data folder. */
  secrets?: Secrets | undefined;
}

export interface DesktopCore {
  app: App;
  rpc: RpcService;
  api: LocalApi;
  /** Closes the API server, then the core (running documents go back to the queue). */
  close(): Promise<void>;
}

/** Opens everything the windows talk to; rejects with an Error whose message is a sentence. */
export async function openDesktopCore(options: DesktopCoreOptions): Promise<DesktopCore> {
  const { userDataDir, isPackaged, resourcesPath, appPath, log } = options;
  const config = await readShellConfig(userDataDir, log);
  // The engine (and its worker threads, which inherit the environment) finds the bundled OCR
  // language data and pdf.js assets through this; development uses node_modules.
  if (isPackaged && !process.env['PERFECTPARSER_RESOURCES']) process.env['PERFECTPARSER_RESOURCES'] = resourcesPath;
  const dataDir = dataDirFor(config, userDataDir);
  const nativeBinding = sqliteBindingPath({ isPackaged, resourcesPath, appPath });

  let app: App;
  try {
    app = await openApp({ dataDir, nativeBinding, log, secretStore: options.secrets ? keychainSecretStore(options.secrets) : undefined });
  } catch (err) {
    throw new Error(startupSentence(err, { isPackaged, dataDir }));
  }

  try {
    return await wire(app, options, config.apiEnabled);
  } catch (err) {
    await app.close({ abort: true }).catch(() => undefined);
    throw err;
  }
}

async function wire(app: App, { userDataDir, log }: DesktopCoreOptions, apiEnabled: boolean | undefined): Promise<DesktopCore> {
  const api = new LocalApi({
    services: app.services,
    apiKey: () => app.apiKey(),
    uploadDir: path.join(app.dataDir, 'api-incoming'),
    maxUploadBytes: app.maxFileSize,
    start: startServer,
    persist: (enabled) => updateShellConfig(userDataDir, { apiEnabled: enabled }),
    log,
  });
  const rpc = createRpcService(app, {
    mode: 'desktop',
    api: {
      status: () => api.status(),
      setEnabled: (enabled: boolean) => api.setEnabled(enabled),
      keyChanged: (key: string) => api.keyChanged(key),
    },
  });
  await api.restore(apiEnabled);

  return {
    app,
    rpc,
    api,
    async close() {
      await api.close().catch((err: unknown) => log(`The local API did not close cleanly: ${messageOf(err)}`));
      await app.close({ abort: true });
    },
  };
}

/** Why the app could not open, as the error box says it. */
export function startupSentence(err: unknown, context: { isPackaged: boolean; dataDir: string }): string {
  if (isAbiMismatch(err)) {
    return context.isPackaged
      ? 'PerfectParser’s database component does not match this version of the app. Please reinstall PerfectParser.'
      : 'The SQLite library was built for Node.js, not for Electron. Run `npm run rebuild:electron` (it needs the network) and start the app again.';
  }
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const text = `${code ?? ''} ${messageOf(err)}`;
  if (code === 'ENOSPC' || code === 'EDQUOT' || /SQLITE_FULL|disk is full/i.test(text)) {
    return `The disk holding PerfectParser’s data folder (${context.dataDir}) is full. Free some space and start PerfectParser again.`;
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || /SQLITE_READONLY|SQLITE_CANTOPEN/i.test(text)) {
    return `PerfectParser cannot write to its data folder (${context.dataDir}). Check that the folder exists and that you may write to it.`;
  }
  return messageOf(err);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
