// OCR of one page image, turned upright first when it lies on its side or upside down. The
// orientation is found by recognising a sample of the page in the quarter turns its ink allows
// and keeping the one tesseract is most confident in (its own OSD is unreliable on short text).
import { cropGray, inkRatio, rotateGray, rowsOf, toPgm, type GrayImage } from '../image/gray.js';
import { bandCut } from './band-cut.js';
import { lineDirection } from './line-direction.js';
import { ocrPermits } from './permits.js';
import type { OcrScheduler, TessPage } from './scheduler.js';
import { maxOf, minOf } from '../extent.js';

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
  /** Whether the page may be read in two bands (default true). A document's pages before its
   *  last are read whole, two at a time: bands would keep the next page waiting and read their
   *  overlap twice (a 3-page 300-dpi scan: 8.2 s with its first pages in bands, 7.5 s whole). */
  split?: boolean | undefined;
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
/** Largest side of the sample recognised in each orientation: when all four are tried, and
 *  when the ink has told the lines' direction and only two are (the two readings differ more
 *  than upright and sideways ones do, so a smaller sample tells them apart: every corpus scan
 *  and photograph turned each way was read at the right turn with either size). */
const SAMPLE_SIDE = 1800;
const TWO_TURN_SAMPLE_SIDE = 1200;

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

function sampleOf(img: GrayImage, side: number): GrayImage {
  const box = inkBox(img);
  const w = Math.min(side, box.right - box.left + 40);
  const h = Math.min(side, box.bottom - box.top + 40);
  const cx = (box.left + box.right) / 2;
  const cy = (box.top + box.bottom) / 2;
  return cropGray(img, cx - w / 2, cy - h / 2, w, h);
}

/** Pages at least this tall (pixels; 2 inches at 300 dpi, a paragraph or two) are read in two
 *  bands at once when two OCR workers, and in an engine pool two of the process's OCR permits,
 *  are free: one page then takes about half the time on two cores (a short page's bands are
 *  quick, but still about half). */
const SPLIT_MIN_HEIGHT = 600;
/** Across a cut with no blank rows (band-cut.ts) each band reaches this far past it (inches):
 *  a line of text the cut crosses is read whole in both bands, and kept from the one its
 *  middle lies in. */
const SPLIT_OVERLAP_INCHES = 0.5;

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
async function recognizePage(
  img: GrayImage,
  scheduler: OcrScheduler,
  job: { dpi: number; signal?: AbortSignal | undefined },
  split: boolean,
): Promise<TessPage> {
  const free = Math.min(scheduler.idle, ocrPermits()?.free ?? Infinity);
  if (!split || img.height < SPLIT_MIN_HEIGHT || free < 2) return scheduler.recognize(toPgm(img), job);
  const { row: cut, clean } = bandCut(img, job.dpi);
  const reach = clean ? 0 : Math.round(SPLIT_OVERLAP_INCHES * job.dpi);
  const lowerFrom = Math.max(0, cut - reach);
  const [top, bottom] = await Promise.all([
    scheduler.recognize(toPgm(rowsOf(img, 0, Math.min(img.height, cut + reach))), job),
    scheduler.recognize(toPgm(rowsOf(img, lowerFrom, img.height - lowerFrom)), job),
  ]);
  for (const block of bottom.blocks ?? []) shiftDown(block, lowerFrom);
  let upper = top.blocks ?? [];
  let lower = bottom.blocks ?? [];
  if (!clean) {
    upper = linesWhere(upper, (middle) => middle < cut);
    lower = linesWhere(lower, (middle) => middle >= cut);
  }
  return { ...top, blocks: joinBands(upper, lower, cut, job.dpi) };
}

type TessBlock = NonNullable<TessPage['blocks']>[number];
type Box = TessBlock['bbox'];

function unionBoxes(boxes: Box[]): Box {
  return {
    x0: minOf(boxes, (b) => b.x0),
    y0: minOf(boxes, (b) => b.y0),
    x1: maxOf(boxes, (b) => b.x1),
    y1: maxOf(boxes, (b) => b.y1),
  };
}

/** The blocks with only the lines whose vertical middle passes `keep` (empty ones dropped,
 *  boxes shrunk to what is left). */
export function linesWhere(blocks: TessBlock[], keep: (middle: number) => boolean): TessBlock[] {
  const out: TessBlock[] = [];
  for (const block of blocks) {
    const paragraphs = block.paragraphs
      .map((p) => ({ ...p, lines: p.lines.filter((l) => keep((l.bbox.y0 + l.bbox.y1) / 2)) }))
      .filter((p) => p.lines.length > 0)
      .map((p) => ({ ...p, bbox: unionBoxes(p.lines.map((l) => l.bbox)) }));
    if (paragraphs.length > 0) out.push({ ...block, paragraphs, bbox: unionBoxes(paragraphs.map((p) => p.bbox)) });
  }
  return out;
}

/** The blocks of two bands in reading order. tesseract gives each band's blocks column by
 *  column; a column that runs on across the cut continues in the lower band, so the first
 *  lower block of each column (starting just below the cut) is read right after the last upper
 *  block of the same column (ending just above it), with the blocks tesseract reads after it
 *  up to the next such block. Lower blocks continuing nothing come last. */
export function joinBands(upper: TessBlock[], lower: TessBlock[], cut: number, dpi: number): TessBlock[] {
  const near = 0.5 * dpi;
  const width = (b: TessBlock) => Math.max(1, b.bbox.x1 - b.bbox.x0);
  const sameColumn = (a: TessBlock, b: TessBlock) =>
    Math.min(a.bbox.x1, b.bbox.x1) - Math.max(a.bbox.x0, b.bbox.x0) >= 0.5 * Math.min(width(a), width(b));
  // The last block of each column of the upper band, ending near the cut, and the first block
  // of each column of the lower band, starting near it.
  const ends = upper.filter((u) => u.bbox.y1 >= cut - near && !upper.some((v) => v !== u && sameColumn(u, v) && v.bbox.y1 > u.bbox.y1));
  const firsts = lower.filter((l) => l.bbox.y0 <= cut + near && !lower.some((m) => m !== l && sameColumn(l, m) && m.bbox.y0 < l.bbox.y0));
  const taken = new Map<TessBlock, TessBlock>();
  const starts = new Set<TessBlock>();
  for (const low of firsts) {
    const end = ends.find((u) => !taken.has(u) && sameColumn(u, low));
    if (end) {
      taken.set(end, low);
      starts.add(low);
    }
  }
  // The lower band's reading order cut into runs, each starting at a continuation.
  const runs = new Map<TessBlock, TessBlock[]>();
  const rest: TessBlock[] = [];
  let run: TessBlock[] = rest;
  for (const b of lower) {
    if (starts.has(b)) {
      run = [];
      runs.set(b, run);
    }
    run.push(b);
  }
  const out: TessBlock[] = [];
  for (const up of upper) {
    out.push(up);
    const low = taken.get(up);
    if (low) out.push(...runs.get(low)!);
  }
  return [...out, ...rest];
}

/** A reading confident enough to be kept without trying the page in other turns: sure of its
 *  words, enough of them, and few of them running up or down the page. */
function confidentReading(q: { confidence: number; chars: number; vertical: number }): boolean {
  return q.confidence >= CONFIDENT && q.chars >= 8 && q.vertical <= 0.25 * (q.chars + q.vertical);
}

/** Recognises a page image; with detectRotation, finds and corrects a quarter-turned page.
 *
 *  Which way the lines run is read from the ink first (line-direction.ts). A page on its side
 *  is tried only at the two quarter turns and read whole at the better one, instead of being
 *  read upright first (time lost on a sideways page's garbage) and sampled in all four turns;
 *  one whose lines run across is sampled upright and upside down only. Where the ink does not
 *  say, all four turns are sampled. */
export async function ocrPageImage(img: GrayImage, options: OcrPageOptions): Promise<OcrPageResult> {
  const { scheduler, dpi, signal } = options;
  const job = { dpi, signal };
  const split = options.split ?? true;
  const rotate = options.detectRotation && inkRatio(img) >= 0.0005;
  const lines = rotate ? lineDirection(img, dpi) : null;
  const sampled = async (turns: readonly (0 | 90 | 180 | 270)[], side: number) => {
    const sample = sampleOf(img, side);
    return Promise.all(turns.map(async (t) => ({ turn: t, score: score(recognitionQuality(await scheduler.recognize(toPgm(rotateGray(sample, t)), job))) })));
  };
  const readTurned = async (turn: 90 | 180 | 270) => {
    const turned = rotateGray(img, turn);
    const page = await recognizePage(turned, scheduler, job, split);
    return { result: { page, rotation: turn, width: turned.width, height: turned.height } satisfies OcrPageResult, quality: recognitionQuality(page) };
  };

  let sideways: Awaited<ReturnType<typeof readTurned>> | undefined;
  if (lines === 'upDown') {
    const [a, b] = await sampled([90, 270], TWO_TURN_SAMPLE_SIDE);
    sideways = await readTurned(a!.score >= b!.score ? 90 : 270);
    if (confidentReading(sideways.quality)) return sideways.result;
  }
  const upright = await recognizePage(img, scheduler, job, split);
  const result: OcrPageResult = { page: upright, rotation: 0, width: img.width, height: img.height };
  if (!rotate) return result;
  const q0 = recognitionQuality(upright);
  // The ink said the page lies on its side but the turned reading was unsure: the better of the two.
  if (sideways) return score(sideways.quality) > score(q0) ? sideways.result : result;
  if (confidentReading(q0)) return result;

  const scores = await (lines === 'across' ? sampled([0, 180], TWO_TURN_SAMPLE_SIDE) : sampled([0, 90, 180, 270], SAMPLE_SIDE));
  let best = scores[0]!;
  for (const s of scores) if (s.score > best.score) best = s;
  if (best.turn === 0 || best.score < scores[0]!.score + TURN_MARGIN) return result;
  const turned = await readTurned(best.turn);
  // The full page confirms the sample: keep the turn only if it reads better than upright.
  return score(turned.quality) > score(q0) ? turned.result : result;
}
