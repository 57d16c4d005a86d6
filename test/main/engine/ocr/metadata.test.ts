import { describe, expect, it } from 'vitest';
import { imageDpi } from '../../../../src/main/engine/image/metadata.js';

describe('image resolution metadata', () => {
  it('reads PNG pHYs (pixels per metre) as dots per inch', () => {
    const b = new Uint8Array(8 + 25 + 21);
    b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const v = new DataView(b.buffer);
    v.setUint32(8, 13);
    b.set([0x49, 0x48, 0x44, 0x52], 12);
    v.setUint32(33, 9);
    b.set([0x70, 0x48, 0x59, 0x73], 37);
    v.setUint32(41, 11811); // 300 dpi
    v.setUint32(45, 11811);
    b[49] = 1; // unit: metre
    expect(imageDpi(b, 'png')).toBeCloseTo(300, 0);
  });

  it('reads the JFIF density of a JPEG', () => {
    const b = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x01, 0x00, 0xc8, 0x00, 0xc8, 0x00, 0x00, 0xff, 0xda]);
    expect(imageDpi(b, 'jpeg')).toBe(200);
  });

  it('states nothing when the file says nothing', () => {
    expect(imageDpi(Uint8Array.from([0xff, 0xd8, 0xff, 0xda]), 'jpeg')).toBeUndefined();
    expect(imageDpi(new Uint8Array(4), 'webp')).toBeUndefined();
  });
});
