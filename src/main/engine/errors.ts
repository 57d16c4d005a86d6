// Typed engine failures: every way a parse can fail carries one of the contract's reasons
// and a sentence a person understands.
import type { FailureReason } from '../../shared/parse-contract.js';

export class EngineError extends Error {
  readonly reason: FailureReason;
  constructor(reason: FailureReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EngineError';
    this.reason = reason;
  }
}

/** The failure of a parse stopped by its caller (a cancelled job, an aborted signal). */
export function cancelledError(): EngineError {
  return new EngineError('INTERNAL_ERROR', 'The parse was cancelled.');
}

/** Maps anything thrown inside the engine to an EngineError without losing its kind. */
export function toEngineError(err: unknown): EngineError {
  if (err instanceof EngineError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new EngineError('INTERNAL_ERROR', `Unexpected error while parsing: ${message}`, { cause: err });
}

/** The largest file parsed unless the caller sets another limit. */
export const DEFAULT_MAX_FILE_SIZE = 500 * 1024 * 1024;

/** The failure of a file above the size limit (checked by its size on disk before it is read,
 *  and by the engine on bytes it is given). */
export function fileTooLarge(size: number, maxSize: number): EngineError {
  return new EngineError('FILE_SIZE_TOO_LARGE', `The file is ${(size / 1048576).toFixed(1)} MB, above the limit of ${(maxSize / 1048576).toFixed(0)} MB.`);
}
