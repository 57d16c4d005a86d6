// One page image through OCR into text runs on the upright page, in points.
import type { GrayImage } from '../image/gray.js';
import type { TextRun } from '../page-model.js';
import { ocrPageImage } from './recognize.js';
import type { OcrScheduler } from './scheduler.js';
import { ocrRuns } from './to-runs.js';

export interface PageOcr {
  runs: TextRun[];
  /** Upright page size in points. */
  width: number;
  height: number;
  /** Clockwise quarter turn found and corrected (0 when the page was upright). */
  turn: 0 | 90 | 180 | 270;
}

/** OCRs a page image rendered or scanned at `dpi`; coordinates become points (72 per inch). */
export async function ocrPage(
  gray: GrayImage,
  dpi: number,
  options: { scheduler: OcrScheduler; detectRotation: boolean; signal?: AbortSignal | undefined },
): Promise<PageOcr> {
  const result = await ocrPageImage(gray, { ...options, dpi });
  const scale = 72 / dpi;
  return {
    runs: ocrRuns(result.page, scale),
    width: result.width * scale,
    height: result.height * scale,
    turn: result.rotation,
  };
}
