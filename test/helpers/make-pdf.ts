// Builds small, valid PDFs in tests: pages of positioned text in the standard fonts, with
// optional /Rotate, a forged page count, or a content stream of our choosing.
import { deflateSync } from 'node:zlib';

export interface TextItemSpec {
  text: string;
  x: number;
  /** Baseline, in PDF user space (origin bottom-left). */
  y: number;
  size?: number;
  bold?: boolean;
  /** Text render mode 3 (invisible). */
  invisible?: boolean;
}

export interface PageSpec {
  width?: number;
  height?: number;
  rotate?: number;
  items?: TextItemSpec[];
  /** Raw content stream (replaces items). */
  content?: Uint8Array;
  /** Drawing operators painted after the text items (paths, inline images, `/Name Do` for the
   *  document's images, `/Name sh` for its shadings). */
  graphics?: string;
  /** Compress the content stream with FlateDecode. */
  deflate?: boolean;
}

export interface PdfSpec {
  pages: PageSpec[];
  /** Overrides the page tree's /Count (fuzzed files declare absurd counts). */
  declaredCount?: number;
  /** Image XObjects (8-bit RGB, Flate-compressed), each one object in every page's resources. */
  images?: Record<string, ImageSpec>;
  /** Shading dictionaries (PDF source text), each in every page's resources (`/Name sh`). */
  shadings?: Record<string, string>;
}

export interface ImageSpec {
  width: number;
  height: number;
  /** width × height × 3 bytes. */
  rgb: Uint8Array;
}

function escapePdfString(s: string): string {
  return s.replace(/[\\()]/g, (c) => `\\${c}`);
}

function contentFor(page: PageSpec): Uint8Array {
  if (page.content) return page.content;
  const ops = (page.items ?? []).map((it) => {
    const font = it.bold ? 'F2' : 'F1';
    const mode = it.invisible ? '3 Tr ' : '';
    return `BT ${mode}/${font} ${it.size ?? 12} Tf ${it.x} ${it.y} Td (${escapePdfString(it.text)}) Tj ET`;
  });
  if (page.graphics) ops.push(page.graphics);
  return Buffer.from(ops.join('\n'), 'latin1');
}

/** Returns the bytes of a PDF built from the spec. */
export function makePdf(spec: PdfSpec): Uint8Array {
  const objects: Array<Uint8Array | string> = [];
  const add = (body: Uint8Array | string): number => {
    objects.push(body);
    return objects.length;
  };
  const catalog = add('');
  const pagesId = add('');
  const f1 = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const f2 = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
  const xobjects = Object.entries(spec.images ?? {}).map(([name, img]) => {
    const data = deflateSync(img.rgb);
    const id = add(
      Buffer.concat([
        Buffer.from(`<< /Type /XObject /Subtype /Image /Width ${img.width} /Height ${img.height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode /Length ${data.length} >>\nstream\n`, 'latin1'),
        data,
        Buffer.from('\nendstream', 'latin1'),
      ]),
    );
    return `/${name} ${id} 0 R`;
  });
  const shadings = Object.entries(spec.shadings ?? {}).map(([name, dict]) => `/${name} ${add(dict)} 0 R`);
  const xobjectResources =
    (xobjects.length > 0 ? ` /XObject << ${xobjects.join(' ')} >>` : '') + (shadings.length > 0 ? ` /Shading << ${shadings.join(' ')} >>` : '');
  const kids: number[] = [];
  for (const page of spec.pages) {
    let data = contentFor(page);
    let filter = '';
    if (page.deflate) {
      data = deflateSync(data);
      filter = ' /Filter /FlateDecode';
    }
    const stream = Buffer.concat([
      Buffer.from(`<< /Length ${data.length}${filter} >>\nstream\n`, 'latin1'),
      Buffer.from(data),
      Buffer.from('\nendstream', 'latin1'),
    ]);
    const contentId = add(stream);
    const rotate = page.rotate ? ` /Rotate ${page.rotate}` : '';
    kids.push(
      add(
        `<< /Type /Page /Parent ${pagesId} 0 R /MediaBox [0 0 ${page.width ?? 612} ${page.height ?? 792}]${rotate} /Resources << /Font << /F1 ${f1} 0 R /F2 ${f2} 0 R >>${xobjectResources} >> /Contents ${contentId} 0 R >>`,
      ),
    );
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesId} 0 R >>`;
  objects[pagesId - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${spec.declaredCount ?? kids.length} >>`;

  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xE2\xE3\xCF\xD3\n', 'latin1')];
  let offset = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const chunk = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`, 'latin1'),
      typeof body === 'string' ? Buffer.from(body, 'latin1') : Buffer.from(body),
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    parts.push(chunk);
    offset += chunk.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n`, '0000000000 65535 f \n', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return new Uint8Array(Buffer.concat(parts));
}

/** The PDF with its page tree object (object 2 in makePdf's files) destroyed, so that no reader
 *  can find it. */
export function withoutPageTree(pdf: Uint8Array): Uint8Array {
  return new Uint8Array(Buffer.from(Buffer.from(pdf).toString('latin1').replace('\n2 0 obj', '\n2 0 xxx'), 'latin1'));
}

/** The PDF with a linearization dictionary first, declaring `pages` pages and a file length of
 *  the result's own length plus `lengthError`. */
export function withLinearization(pdf: Uint8Array, pages: number, lengthError = 0): Uint8Array {
  const text = Buffer.from(pdf).toString('latin1');
  const header = text.slice(0, text.indexOf('\n') + 1);
  const dict = (length: number) => `99 0 obj\n<< /Linearized 1 /L ${String(length).padStart(10, '0')} /N ${pages} >>\nendobj\n`;
  const length = text.length + dict(0).length;
  return new Uint8Array(Buffer.from(header + dict(length + lengthError) + text.slice(header.length), 'latin1'));
}
