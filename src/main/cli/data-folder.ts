// The data folder for the commands that use the store (`extract --parser NAME`, `key`, `serve`,
// `sync`): a folder that cannot be used (a file, a damaged store, no permission) is a usage
// error with one sentence naming it, not an unexpected error with a system message.
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import type { App, AppOptions } from '../services/app.js';
import { resolveDataDir } from '../services/data-dir.js';
import { UsageError } from './usage-error.js';

/** The data folder `--data-dir` (else PERFECTPARSER_DATA_DIR, else the app-data folder) names. */
function dataFolder(dataDir: string | undefined): string {
  try {
    return resolveDataDir(dataDir);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

/** Opens the app over the data folder; a folder it cannot open is a UsageError. */
export async function openDataFolder(dataDir: string | undefined, options: Omit<AppOptions, 'dataDir'> = {}): Promise<App> {
  const dir = dataFolder(dataDir);
  // Loaded here: registering the commands (and `parse`) must not load the app.
  const { openApp } = await import('../services/app.js');
  try {
    return await openApp({ ...options, dataDir: dir });
  } catch (err) {
    throw new UsageError(dataFolderProblem(err, dir));
  }
}

/** Why the data folder could not be opened, as a sentence (the store's own are kept). */
function dataFolderProblem(err: unknown, dir: string): string {
  let code = (err as NodeJS.ErrnoException | undefined)?.code;
  // Making a folder with its parents says ENOENT where the real cause is a read-only disk or a
  // folder without permission: asked of the nearest folder that exists.
  if (code === 'ENOENT') code = nearestFolderProblem(dir) ?? code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return `PerfectParser is not allowed to write in the data folder ${dir}; choose another one (--data-dir or PERFECTPARSER_DATA_DIR).`;
    case 'ENOTDIR':
    case 'EEXIST':
      return `The data folder ${dir} cannot be made: part of its path is a file. Choose another folder (--data-dir or PERFECTPARSER_DATA_DIR).`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `There is not enough space on the disk for the data folder ${dir}; free some space and try again.`;
    case 'ENOENT':
      return `The data folder ${dir} cannot be made; choose another folder (--data-dir or PERFECTPARSER_DATA_DIR).`;
    default:
      return err instanceof Error ? err.message : String(err);
  }
}

/** Why the nearest existing folder above `dir` cannot be written in (EROFS, EACCES…), if so. */
function nearestFolderProblem(dir: string): string | undefined {
  let folder = path.dirname(dir);
  while (!existsSync(folder) && path.dirname(folder) !== folder) folder = path.dirname(folder);
  try {
    accessSync(folder, constants.W_OK);
    return undefined;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code;
  }
}
