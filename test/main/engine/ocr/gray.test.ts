import { describe, expect, it } from 'vitest';
import { cropGray, rgbaToGray, rotateGray, rowsOf, toPgm, type GrayImage } from '../../../../src/main/engine/image/gray.js';

// 3 x 2 image:  1 2 3
//               4 5 6
const img: GrayImage = { width: 3, height: 2, data: Uint8Array.from([1, 2, 3, 4, 5, 6]) };

describe('gray images', () => {
  it('turns clockwise by quarter turns', () => {
    expect(rotateGray(img, 90)).toEqual({ width: 2, height: 3, data: Uint8Array.from([4, 1, 5, 2, 6, 3]) });
    expect(rotateGray(img, 180)).toEqual({ width: 3, height: 2, data: Uint8Array.from([6, 5, 4, 3, 2, 1]) });
    expect(rotateGray(img, 270)).toEqual({ width: 2, height: 3, data: Uint8Array.from([3, 6, 2, 5, 1, 4]) });
    expect(rotateGray(rotateGray(img, 90), 270)).toEqual(img);
  });

  it('composites transparent pixels over white', () => {
    const g = rgbaToGray(Uint8Array.from([0, 0, 0, 255, 0, 0, 0, 0]), 2, 1);
    expect([...g.data]).toEqual([0, 255]);
  });

  it('takes whole rows without copying, within bounds', () => {
    const rows = rowsOf(img, 1, 5);
    expect(rows).toEqual({ width: 3, height: 1, data: Uint8Array.from([4, 5, 6]) });
    expect(rows.data.buffer).toBe(img.data.buffer);
    expect(rowsOf(img, 0, 1).data).toEqual(Uint8Array.from([1, 2, 3]));
  });

  it('crops within bounds and encodes PGM', () => {
    expect(cropGray(img, 1, 0, 5, 5)).toEqual({ width: 2, height: 2, data: Uint8Array.from([2, 3, 5, 6]) });
    const pgm = toPgm(img);
    expect(new TextDecoder().decode(pgm.subarray(0, 11))).toBe('P5\n3 2\n255\n');
    expect([...pgm.subarray(11)]).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
