// Already-extracted text (a .txt export of an invoice, as invoice2data accepts) as extraction
// evidence and as a run: pages split at form feeds, each line placed on a character grid so
// positions and the layout text are the file's own, paragraphs as text blocks.
import type { Block, BoundingBox, ParseConfig, ParseRun } from '../../../shared/parse-contract.js';
import { boxPolygon } from '../../../shared/parse-values.js';
import { blockIdFor, fileIdFor } from '../ids.js';
import type { DocumentEvidence } from './evidence.js';
import { maxOf, minOf } from '../extent.js';

/** Points per character column and per text row of the grid. */
const CHAR_W = 6;
const ROW_H = 12;

/** A text file's pages: split at form feeds, line ends normalised. */
export function textPages(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').split('\f');
}

/** A page's size on the grid: its longest row by its number of rows (at least one of each). */
function gridSize(rows: string[]): { width: number; height: number } {
  return { width: Math.max(1, maxOf(rows, (r) => r.length)) * CHAR_W, height: Math.max(1, rows.length) * ROW_H };
}

/** Evidence for a plain-text document. */
export function textEvidence(text: string): DocumentEvidence {
  const pages = textPages(text);
  return {
    pages: pages.map((pageText, i) => {
      const rows = pageText.split('\n');
      return {
        page: i + 1,
        ...gridSize(rows),
        spatial: pageText,
        lines: rows.flatMap((row, r) => {
          const indent = row.length - row.trimStart().length;
          const t = row.trim();
          return t ? [{ page: i + 1, text: t, box: { left: indent * CHAR_W, top: r * ROW_H, right: (indent + t.length) * CHAR_W, bottom: (r + 1) * ROW_H } }] : [];
        }),
      };
    }),
  };
}

/** A page's text blocks: its paragraphs (runs of lines between blank lines), each boxed on the
 *  character grid the evidence uses. */
function textBlocks(pageText: string, page: number, seed: string): Block[] {
  const rows = pageText.split('\n');
  // Text is read as it is stored: never turned.
  const size = { number: page, ...gridSize(rows), rotation: 0 as const };
  const blocks: Block[] = [];
  let first = -1;
  const close = (end: number) => {
    if (first < 0) return;
    const lines = rows.slice(first, end);
    const box: BoundingBox = {
      left: minOf(lines, (l) => (l.trim() ? l.length - l.trimStart().length : Infinity)) * CHAR_W,
      top: first * ROW_H,
      right: maxOf(lines, (l) => l.trimEnd().length) * CHAR_W,
      bottom: end * ROW_H,
    };
    blocks.push({
      object: 'block',
      id: blockIdFor(seed, page, blocks.length),
      type: 'text',
      content: lines.map((l) => l.trim()).join('\n'),
      details: {},
      metadata: { page: size },
      polygon: boxPolygon(box),
      boundingBox: box,
    });
    first = -1;
  };
  rows.forEach((row, r) => {
    if (row.trim() === '') close(r);
    else if (first < 0) first = r;
  });
  close(rows.length);
  return blocks;
}

/** A parser_run for a plain-text document: one page chunk per page holding its text and its
 *  paragraphs as text blocks, echoing `config` (the defaults). */
export function textRun(bytes: Uint8Array, text: string, started: number, config: ParseConfig): ParseRun {
  const pages = textPages(text);
  return {
    object: 'parser_run',
    id: `pr_${fileIdFor(bytes).slice(-24)}`,
    fileId: fileIdFor(bytes),
    status: 'PROCESSED',
    failureReason: null,
    failureMessage: null,
    chunks: pages.map((content, i) => ({
      object: 'chunk',
      type: 'page',
      content,
      metadata: { pageRange: { start: i + 1, end: i + 1 } },
      blocks: textBlocks(content, i + 1, fileIdFor(bytes)),
    })),
    config,
    metrics: { processingTimeMs: Math.round(performance.now() - started), pageCount: pages.length },
  };
}
