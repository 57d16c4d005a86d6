// Telling a PDF cut short (an interrupted download or copy) from a whole one, and the copy
// without a cut cross-reference table that pdf.js can rebuild.
import { describe, expect, it } from 'vitest';
import { cutShort, withoutCutXref } from '../../../../src/main/engine/pdf/repair.js';

const enc = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const BODY = '%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n';
const TABLE = 'xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \n';
const WHOLE = `${BODY}${TABLE}trailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n58\n%%EOF\n`;

describe('cutShort', () => {
  it('is false for a whole file, with or without bytes after its end marker', () => {
    expect(cutShort(enc(WHOLE))).toBe(false);
    expect(cutShort(enc(`${WHOLE}\0\0\0 some padding`))).toBe(false);
  });

  it('is true without an end marker, or when an update after it lost its end', () => {
    expect(cutShort(enc(WHOLE.slice(0, -8)))).toBe(true);
    expect(cutShort(enc(BODY))).toBe(true);
    expect(cutShort(enc(`${WHOLE}3 0 obj\n<< /Type /Page >>\nendobj\n`))).toBe(true);
  });
});

describe('withoutCutXref', () => {
  it('drops a last table cut before its startxref', () => {
    const cut = `${BODY}${TABLE.slice(0, 20)}`;
    expect(Buffer.from(withoutCutXref(enc(cut))!).toString('latin1')).toBe(BODY);
    const noTrailer = `${BODY}${TABLE}trailer\n<< /Size 2`;
    expect(Buffer.from(withoutCutXref(enc(noTrailer))!).toString('latin1')).toBe(BODY);
  });

  it('leaves a file whose last table is whole, or that has none, alone', () => {
    expect(withoutCutXref(enc(WHOLE))).toBeNull();
    expect(withoutCutXref(enc(BODY))).toBeNull();
    // "startxref" alone is not a table.
    expect(withoutCutXref(enc(`${BODY}startxref\n58\n`))).toBeNull();
  });
});
