// Image files to grayscale frames: TIFF (every frame, any compression) through utif2 but CCITT
// G4 frames through pdf.js (fax.ts), PNG / JPEG / WebP / BMP / GIF through @napi-rs/canvas
// (Skia). Frames are decoded one at a time, so a long multi-page TIFF never holds more than
// one page of pixels.
import { createRequire } from 'node:module';
import type { FileKind } from '../detect.js';
import { EngineError } from '../errors.js';
import { decodeG4, type FaxFrame } from './fax.js';
import { rgbaToGray, type GrayImage } from './gray.js';
import { napiCanvas } from './canvas.js';
import { imageDpi } from './metadata.js';

type Utif = typeof import('utif2');
let utifModule: Utif | undefined;

/** utif2 (CommonJS, with pako), loaded at the first TIFF: a PDF parse never needs it, and
 *  loading it cost every engine thread's start ~20-50 ms. */
function utif(): Utif {
  return (utifModule ??= createRequire(import.meta.url)('utif2') as Utif);
}

/** Resolution assumed when a file does not state a plausible one. */
export const DEFAULT_IMAGE_DPI = 300;

export interface ImageFrame {
  gray: GrayImage;
  /** Pixels per inch, from the file or DEFAULT_IMAGE_DPI. */
  dpi: number;
}

export interface ImageFrames {
  count: number;
  frames: AsyncGenerator<ImageFrame>;
}

/** The largest image (in pixels) decoded; larger ones are refused rather than exhausting memory. */
export const MAX_IMAGE_PIXELS = 100_000_000;

export const IMAGE_KINDS: ReadonlySet<FileKind> = new Set(['png', 'jpeg', 'tiff', 'webp', 'bmp', 'gif']);

function plausibleDpi(dpi: number | undefined): number {
  return dpi !== undefined && Number.isFinite(dpi) && dpi >= 50 && dpi <= 2400 ? dpi : DEFAULT_IMAGE_DPI;
}

function checkSize(width: number, height: number): void {
  if (!(width > 0 && height > 0)) throw new EngineError('CORRUPT_FILE', 'The image has no pixels; the file is damaged.');
  if (width * height > MAX_IMAGE_PIXELS) {
    throw new EngineError(
      'FILE_SIZE_TOO_LARGE',
      `The image is ${width} × ${height} pixels, above the limit of ${MAX_IMAGE_PIXELS / 1e6} megapixels.`,
    );
  }
}

type Ifd = import('utif2').IFD & { width: number; height: number; t282?: Array<number | number[]>; t296?: number[] };

function tiffDpi(ifd: Ifd): number | undefined {
  // utif2 gives a RATIONAL as [[numerator, denominator]] (older files: a plain number).
  const first = ifd.t282?.[0];
  const [num, den] = Array.isArray(first) ? first : [first, 1];
  if (num === undefined) return undefined;
  const res = den ? num / den : num;
  const unit = ifd.t296?.[0] ?? 2;
  return unit === 3 ? res * 2.54 : unit === 1 ? undefined : res;
}

/** A one-bit frame (fax and scanner TIFFs: CCITT G3/G4, PackBits, none) straight to gray, 0
 *  or 255 a pixel, as utif2's RGBA conversion would give it, without that conversion's 4 bytes
 *  a pixel. Undefined for any other pixel format. */
function bilevelGray(ifd: Ifd): GrayImage | undefined {
  const tag = (name: string) => (ifd as unknown as Record<string, number[] | undefined>)[name]?.[0];
  const bits = tag('t258') ?? 1;
  const samples = tag('t277') ?? 1;
  // 0: white is zero, 1: black is zero (utif2 takes a one-bit frame without the tag as 0).
  const photometric = tag('t262') ?? 0;
  const data = (ifd as { data?: unknown }).data;
  const { width: w, height: h } = ifd;
  const perRow = Math.ceil(w / 8);
  if (bits !== 1 || samples !== 1 || (photometric !== 0 && photometric !== 1)) return undefined;
  if (!(data instanceof Uint8Array) || data.length < perRow * h) return undefined;
  const black = photometric === 0 ? 1 : 0;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const from = y * perRow;
    const to = y * w;
    for (let x = 0; x < w; x++) {
      out[to + x] = ((data[from + (x >> 3)]! >> (7 - (x & 7))) & 1) === black ? 0 : 255;
    }
  }
  return { width: w, height: h, data: out };
}

/** The strips of a one-bit CCITT Group 4 frame, for pdf.js to decode (fax.ts); undefined for
 *  any other frame, or one whose strips lie outside the file. */
function faxFrame(bytes: Uint8Array, ifd: Ifd): FaxFrame | undefined {
  const tags = ifd as unknown as Record<string, number[] | undefined>;
  const one = (name: string) => tags[name]?.[0];
  const width = one('t256');
  const height = one('t257');
  const offsets = tags['t273'];
  const counts = tags['t279'];
  if (one('t259') !== 4 || (one('t258') ?? 1) !== 1 || (one('t277') ?? 1) !== 1) return undefined;
  if (!width || !height || !offsets || !counts || offsets.length !== counts.length) return undefined;
  const strips: Uint8Array[] = [];
  for (const [i, offset] of offsets.entries()) {
    const count = counts[i]!;
    if (!(offset >= 0 && count > 0 && offset + count <= bytes.length)) return undefined;
    strips.push(bytes.subarray(offset, offset + count));
  }
  return { width, height, rowsPerStrip: Math.min(one('t278') ?? height, height), fillOrder: one('t266') ?? 1, strips };
}

function tiffFrames(bytes: Uint8Array): ImageFrames {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const UTIF = utif();
  let ifds: Ifd[];
  try {
    // Sub-IFDs (thumbnails) are not pages.
    ifds = (UTIF.decode(buffer) as Ifd[]).filter((ifd) => ifd['t256'] !== undefined);
  } catch (err) {
    throw new EngineError('CORRUPT_FILE', 'The TIFF image is damaged and could not be read.', { cause: err });
  }
  if (ifds.length === 0) throw new EngineError('CORRUPT_FILE', 'The TIFF file contains no images.');
  async function* frames(): AsyncGenerator<ImageFrame> {
    for (const ifd of ifds) {
      const fax = faxFrame(bytes, ifd);
      if (fax) checkSize(fax.width, fax.height);
      const packed = fax && (await decodeG4(fax));
      if (fax && packed) Object.assign(ifd, { width: fax.width, height: fax.height, data: packed });
      else {
        try {
          UTIF.decodeImage(buffer, ifd);
        } catch (err) {
          throw new EngineError('CORRUPT_FILE', 'A page of the TIFF image is damaged and could not be decoded.', { cause: err });
        }
        checkSize(ifd.width, ifd.height);
      }
      const gray = bilevelGray(ifd) ?? rgbaToGray(UTIF.toRGBA8(ifd), ifd.width, ifd.height);
      // Release the decoded strip data of this frame before the next one.
      (ifd as { data?: unknown }).data = undefined;
      yield { gray, dpi: plausibleDpi(tiffDpi(ifd)) };
    }
  }
  return { count: ifds.length, frames: frames() };
}

async function canvasFrame(bytes: Uint8Array, kind: FileKind): Promise<ImageFrame> {
  const { createCanvas, loadImage } = napiCanvas();
  let img;
  try {
    img = await loadImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (err) {
    throw new EngineError('CORRUPT_FILE', `The ${kind.toUpperCase()} image is damaged and could not be decoded.`, { cause: err });
  }
  checkSize(img.width, img.height);
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const pixels = ctx.getImageData(0, 0, img.width, img.height).data;
  return { gray: rgbaToGray(pixels, img.width, img.height), dpi: plausibleDpi(imageDpi(bytes, kind)) };
}

/** Decodes an image file into frames (one per TIFF page, one for the other formats). */
export function decodeImage(bytes: Uint8Array, kind: FileKind): ImageFrames {
  if (kind === 'tiff') return tiffFrames(bytes);
  async function* single(): AsyncGenerator<ImageFrame> {
    yield await canvasFrame(bytes, kind);
  }
  return { count: 1, frames: single() };
}
