import { describe, expect, it } from 'vitest';
import { linearizedPageCount } from '../../../../src/main/engine/pdf/repair.js';

/** A file of `size` bytes that starts with a linearization dictionary. */
function fileWith(dict: string, size: number): Uint8Array {
  const head = `%PDF-1.5\n1 0 obj\n${dict}\nendobj\n`;
  return new Uint8Array(Buffer.from(head.padEnd(size, ' '), 'latin1'));
}

describe('linearizedPageCount', () => {
  it("reads /N when /L is the file's length", () => {
    expect(linearizedPageCount(fileWith('<</Linearized 1/L 400/O 7/E 300/N 12/T 350/H [ 10 20]>>', 400))).toBe(12);
    expect(linearizedPageCount(fileWith('<< /Linearized 1.0 /N 3 /L 256 >>', 256))).toBe(3);
  });

  it('trusts nothing when the length differs, /N is missing or odd, or the file is not linearized', () => {
    expect(linearizedPageCount(fileWith('<</Linearized 1/L 401/N 12>>', 400))).toBeUndefined();
    expect(linearizedPageCount(fileWith('<</Linearized 1/L 400>>', 400))).toBeUndefined();
    expect(linearizedPageCount(fileWith('<</Linearized 1/L 400/N 0>>', 400))).toBeUndefined();
    expect(linearizedPageCount(fileWith('<</Type/Catalog/Pages 2 0 R>>', 400))).toBeUndefined();
    expect(linearizedPageCount(new Uint8Array(0))).toBeUndefined();
  });
});
