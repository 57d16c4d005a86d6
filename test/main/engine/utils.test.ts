import { describe, expect, it } from 'vitest';
import { EngineError, toEngineError } from '../../../src/main/engine/errors.js';
import { blockIdFor, canonicalJson, fileIdFor, sha256Hex } from '../../../src/main/engine/ids.js';
import { toFrame } from '../../../src/main/engine/layout/frame.js';
import { median, weightedMedian, weightedMode } from '../../../src/main/engine/layout/stats.js';
import { round2, toBoundingBox, unionRects } from '../../../src/main/engine/page-model.js';
import { cleanText, isMostlyRtl, isPrivateUse } from '../../../src/main/engine/text/clean.js';
import type { Orientation } from '../../../src/main/engine/page-model.js';

describe('ids', () => {
  it('hashes with SHA-256', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('derives stable, content-based file ids', () => {
    const a = fileIdFor(new TextEncoder().encode('%PDF-1.4 a'));
    expect(a).toMatch(/^file_[0-9a-f]{24}$/);
    expect(fileIdFor(new TextEncoder().encode('%PDF-1.4 a'))).toBe(a);
    expect(fileIdFor(new TextEncoder().encode('%PDF-1.4 b'))).not.toBe(a);
  });

  it('derives deterministic block ids that differ by seed, page, index and suffix', () => {
    const id = blockIdFor('seed', 1, 0);
    expect(id).toMatch(/^blk_[0-9a-f]{20}$/);
    expect(blockIdFor('seed', 1, 0)).toBe(id);
    const others = [blockIdFor('seed2', 1, 0), blockIdFor('seed', 2, 0), blockIdFor('seed', 1, 1), blockIdFor('seed', 1, 0, 'cell')];
    expect(new Set([id, ...others]).size).toBe(5);
    // Page 1 index 10 and page 11 index 0 must not collide.
    expect(blockIdFor('s', 1, 10)).not.toBe(blockIdFor('s', 11, 0));
  });

  it('writes canonical JSON with sorted keys and without undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson('s')).toBe('"s"');
  });
});

describe('errors', () => {
  it('keeps an EngineError as it is', () => {
    const e = new EngineError('CORRUPT_FILE', 'bad');
    expect(toEngineError(e)).toBe(e);
    expect(e.name).toBe('EngineError');
  });

  it('maps anything else to INTERNAL_ERROR with its message and cause', () => {
    const cause = new TypeError('x is undefined');
    const e = toEngineError(cause);
    expect(e.reason).toBe('INTERNAL_ERROR');
    expect(e.message).toContain('x is undefined');
    expect(e.cause).toBe(cause);
    expect(toEngineError('plain string').message).toContain('plain string');
  });
});

describe('stats', () => {
  it('takes the median of odd, even and empty lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });

  it('does not reorder its input', () => {
    const v = [3, 1, 2];
    median(v);
    expect(v).toEqual([3, 1, 2]);
  });

  it('takes a weighted median equal to the median of the values repeated by weight', () => {
    const size = (e: [number, number]): number => e[0];
    const weight = (e: [number, number]): number => e[1];
    const cases: Array<Array<[number, number]>> = [
      [[10, 3], [12, 1]],
      [[10, 2], [12, 2]],
      [[12, 1], [9, 0], [10, 1], [11, 2]],
      [[8.5, 5], [8.5, 7]],
      [[14, 0]],
      [],
    ];
    for (const c of cases) {
      const repeated = c.flatMap(([v, w]) => Array<number>(w).fill(v));
      expect(weightedMedian(c, size, weight)).toBe(median(repeated));
    }
    expect(weightedMedian([[10, 2], [12, 2]] as Array<[number, number]>, size, weight)).toBe(11);
  });

  it('finds the value with the most weight after half-point rounding', () => {
    expect(weightedMode([[10, 100], [12, 30], [10.1, 5]])).toBe(10);
    expect(weightedMode([[9.8, 40], [10.2, 40], [12, 70]])).toBe(10);
    expect(weightedMode(new Map([[8, 1], [11, 9]]))).toBe(11);
    expect(weightedMode([])).toBe(0);
  });
});

describe('page-model helpers', () => {
  it('rounds to two decimals', () => {
    expect(round2(1.23456)).toBe(1.23);
    expect(toBoundingBox({ left: 1.005, top: 2.111, right: 3.999, bottom: 4 })).toEqual({ left: 1, top: 2.11, right: 4, bottom: 4 });
  });

  it('unites rectangles and gives a zero box for none', () => {
    expect(unionRects([{ left: 10, top: 5, right: 20, bottom: 8 }, { left: 0, top: 7, right: 15, bottom: 30 }])).toEqual({ left: 0, top: 5, right: 20, bottom: 30 });
    expect(unionRects([])).toEqual({ left: 0, top: 0, right: 0, bottom: 0 });
  });
});

describe('toFrame', () => {
  const W = 600;
  const H = 800;

  it('leaves upright coordinates alone', () => {
    expect(toFrame(0, 10, 20, W, H)).toEqual([10, 20]);
  });

  it('turns a half turn around the page', () => {
    expect(toFrame(180, 10, 20, W, H)).toEqual([W - 10, H - 20]);
  });

  it('preserves distances in every orientation', () => {
    for (const o of [0, 90, 180, 270] as Orientation[]) {
      const [ax, ay] = toFrame(o, 100, 200, W, H);
      const [bx, by] = toFrame(o, 130, 240, W, H);
      expect(Math.hypot(bx - ax, by - ay)).toBeCloseTo(50, 9);
    }
  });

  it('maps quarter turns into opposite reading directions', () => {
    // Moving down the page advances along a line in one quarter turn and goes back in the other.
    const [x90a] = toFrame(90, 100, 100, W, H);
    const [x90b] = toFrame(90, 100, 200, W, H);
    const [x270a] = toFrame(270, 100, 100, W, H);
    const [x270b] = toFrame(270, 100, 200, W, H);
    expect(Math.sign(x90b - x90a)).toBe(-Math.sign(x270b - x270a));
  });
});

describe('cleanText', () => {
  it('expands ligatures', () => {
    expect(cleanText('e\uFB03cient \uFB01le \uFB02ow')).toBe('efficient file flow');
  });

  it('drops soft hyphens, zero-width characters, controls and private-use characters', () => {
    expect(cleanText('hy\u00ADphen\u200Bated\uFEFF\u0007 \uE001x\uFFFD')).toBe('hyphenated x');
  });

  it('turns tabs and unusual spaces into plain spaces', () => {
    expect(cleanText('a\tb\u00A0c\u2009d\u3000e')).toBe('a b c d e');
  });

  it('leaves ordinary text alone', () => {
    expect(cleanText('Grüße, 日本語, שלום — ok')).toBe('Grüße, 日本語, שלום — ok');
  });

  it('tells private-use text and right-to-left text', () => {
    expect(isPrivateUse('\uE000\uF8FF')).toBe(true);
    expect(isPrivateUse('a\uE000')).toBe(false);
    expect(isMostlyRtl('שלום עולם')).toBe(true);
    expect(isMostlyRtl('مرحبا بالعالم Python')).toBe(true);
    expect(isMostlyRtl('Hello שלום world')).toBe(false);
    expect(isMostlyRtl('12345')).toBe(false);
  });
});
