// Where the better-sqlite3 build for Electron's ABI is. node_modules holds the build for Node
// (the CLI, the server and the tests use it), so the app carries its own: in a packaged app under
// `<resources>/native/`, in development under `build/electron-native/` (npm run rebuild:electron).
import { existsSync } from 'node:fs';
import path from 'node:path';

export const SQLITE_BINDING_FILE = 'better_sqlite3.node';

export interface BindingPlaces {
  isPackaged: boolean;
  /** process.resourcesPath */
  resourcesPath: string;
  /** app.getAppPath(): the project folder in development. */
  appPath: string;
  exists?: (file: string) => boolean;
}

/** The path of the Electron-ABI binding, or undefined when there is none (better-sqlite3 then
 *  loads its default build, which fails with a clear message when it is the Node one). */
export function sqliteBindingPath({ isPackaged, resourcesPath, appPath, exists = existsSync }: BindingPlaces): string | undefined {
  const file = isPackaged
    ? path.join(resourcesPath, 'native', SQLITE_BINDING_FILE)
    : path.join(appPath, 'build', 'electron-native', SQLITE_BINDING_FILE);
  return exists(file) ? file : undefined;
}

/** True when an error says a native module was built for another Node/Electron ABI. */
export function isAbiMismatch(err: unknown): boolean {
  const message = err instanceof Error ? err.message : String(err);
  return /NODE_MODULE_VERSION|compiled against a different Node\.js version|ERR_DLOPEN_FAILED|not a valid Win32 application/i.test(message);
}
