// stringsToBytes joins pieces into exact UTF-8 bytes in a buffer of their own.
import { describe, expect, it } from 'vitest';
import { stringsToBytes } from '../../src/main/jobs/serialize.js';

describe('stringsToBytes', () => {
  it('joins pieces as UTF-8, multi-byte characters included', () => {
    const pieces = ['{"a":', '"héllo ✓ 漢字 حَبيبي"', '}', ''];
    const bytes = stringsToBytes(pieces);
    expect(new TextDecoder().decode(bytes)).toBe(pieces.join(''));
    expect(bytes.byteLength).toBe(Buffer.byteLength(pieces.join(''), 'utf8'));
  });

  it('owns its whole buffer, so it can be transferred', () => {
    const bytes = stringsToBytes(['x'.repeat(10)]);
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(10);
  });

  it('handles no pieces at all', () => {
    expect(stringsToBytes([]).byteLength).toBe(0);
  });
});
