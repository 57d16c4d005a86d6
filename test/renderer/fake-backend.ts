// A Backend for renderer tests: records every call, answers from per-method handlers, and lets a
// test push job events and control staging.
import type { AddedItems, Backend, StageProgress } from '../../src/renderer/backend/backend.js';
import type { FileTypeFilter, JobEvent, RpcArgs, RpcMethod, RpcResult, StageResult } from '../../src/shared/rpc-contract.js';

type Handler<M extends RpcMethod> = (arg: RpcArgs<M>) => RpcResult<M> | Promise<RpcResult<M>>;

export interface FakeBackend {
  backend: Backend;
  calls: { method: RpcMethod; arg: unknown }[];
  callsOf(method: RpcMethod): unknown[];
  on<M extends RpcMethod>(method: M, handler: Handler<M>): void;
  /** What stage() does (default: nothing staged). */
  onStage(fn: (items: AddedItems, filter: FileTypeFilter, onProgress?: StageProgress) => Promise<StageResult>): void;
  emit(event: JobEvent): void;
  /** Each use of the native dialog (only with `dialog: true`). */
  dialogCalls: { kind: 'files' | 'folder'; filter: FileTypeFilter }[];
  listenerCount(): number;
}

export function createFakeBackend(options: { kind?: 'desktop' | 'browser'; dialog?: boolean } = {}): FakeBackend {
  const calls: { method: RpcMethod; arg: unknown }[] = [];
  const handlers = new Map<RpcMethod, (arg: unknown) => unknown>();
  const listeners = new Set<(event: JobEvent) => void>();
  let stage: (items: AddedItems, filter: FileTypeFilter, onProgress?: StageProgress) => Promise<StageResult> = async () => ({ files: [], skipped: [] });
  const dialogCalls: { kind: 'files' | 'folder'; filter: FileTypeFilter }[] = [];

  const backend: Backend = {
    kind: options.kind ?? 'browser',
    call: (async (method: RpcMethod, arg?: unknown) => {
      calls.push({ method, arg });
      const handler = handlers.get(method);
      if (!handler) throw new Error(`The fake backend has no answer for ${method}`);
      return handler(arg);
    }) as Backend['call'],
    stage: (items, filter, onProgress) => stage(items, filter, onProgress),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    exportResults: async () => ({ saved_to: null }),
  };
  if (options.dialog) {
    // The native dialog stages what stage() would (with no files of its own).
    backend.pickWithDialog = (kind, filter) => {
      dialogCalls.push({ kind, filter });
      return stage({ files: [] }, filter);
    };
  }

  return {
    backend,
    calls,
    callsOf: (method) => calls.filter((c) => c.method === method).map((c) => c.arg),
    on(method, handler) {
      handlers.set(method, handler as (arg: unknown) => unknown);
    },
    onStage(fn) {
      stage = fn;
    },
    dialogCalls,
    emit(event) {
      for (const listener of listeners) listener(event);
    },
    listenerCount: () => listeners.size,
  };
}
