// Pages drawn for the OCR tests (@napi-rs/canvas): a white page, optionally turned about its
// centre, and a ruled table with words in its cells.
import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import { rgbaToGray, type GrayImage } from '../../src/main/engine/image/gray.js';

/** A white W × H canvas whose later drawing is turned clockwise by `deg` about the centre. */
export function whitePage(width: number, height: number, deg = 0): { canvas: Canvas; ctx: SKRSContext2D } {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  if (deg !== 0) {
    ctx.translate(width / 2, height / 2);
    ctx.rotate((deg * Math.PI) / 180);
    ctx.translate(-width / 2, -height / 2);
  }
  return { canvas, ctx };
}

/** A white W × H page drawn on in black (fill and stroke), as gray pixels. */
export function grayDrawing(width: number, height: number, draw: (ctx: SKRSContext2D) => void): GrayImage {
  const { ctx } = whitePage(width, height);
  ctx.fillStyle = '#000000';
  ctx.strokeStyle = '#000000';
  draw(ctx);
  return rgbaToGray(ctx.getImageData(0, 0, width, height).data, width, height);
}

/** The rows of the table the tests draw. */
export const TABLE_ROWS = [
  ['Item', 'Qty', 'Price'],
  ['Apples', '12', '3.50'],
  ['Pears', '7', '2.25'],
  ['Plums', '30', '9.10'],
];

/** A ruled grid on column edges `xs` and row edges `ys` (3-pixel lines), with `rows` written
 *  in its cells in 44-pixel type. */
export function drawRuledTable(ctx: SKRSContext2D, xs: number[], ys: number[], rows: string[][] = TABLE_ROWS): void {
  ctx.strokeStyle = '#000000';
  ctx.lineWidth = 3;
  for (const y of ys) {
    ctx.beginPath();
    ctx.moveTo(xs[0]!, y);
    ctx.lineTo(xs.at(-1)!, y);
    ctx.stroke();
  }
  for (const x of xs) {
    ctx.beginPath();
    ctx.moveTo(x, ys[0]!);
    ctx.lineTo(x, ys.at(-1)!);
    ctx.stroke();
  }
  ctx.fillStyle = '#000000';
  ctx.font = '44px sans-serif';
  rows.forEach((row, r) => row.forEach((text, c) => ctx.fillText(text, xs[c]! + 30, ys[r]! + 95)));
}
