// A figure's picture: the region of the page it covers, rendered by pdf.js onto a canvas
// (@napi-rs/canvas) and encoded as PNG — vector drawings and the text set over an image come
// out as a reader sees them.
import { createCanvas } from '@napi-rs/canvas';
import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Rect } from '../page-model.js';

/** Resolution figures are clipped at. */
export const FIGURE_DPI = 150;
/** The most pixels one figure's picture may have (about 4,000 × 3,000). */
export const MAX_FIGURE_PIXELS = 12_000_000;
/** White border kept around the figure (points). */
const PAD = 2;

/** Renders `box` (upright page points) of the page to PNG bytes. */
export async function clipPagePng(page: PDFPageProxy, box: Rect, dpi = FIGURE_DPI): Promise<Uint8Array> {
  const base = page.getViewport({ scale: 1 });
  const left = Math.max(0, box.left - PAD);
  const top = Math.max(0, box.top - PAD);
  const right = Math.min(base.width, box.right + PAD);
  const bottom = Math.min(base.height, box.bottom + PAD);
  let scale = dpi / 72;
  const pixels = (right - left) * (bottom - top) * scale * scale;
  if (pixels > MAX_FIGURE_PIXELS) scale *= Math.sqrt(MAX_FIGURE_PIXELS / pixels);
  const width = Math.max(1, Math.ceil((right - left) * scale));
  const height = Math.max(1, Math.ceil((bottom - top) * scale));
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  const viewport = page.getViewport({ scale });
  try {
    // pdf.js types its canvas as the DOM's; @napi-rs/canvas implements the same 2D API.
    await page.render({
      canvasContext: ctx,
      canvas,
      viewport,
      transform: [1, 0, 0, 1, -left * scale, -top * scale],
    } as unknown as Parameters<PDFPageProxy['render']>[0]).promise;
    return new Uint8Array(await canvas.encode('png'));
  } finally {
    page.cleanup();
  }
}
