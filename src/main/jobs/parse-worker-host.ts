// Runs parses on the shared engine pool and turns pool-level failures (stall, memory, crash)
// into FAILED parser_runs, so callers always get a contract-shaped answer.
import { configOrDefaults, type ParseRun } from '../../shared/parse-contract.js';
import { fileIdFor } from '../engine/ids.js';
import { EngineError } from '../engine/errors.js';
import { failedParseRun } from '../engine/run-output.js';
import { EnginePool, type PoolOptions, type RenderedResult, type TaskOptions } from './engine-pool.js';
import type { OutputFormat } from './worker-protocol.js';

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
  try {
    return await enginePool().parse(bytes, config, options);
  } catch (err) {
    return failedRun(fileIdFor(bytes), config, err, started);
  }
}

/** Parses bytes in an engine worker and returns the run already serialised (JSON or text),
 *  so a large document's run is never rebuilt as objects on this thread. */
export async function renderParseInWorker(
  bytes: Uint8Array,
  config: unknown,
  format: OutputFormat,
  options: WorkerParseOptions = {},
): Promise<RenderedResult> {
  const started = performance.now();
  try {
    return await enginePool().parseRendered(bytes, config, format, options);
  } catch (err) {
    return renderedFailure(fileIdFor(bytes), config, err, format, started);
  }
}

/** A FAILED run, serialised as `format`, for a failure found outside the engine (a file too
 *  large to read, or a failure of the worker itself). */
export function renderedFailure(fileId: string, config: unknown, err: unknown, format: OutputFormat, started = performance.now()): RenderedResult {
  const run = failedRun(fileId, config, err, started);
  const output = format === 'text' ? '' : JSON.stringify(run, null, format === 'json-pretty' ? 2 : undefined);
  return {
    output: new TextEncoder().encode(output),
    summary: { status: 'FAILED', failureReason: run.failureReason, failureMessage: run.failureMessage, pageCount: 0 },
  };
}

/** A FAILED run for a failure of the worker itself (stall, memory, crash, cancel), or one found
 *  before the engine ran. */
export function failedRun(fileId: string, config: unknown, err: unknown, started = performance.now()): ParseRun {
  const e = err instanceof EngineError ? err : new EngineError('INTERNAL_ERROR', String(err));
  return failedParseRun(fileId, configOrDefaults(config), e, started);
}
