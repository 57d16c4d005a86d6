// The parse contract's plain values, without zod: what an engine thread needs at run time
// besides the schemas (./parse-contract.ts declares the schemas and re-exports these). Loading
// zod and the schemas takes ~60 ms, and an engine thread whose configs arrive resolved never
// needs them.
import type { BoundingBox } from './parse-contract.js';

export const FAILURE_REASONS = {
  FILE_TYPE_NOT_SUPPORTED: { retryable: false },
  FILE_SIZE_TOO_LARGE: { retryable: false },
  CORRUPT_FILE: { retryable: false },
  PASSWORD_PROTECTED_FILE: { retryable: false },
  OCR_ERROR: { retryable: true },
  FAILED_TO_CONVERT_TO_PDF: { retryable: false },
  FAILED_TO_GENERATE_TARGET_FORMAT: { retryable: false },
  INVALID_CONFIG_OPTIONS: { retryable: false },
  INTERNAL_ERROR: { retryable: true },
} as const;

export type FailureReason = keyof typeof FAILURE_REASONS;

/** Whether a failure of this kind may succeed when simply tried again. */
export function isRetryable(reason: FailureReason): boolean {
  return FAILURE_REASONS[reason].retryable;
}

/** The four corners of a box, clockwise from the top-left: a block's polygon. */
export function boxPolygon(box: BoundingBox): Array<{ x: number; y: number }> {
  return [
    { x: box.left, y: box.top },
    { x: box.right, y: box.top },
    { x: box.right, y: box.bottom },
    { x: box.left, y: box.bottom },
  ];
}

/** A clockwise turn in degrees as the quarter turn it is: 0, 90, 180 or 270. */
export function quarterTurn(degrees: number): 0 | 90 | 180 | 270 {
  return ((((Math.round(degrees / 90) % 4) + 4) % 4) * 90) as 0 | 90 | 180 | 270;
}
