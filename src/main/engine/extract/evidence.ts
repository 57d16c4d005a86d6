// What field extraction reads from a parsed document: per page, its located lines (for labels,
// values and citations) and its layout-preserving text (for regular expressions and templates).
import type { BoundingBox } from '../../../shared/parse-contract.js';
import { toBoundingBox, type PageModel } from '../page-model.js';
import { renderSpatial } from '../render/spatial.js';
import { minOf } from '../extent.js';

export interface EvidenceLine {
  page: number;
  text: string;
  box: BoundingBox;
  /** Mean OCR confidence of the line (0–1); absent for text-layer lines. */
  ocrConfidence?: number | undefined;
}

/** A form field's value, read from the PDF's AcroForm. */
export interface FormEvidence {
  page: number;
  name: string;
  kind: string;
  value: string | string[] | boolean | null;
  box: BoundingBox;
}

export interface PageEvidence {
  page: number;
  width: number;
  height: number;
  /** Lines in reading order. */
  lines: EvidenceLine[];
  /** The page as layout-preserving text. */
  spatial: string;
  /** AcroForm fields on the page. */
  formFields?: FormEvidence[] | undefined;
}

export interface DocumentEvidence {
  pages: PageEvidence[];
}

/** Removes the indent every line shares (the page margin), so the leftmost text starts at
 *  column 0 as in pdftotext's layout output, which templates' patterns are written against. */
export function dedent(text: string): string {
  const rows = text.split('\n');
  const indents = rows.filter((r) => r.trim()).map((r) => r.length - r.trimStart().length);
  const common = indents.length ? minOf(indents) : 0;
  return common > 0 ? rows.map((r) => r.slice(Math.min(common, r.length - r.trimStart().length))).join('\n') : text;
}

/** The evidence of one laid-out page. */
export function pageEvidence(page: PageModel): PageEvidence {
  const lines = page.blocks.flatMap((b) => b.lines);
  return {
    page: page.number,
    width: page.width,
    height: page.height,
    spatial: dedent(renderSpatial(lines)),
    formFields: page.formFields?.map((f) => ({ page: page.number, name: f.name, kind: f.kind, value: f.value, box: toBoundingBox(f.box) })),
    lines: lines
      .filter((l) => l.text.trim())
      .map((l) => {
        const conf = l.runs.map((r) => r.confidence).filter((c): c is number => c !== undefined);
        return {
          page: page.number,
          text: l.text.trim(),
          box: toBoundingBox(l.box),
          ocrConfidence: conf.length ? conf.reduce((a, c) => a + c, 0) / conf.length : undefined,
        };
      }),
  };
}

/** Every line of the document, page after page. */
export function allLines(doc: DocumentEvidence): EvidenceLine[] {
  return doc.pages.flatMap((p) => p.lines);
}

/** The document's layout-preserving text, pages separated by form feeds (as pdftotext does). */
export function documentSpatial(doc: DocumentEvidence): string {
  return doc.pages.map((p) => p.spatial).join('\n\f');
}
