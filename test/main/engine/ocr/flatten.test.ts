import { describe, expect, it } from 'vitest';
import { flattenLighting, lightingStats, looksCaptured, prepareForOcr } from '../../../../src/main/engine/image/flatten.js';
import type { GrayImage } from '../../../../src/main/engine/image/gray.js';

const W = 600;
const H = 400;

/** Deterministic grain in −amp…+amp. */
function grain(i: number, amp: number): number {
  const x = Math.sin(i * 12.9898) * 43758.5453;
  return Math.round((x - Math.floor(x) - 0.5) * 2 * amp);
}

/** Thin strokes (3 px wide, 20 px tall, every 12 px) on rows of "text" every 40 px. */
function isStroke(x: number, y: number): boolean {
  return y % 40 >= 10 && y % 40 < 30 && x % 12 < 3 && x > 20 && x < W - 20;
}

/** A photographed receipt: paper lit from the left (250 fading to 140 on the right), grain,
 *  and faint print (60% of the paper's brightness). */
function photo(): GrayImage {
  const data = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const paper = 250 - (110 * x) / W;
      const v = (isStroke(x, y) ? paper * 0.6 : paper) + grain(y * W + x, 4);
      data[y * W + x] = Math.max(0, Math.min(255, Math.round(v)));
    }
  }
  return { width: W, height: H, data };
}

/** A rendered page: pure white paper, black strokes with gray anti-aliased edges. */
function rendered(): GrayImage {
  const data = new Uint8Array(W * H).fill(255);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if (isStroke(x, y)) data[y * W + x] = 0;
      else if (isStroke(x - 1, y) || isStroke(x + 1, y)) data[y * W + x] = 128;
    }
  }
  return { width: W, height: H, data };
}

/** Pixels on the wrong side of a global threshold of 170 (ink above it or paper below it). */
function misclassified(img: GrayImage): number {
  let wrong = 0;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const ink = img.data[y * W + x]! < 170;
      if (ink !== isStroke(x, y)) wrong++;
    }
  }
  return wrong;
}

describe('flattening the lighting of photographed pages', () => {
  it('tells a photographed page from a rendered or bilevel one', () => {
    expect(looksCaptured(lightingStats(photo()))).toBe(true);
    expect(looksCaptured(lightingStats(rendered()))).toBe(false);
    const bilevel = rendered();
    bilevel.data = bilevel.data.map((v) => (v < 200 ? 0 : 255));
    expect(looksCaptured(lightingStats(bilevel))).toBe(false);
  });

  it('leaves pages that do not look photographed untouched', () => {
    const page = rendered();
    const prepared = prepareForOcr(page);
    expect(prepared.flattened).toBe(false);
    expect(prepared.image).toBe(page);
  });

  it('makes shadowed paper white and keeps faint print dark, so one threshold splits them', () => {
    const img = photo();
    // Before: the shadowed half of the paper falls below the threshold.
    expect(misclassified(img)).toBeGreaterThan(0.2 * W * H);
    const prepared = prepareForOcr(img);
    expect(prepared.flattened).toBe(true);
    expect(prepared.image.width).toBe(W);
    expect(prepared.image.height).toBe(H);
    expect(misclassified(prepared.image)).toBeLessThan(0.01 * W * H);
    // Paper on the bright and the shadowed side ends near white alike.
    const at = (x: number, y: number) => flattenLighting(img).data[y * W + x]!;
    expect(at(10, 5)).toBeGreaterThan(225);
    expect(at(W - 10, 5)).toBeGreaterThan(225);
  });
});
