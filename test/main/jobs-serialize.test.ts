// jsonBytes gives exactly what JSON.stringify gives, compact and indented.
import { describe, expect, it } from 'vitest';
import { jsonBytes } from '../../src/main/jobs/serialize.js';

const decode = (b: Uint8Array) => new TextDecoder().decode(b);

describe('jsonBytes', () => {
  const value = {
    object: 'parser_run',
    empty: {},
    list: [],
    skipped: undefined,
    chunks: [
      { content: 'héllo\nwörld ✓ 漢字', blocks: [{ id: 'a', polygon: [{ x: 1, y: 2 }], details: { nested: { deep: [1, [2, { three: 3 }]] } } }] },
      { content: '', blocks: [] },
    ],
    metrics: { n: 1.5, flag: true, none: null },
  };

  it('matches JSON.stringify compact', () => {
    expect(decode(jsonBytes(value, false))).toBe(JSON.stringify(value));
  });

  it('matches JSON.stringify with a 2-space indent', () => {
    expect(decode(jsonBytes(value, true))).toBe(JSON.stringify(value, null, 2));
  });

  it('serialises top-level primitives and arrays with undefined', () => {
    expect(decode(jsonBytes('x', true))).toBe('"x"');
    expect(decode(jsonBytes([1, undefined, 'a'], false))).toBe(JSON.stringify([1, undefined, 'a']));
  });
});
