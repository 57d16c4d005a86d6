// The store's writer worker: the only thread that opens the SQLite file. It runs one request
// at a time, in arrival order, and answers with the result or a rebuilt-able error.
import { statfsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { ApiError } from '../../shared/api/errors.js';
import { damagedSentence, openDb, type Db } from './db.js';
import { handlers } from './handlers.js';
import type { StoreErrorData, StoreRequest, StoreResponse, StoreWorkerData } from './protocol.js';

if (!parentPort) throw new Error('store-worker must run in a worker thread');
const port = parentPort;
const data = workerData as StoreWorkerData;

/** Below this much free space an I/O error of SQLite is taken for a full disk (its journal and
 *  shared-memory files fail to grow with SQLITE_IOERR, not SQLITE_FULL). */
const FULL_DISK_BYTES = 1024 * 1024;

/** Whether the disk holding `dir` has (about) no space left; false when it cannot be told. */
function diskFull(dir: string): boolean {
  try {
    const fs = statfsSync(dir);
    return fs.bavail * fs.bsize < FULL_DISK_BYTES;
  } catch {
    return false;
  }
}

/** SQLite's "disk full" and "read-only" become a sentence for the user, not a stack. */
function toErrorData(err: unknown): StoreErrorData {
  if (err instanceof ApiError) return { name: 'ApiError', message: err.message, code: err.code, field: err.field };
  const code = (err as { code?: string }).code;
  if (code === 'SQLITE_FULL' || (code?.startsWith('SQLITE_IOERR') && data.file !== ':memory:' && diskFull(path.dirname(data.file)))) {
    return { name: 'ApiError', code: 'SERVICE_UNAVAILABLE', message: 'The disk holding the data folder is full; free some space and try again.' };
  }
  if (code && /^SQLITE_(READONLY|CANTOPEN|IOERR)/.test(code)) {
    return {
      name: 'ApiError',
      code: 'SERVICE_UNAVAILABLE',
      message: `The data folder ${path.dirname(data.file)} cannot be written: check that it exists, that it is not read-only and that you may write in it.`,
    };
  }
  if (code?.startsWith('SQLITE_CORRUPT')) return { name: 'ApiError', code: 'SERVICE_UNAVAILABLE', message: damagedSentence(data.file) };
  return { name: err instanceof Error ? err.name : 'Error', message: err instanceof Error ? err.message : String(err), code };
}

/** Which file on the disk the store is (device and inode), to notice it being deleted or replaced. */
function identity(file: string): string | null {
  if (file === ':memory:') return null;
  const s = statSync(file, { throwIfNoEntry: false });
  return s ? `${s.dev}:${s.ino}` : 'gone';
}

let db: Db;
let opened: string | null;
try {
  db = openDb(data.file, { nativeBinding: data.nativeBinding });
  opened = identity(data.file);
  port.postMessage({ type: 'ready' } satisfies StoreResponse);
} catch (err) {
  port.postMessage({ type: 'fatal', error: toErrorData(err) } satisfies StoreResponse);
  process.exit(1);
}

/** A store file deleted (with its folder) or replaced while open would take every write after
 *  it into a file no one will read again: refused instead, saying so. */
function checkStillThere(): void {
  if (opened === null || identity(data.file) === opened) return;
  throw new ApiError(
    'SERVICE_UNAVAILABLE',
    `The data folder ${path.dirname(data.file)} was deleted, moved or replaced while PerfectParser was running, so nothing more can be saved in it; put it back, or restart PerfectParser to begin a new one there.`,
  );
}

const table = handlers as unknown as Record<string, (db: Db, args: unknown) => unknown>;

port.on('message', (req: StoreRequest | { type: 'close' }) => {
  if ('type' in req) {
    db.close();
    port.close();
    return;
  }
  const fn = Object.hasOwn(table, req.method) ? table[req.method] : undefined;
  try {
    if (!fn) throw new Error(`Unknown store method ${req.method}`);
    checkStillThere();
    port.postMessage({ type: 'result', seq: req.seq, result: fn(db, req.args) } satisfies StoreResponse);
  } catch (err) {
    port.postMessage({ type: 'error', seq: req.seq, error: toErrorData(err) } satisfies StoreResponse);
  }
});
