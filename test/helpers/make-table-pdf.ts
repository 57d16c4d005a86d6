// Builds small PDFs with tables for the table detector tests: text at cell positions, with
// ruling lines drawn as stroked paths or as thin filled rectangles, or no rules at all.
import { makePdf } from './make-pdf.js';

export interface GridSpec {
  /** Cell texts, row by row; null leaves a slot to the cell spanning into it from the left
   *  (no rule is drawn on its left). */
  rows: Array<Array<string | null>>;
  /** Column widths and row height in points. */
  colWidths: number[];
  rowHeight?: number;
  /** Top-left corner of the table in PDF user space (origin bottom-left). */
  x?: number;
  y?: number;
  /** 'stroke' draws rules with `l S`, 'fill' as thin `re f` bars, 'none' draws nothing. */
  rules?: 'stroke' | 'fill' | 'none';
  /** Page /Rotate. */
  rotate?: number;
  fontSize?: number;
}

function esc(s: string): string {
  return s.replace(/[\\()]/g, (c) => `\\${c}`);
}

/** Content stream of a grid table: text in each cell, rules around non-null slots. */
export function gridContent(spec: GridSpec): string {
  const x0 = spec.x ?? 72;
  const y0 = spec.y ?? 700;
  const h = spec.rowHeight ?? 20;
  const size = spec.fontSize ?? 10;
  const xs = [x0];
  for (const w of spec.colWidths) xs.push(xs.at(-1)! + w);
  const ops: string[] = [];
  const line = (ax: number, ay: number, bx: number, by: number) => {
    if (spec.rules === 'fill') {
      if (ay === by) ops.push(`${ax} ${ay - 0.25} ${bx - ax} 0.5 re f`);
      else ops.push(`${ax - 0.25} ${Math.min(ay, by)} 0.5 ${Math.abs(by - ay)} re f`);
    } else ops.push(`${ax} ${ay} m ${bx} ${by} l S`);
  };
  const nr = spec.rows.length;
  spec.rows.forEach((row, r) => {
    const top = y0 - r * h;
    row.forEach((text, c) => {
      if (text) ops.push(`BT /F1 ${size} Tf ${xs[c]! + 3} ${top - h + 6} Td (${esc(text)}) Tj ET`);
      if (spec.rules !== 'none' && text !== null && c > 0) line(xs[c]!, top, xs[c]!, top - h);
    });
  });
  if (spec.rules !== 'none') {
    for (let r = 0; r <= nr; r++) line(xs[0]!, y0 - r * h, xs.at(-1)!, y0 - r * h);
    line(xs[0]!, y0, xs[0]!, y0 - nr * h);
    line(xs.at(-1)!, y0, xs.at(-1)!, y0 - nr * h);
  }
  return ops.join('\n');
}

/** A one-page PDF holding a grid table, and optional extra content (prose, another table). */
export function makeTablePdf(spec: GridSpec, extra = ''): Uint8Array {
  const content = Buffer.from(`${gridContent(spec)}\n${extra}`, 'latin1');
  return makePdf({ pages: [{ content, ...(spec.rotate ? { rotate: spec.rotate } : {}) }] });
}

/** Text lines as content-stream operators, at (x, y) in PDF user space. */
export function textOps(items: Array<{ text: string; x: number; y: number; size?: number }>): string {
  return items.map((it) => `BT /F1 ${it.size ?? 10} Tf ${it.x} ${it.y} Td (${esc(it.text)}) Tj ET`).join('\n');
}
