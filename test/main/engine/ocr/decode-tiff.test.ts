// One-bit TIFF frames (what scanners and fax software write) decode straight to 0/255 gray,
// whichever of the two photometric conventions the file uses and whatever the row padding.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../../../src/main/engine/image/decode.js';
import { decodeG4 } from '../../../../src/main/engine/image/fax.js';

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

// CCITT G4 files written by libtiff's tiffcp from an uncompressed 203 × 61 image of this
// pattern (odd width, so rows end mid-byte): in strips of 16 rows, with the bits of each byte
// stored lowest first, in one strip with black-is-zero, and as two pages.
const G4_WIDTH = 203;
const G4_HEIGHT = 61;
const g4Black = (x: number, y: number) => (x * 7 + y * 13) % 29 < 9 || y % 20 === 3 || (x > 150 && x < 160);
const g4Expected = Uint8Array.from({ length: G4_WIDTH * G4_HEIGHT }, (_, i) =>
  g4Black(i % G4_WIDTH, Math.floor(i / G4_WIDTH)) ? 0 : 255,
);
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));

describe('CCITT G4 TIFF frames', () => {
  for (const name of ['g4-strips.tif', 'g4-lsb.tif', 'g4-minisblack.tif']) {
    it(`decodes ${name} to the image it was written from`, async () => {
      const frame = await firstFrame(fixture(name));
      expect([frame.gray.width, frame.gray.height]).toEqual([G4_WIDTH, G4_HEIGHT]);
      expect(frame.gray.data).toEqual(g4Expected);
    });
  }

  it('decodes every page of a multi-page file', async () => {
    const { count, frames } = decodeImage(fixture('g4-pages.tif'), 'tiff');
    expect(count).toBe(2);
    for await (const frame of frames) expect(frame.gray.data).toEqual(g4Expected);
  });

  it('reads the strips through pdf.js: a set bit for each pixel of a black run', async () => {
    const bytes = fixture('g4-lsb.tif');
    const UTIF = createRequire(import.meta.url)('utif2') as typeof import('utif2');
    const ifd = UTIF.decode(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))[0]! as unknown as Record<string, number[]>;
    const strips = ifd['t273']!.map((offset, i) => bytes.subarray(offset, offset + ifd['t279']![i]!));
    expect(strips.length).toBe(4);
    const packed = await decodeG4({ width: G4_WIDTH, height: G4_HEIGHT, rowsPerStrip: 16, fillOrder: 2, strips });
    expect(packed).toBeDefined();
    const perRow = Math.ceil(G4_WIDTH / 8);
    const gray = Uint8Array.from({ length: G4_WIDTH * G4_HEIGHT }, (_, i) => {
      const x = i % G4_WIDTH;
      const y = Math.floor(i / G4_WIDTH);
      return (packed![y * perRow + (x >> 3)]! >> (7 - (x & 7))) & 1 ? 0 : 255;
    });
    expect(gray).toEqual(g4Expected);
  });

  it('leaves a frame whose strips do not add up to its height to utif2', async () => {
    const strip = new Uint8Array([0x00, 0x10, 0x01]);
    expect(await decodeG4({ width: 8, height: 40, rowsPerStrip: 16, fillOrder: 1, strips: [strip] })).toBeUndefined();
  });
});
