// The store as the rest of the app sees it: `await store.call('method', args)`, answered by
// the writer worker. Requests are numbered; the worker answers them in order. No thread but
// the worker ever touches SQLite.
import { Worker } from 'node:worker_threads';
import { ApiError, API_ERRORS, type ApiErrorCode } from '../../shared/api/errors.js';
import { workerScriptPath } from '../worker-script.js';
import { storeFile } from './db.js';
import type { StoreArgs, StoreMethod, StoreResult } from './handlers.js';
import type { StoreErrorData, StoreResponse, StoreWorkerData } from './protocol.js';

/** Rebuilds a typed error from the worker's plain data. */
function rebuild(data: StoreErrorData): Error {
  if (data.name === 'ApiError' && data.code && Object.hasOwn(API_ERRORS, data.code)) {
    return new ApiError(data.code as ApiErrorCode, data.message, data.field);
  }
  const err = new Error(data.message);
  err.name = data.name;
  if (data.code) (err as Error & { code?: string }).code = data.code;
  return err;
}

export interface StoreOptions {
  /** The data folder; the store is `perfectparser.db` inside it. Or `file` for a path. */
  dataDir?: string;
  file?: string;
  nativeBinding?: string | undefined;
}

export class Store {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private seq = 0;
  private closed = false;
  private failure: Error | undefined;
  private exited = false;

  private constructor(worker: Worker) {
    this.worker = worker;
  }

  /** Starts the writer worker, opens and migrates the store; rejects with the reason it cannot. */
  static open(options: StoreOptions): Promise<Store> {
    const file = options.file ?? storeFile(options.dataDir ?? '.');
    const data: StoreWorkerData = { file, nativeBinding: options.nativeBinding };
    const worker = new Worker(workerScriptPath(import.meta.url, 'store-worker.js', 'store'), { workerData: data });
    const store = new Store(worker);
    return new Promise((resolve, reject) => {
      const onStartup = (msg: StoreResponse) => {
        if (msg.type === 'ready') {
          worker.off('message', onStartup);
          worker.on('message', (m: StoreResponse) => store.onMessage(m));
          // An idle store does not keep the process alive (a command that failed after opening
          // it ends instead of hanging); a call waiting for its answer does.
          worker.unref();
          resolve(store);
        } else if (msg.type === 'fatal') {
          reject(rebuild(msg.error));
        }
      };
      worker.on('message', onStartup);
      worker.once('error', (err) => {
        store.fail(err);
        reject(err);
      });
      worker.once('exit', (code) => {
        store.exited = true;
        store.fail(new Error(`The store worker stopped (exit code ${code}).`));
      });
    });
  }

  /** Calls a store method in the worker. */
  call<M extends StoreMethod>(method: M, ...args: StoreArgs<M> extends void ? [] : [StoreArgs<M>]): Promise<StoreResult<M>> {
    if (this.failure) return Promise.reject(new ApiError('SERVICE_UNAVAILABLE', `The job store is unavailable: ${this.failure.message}`));
    if (this.closed) return Promise.reject(new ApiError('SERVICE_UNAVAILABLE', 'The job store is closed.'));
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(seq, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ seq, method, args: args[0] });
    });
  }

  /** Closes the file once the requests already sent are answered (the worker runs them in order). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.ref();
    this.worker.postMessage({ type: 'close' });
    await exited;
  }

  private onMessage(msg: StoreResponse): void {
    if (msg.type !== 'result' && msg.type !== 'error') return;
    const waiter = this.pending.get(msg.seq);
    if (!waiter) return;
    this.pending.delete(msg.seq);
    // Closing keeps it referenced until the worker has closed the file and stopped.
    if (this.pending.size === 0 && !this.closed) this.worker.unref();
    if (msg.type === 'result') waiter.resolve(msg.result);
    else waiter.reject(rebuild(msg.error));
  }

  private fail(err: Error): void {
    if (this.closed && this.pending.size === 0) return;
    this.failure ??= err;
    for (const w of this.pending.values()) w.reject(new ApiError('SERVICE_UNAVAILABLE', `The job store is unavailable: ${err.message}`));
    this.pending.clear();
  }
}
