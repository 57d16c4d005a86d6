// One page image through OCR into text runs on the upright page, in points, with the ruling
// lines seen in the image (for ruled tables on scans).
//
// Print too small to read well (text-size.ts: a 96-dpi picture of an invoice) is enlarged first,
// and the page is then handled as if scanned at the finer resolution, so points stay the same.
//
// With rotation detection on, a small skew is corrected too: it is measured on the image as
// given (deskew.ts; a skew reads the same before and after a quarter turn, since turns about
// the centre commute), the image is turned level (by −skew about its centre, on a canvas grown
// to hold it all), and the quarter turn is then found and applied to the level image by
// ocrPageImage. Then, with the level image placed so its centre sits on the page's centre:
//   - a run's `box` is mapped onto the page as it is (the original image after the quarter
//     turn): its corners turned by +skew about the centre, taking the axis-aligned bounds, so
//     it covers the word where it lies on the page;
//   - a run's reading-frame position (x0, x1, baseline, top, bottom) stays in the level frame
//     (only moved by the difference of the centres): the frame in which the page's text lines
//     run straight, as text turned a quarter has its own frame, so a line's words share one
//     baseline and the rows and columns of the page line up;
//   - ruling lines, found in the level image, stay in that same level frame (axis-aligned, as
//     the layout's rulings are), so ruled tables are matched with the words in their cells
//     (a rule mapped onto the crooked page would be off from the level words by up to the
//     skew times its distance from the centre: a few points near a corner at 1°).
import { prepareForOcr } from '../image/flatten.js';
import { pageTone, rotateGrayBy, scaleGray, type GrayImage } from '../image/gray.js';
import { CONFIDENT_WORD, type Rect, type TextRun } from '../page-model.js';
import type { Segment } from '../tables/types.js';
import { estimateSkew, MIN_SKEW, unturnPoint } from './deskew.js';
import { imagePictures } from './image-pictures.js';
import { imageRulings, turnSegments } from './image-rulings.js';
import { ocrPageImage, type OcrPageOptions } from './recognize.js';
import { enlargeFactor } from './text-size.js';
import { ocrRuns } from './to-runs.js';
import { maxOf, minOf } from '../extent.js';
import { setImmediate as turn } from 'node:timers/promises';

export interface PageOcr {
  runs: TextRun[];
  /** Ruling lines drawn in the image, on the upright page in points (in the level frame of the
   *  runs' reading positions when a skew was corrected). */
  rulings: Segment[];
  /** Upright page size in points. */
  width: number;
  height: number;
  /** Clockwise quarter turn found and corrected (0 when the page was upright). */
  turn: 0 | 90 | 180 | 270;
  /** Small clockwise skew of the page's content found and corrected for recognition
   *  (degrees; 0 or absent when none). */
  skew?: number;
  /** Pictures in the image (photographs, drawings, handwriting: image-pictures.ts), on the
   *  upright page in points (absent unless asked for). */
  pictures?: Rect[];
}

export interface PageOcrOptions extends Omit<OcrPageOptions, 'dpi'> {
  /** Look for pictures in the image too (figure blocks, signatures). */
  pictures?: boolean | undefined;
}

/** Boxes as segments from corner to corner (to turn them as rulings are turned), and back. */
const asSegment = (r: Rect): Segment => ({ x0: r.left, y0: r.top, x1: r.right, y1: r.bottom });
const asRect = (s: Segment): Rect => ({ left: s.x0, top: s.y0, right: s.x1, bottom: s.y1 });
const INVERSE_TURN = { 0: 0, 90: 270, 180: 180, 270: 90 } as const;

/** Level image (points) → the page as it is (points). */
type Unskew = (x: number, y: number) => [number, number];

function unskewBox(b: Rect, u: Unskew): Rect {
  const corners = [u(b.left, b.top), u(b.right, b.top), u(b.left, b.bottom), u(b.right, b.bottom)];
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  return { left: minOf(xs), top: minOf(ys), right: maxOf(xs), bottom: maxOf(ys) };
}

function withinPage(b: Rect, width: number, height: number): Rect {
  return { left: Math.max(0, b.left), top: Math.max(0, b.top), right: Math.min(width, b.right), bottom: Math.min(height, b.bottom) };
}

/** OCRs a page image rendered or scanned at `dpi`; coordinates become points (72 per inch). */
export async function ocrPage(
  input: GrayImage,
  dpi: number,
  options: PageOcrOptions,
): Promise<PageOcr> {
  // Photographed pages get their lighting flattened (flatten.ts); others are used as they are.
  // Between the steps below (tens of milliseconds each) the thread takes its messages, so OCR
  // workers started for this page (OcrScheduler.prestart) go on with their start meanwhile.
  await turn();
  const prepared = prepareForOcr(input).image;
  await turn();
  // Small print (a low-resolution picture) is enlarged first: the page then reads as if it had
  // been scanned at a finer resolution, and its coordinates follow from that resolution.
  const factor = enlargeFactor(prepared);
  const gray = factor === 1 ? prepared : scaleGray(prepared, factor);
  if (factor !== 1) {
    dpi *= gray.width / prepared.width;
    await turn();
  }
  let skew = 0;
  let level = gray;
  if (options.detectRotation) {
    try {
      const found = estimateSkew(gray, dpi).angle;
      await turn();
      if (Math.abs(found) >= MIN_SKEW) {
        skew = found;
        level = rotateGrayBy(gray, -skew);
        await turn();
      }
    } catch {
      skew = 0;
      level = gray;
    }
  }
  const recognized = ocrPageImage(level, { ...options, dpi });
  recognized.catch(() => undefined);
  // The rulings are found while the OCR workers read the page (a few tens of milliseconds a
  // page): first the page goes to them (once its OCR permit has come, a message away).
  for (let i = 0; i < 20 && options.scheduler.pending === 0; i++) await turn();
  const tone = pageTone(level);
  let rulings: Segment[];
  try {
    rulings = imageRulings(level, dpi, tone.ink);
  } catch {
    rulings = [];
  }
  const result = await recognized;
  const scale = 72 / dpi;
  const runs = ocrRuns(result.page, scale);
  const turned = turnSegments(rulings, result.rotation, level.width * scale, level.height * scale);
  const pictures = options.pictures ? picturesOf(level, dpi, tone, result, runs, rulings) : undefined;
  if (skew === 0) {
    return { runs, rulings: turned, width: result.width * scale, height: result.height * scale, turn: result.rotation, skew: 0, ...(pictures ? { pictures } : {}) };
  }
  // The page as it is, after the quarter turn: the original image's size, turned.
  const sideways = result.rotation === 90 || result.rotation === 270;
  const pageW = (sideways ? gray.height : gray.width) * scale;
  const pageH = (sideways ? gray.width : gray.height) * scale;
  const levelW = result.width * scale;
  const levelH = result.height * scale;
  const u: Unskew = (x, y) => unturnPoint(x, y, -skew, levelW, levelH, pageW, pageH);
  // The level frame, centred on the page.
  const dx = (pageW - levelW) / 2;
  const dy = (pageH - levelH) / 2;
  return {
    runs: runs.map((r) => ({
      ...r,
      box: unskewBox(r.box, u),
      x0: r.x0 + dx,
      x1: r.x1 + dx,
      baseline: r.baseline + dy,
      top: r.top + dy,
      bottom: r.bottom + dy,
    })),
    rulings: turned.map((s) => ({ x0: s.x0 + dx, y0: s.y0 + dy, x1: s.x1 + dx, y1: s.y1 + dy })),
    ...(pictures ? { pictures: pictures.map((p) => withinPage(unskewBox(p, u), pageW, pageH)) } : {}),
    width: pageW,
    height: pageH,
    turn: result.rotation,
    skew,
  };
}

/** The level image's pictures on the upright level page (points): found in the image as it
 *  was read, with the words read with confidence (turned back into its frame) left out. */
function picturesOf(
  level: GrayImage,
  dpi: number,
  tone: ReturnType<typeof pageTone>,
  result: { rotation: 0 | 90 | 180 | 270; width: number; height: number },
  runs: TextRun[],
  rulings: Segment[],
): Rect[] {
  const scale = 72 / dpi;
  const read = runs.filter((r) => (r.confidence ?? 1) >= CONFIDENT_WORD).map((r) => asSegment(r.box));
  const words = turnSegments(read, INVERSE_TURN[result.rotation], result.width * scale, result.height * scale).map(asRect);
  let found: Rect[];
  try {
    found = imagePictures(level, dpi, words, rulings, tone);
  } catch {
    found = [];
  }
  return turnSegments(found.map(asSegment), result.rotation, level.width * scale, level.height * scale).map(asRect);
}
