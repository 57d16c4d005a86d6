// Where the app keeps its data: the OS's app-data location unless `--data-dir` or
// PERFECTPARSER_DATA_DIR says otherwise.
import os from 'node:os';
import path from 'node:path';

/** The data folder: an explicit one, else PERFECTPARSER_DATA_DIR, else the OS default. */
export function resolveDataDir(explicit?: string | undefined): string {
  if (explicit === '') throw new Error('--data-dir needs the path of a folder.');
  const chosen = explicit ?? process.env['PERFECTPARSER_DATA_DIR'];
  if (chosen) return path.resolve(chosen);
  const home = os.homedir();
  switch (process.platform) {
    case 'win32':
      return path.join(process.env['APPDATA'] ?? path.join(home, 'AppData', 'Roaming'), 'PerfectParser');
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'PerfectParser');
    default:
      return path.join(process.env['XDG_DATA_HOME'] ?? path.join(home, '.local', 'share'), 'PerfectParser');
  }
}
