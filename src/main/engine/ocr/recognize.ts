// OCR of one page image, turned upright first when it lies on its side or upside down. The
// orientation is found by recognising a sample of the page in each of the four quarter turns
// and keeping the one tesseract is most confident in (its own OSD is unreliable on short text).
import { cropGray, inkRatio, rotateGray, toPgm, type GrayImage } from '../image/gray.js';
import type { OcrScheduler, TessPage } from './scheduler.js';

export interface OcrPageResult {
  page: TessPage;
  /** Clockwise quarter turn applied to the image to make it upright. */
  rotation: 0 | 90 | 180 | 270;
  /** Size of the upright image in pixels. */
  width: number;
  height: number;
}

export interface OcrPageOptions {
  scheduler: OcrScheduler;
  dpi: number;
  detectRotation: boolean;
  signal?: AbortSignal | undefined;
}

/** Mean word confidence (0–100) weighted by length, and the number of letters and digits, over
 *  words that lie across the image: with automatic segmentation tesseract also reads text
 *  running up or down the page (in tall, narrow boxes), which says the page is turned. */
export function recognitionQuality(page: TessPage): { confidence: number; chars: number; vertical: number } {
  let weighted = 0;
  let chars = 0;
  let vertical = 0;
  for (const block of page.blocks ?? []) {
    for (const para of block.paragraphs) {
      for (const line of para.lines) {
        for (const word of line.words) {
          const n = word.text.replace(/[^\p{L}\p{N}]/gu, '').length;
          const w = word.bbox.x1 - word.bbox.x0;
          const h = word.bbox.y1 - word.bbox.y0;
          if (n >= 3 && h > w) {
            vertical += n;
            continue;
          }
          weighted += word.confidence * n;
          chars += n;
        }
      }
    }
  }
  return { confidence: chars === 0 ? 0 : weighted / chars, chars, vertical };
}

/** Confidence discounted when little was read, so a few confident specks never outweigh a page. */
function score(q: { confidence: number; chars: number }): number {
  return (q.confidence * q.chars) / (q.chars + 20);
}

/** A page whose upright reading is at least this confident is not tried in other turns. */
const CONFIDENT = 80;
/** Another turn must beat upright by this many confidence points to be taken. */
const TURN_MARGIN = 8;
/** Largest side of the sample recognised in each orientation. */
const SAMPLE_SIDE = 1800;

/** The part of the image with ink, so a sample is cut where the text is. */
function inkBox(img: GrayImage): { left: number; top: number; right: number; bottom: number } {
  let left = img.width;
  let top = img.height;
  let right = 0;
  let bottom = 0;
  const step = 4;
  for (let y = 0; y < img.height; y += step) {
    const row = y * img.width;
    for (let x = 0; x < img.width; x += step) {
      if (img.data[row + x]! < 128) {
        if (x < left) left = x;
        if (x > right) right = x;
        if (y < top) top = y;
        if (y > bottom) bottom = y;
      }
    }
  }
  if (right < left) return { left: 0, top: 0, right: img.width, bottom: img.height };
  return { left, top, right: right + step, bottom: bottom + step };
}

function sampleOf(img: GrayImage): GrayImage {
  const box = inkBox(img);
  const w = Math.min(SAMPLE_SIDE, box.right - box.left + 40);
  const h = Math.min(SAMPLE_SIDE, box.bottom - box.top + 40);
  const cx = (box.left + box.right) / 2;
  const cy = (box.top + box.bottom) / 2;
  return cropGray(img, cx - w / 2, cy - h / 2, w, h);
}

/** Recognises a page image; with detectRotation, finds and corrects a quarter-turned page. */
export async function ocrPageImage(img: GrayImage, options: OcrPageOptions): Promise<OcrPageResult> {
  const { scheduler, dpi, signal } = options;
  const job = { dpi, signal };
  const upright = await scheduler.recognize(toPgm(img), job);
  const result: OcrPageResult = { page: upright, rotation: 0, width: img.width, height: img.height };
  if (!options.detectRotation || inkRatio(img) < 0.0005) return result;
  const q0 = recognitionQuality(upright);
  if (q0.confidence >= CONFIDENT && q0.chars >= 8 && q0.vertical <= 0.25 * (q0.chars + q0.vertical)) return result;

  const sample = sampleOf(img);
  const turns = [0, 90, 180, 270] as const;
  const scores = await Promise.all(
    turns.map(async (t) => recognitionQuality(await scheduler.recognize(toPgm(rotateGray(sample, t)), job))),
  );
  let best = 0;
  for (let i = 1; i < turns.length; i++) {
    if (score(scores[i]!) > score(scores[best]!)) best = i;
  }
  if (best === 0 || score(scores[best]!) < score(scores[0]!) + TURN_MARGIN) return result;
  const turn = turns[best]!;
  const turned = rotateGray(img, turn);
  const page = await scheduler.recognize(toPgm(turned), job);
  // The full page confirms the sample: keep the turn only if it reads better than upright.
  if (score(recognitionQuality(page)) <= score(q0)) return result;
  return { page, rotation: turn, width: turned.width, height: turned.height };
}
