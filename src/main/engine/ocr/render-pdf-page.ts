// A pdf.js page rasterised in Node (@napi-rs/canvas) as gray pixels for OCR: 300 dpi by
// default, lowered for huge pages so one page never needs more than MAX_RENDER_PIXELS.
import { napiCanvas } from '../image/canvas.js';
import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { rgbaToGray, type GrayImage } from '../image/gray.js';

export const OCR_DPI = 300;
/** About an A3 page at 300 dpi. */
export const MAX_RENDER_PIXELS = 18_000_000;

export interface RenderedPage {
  gray: GrayImage;
  /** Pixels per inch actually used. */
  dpi: number;
}

/** Renders the page (its /Rotate applied) on white. */
export async function renderPageGray(page: PDFPageProxy, dpi = OCR_DPI): Promise<RenderedPage> {
  const base = page.getViewport({ scale: 1 });
  let scale = dpi / 72;
  const pixels = base.width * base.height * scale * scale;
  if (pixels > MAX_RENDER_PIXELS) scale *= Math.sqrt(MAX_RENDER_PIXELS / pixels);
  const viewport = page.getViewport({ scale });
  const width = Math.max(1, Math.ceil(viewport.width));
  const height = Math.max(1, Math.ceil(viewport.height));
  const canvas = napiCanvas().createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  // pdf.js types its canvas as the DOM's; @napi-rs/canvas implements the same 2D API.
  await page.render({ canvasContext: ctx, canvas, viewport } as unknown as Parameters<PDFPageProxy['render']>[0]).promise;
  const data = ctx.getImageData(0, 0, width, height).data;
  return { gray: rgbaToGray(data, width, height), dpi: scale * 72 };
}
