import { describe, expect, it } from 'vitest';
import { detectFileType, pdfHeaderOffset } from '../../../src/main/engine/detect.js';

const enc = new TextEncoder();

function bytes(...parts: Array<number[] | string | Uint8Array>): Uint8Array {
  const chunks = parts.map((p) => (typeof p === 'string' ? enc.encode(p) : Uint8Array.from(p)));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Binary filler: control characters and zeros, never text, never a signature. */
function junk(n: number): number[] {
  return Array.from({ length: n }, (_, i) => [0x00, 0x01, 0x02, 0x03, 0xfe, 0x7f][i % 6]!);
}

describe('detectFileType', () => {
  it('recognises a PDF header at the start', () => {
    const t = detectFileType(bytes('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n'));
    expect(t.kind).toBe('pdf');
    expect(t.mime).toBe('application/pdf');
  });

  it('recognises a PDF header after junk within the first KiB', () => {
    const b = bytes(junk(1000), '%PDF-1.4\n');
    expect(pdfHeaderOffset(b)).toBe(1000);
    expect(detectFileType(b).kind).toBe('pdf');
  });

  it('does not look for the PDF header far beyond the first KiB', () => {
    const b = bytes(junk(2000), '%PDF-1.4\n');
    expect(pdfHeaderOffset(b)).toBe(-1);
    expect(detectFileType(b).kind).toBe('unknown');
  });

  it('needs the whole "%PDF-" signature', () => {
    expect(detectFileType(bytes('%PDF')).kind).not.toBe('pdf');
    expect(detectFileType(bytes('%PDX-1.4')).kind).not.toBe('pdf');
    expect(pdfHeaderOffset(bytes('%PDF-'))).toBe(0);
  });

  it('recognises PNG', () => {
    const t = detectFileType(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR'));
    expect(t.kind).toBe('png');
    expect(t.mime).toBe('image/png');
  });

  it('recognises JPEG', () => {
    expect(detectFileType(bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF')).kind).toBe('jpeg');
    expect(detectFileType(bytes([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x10], 'Exif')).kind).toBe('jpeg');
  });

  it('recognises TIFF in both byte orders', () => {
    expect(detectFileType(bytes([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0])).kind).toBe('tiff');
    expect(detectFileType(bytes([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8])).kind).toBe('tiff');
    // Mixed byte order is not TIFF.
    expect(detectFileType(bytes([0x49, 0x49, 0x00, 0x2a, 0, 0, 0, 8])).kind).not.toBe('tiff');
  });

  it('recognises WebP but not another RIFF file', () => {
    expect(detectFileType(bytes('RIFF', [0x24, 0x00, 0x00, 0x00], 'WEBPVP8 ')).kind).toBe('webp');
    expect(detectFileType(bytes('RIFF', [0x24, 0x00, 0x00, 0x00], 'WAVEfmt ')).kind).not.toBe('webp');
  });

  it('recognises BMP', () => {
    const header = [0x42, 0x4d, 0x46, 0x00, 0x00, 0x00, 0, 0, 0, 0, 0x36, 0, 0, 0, 0x28, 0, 0, 0];
    expect(detectFileType(bytes(header, junk(40))).kind).toBe('bmp');
  });

  it('does not call a short text starting with "BM" a bitmap', () => {
    expect(detectFileType(bytes('BMW')).kind).toBe('text');
  });

  it('recognises GIF87a and GIF89a', () => {
    expect(detectFileType(bytes('GIF89a', [0x01, 0x00, 0x01, 0x00])).kind).toBe('gif');
    expect(detectFileType(bytes('GIF87a', [0x01, 0x00, 0x01, 0x00])).kind).toBe('gif');
  });

  it('recognises a ZIP container such as a .docx', () => {
    const t = detectFileType(bytes([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00], '[Content_Types].xml'));
    expect(t.kind).toBe('zip');
    expect(t.mime).toBe('application/zip');
  });

  it('recognises a legacy OLE compound file', () => {
    expect(detectFileType(bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], junk(32))).kind).toBe('ole');
  });

  it('recognises plain text, including UTF-8', () => {
    expect(detectFileType(bytes('Invoice 42\r\nTotal:\t$10.00\n')).kind).toBe('text');
    expect(detectFileType(bytes('Grüße aus Köln — 日本語\n')).kind).toBe('text');
  });

  it('calls binary without a known signature unknown', () => {
    const t = detectFileType(bytes(junk(64)));
    expect(t.kind).toBe('unknown');
    expect(t.mime).toBe('application/octet-stream');
    // Text with a NUL byte is not plain text.
    expect(detectFileType(bytes('hello', [0], 'world')).kind).toBe('unknown');
    // UTF-16 text (zeros between characters) is not treated as plain text either.
    expect(detectFileType(bytes([0xff, 0xfe, 0x68, 0x00, 0x69, 0x00])).kind).toBe('unknown');
  });

  it('calls empty input unknown', () => {
    expect(detectFileType(new Uint8Array()).kind).toBe('unknown');
    expect(pdfHeaderOffset(new Uint8Array())).toBe(-1);
  });

  it('decides from content alone: the API takes no file name', () => {
    expect(detectFileType.length).toBe(1);
    // The same bytes always give the same answer.
    const png = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(detectFileType(png)).toEqual(detectFileType(png.slice()));
  });

  it('gives every kind a label and a MIME type', () => {
    for (const b of [bytes('%PDF-1.4'), bytes('plain'), bytes(junk(10))]) {
      const t = detectFileType(b);
      expect(t.label.length).toBeGreaterThan(0);
      expect(t.mime).toMatch(/^[a-z]+\/[a-z0-9.+-]+$/);
    }
  });
});
