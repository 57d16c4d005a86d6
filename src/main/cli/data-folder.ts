// The data folder for the commands that use the store (`extract --parser NAME`, `key`, `serve`,
// `sync`): a folder that cannot be used (a file, a damaged store, no permission) is a usage
// error with one sentence naming it, not an unexpected error with a system message.
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
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
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
    default:
      return err instanceof Error ? err.message : String(err);
  }
}
