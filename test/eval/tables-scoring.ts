// Table metrics of the corpus README ("Scoring by GT kind", tables): cell_norm, grids with
// spans, the ICDAR-2013 adjacency-relation P/R/F1, cell accuracy, shape, fuzzy cell F1 and a
// row-merge-tolerant column score; and readers for the GT (str.xml) and our HTML tables.
// Pure functions, no I/O.
import { editSimilarity, flat } from './metrics.js';

/** One cell of a table with its slot and spans (0-based). */
export interface GridCell {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  text: string;
}

/** A table as a list of cells (spanning cells once, at their top-left slot). */
export interface ScoredTable {
  page: number;
  cells: GridCell[];
}

/** README cell_norm: CR and LF to spaces, then flat(). */
export function cellNorm(s: string): string {
  return flat(s.replace(/\r/g, ' ').replace(/\n/g, ' '));
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** Tables of an ICDAR-2013 structure file (`*.gt-str.xml`), one per region, with pages. */
export function parseIcdarStructure(xml: string): Array<ScoredTable & { tableId: string }> {
  const out: Array<ScoredTable & { tableId: string }> = [];
  for (const t of xml.matchAll(/<table\b[^>]*\bid=["']([^"']*)["'][^>]*>([\s\S]*?)<\/table>/g)) {
    for (const r of t[2]!.matchAll(/<region\b([^>]*)>([\s\S]*?)<\/region>/g)) {
      const page = Number(/\bpage=["'](\d+)["']/.exec(r[1]!)?.[1] ?? 1);
      const cells: GridCell[] = [];
      for (const c of r[2]!.matchAll(/<cell\b([^>]*)>([\s\S]*?)<\/cell>/g)) {
        const attr = (name: string) => {
          const m = new RegExp(`\\b${name}=["'](\\d+)["']`).exec(c[1]!);
          return m ? Number(m[1]) : undefined;
        };
        const row = attr('start-row') ?? 0;
        const col = attr('start-col') ?? 0;
        const endRow = attr('end-row') ?? row;
        const endCol = attr('end-col') ?? col;
        const content = /<content>([\s\S]*?)<\/content>/.exec(c[2]!)?.[1] ?? '';
        cells.push({ row, col, rowSpan: endRow - row + 1, colSpan: endCol - col + 1, text: decodeEntities(content) });
      }
      out.push({ tableId: t[1]!, page, cells });
    }
  }
  return out;
}

/** Tables in our HTML rendering (`<table>` with rowspan / colspan), in document order. */
export function parseHtmlTables(html: string): GridCell[][] {
  const tables: GridCell[][] = [];
  for (const t of html.matchAll(/<table>([\s\S]*?)<\/table>/g)) {
    const cells: GridCell[] = [];
    const taken = new Set<string>();
    let r = 0;
    for (const tr of t[1]!.matchAll(/<tr>([\s\S]*?)<\/tr>/g)) {
      let c = 0;
      for (const td of tr[1]!.matchAll(/<(td|th)([^>]*)>([\s\S]*?)<\/\1>/g)) {
        while (taken.has(`${r}:${c}`)) c++;
        const rowSpan = Number(/rowspan="(\d+)"/.exec(td[2]!)?.[1] ?? 1);
        const colSpan = Number(/colspan="(\d+)"/.exec(td[2]!)?.[1] ?? 1);
        for (let i = 0; i < rowSpan; i++) for (let j = 0; j < colSpan; j++) taken.add(`${r + i}:${c + j}`);
        cells.push({ row: r, col: c, rowSpan, colSpan, text: decodeEntities(td[3]!) });
        c += colSpan;
      }
      r++;
    }
    tables.push(cells);
  }
  return tables;
}

/** A CSV grid as cells (every slot a cell, no spans). */
export function gridCells(rows: string[][]): GridCell[] {
  return rows.flatMap((cols, row) => cols.map((text, col) => ({ row, col, rowSpan: 1, colSpan: 1, text })));
}

/** The slots of a table: text in each cell's top-left slot, covered slots empty. */
export function toGrid(cells: GridCell[]): string[][] {
  const rows = Math.max(0, ...cells.map((c) => c.row + c.rowSpan));
  const cols = Math.max(0, ...cells.map((c) => c.col + c.colSpan));
  const grid = Array.from({ length: rows }, () => Array<string>(cols).fill(''));
  for (const c of cells) grid[c.row]![c.col] = c.text;
  return grid;
}

/** Cell-text Jaccard of two tables (sets of non-empty normalised texts), to pair GT and prediction. */
export function cellJaccard(a: GridCell[], b: GridCell[]): number {
  const sa = new Set(a.map((c) => cellNorm(c.text)).filter((s) => s !== ''));
  const sb = new Set(b.map((c) => cellNorm(c.text)).filter((s) => s !== ''));
  if (sa.size === 0 && sb.size === 0) return 0;
  let inter = 0;
  for (const s of sa) if (sb.has(s)) inter++;
  return inter / (sa.size + sb.size - inter);
}

/** ICDAR-2013 adjacency relations: each non-empty cell with its nearest non-empty neighbour
 *  to the right (rows overlapping) and below (columns overlapping); text without whitespace. */
export function adjacencyRelations(cells: GridCell[]): string[] {
  const key = (s: string) => cellNorm(s).replace(/\s+/g, '');
  const full = cells.filter((c) => key(c.text) !== '');
  const rels: string[] = [];
  for (const a of full) {
    const aRowEnd = a.row + a.rowSpan;
    const aColEnd = a.col + a.colSpan;
    let right: GridCell | undefined;
    let below: GridCell | undefined;
    for (const b of full) {
      if (b === a) continue;
      if (b.col >= aColEnd && b.row < aRowEnd && b.row + b.rowSpan > a.row) {
        if (!right || b.col < right.col || (b.col === right.col && b.row < right.row)) right = b;
      }
      if (b.row >= aRowEnd && b.col < aColEnd && b.col + b.colSpan > a.col) {
        if (!below || b.row < below.row || (b.row === below.row && b.col < below.col)) below = b;
      }
    }
    if (right) rels.push(`${key(a.text)}\u0000${key(right.text)}\u0000h`);
    if (below) rels.push(`${key(a.text)}\u0000${key(below.text)}\u0000v`);
  }
  return rels;
}

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
}

/** Multiset precision / recall / F1 of predicted against expected items. */
export function multisetPrf(pred: string[], expected: string[]): Prf {
  const counts = new Map<string, number>();
  for (const e of expected) counts.set(e, (counts.get(e) ?? 0) + 1);
  let hit = 0;
  for (const p of pred) {
    const n = counts.get(p) ?? 0;
    if (n > 0) {
      hit++;
      counts.set(p, n - 1);
    }
  }
  const precision = pred.length === 0 ? 0 : hit / pred.length;
  const recall = expected.length === 0 ? 0 : hit / expected.length;
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

/** ICDAR-2013 relation P/R/F1 of a predicted table against a GT table. */
export function icdarScore(pred: GridCell[], gt: GridCell[]): Prf {
  return multisetPrf(adjacencyRelations(pred), adjacencyRelations(gt));
}

export interface CellScore {
  shapeMatch: boolean;
  predShape: [number, number];
  gtShape: [number, number];
  /** Exact matches (after cell_norm) / GT cells, empty GT cells included. */
  cellAccuracy: number;
  /** F1 over non-empty cells matched at the same slot with ES ≥ 0.9. */
  fuzzyF1: number;
  /** Mean ES of each GT column's text read top to bottom against the same predicted column. */
  columnEs: number;
}

/** Cell-by-cell comparison of a predicted grid with a GT grid (README tables section). */
export function cellScore(pred: string[][], gt: string[][]): CellScore {
  const gtRows = gt.length;
  const gtCols = Math.max(0, ...gt.map((r) => r.length));
  const predRows = pred.length;
  const predCols = Math.max(0, ...pred.map((r) => r.length));
  let exact = 0;
  let fuzzy = 0;
  let gtFull = 0;
  let predFull = 0;
  for (let r = 0; r < gtRows; r++) {
    for (let c = 0; c < gtCols; c++) {
      const g = cellNorm(gt[r]?.[c] ?? '');
      const p = cellNorm(pred[r]?.[c] ?? '');
      if (g === p) exact++;
      if (g !== '' && p !== '' && editSimilarity(g, p) >= 0.9) fuzzy++;
      if (g !== '') gtFull++;
    }
  }
  for (const row of pred) for (const cell of row) if (cellNorm(cell) !== '') predFull++;
  const precision = predFull === 0 ? 0 : fuzzy / predFull;
  const recall = gtFull === 0 ? 0 : fuzzy / gtFull;
  const column = (g: string[][], c: number) => cellNorm(g.map((r) => r[c] ?? '').join(' '));
  let es = 0;
  for (let c = 0; c < gtCols; c++) es += editSimilarity(column(pred, c), column(gt, c));
  return {
    shapeMatch: predRows === gtRows && predCols === gtCols,
    predShape: [predRows, predCols],
    gtShape: [gtRows, gtCols],
    cellAccuracy: gtRows * gtCols === 0 ? 0 : exact / (gtRows * gtCols),
    fuzzyF1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    columnEs: gtCols === 0 ? 0 : es / gtCols,
  };
}
