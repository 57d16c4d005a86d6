// Where the app keeps its data: the OS's app-data location unless `--data-dir` or
// PERFECTPARSER_DATA_DIR says otherwise.
import os from 'node:os';
import path from 'node:path';

/** The data folder: an explicit one, else PERFECTPARSER_DATA_DIR, else the OS default. */
export function resolveDataDir(explicit?: string | undefined): string {
  if (explicit === '') throw new Error('--data-dir needs the path of a folder.');
  const chosen = explicit ?? process.env['PERFECTPARSER_DATA_DIR'];
  const home = os.homedir();
  // A `~` the shell did not expand (quoted, or from a service's environment file) means the home
  // folder, not a folder named "~" wherever the app happens to start.
  if (chosen) return path.resolve(/^~(?=$|[\\/])/.test(chosen) ? path.join(home, chosen.slice(1)) : chosen);
  switch (process.platform) {
    case 'win32':
      return path.join(process.env['APPDATA'] ?? path.join(home, 'AppData', 'Roaming'), 'PerfectParser');
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'PerfectParser');
    default:
      return path.join(process.env['XDG_DATA_HOME'] ?? path.join(home, '.local', 'share'), 'PerfectParser');
  }
}
