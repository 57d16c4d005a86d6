// Small-skew estimation on synthetic pages (text drawn turned by a known angle), and the
// arbitrary-angle turn of gray images it is corrected with.
import { createCanvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { rgbaToGray, rotateGray, rotateGrayBy, type GrayImage } from '../../../../src/main/engine/image/gray.js';
import { estimateSkew, unturnPoint } from '../../../../src/main/engine/ocr/deskew.js';
import { grayDrawing } from '../../../helpers/draw-page.js';

const WORDS = 'the quick brown fox jumps over lazy dog while seven bold wizards quietly examine the page layout again'.split(' ');

/** A letter page at `dpi / 2` (half of 300 dpi keeps tests fast) with paragraphs of text
 *  turned clockwise by `deg` about the centre; `photo` adds a large dark picture. */
function page(deg: number, opts: { photo?: boolean; rules?: boolean; blank?: boolean } = {}): GrayImage {
  const w = 1275;
  const h = 1650;
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, w, h);
  ctx.translate(w / 2, h / 2);
  ctx.rotate((deg * Math.PI) / 180);
  ctx.translate(-w / 2, -h / 2);
  ctx.fillStyle = '#000000';
  ctx.strokeStyle = '#000000';
  if (!opts.blank) {
    ctx.font = '22px sans-serif';
    let k = 0;
    for (let y = 160; y < 1500; y += 34) {
      if (opts.photo && y > 300 && y < 900) continue;
      let line = '';
      while (ctx.measureText(line).width < 950) line += WORDS[k++ % WORDS.length] + ' ';
      ctx.fillText(line.trim(), 150, y);
    }
  }
  if (opts.photo) {
    // A photograph-like block: dark, noisy, with its own (untilted) texture.
    const g = ctx.createLinearGradient(150, 300, 1100, 880);
    g.addColorStop(0, '#202020');
    g.addColorStop(1, '#606060');
    ctx.fillStyle = g;
    ctx.fillRect(150, 300, 950, 580);
    ctx.fillStyle = '#ffffff';
    for (let i = 0; i < 400; i++) ctx.fillRect(150 + ((i * 397) % 930), 300 + ((i * 211) % 560), 6, 3 + (i % 9));
  }
  if (opts.rules) {
    ctx.lineWidth = 2;
    for (const y of [120, 1520]) {
      ctx.beginPath();
      ctx.moveTo(120, y);
      ctx.lineTo(1150, y);
      ctx.stroke();
    }
  }
  return rgbaToGray(canvas.getContext('2d').getImageData(0, 0, w, h).data, w, h);
}

describe('skew estimation', () => {
  it.each([-3, -1, 0.5, 2, 4])('finds a skew of %s° within 0.3°', (deg) => {
    expect(Math.abs(estimateSkew(page(deg), 150).angle - deg)).toBeLessThanOrEqual(0.3);
  });

  it('reads 0 on an upright page and on a blank one', () => {
    expect(Math.abs(estimateSkew(page(0), 150).angle)).toBeLessThan(0.2);
    expect(estimateSkew(page(0, { blank: true }), 150).angle).toBe(0);
    const specks: GrayImage = { width: 600, height: 800, data: new Uint8Array(600 * 800).fill(250) };
    for (let i = 0; i < 30; i++) specks.data[(i * 7919) % specks.data.length] = 0;
    expect(estimateSkew(specks, 150).angle).toBe(0);
  });

  it('reads 0 where no direction stands out: circles, scattered blobs', () => {
    const drawing = (draw: Parameters<typeof grayDrawing>[2]): GrayImage => grayDrawing(1275, 1650, draw);
    const circles = drawing((ctx) => {
      ctx.lineWidth = 3;
      for (let r = 50; r < 600; r += 40) {
        ctx.beginPath();
        ctx.arc(637, 825, r, 0, 2 * Math.PI);
        ctx.stroke();
      }
    });
    expect(estimateSkew(circles, 150).angle).toBe(0);
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const blobs = drawing((ctx) => {
      for (let i = 0; i < 400; i++) {
        ctx.beginPath();
        ctx.arc(rnd() * 1275, rnd() * 1650, 5 + rnd() * 20, 0, 2 * Math.PI);
        ctx.fill();
      }
    });
    expect(estimateSkew(blobs, 150).angle).toBe(0);
  });

  it('is not thrown by a large dark picture or by ruled lines', () => {
    expect(Math.abs(estimateSkew(page(2, { photo: true }), 150).angle - 2)).toBeLessThanOrEqual(0.3);
    expect(Math.abs(estimateSkew(page(-1.5, { photo: true, rules: true }), 150).angle + 1.5)).toBeLessThanOrEqual(0.3);
  });

  it('reads the same skew on a page lying on its side', () => {
    const img = page(2.5);
    for (const t of [90, 180, 270]) expect(Math.abs(estimateSkew(rotateGray(img, t), 150).angle - 2.5)).toBeLessThanOrEqual(0.3);
  });

  it('is cheap next to OCR on a 300-dpi page', () => {
    const small = page(1.7);
    // 300 dpi: the same page drawn at twice the size.
    const big: GrayImage = { width: small.width * 2, height: small.height * 2, data: new Uint8Array(small.width * small.height * 4) };
    for (let y = 0; y < big.height; y++) for (let x = 0; x < big.width; x++) big.data[y * big.width + x] = small.data[(y >> 1) * small.width + (x >> 1)]!;
    estimateSkew(big, 300);
    const t0 = performance.now();
    const found = estimateSkew(big, 300).angle;
    const level = rotateGrayBy(big, -found);
    const ms = performance.now() - t0;
    expect(Math.abs(found - 1.7)).toBeLessThanOrEqual(0.3);
    expect(Math.abs(estimateSkew(level, 300).angle)).toBeLessThan(0.3);
    expect(ms).toBeLessThan(400); // measured well under 150 ms alone; shared test machines vary
  });
});

describe('turning gray images by any angle', () => {
  it('grows the canvas, fills with white, and maps points as unturnPoint undoes', () => {
    const img: GrayImage = { width: 200, height: 100, data: new Uint8Array(200 * 100).fill(255) };
    // A dark 10 × 10 square around (150, 30).
    for (let y = 25; y < 35; y++) for (let x = 145; x < 155; x++) img.data[y * 200 + x] = 0;
    const out = rotateGrayBy(img, 10);
    expect(out.width).toBe(Math.ceil(200 * Math.cos(Math.PI / 18) + 100 * Math.sin(Math.PI / 18)));
    expect(out.data[0]).toBe(255);
    // Where the square's centre went: c' + R(10°)(p − c).
    const t = Math.PI / 18;
    const [dx, dy] = [150 - 100, 30 - 50];
    const X = out.width / 2 + dx * Math.cos(t) - dy * Math.sin(t);
    const Y = out.height / 2 + dx * Math.sin(t) + dy * Math.cos(t);
    expect(out.data[Math.floor(Y) * out.width + Math.floor(X)]).toBeLessThan(40);
    const [bx, by] = unturnPoint(X, Y, 10, out.width, out.height, 200, 100);
    expect(bx).toBeCloseTo(150, 6);
    expect(by).toBeCloseTo(30, 6);
    expect(rotateGrayBy(img, 0)).toEqual(img);
  });
});
