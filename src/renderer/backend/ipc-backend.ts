// The desktop Backend: window.api from the preload. Files reach main by their path on disk
// (a dropped folder has one too), so nothing is uploaded or copied.
import type { DesktopApi } from '../../preload/api.js';
import { API_ERRORS, type ApiErrorCode } from '../../shared/api/errors.js';
import { MAX_FILES_PER_JOB, type FileTypeFilter, type SkippedFile, type StageResult } from '../../shared/rpc-contract.js';
import type { Backend, StageProgress } from './backend.js';
import { BackendError } from './http-backend.js';

/** Wraps the preload API; every rejection carries a plain sentence. */
export function createIpcBackend(api: DesktopApi): Backend {
  const call: Backend['call'] = (method, ...args) => plain(api.call(method, ...args));
  return {
    kind: 'desktop',
    call,
    async stage(items, filter, onProgress) {
      const paths = new Set<string>();
      const skipped: SkippedFile[] = [];
      for (const file of items.files) {
        const path = api.pathForFile(file);
        if (path) paths.add(path);
        else skipped.push(notOnDisk(file));
      }
      if (paths.size === 0) return { files: [], skipped };
      const scanned = await scanPaths(call, [...paths], filter, onProgress);
      return { files: scanned.files, skipped: [...skipped, ...scanned.skipped] };
    },
    subscribe: (listener) => api.onJobEvent(listener),
    exportResults: (extractionId, format, lineItems) =>
      plain(api.desktop('results.export', { extraction_id: extractionId, format, line_items: lineItems })),
    async pickWithDialog(kind, filter) {
      const paths = await plain(api.desktop('dialog.open', { kind }));
      if (paths.length === 0) return { files: [], skipped: [] };
      return scanPaths(call, paths, filter);
    },
  };
}

/** Scans paths in main (folders walked, filtered, probed, hashed), in batches the contract accepts:
 *  a folder input can list more files than one call takes. */
async function scanPaths(call: Backend['call'], paths: string[], filter: FileTypeFilter, onProgress?: StageProgress): Promise<StageResult> {
  const result: StageResult = { files: [], skipped: [] };
  for (let start = 0; start < paths.length; start += MAX_FILES_PER_JOB) {
    onProgress?.(start, paths.length);
    const batch = await call('inbox.scan', { paths: paths.slice(start, start + MAX_FILES_PER_JOB), filter });
    result.files.push(...batch.files);
    result.skipped.push(...batch.skipped);
  }
  onProgress?.(paths.length, paths.length);
  return result;
}

/** A file that exists only in the page (pasted, generated): main cannot read it by path. */
function notOnDisk(file: File): SkippedFile {
  return {
    name: file.name,
    // A DOM File has webkitRelativePath (set for folder inputs); Node's File type does not.
    relative_path: (file as { webkitRelativePath?: string }).webkitRelativePath || file.name,
    reason: `"${file.name}" is not a file on this computer, so it cannot be added. Save it to disk first, then add it again.`,
  };
}

async function plain<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (err) {
    throw fromIpcError(err);
  }
}

/** Electron prefixes errors thrown in main with "Error invoking remote method 'x': Error: "; users see only the sentence. */
export function plainIpcMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/^Error invoking remote method '[^']*': (?:[A-Za-z]*Error: )?/, '');
}

/** Rebuilds the error main sent: a BackendError with its contract code (main names the error
 *  after it, see transportError in src/main/electron/ipc.ts), else a plain Error; either way the
 *  message is just the sentence. */
export function fromIpcError(err: unknown): Error {
  const message = plainIpcMessage(err);
  const coded = /^([A-Z][A-Z_]+): ([\s\S]*)$/.exec(message);
  if (coded && Object.hasOwn(API_ERRORS, coded[1]!)) {
    const code = coded[1] as ApiErrorCode;
    return new BackendError(coded[2]!, code, API_ERRORS[code].status);
  }
  return new Error(message);
}
