// CCITT Group 4 (T.6) TIFF frames, the usual compression of scanned office pages and faxes,
// decoded by pdf.js's CCITTFaxDecode filter: each strip of the frame becomes an image in a
// small in-memory PDF that pdf.js reads. utif2's own decoder reads the codes a bit at a time
// through strings (about 0.3 s for a letter page at 300 dpi, ten times pdf.js's); it stays the
// decoder for every other compression and for anything pdf.js does not return.
import { loadDocument, OPS } from '../pdf/pdfjs.js';

export interface FaxFrame {
  width: number;
  height: number;
  /** TIFF tag 278; a frame's last strip may hold fewer rows. */
  rowsPerStrip: number;
  /** TIFF tag 266: 2 when the bits of each byte are stored lowest first. */
  fillOrder: number;
  /** The encoded strips, in order (tags 273 and 279). */
  strips: Uint8Array[];
}

/** The frame's pixels as one-bit rows padded to whole bytes, a set bit for each pixel of a black
 *  run (the layout utif2 gives: TIFF's photometric tag then says which colour that is), or
 *  undefined when pdf.js returns no image for a strip (the caller falls back to utif2). */
export async function decodeG4(frame: FaxFrame): Promise<Uint8Array | undefined> {
  const { width, height, rowsPerStrip } = frame;
  const perRow = Math.ceil(width / 8);
  const rows = frame.strips.map((_, i) => Math.max(0, Math.min(rowsPerStrip, height - i * rowsPerStrip)));
  if (frame.strips.length === 0 || rows.reduce((a, b) => a + b, 0) !== height || rows.includes(0)) return undefined;
  const strips = frame.fillOrder === 2 ? frame.strips.map(reverseBits) : frame.strips;
  const task = loadDocument({
    data: faxPdf(strips, width, height, rows),
    isEvalSupported: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  try {
    const doc = await task.promise;
    const page = await doc.getPage(1);
    const ops = await page.getOperatorList();
    const ids: string[] = [];
    ops.fnArray.forEach((fn, i) => {
      if (fn === OPS.paintImageXObject) ids.push((ops.argsArray[i] as [string])[0]);
    });
    if (ids.length !== strips.length) return undefined;
    const out = new Uint8Array(perRow * height);
    let at = 0;
    for (const [i, id] of ids.entries()) {
      const img = await new Promise<{ width: number; height: number; data?: Uint8Array | Uint8ClampedArray }>((resolve) => page.objs.get(id, resolve));
      const bytes = perRow * rows[i]!;
      if (img.width !== width || img.height !== rows[i] || !img.data || img.data.length < bytes) return undefined;
      out.set(img.data.subarray(0, bytes), at);
      at += bytes;
    }
    return out;
  } catch {
    return undefined;
  } finally {
    await task.destroy().catch(() => undefined);
  }
}

const REVERSED = Uint8Array.from({ length: 256 }, (_, b) => {
  let r = 0;
  for (let i = 0; i < 8; i++) if (b & (1 << i)) r |= 0x80 >> i;
  return r;
});

function reverseBits(strip: Uint8Array): Uint8Array {
  return strip.map((b) => REVERSED[b]!);
}

/** A one-page PDF painting each strip as a one-bit CCITT G4 image with black runs as 1 bits. */
function faxPdf(strips: Uint8Array[], width: number, height: number, rows: number[]): Uint8Array {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  const offsets: number[] = [];
  let length = 0;
  const push = (part: string | Uint8Array) => {
    const bytes = typeof part === 'string' ? enc.encode(part) : part;
    parts.push(bytes);
    length += bytes.length;
  };
  const object = (n: number, dict: string, stream?: Uint8Array) => {
    offsets[n] = length;
    push(`${n} 0 obj\n${dict}\n`);
    if (stream) {
      push('stream\n');
      push(stream);
      push('\nendstream\n');
    }
    push('endobj\n');
  };
  const first = 5;
  const names = strips.map((_, i) => `/S${i} ${first + i} 0 R`).join(' ');
  let top = height;
  const paint = rows
    .map((r, i) => {
      top -= r;
      return `q ${width} 0 0 ${r} 0 ${top} cm /S${i} Do Q`;
    })
    .join('\n');
  const content = enc.encode(paint);
  push('%PDF-1.4\n');
  object(1, '<< /Type /Catalog /Pages 2 0 R >>');
  object(2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  object(3, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${width} ${height}] /Resources << /XObject << ${names} >> >> /Contents 4 0 R >>`);
  object(4, `<< /Length ${content.length} >>`, content);
  strips.forEach((strip, i) => {
    object(
      first + i,
      `<< /Type /XObject /Subtype /Image /Width ${width} /Height ${rows[i]} /ColorSpace /DeviceGray /BitsPerComponent 1 ` +
        `/Filter /CCITTFaxDecode /DecodeParms << /K -1 /Columns ${width} /Rows ${rows[i]} /BlackIs1 true >> /Length ${strip.length} >>`,
      strip,
    );
  });
  const xref = length;
  const count = first + strips.length;
  push(`xref\n0 ${count}\n0000000000 65535 f \n`);
  for (let n = 1; n < count; n++) push(`${String(offsets[n]).padStart(10, '0')} 00000 n \n`);
  push(`trailer\n<< /Size ${count} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  const out = new Uint8Array(length);
  let p = 0;
  for (const part of parts) {
    out.set(part, p);
    p += part.length;
  }
  return out;
}
