// minOf / maxOf: Math.min / Math.max over lists of any length.
import { describe, expect, it } from 'vitest';
import { maxOf, minOf } from '../../../src/main/engine/extent.js';

describe('minOf / maxOf', () => {
  it('agree with Math.min / Math.max, empty lists and NaN included', () => {
    for (const values of [[3, -1, 7], [], [5], [2, NaN, 1], [-Infinity, 4]]) {
      expect(minOf(values)).toBe(Math.min(...values));
      expect(maxOf(values)).toBe(Math.max(...values));
    }
  });

  it('read a field of each item', () => {
    const boxes = [{ x: 4 }, { x: -2 }, { x: 9 }];
    expect(minOf(boxes, (b) => b.x)).toBe(-2);
    expect(maxOf(boxes, (b) => b.x)).toBe(9);
  });

  it('take lists longer than a call has room for arguments', () => {
    const values = Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 300_001);
    expect(() => Math.max(...values)).toThrow(RangeError);
    expect(maxOf(values)).toBe(300_000);
    expect(minOf(values)).toBe(0);
  });
});
