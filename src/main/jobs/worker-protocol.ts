// Messages between the engine host and its worker threads (plain, structured-clonable data).
import type { FailureReason } from '../../shared/parse-contract.js';

/** How the worker hands back a run: serialised JSON (compact or indented) or the run's text. */
export type OutputFormat = 'json' | 'json-pretty' | 'text';

export interface ParseRequest {
  type: 'parse';
  taskId: number;
  bytes: Uint8Array;
  config: unknown;
  maxFileSize?: number | undefined;
  format: OutputFormat;
}

export type WorkerRequest = ParseRequest;

/** What every result says about the run, whatever the output format. */
export interface RunSummary {
  status: 'PROCESSED' | 'FAILED';
  failureReason: FailureReason | null;
  failureMessage: string | null;
  pageCount: number;
}

export type WorkerResponse =
  /** The worker has its modules loaded and has begun the task. */
  | { type: 'started'; taskId: number }
  | { type: 'progress'; taskId: number; done: number; total: number }
  /** The run serialised as UTF-8 bytes (its buffer is transferred, not copied). */
  | { type: 'result'; taskId: number; output: Uint8Array; summary: RunSummary }
  | { type: 'error'; taskId: number; error: { name: string; message: string; code: FailureReason } };
