// Resolution stated inside PNG (pHYs) and JPEG (JFIF density or EXIF X resolution) files.
import type { FileKind } from '../detect.js';

function u32be(b: Uint8Array, i: number): number {
  return ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
}

function u16(b: Uint8Array, i: number, little: boolean): number {
  return little ? b[i]! | (b[i + 1]! << 8) : (b[i]! << 8) | b[i + 1]!;
}

function u32(b: Uint8Array, i: number, little: boolean): number {
  return little ? (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0 : u32be(b, i);
}

function pngDpi(b: Uint8Array): number | undefined {
  let i = 8;
  while (i + 12 <= b.length) {
    const len = u32be(b, i);
    const type = String.fromCharCode(b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!);
    if (type === 'pHYs' && len >= 9) {
      const ppu = u32be(b, i + 8);
      return b[i + 16] === 1 ? ppu * 0.0254 : undefined;
    }
    if (type === 'IDAT' || type === 'IEND') return undefined;
    i += 12 + len;
  }
  return undefined;
}

function exifDpi(b: Uint8Array, start: number, end: number): number | undefined {
  if (start + 8 > end) return undefined;
  const little = b[start] === 0x49;
  const ifd = start + u32(b, start + 4, little);
  if (ifd + 2 > end) return undefined;
  const n = u16(b, ifd, little);
  let xres: number | undefined;
  let unit = 2;
  for (let k = 0; k < n; k++) {
    const e = ifd + 2 + k * 12;
    if (e + 12 > end) break;
    const tag = u16(b, e, little);
    if (tag === 0x011a) {
      const off = start + u32(b, e + 8, little);
      if (off + 8 <= end) xres = u32(b, off, little) / (u32(b, off + 4, little) || 1);
    } else if (tag === 0x0128) unit = u16(b, e + 8, little);
  }
  if (xres === undefined) return undefined;
  return unit === 3 ? xres * 2.54 : unit === 2 ? xres : undefined;
}

function jpegDpi(b: Uint8Array): number | undefined {
  let i = 2;
  while (i + 4 <= b.length && b[i] === 0xff) {
    const marker = b[i + 1]!;
    const len = u16(b, i + 2, false);
    const seg = i + 4;
    if (marker === 0xe0 && b[seg] === 0x4a && b[seg + 1] === 0x46 && b[seg + 4] === 0) {
      const unit = b[seg + 7];
      const x = u16(b, seg + 8, false);
      if (unit === 1 && x > 1) return x;
      if (unit === 2 && x > 1) return x * 2.54;
    }
    if (marker === 0xe1 && b[seg] === 0x45 && b[seg + 1] === 0x78 && b[seg + 2] === 0x69 && b[seg + 3] === 0x66) {
      const dpi = exifDpi(b, seg + 6, Math.min(b.length, i + 2 + len));
      if (dpi !== undefined) return dpi;
    }
    if (marker === 0xda) return undefined;
    i += 2 + len;
  }
  return undefined;
}

/** The resolution a PNG or JPEG file states, in dots per inch, if any. */
export function imageDpi(bytes: Uint8Array, kind: FileKind): number | undefined {
  try {
    if (kind === 'png') return pngDpi(bytes);
    if (kind === 'jpeg') return jpegDpi(bytes);
  } catch {
    // A truncated header just means no stated resolution.
  }
  return undefined;
}
