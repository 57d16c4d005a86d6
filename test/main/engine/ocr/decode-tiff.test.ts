// One-bit TIFF frames (what scanners and fax software write) decode straight to 0/255 gray,
// whichever of the two photometric conventions the file uses and whatever the row padding.
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../../../src/main/engine/image/decode.js';

/** An uncompressed one-bit TIFF (little-endian, one strip) of `rows`, '#' for black. */
function bilevelTiff(rows: string[], photometric: 0 | 1): Uint8Array {
  const width = rows[0]!.length;
  const height = rows.length;
  const perRow = Math.ceil(width / 8);
  const pixels = new Uint8Array(perRow * height);
  rows.forEach((row, y) => {
    [...row].forEach((c, x) => {
      // WhiteIsZero (0): a set bit is black; BlackIsZero (1): a set bit is white.
      const bit = (c === '#') === (photometric === 0) ? 1 : 0;
      if (bit) pixels[y * perRow + (x >> 3)]! |= 0x80 >> (x & 7);
    });
  });
  const entries: Array<[number, number, number]> = [
    [256, 3, width],
    [257, 3, height],
    [258, 3, 1],
    [259, 3, 1],
    [262, 3, photometric],
    [273, 4, 0], // strip offset, set below
    [277, 3, 1],
    [278, 3, height],
    [279, 4, pixels.length],
  ];
  const ifdSize = 2 + entries.length * 12 + 4;
  const dataAt = 8 + ifdSize;
  const out = new Uint8Array(dataAt + pixels.length);
  const view = new DataView(out.buffer);
  out.set([0x49, 0x49, 0x2a, 0x00]);
  view.setUint32(4, 8, true);
  view.setUint16(8, entries.length, true);
  entries.forEach(([tag, type, value], i) => {
    const at = 10 + i * 12;
    view.setUint16(at, tag, true);
    view.setUint16(at + 2, type, true);
    view.setUint32(at + 4, 1, true);
    const v = tag === 273 ? dataAt : value;
    if (type === 3) view.setUint16(at + 8, v, true);
    else view.setUint32(at + 8, v, true);
  });
  view.setUint32(10 + entries.length * 12, 0, true);
  out.set(pixels, dataAt);
  return out;
}

async function firstFrame(bytes: Uint8Array) {
  const { frames } = decodeImage(bytes, 'tiff');
  return (await frames.next()).value!;
}

// 13 pixels wide: two bytes a row, three bits of padding.
const rows = ['#...........#', '.#.........#.', '..#########..'];
const expected = Uint8Array.from(rows.join('').split('').map((c) => (c === '#' ? 0 : 255)));

describe('one-bit TIFF frames', () => {
  it('reads white-is-zero files (the fax convention)', async () => {
    const frame = await firstFrame(bilevelTiff(rows, 0));
    expect(frame.gray.width).toBe(13);
    expect(frame.gray.height).toBe(3);
    expect(frame.gray.data).toEqual(expected);
  });

  it('reads black-is-zero files', async () => {
    const frame = await firstFrame(bilevelTiff(rows, 1));
    expect(frame.gray.data).toEqual(expected);
  });
});
