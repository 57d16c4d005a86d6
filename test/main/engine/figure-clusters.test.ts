// Grouping of touching boxes (figures' drawings, tiles of one picture): the grid used for larger
// sets groups exactly as comparing every pair does, and groups come out in their first box's order.
import { describe, expect, it } from 'vitest';
import { clusterBoxes } from '../../../src/main/engine/figures/detect.js';
import type { Rect } from '../../../src/main/engine/page-model.js';

function bruteForce(boxes: Rect[], gap: number): number[][] {
  const near = (a: Rect, b: Rect): boolean =>
    a.left - gap <= b.right && b.left - gap <= a.right && a.top - gap <= b.bottom && b.top - gap <= a.bottom;
  const label = boxes.map((_, i) => i);
  let changed = true;
  while (changed) {
    changed = false;
    for (let i = 0; i < boxes.length; i++) {
      for (let j = 0; j < boxes.length; j++) {
        if (label[i] !== label[j] && near(boxes[i]!, boxes[j]!)) {
          const lo = Math.min(label[i]!, label[j]!);
          const hi = Math.max(label[i]!, label[j]!);
          for (let k = 0; k < label.length; k++) if (label[k] === hi) label[k] = lo;
          changed = true;
        }
      }
    }
  }
  const groups = new Map<number, number[]>();
  label.forEach((l, i) => groups.set(l, [...(groups.get(l) ?? []), i]));
  return [...groups.values()];
}

/** A deterministic pseudo-random stream. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

describe('clusterBoxes', () => {
  it('joins boxes within the gap, including through a chain, and keeps the first box\'s order', () => {
    const boxes: Rect[] = [
      { left: 100, top: 100, right: 110, bottom: 110 },
      { left: 0, top: 0, right: 10, bottom: 10 },
      { left: 14, top: 0, right: 20, bottom: 10 },
      { left: 24, top: 0, right: 30, bottom: 10 },
      { left: 200, top: 0, right: 210, bottom: 10 },
    ];
    const groups = clusterBoxes(boxes.map((box, i) => ({ box, i })), 5).map((g) => g.map((x) => x.i));
    expect(groups).toEqual([[0], [1, 2, 3], [4]]);
  });

  it('groups large sets, sparse or dense, spread past the page\'s edges, as comparing every pair does', () => {
    for (const [seed, spread, gap] of [[1, 700, 6], [2, 700, 6], [3, 700, 6], [4, 160, 1], [5, 160, 0.5], [6, 90, 0]] as const) {
      const next = random(seed);
      const boxes: Rect[] = Array.from({ length: 300 }, () => {
        const left = next() * spread - 50;
        const top = next() * spread * 1.3 - 50;
        const big = next() < 0.05;
        const size = spread > 100 ? 1 : 0.2;
        return { left, top, right: left + (big ? 200 : next() * 20 * size), bottom: top + (big ? 60 : next() * 12 * size) };
      });
      const ours = clusterBoxes(boxes.map((box, i) => ({ box, i })), gap).map((g) => g.map((x) => x.i));
      expect(ours).toEqual(bruteForce(boxes, gap));
      expect(ours.length).toBeGreaterThan(5);
      expect(ours.length).toBeLessThan(300);
    }
  });
});
