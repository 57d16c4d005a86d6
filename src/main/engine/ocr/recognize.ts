// OCR of one page image, turned upright first when it lies on its side or upside down. The
// orientation is found by recognising a sample of the page in each of the four quarter turns
// and keeping the one tesseract is most confident in (its own OSD is unreliable on short text).
import { cropGray, inkRatio, otsuLevel, rotateGray, sampledHistogram, toPgm, type GrayImage } from '../image/gray.js';
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

/** Pages at least this tall (pixels; 5 inches at 300 dpi) are read in two bands at once when
 *  two OCR workers are free: one page then takes about half the time on two cores. */
const SPLIT_MIN_HEIGHT = 1500;
/** The band cut is looked for in this middle part of the page (fractions of its height). */
const SPLIT_WINDOW: [number, number] = [0.3, 0.7];
/** A cut needs this many blank rows in a row (pixels), so no glyph is near it. */
const SPLIT_MIN_GAP = 6;

/** A row across the page with no ink, near its middle, where it can be cut in two without
 *  cutting a line of text (the middle of the blank run nearest the page's middle, so the two
 *  bands take about as long); undefined when there is none. */
export function blankRowNearMiddle(img: GrayImage): number | undefined {
  const { width: w, height: h, data } = img;
  const { hist, n } = sampledHistogram(img);
  const ink = otsuLevel(hist, n);
  const from = Math.floor(h * SPLIT_WINDOW[0]);
  const to = Math.ceil(h * SPLIT_WINDOW[1]);
  let best: number | undefined;
  let runStart = -1;
  for (let y = from; y <= to; y++) {
    let blank = y < to;
    if (blank) {
      const row = y * w;
      for (let x = 0; x < w; x++) {
        if (data[row + x]! <= ink) {
          blank = false;
          break;
        }
      }
    }
    if (blank) {
      if (runStart < 0) runStart = y;
      continue;
    }
    if (runStart >= 0) {
      const mid = Math.floor((runStart + y) / 2);
      if (y - runStart >= SPLIT_MIN_GAP && (best === undefined || Math.abs(mid - h / 2) < Math.abs(best - h / 2))) best = mid;
      runStart = -1;
    }
  }
  return best;
}

type Positioned = { bbox?: { y0: number; y1: number }; baseline?: { y0: number; y1: number } };

/** Moves a recognised element (and everything in it) down by `dy` pixels. */
function shiftDown(node: unknown, dy: number): void {
  if (!node || typeof node !== 'object') return;
  const el = node as Positioned & Record<string, unknown>;
  if (el.bbox) {
    el.bbox.y0 += dy;
    el.bbox.y1 += dy;
  }
  if (el.baseline) {
    el.baseline.y0 += dy;
    el.baseline.y1 += dy;
  }
  for (const key of ['paragraphs', 'lines', 'words', 'symbols']) {
    const children = el[key];
    if (Array.isArray(children)) for (const child of children) shiftDown(child, dy);
  }
}

/** Recognises a page image, in two bands read at once when that is possible (see above). */
async function recognizePage(img: GrayImage, scheduler: OcrScheduler, job: { dpi: number; signal?: AbortSignal | undefined }): Promise<TessPage> {
  const cut = img.height >= SPLIT_MIN_HEIGHT && scheduler.idle >= 2 ? blankRowNearMiddle(img) : undefined;
  if (cut === undefined) return scheduler.recognize(toPgm(img), job);
  const [top, bottom] = await Promise.all([
    scheduler.recognize(toPgm(cropGray(img, 0, 0, img.width, cut)), job),
    scheduler.recognize(toPgm(cropGray(img, 0, cut, img.width, img.height - cut)), job),
  ]);
  const lower = bottom.blocks ?? [];
  for (const block of lower) shiftDown(block, cut);
  return { ...top, blocks: [...(top.blocks ?? []), ...lower] };
}

/** Recognises a page image; with detectRotation, finds and corrects a quarter-turned page. */
export async function ocrPageImage(img: GrayImage, options: OcrPageOptions): Promise<OcrPageResult> {
  const { scheduler, dpi, signal } = options;
  const job = { dpi, signal };
  const upright = await recognizePage(img, scheduler, job);
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
  const page = await recognizePage(turned, scheduler, job);
  // The full page confirms the sample: keep the turn only if it reads better than upright.
  if (score(recognitionQuality(page)) <= score(q0)) return result;
  return { page, rotation: turn, width: turned.width, height: turned.height };
}
