// 8-bit grayscale rasters: the one pixel format OCR works on. Conversions from RGBA (alpha
// composited over white, so transparent backgrounds read as paper), quarter turns, crops and
// the PGM encoding tesseract reads without any decoding cost.

export interface GrayImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** RGBA (straight alpha) to gray, composited over white. */
export function rgbaToGray(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): GrayImage {
  const n = width * height;
  const data = new Uint8Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    const a = rgba[j + 3]!;
    const y = (rgba[j]! * 77 + rgba[j + 1]! * 150 + rgba[j + 2]! * 29) >> 8;
    data[i] = a === 255 ? y : (y * a + 255 * (255 - a) + 127) / 255;
  }
  return { width, height, data };
}

/** Turns an image clockwise by 0, 90, 180 or 270 degrees. */
export function rotateGray(img: GrayImage, degrees: number): GrayImage {
  const d = ((degrees % 360) + 360) % 360;
  if (d === 0) return img;
  const { width: w, height: h, data: src } = img;
  const out = new Uint8Array(w * h);
  if (d === 180) {
    for (let i = 0, n = w * h; i < n; i++) out[i] = src[n - 1 - i]!;
    return { width: w, height: h, data: out };
  }
  // 90 clockwise: new (x', y') = (h - 1 - y, x); 270: (y, w - 1 - x).
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const idx = d === 90 ? x * h + (h - 1 - y) : (w - 1 - x) * h + y;
      out[idx] = src[row + x]!;
    }
  }
  return { width: h, height: w, data: out };
}

/** A rectangular part of an image (clamped to its bounds). */
export function cropGray(img: GrayImage, left: number, top: number, width: number, height: number): GrayImage {
  const x0 = Math.max(0, Math.floor(left));
  const y0 = Math.max(0, Math.floor(top));
  const w = Math.max(1, Math.min(img.width - x0, Math.floor(width)));
  const h = Math.max(1, Math.min(img.height - y0, Math.floor(height)));
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) out.set(img.data.subarray((y0 + y) * img.width + x0, (y0 + y) * img.width + x0 + w), y * w);
  return { width: w, height: h, data: out };
}

/** Binary PGM (P5): tesseract's Leptonica reads it with no decoding work. */
export function toPgm(img: GrayImage): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${img.width} ${img.height}\n255\n`);
  const out = new Uint8Array(header.length + img.data.length);
  out.set(header, 0);
  out.set(img.data, header.length);
  return out;
}

/** Fraction of pixels darker than mid-gray (ink), sampled on a grid for speed. */
export function inkRatio(img: GrayImage, step = 4): number {
  let ink = 0;
  let total = 0;
  for (let y = 0; y < img.height; y += step) {
    for (let x = 0; x < img.width; x += step) {
      total++;
      if (img.data[y * img.width + x]! < 128) ink++;
    }
  }
  return total === 0 ? 0 : ink / total;
}
