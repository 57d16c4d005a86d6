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

/** Rows [top, top + height) of an image (clamped to its bounds), sharing its pixels: no copy. */
export function rowsOf(img: GrayImage, top: number, height: number): GrayImage {
  const y0 = Math.max(0, Math.min(img.height - 1, Math.floor(top)));
  const h = Math.max(1, Math.min(img.height - y0, Math.floor(height)));
  return { width: img.width, height: h, data: img.data.subarray(y0 * img.width, (y0 + h) * img.width) };
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

/** Bilinear sample at (x, y) (pixel-centre coordinates) where part of the 2 × 2 neighbourhood
 *  lies outside the image: `fill` there. */
function edgeSample(img: GrayImage, x: number, y: number, fill: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const at = (px: number, py: number) => (px >= 0 && py >= 0 && px < img.width && py < img.height ? img.data[py * img.width + px]! : fill);
  const top = at(x0, y0) + (at(x0 + 1, y0) - at(x0, y0)) * fx;
  const bottom = at(x0, y0 + 1) + (at(x0 + 1, y0 + 1) - at(x0, y0 + 1)) * fx;
  return top + (bottom - top) * fy + 0.5;
}

/** An image turned clockwise (on screen, y down) by any angle about its centre, bilinear, on a
 *  canvas grown to hold all of it, the uncovered corners filled with `fill`. Image point
 *  (x, y) lands at c' + R(degrees)·((x, y) − c), c and c' the centres of the two canvases
 *  (continuous coordinates: pixel i covers [i, i + 1)). */
export function rotateGrayBy(img: GrayImage, degrees: number, fill = 255): GrayImage {
  const t = (degrees * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  const { width: w, height: h, data: src } = img;
  const W = Math.max(1, Math.ceil(Math.abs(w * cos) + Math.abs(h * sin) - 1e-6));
  const H = Math.max(1, Math.ceil(Math.abs(w * sin) + Math.abs(h * cos) - 1e-6));
  const out = new Uint8Array(W * H);
  const cx = w / 2;
  const cy = h / 2;
  // Source positions in 16.16 fixed point (exact enough over a few thousand steps), blending
  // weights in 256ths.
  const ONE = 65536;
  const stepX = Math.round(cos * ONE);
  const stepY = Math.round(-sin * ONE);
  const xIn = (w - 1) * ONE;
  const yIn = (h - 1) * ONE;
  const xOut = w * ONE;
  const yOut = h * ONE;
  for (let Y = 0; Y < H; Y++) {
    // Source point of the output pixel centre: c + R(−degrees)·(P − c'), sampled at pixel
    // centres (hence the −0.5). Stepping one output pixel right moves it by (cos, −sin).
    const dy = Y + 0.5 - H / 2;
    let sx = Math.round((cx - (W / 2 - 0.5) * cos + dy * sin - 0.5) * ONE);
    let sy = Math.round((cy + (W / 2 - 0.5) * sin + dy * cos - 0.5) * ONE);
    const row = Y * W;
    for (let X = 0; X < W; X++, sx += stepX, sy += stepY) {
      if (sx >= 0 && sy >= 0 && sx < xIn && sy < yIn) {
        const i = (sy >> 16) * w + (sx >> 16);
        const p00 = src[i]!;
        const p10 = src[i + 1]!;
        const p01 = src[i + w]!;
        const p11 = src[i + w + 1]!;
        const fx = (sx & 0xffff) >> 8;
        const fy = (sy & 0xffff) >> 8;
        const top = (p00 << 8) + (p10 - p00) * fx;
        const bottom = (p01 << 8) + (p11 - p01) * fx;
        out[row + X] = ((top << 8) + (bottom - top) * fy + 32768) >> 16;
      } else if (sx > -ONE && sy > -ONE && sx < xOut && sy < yOut) {
        out[row + X] = edgeSample(img, sx / ONE, sy / ONE, fill);
      } else {
        out[row + X] = fill;
      }
    }
  }
  return { width: W, height: H, data: out };
}

/** Gray levels of the image (every fourth pixel of every fourth row on large images). */
export function sampledHistogram(img: GrayImage): { hist: Uint32Array; n: number } {
  const hist = new Uint32Array(256);
  const { width: w, height: h, data } = img;
  const step = w * h > 1_000_000 ? 4 : 1;
  let n = 0;
  for (let y = 0; y < h; y += step) {
    const row = y * w;
    for (let x = 0; x < w; x += step) {
      hist[data[row + x]!]!++;
      n++;
    }
  }
  return { hist, n };
}

/** Otsu's threshold of a histogram: the last gray level of the dark class (128 when empty). */
export function otsuLevel(hist: ArrayLike<number>, n: number): number {
  if (n === 0) return 128;
  let sum = 0;
  for (let i = 0; i < 256; i++) sum += i * hist[i]!;
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let t = 128;
  for (let i = 0; i < 256; i++) {
    wB += hist[i]!;
    if (wB === 0) continue;
    const wF = n - wB;
    if (wF === 0) break;
    sumB += i * hist[i]!;
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) {
      best = between;
      t = i;
    }
  }
  return t;
}

/** The median gray level of a histogram (255 when empty). */
export function histogramMedian(hist: ArrayLike<number>, n: number): number {
  for (let i = 0, acc = 0; i < 256; i++) {
    acc += hist[i]!;
    if (acc >= n / 2) return i;
  }
  return 255;
}

/** A page's tones from a sample of it: `paper`, its median gray (a page is mostly paper), and
 *  `ink`, the level at or below which a pixel is ink (Otsu's threshold, kept well below the
 *  paper however the histogram splits). */
export function pageTone(img: GrayImage): { ink: number; paper: number } {
  const { hist, n } = sampledHistogram(img);
  if (n === 0) return { ink: 128, paper: 255 };
  const paper = histogramMedian(hist, n);
  return { ink: Math.max(64, Math.min(otsuLevel(hist, n) + 1, 200, paper - 40)), paper };
}

/** The image enlarged `factor` times each way (bilinear, pixel centres kept in place). */
export function scaleGray(img: GrayImage, factor: number): GrayImage {
  const { width: w, height: h, data: src } = img;
  const W = Math.max(1, Math.round(w * factor));
  const H = Math.max(1, Math.round(h * factor));
  const out = new Uint8Array(W * H);
  const fx = w / W;
  const fy = h / H;
  // Each output column's two source columns and the weight of the right one, in 1/256ths.
  const x0s = new Int32Array(W);
  const x1s = new Int32Array(W);
  const wx = new Int32Array(W);
  for (let X = 0; X < W; X++) {
    const sx = Math.min(w - 1, Math.max(0, (X + 0.5) * fx - 0.5));
    const x0 = Math.floor(sx);
    x0s[X] = x0;
    x1s[X] = Math.min(w - 1, x0 + 1);
    wx[X] = Math.round((sx - x0) * 256);
  }
  for (let Y = 0; Y < H; Y++) {
    const sy = Math.min(h - 1, Math.max(0, (Y + 0.5) * fy - 0.5));
    const y0 = Math.floor(sy);
    const r0 = y0 * w;
    const r1 = Math.min(h - 1, y0 + 1) * w;
    const wy = Math.round((sy - y0) * 256);
    const row = Y * W;
    for (let X = 0; X < W; X++) {
      const a = x0s[X]!;
      const b = x1s[X]!;
      const t = wx[X]!;
      const top = src[r0 + a]! * (256 - t) + src[r0 + b]! * t;
      const bottom = src[r1 + a]! * (256 - t) + src[r1 + b]! * t;
      out[row + X] = (top * (256 - wy) + bottom * wy + 32768) >> 16;
    }
  }
  return { width: W, height: H, data: out };
}
