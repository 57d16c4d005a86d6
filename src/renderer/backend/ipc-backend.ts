// The desktop Backend: window.api from the preload, which hands files to main by path.
import type { DesktopApi } from '../../preload/api.js';
import type { Backend } from './backend.js';

/** Wraps the preload API; files that exist only in memory (no path on disk) are refused. */
export function createIpcBackend(api: DesktopApi): Backend {
  return {
    kind: 'desktop',
    async parseFile(file, config) {
      const path = api.pathForFile(file);
      if (!path) throw new Error(`"${file.name}" is not a file on this computer, so it cannot be parsed. Save it to disk first.`);
      try {
        return await api.parseFile(config === undefined ? { path } : { path, config });
      } catch (err) {
        throw new Error(plainIpcMessage(err));
      }
    },
  };
}

/** Electron prefixes errors thrown in main with "Error invoking remote method 'x': Error: "; users see only the sentence. */
export function plainIpcMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/^Error invoking remote method '[^']*': (?:[A-Za-z]*Error: )?/, '');
}
