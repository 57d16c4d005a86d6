// One page image through OCR into text runs on the upright page, in points, with the ruling
// lines seen in the image (for ruled tables on scans).
import type { GrayImage } from '../image/gray.js';
import type { TextRun } from '../page-model.js';
import type { Segment } from '../tables/types.js';
import { imageRulings, turnSegments } from './image-rulings.js';
import { ocrPageImage } from './recognize.js';
import type { OcrScheduler } from './scheduler.js';
import { ocrRuns } from './to-runs.js';

export interface PageOcr {
  runs: TextRun[];
  /** Ruling lines drawn in the image, on the upright page in points. */
  rulings: Segment[];
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
  const recognized = ocrPageImage(gray, { ...options, dpi });
  // Found here while the OCR workers read the page (a few tens of milliseconds a page).
  let rulings: Segment[];
  try {
    rulings = imageRulings(gray, dpi);
  } catch {
    rulings = [];
  }
  const result = await recognized;
  const scale = 72 / dpi;
  return {
    runs: ocrRuns(result.page, scale),
    rulings: turnSegments(rulings, result.rotation, gray.width * scale, gray.height * scale),
    width: result.width * scale,
    height: result.height * scale,
    turn: result.rotation,
  };
}
