// Figures' pictures: the page is rendered once by pdf.js onto a canvas (@napi-rs/canvas) and
// each figure's region is cut from it and encoded as PNG — vector drawings and the text set
// over an image come out as a reader sees them. A picture file's page (a scan or a photo) has
// its pictures cut from the image itself.
import type { Canvas } from '@napi-rs/canvas';
import { napiCanvas } from '../image/canvas.js';
import type { GrayImage } from '../image/gray.js';
import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { unionRects, type Rect } from '../page-model.js';

/** Resolution figures are clipped at. */
export const FIGURE_DPI = 150;
/** The most pixels the page is rendered with for its figures (about A3 at 150 dpi, twice). */
export const MAX_FIGURE_PIXELS = 12_000_000;
/** White border kept around each figure (points). */
const PAD = 2;

/** The canvas's pixels are native memory the JavaScript heap does not see: they are given
 *  back at once rather than when a collection happens to run. */
function release(canvas: Canvas): void {
  canvas.width = 1;
  canvas.height = 1;
}

/** Renders the page once and returns each of `boxes` (upright page points) as PNG bytes. */
export async function clipPagePngs(page: PDFPageProxy, boxes: Rect[], dpi = FIGURE_DPI): Promise<Uint8Array[]> {
  if (boxes.length === 0) return [];
  const base = page.getViewport({ scale: 1 });
  // Only the part of the page the figures cover is drawn.
  const all = unionRects(boxes);
  const left = Math.max(0, all.left - PAD);
  const top = Math.max(0, all.top - PAD);
  const right = Math.min(base.width, all.right + PAD);
  const bottom = Math.min(base.height, all.bottom + PAD);
  let scale = dpi / 72;
  const pixels = (right - left) * (bottom - top) * scale * scale;
  if (pixels > MAX_FIGURE_PIXELS) scale *= Math.sqrt(MAX_FIGURE_PIXELS / pixels);
  const width = Math.max(1, Math.ceil((right - left) * scale));
  const height = Math.max(1, Math.ceil((bottom - top) * scale));
  const { createCanvas } = napiCanvas();
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  try {
    // pdf.js types its canvas as the DOM's; @napi-rs/canvas implements the same 2D API.
    await page.render({
      canvasContext: ctx,
      canvas,
      viewport: page.getViewport({ scale }),
      transform: [1, 0, 0, 1, -left * scale, -top * scale],
    } as unknown as Parameters<PDFPageProxy['render']>[0]).promise;
    const out: Uint8Array[] = [];
    for (const b of boxes) {
      const x = Math.max(0, Math.floor((b.left - PAD - left) * scale));
      const y = Math.max(0, Math.floor((b.top - PAD - top) * scale));
      const w = Math.max(1, Math.min(width - x, Math.ceil((b.right - b.left + 2 * PAD) * scale)));
      const h = Math.max(1, Math.min(height - y, Math.ceil((b.bottom - b.top + 2 * PAD) * scale)));
      const piece = createCanvas(w, h);
      // Copied canvas to canvas, natively: no pixel array passes through the JavaScript heap.
      piece.getContext('2d').drawImage(canvas, x, y, w, h, 0, 0, w, h);
      out.push(new Uint8Array(await piece.encode('png')));
      release(piece);
    }
    return out;
  } finally {
    release(canvas);
    page.cleanup();
  }
}

/** Cuts each of `boxes` (page points) from a page image at `dpi` and returns them as PNG bytes
 *  (gray, at the image's own resolution, with the same white border as rendered figures). */
export async function clipGrayPngs(img: GrayImage, dpi: number, boxes: Rect[]): Promise<Uint8Array[]> {
  const { createCanvas } = napiCanvas();
  const scale = dpi / 72;
  const out: Uint8Array[] = [];
  for (const b of boxes) {
    const x = Math.max(0, Math.floor((b.left - PAD) * scale));
    const y = Math.max(0, Math.floor((b.top - PAD) * scale));
    const w = Math.max(1, Math.min(img.width - x, Math.ceil((b.right - b.left + 2 * PAD) * scale)));
    const h = Math.max(1, Math.min(img.height - y, Math.ceil((b.bottom - b.top + 2 * PAD) * scale)));
    const piece = createCanvas(w, h);
    const ctx = piece.getContext('2d');
    const pixels = ctx.createImageData(w, h);
    const rgba = pixels.data;
    for (let row = 0; row < h; row++) {
      const from = (y + row) * img.width + x;
      for (let col = 0, at = row * w * 4; col < w; col++, at += 4) {
        const v = img.data[from + col]!;
        rgba[at] = v;
        rgba[at + 1] = v;
        rgba[at + 2] = v;
        rgba[at + 3] = 255;
      }
    }
    ctx.putImageData(pixels, 0, 0);
    out.push(new Uint8Array(await piece.encode('png')));
    release(piece);
  }
  return out;
}
