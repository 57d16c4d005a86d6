// Messages between the engine host and its worker threads (plain, structured-clonable data).
import type { FailureReason, ParseRun } from '../../shared/parse-contract.js';

export interface ParseRequest {
  type: 'parse';
  taskId: number;
  bytes: Uint8Array;
  config: unknown;
  maxFileSize?: number | undefined;
}

export type WorkerRequest = ParseRequest;

export type WorkerResponse =
  | { type: 'progress'; taskId: number; done: number; total: number }
  | { type: 'result'; taskId: number; run: ParseRun }
  | { type: 'error'; taskId: number; error: { name: string; message: string; code: FailureReason } };
