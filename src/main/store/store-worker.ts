// The store's writer worker: the only thread that opens the SQLite file. It runs one request
// at a time, in arrival order, and answers with the result or a rebuilt-able error.
import { parentPort, workerData } from 'node:worker_threads';
import { ApiError } from '../../shared/api/errors.js';
import { openDb, type Db } from './db.js';
import { handlers } from './handlers.js';
import type { StoreErrorData, StoreRequest, StoreResponse, StoreWorkerData } from './protocol.js';

if (!parentPort) throw new Error('store-worker must run in a worker thread');
const port = parentPort;
const data = workerData as StoreWorkerData;

/** SQLite's "disk full" and "read-only" become a sentence for the user, not a stack. */
function toErrorData(err: unknown): StoreErrorData {
  if (err instanceof ApiError) return { name: 'ApiError', message: err.message, code: err.code, field: err.field };
  const code = (err as { code?: string }).code;
  if (code === 'SQLITE_FULL') {
    return { name: 'ApiError', code: 'SERVICE_UNAVAILABLE', message: 'The disk holding the data folder is full; free some space and try again.' };
  }
  if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_IOERR') {
    return { name: 'ApiError', code: 'SERVICE_UNAVAILABLE', message: `The data folder cannot be written (${code}).` };
  }
  return { name: err instanceof Error ? err.name : 'Error', message: err instanceof Error ? err.message : String(err), code };
}

let db: Db;
try {
  db = openDb(data.file, { nativeBinding: data.nativeBinding });
  port.postMessage({ type: 'ready' } satisfies StoreResponse);
} catch (err) {
  port.postMessage({ type: 'fatal', error: toErrorData(err) } satisfies StoreResponse);
  process.exit(1);
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
    port.postMessage({ type: 'result', seq: req.seq, result: fn(db, req.args) } satisfies StoreResponse);
  } catch (err) {
    port.postMessage({ type: 'error', seq: req.seq, error: toErrorData(err) } satisfies StoreResponse);
  }
});
