// Runs parses on the shared engine pool and turns pool-level failures (stall, memory, crash)
// into FAILED parser_runs, so callers always get a contract-shaped answer.
import { randomUUID } from 'node:crypto';
import { isRetryable, resolveParseConfig, type ParseConfig, type ParseRun } from '../../shared/parse-contract.js';
import { fileIdFor } from '../engine/ids.js';
import { EnginePool, EngineTaskError, type PoolOptions, type TaskOptions } from './engine-pool.js';

export type WorkerParseOptions = TaskOptions;

let shared: EnginePool | undefined;

/** The process-wide engine pool, created on first use. */
export function enginePool(options?: PoolOptions): EnginePool {
  shared ??= new EnginePool(options);
  return shared;
}

/** Stops the shared pool (tests, shutdown). */
export async function closeEnginePool(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.close();
}

/** Parses bytes in an engine worker; a worker-level failure becomes a FAILED run. */
export async function runParseInWorker(bytes: Uint8Array, config: unknown, options: WorkerParseOptions = {}): Promise<ParseRun> {
  const started = performance.now();
  const fileId = fileIdFor(bytes);
  try {
    return await enginePool().parse(bytes, config, options);
  } catch (err) {
    const e = err instanceof EngineTaskError ? err : new EngineTaskError('INTERNAL_ERROR', String(err));
    const resolved = resolveParseConfig(config);
    const cfg: ParseConfig = resolved.ok ? resolved.config : (resolveParseConfig({}) as { ok: true; config: ParseConfig }).config;
    return {
      object: 'parser_run',
      id: `pr_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
      fileId,
      status: 'FAILED',
      failureReason: e.reason,
      failureMessage: e.message,
      retryable: isRetryable(e.reason),
      chunks: [],
      config: cfg,
      metrics: { processingTimeMs: Math.round(performance.now() - started), pageCount: 0 },
    };
  }
}
