// Pure geometry of the page viewer: page sizes from a parse run, zoom steps, and the mapping of
// boxes in page points (origin top-left, as the parse contract states) onto the displayed page.
import type { Block, BlockType, BoundingBox, ParseRun } from '../../../shared/parse-contract.js';

export interface Size {
  width: number;
  height: number;
}

export interface PixelRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** US Letter in points: the size we assume for a page nothing tells us about. */
export const DEFAULT_PAGE_SIZE: Size = { width: 612, height: 792 };

/** Zoom choices: fit the page to the viewer's width, or a fixed scale (1 = one CSS pixel per point). */
export type Zoom = { mode: 'fit' } | { mode: 'scale'; scale: number };

export const ZOOM_STEPS = [0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4] as const;
const MIN_SCALE = 0.25;
const MAX_SCALE = 4;

/** Maps a box in page points onto a page shown at `display` pixels (the page is `page` points). */
export function boxToPixels(box: BoundingBox, page: Size, display: Size): PixelRect {
  const sx = page.width > 0 ? display.width / page.width : 1;
  const sy = page.height > 0 ? display.height / page.height : 1;
  const left = Math.min(box.left, box.right);
  const top = Math.min(box.top, box.bottom);
  return {
    x: left * sx,
    y: top * sy,
    width: Math.abs(box.right - box.left) * sx,
    height: Math.abs(box.bottom - box.top) * sy,
  };
}

/** CSS pixels per point for a zoom choice; "fit" uses the viewer's inner width (never below the minimum). */
export function zoomScale(zoom: Zoom, pageWidth: number, containerWidth: number): number {
  if (zoom.mode === 'scale') return clampScale(zoom.scale);
  if (pageWidth <= 0 || containerWidth <= 0) return 1;
  return clampScale(containerWidth / pageWidth);
}

/** The page's size on screen at a scale. */
export function displaySize(page: Size, scale: number): Size {
  return { width: Math.round(page.width * scale), height: Math.round(page.height * scale) };
}

/** The next zoom step above the current scale. */
export function zoomIn(scale: number): number {
  return ZOOM_STEPS.find((s) => s > scale + 1e-6) ?? MAX_SCALE;
}

/** The next zoom step below the current scale. */
export function zoomOut(scale: number): number {
  return [...ZOOM_STEPS].reverse().find((s) => s < scale - 1e-6) ?? MIN_SCALE;
}

function clampScale(scale: number): number {
  if (!Number.isFinite(scale)) return 1;
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
}

/** Every block of a run once, in reading order (a document chunk and page chunks never repeat one). */
export function runBlocks(run: ParseRun | null): Block[] {
  if (!run) return [];
  const seen = new Set<string>();
  const out: Block[] = [];
  for (const chunk of run.chunks) {
    for (const block of chunk.blocks) {
      if (seen.has(block.id)) continue;
      seen.add(block.id);
      out.push(block);
    }
  }
  return out;
}

/** Page sizes in points, as the run's blocks state them (pages without blocks are absent). */
export function runPageSizes(run: ParseRun | null): Map<number, Size> {
  const sizes = new Map<number, Size>();
  for (const block of runBlocks(run)) {
    const { number, width, height } = block.metadata.page;
    if (!sizes.has(number) && width > 0 && height > 0) sizes.set(number, { width, height });
  }
  return sizes;
}

/** How many pages a run covers: its metrics, else the highest page any block or chunk names. */
export function runPageCount(run: ParseRun | null): number {
  if (!run) return 0;
  let count = run.metrics.pageCount;
  for (const chunk of run.chunks) count = Math.max(count, chunk.metadata.pageRange.end);
  for (const block of runBlocks(run)) count = Math.max(count, block.metadata.page.number);
  return count;
}

/** True when a finished run read no pages and the viewer's own reading of the file found none
 *  either (`shown`; null while it is still reading): there is no page to show. */
export function hasNoPages(run: ParseRun | null, shown: number | null): boolean {
  return run !== null && run.status === 'PROCESSED' && runPageCount(run) === 0 && shown === 0;
}

/** The blocks of one page, grouped by page number, in reading order. */
export function blocksByPage(run: ParseRun | null): Map<number, Block[]> {
  const pages = new Map<number, Block[]>();
  for (const block of runBlocks(run)) {
    const list = pages.get(block.metadata.page.number) ?? [];
    list.push(block);
    pages.set(block.metadata.page.number, list);
  }
  return pages;
}

/** The colour family of each block type (CSS classes `page-box--<family>` carry the colours). */
export function blockFamily(type: BlockType): 'heading' | 'text' | 'table' | 'figure' | 'key-value' | 'margin' {
  switch (type) {
    case 'heading':
    case 'section_heading':
      return 'heading';
    case 'table':
    case 'table_cell':
      return 'table';
    case 'figure':
      return 'figure';
    case 'key_value':
      return 'key-value';
    case 'header':
    case 'footer':
    case 'page_number':
      return 'margin';
    default:
      return 'text';
  }
}

/** "section heading" for "section_heading": block types as words. */
export function blockTypeLabel(type: string): string {
  return type.replace(/_/g, ' ');
}

/** What a block's row in the list says: its content, or for a figure its kind, caption and
 *  labels (its markdown is only a link to its picture); a marked signature says so. */
export function blockSummary(block: { type: string; content: string; details: Record<string, unknown> }): string {
  const signature = block.details['signature'] === true ? ' · signature' : '';
  if (block.type === 'figure') {
    const caption = typeof block.details['caption'] === 'string' ? ` — ${block.details['caption']}` : '';
    const labels = typeof block.details['text'] === 'string' ? ` (${block.details['text'].replace(/\n/g, ', ')})` : '';
    return `${String(block.details['figureType'] ?? 'figure')}${caption}${labels}${signature}`;
  }
  return `${block.content === '' ? '(empty)' : block.content}${signature}`;
}

/** True when `a` is `b` turned a quarter: the engine stood a sideways scan upright (sizes within 2 %). */
export function isQuarterTurned(a: Size, b: Size): boolean {
  const square = Math.abs(a.width - a.height) / Math.max(a.width, a.height) < 0.05;
  if (square || a.width <= 0 || a.height <= 0 || b.width <= 0 || b.height <= 0) return false;
  const close = (x: number, y: number) => Math.abs(x - y) / Math.max(x, y) < 0.02;
  return close(a.width / a.height, b.height / b.width) && !close(a.width / a.height, b.width / b.height);
}

/** Where the unturned picture of a page goes inside the upright frame of `display` size, turned
 *  clockwise by `turn` degrees about its centre (a quarter turn swaps its width and height). */
export function turnedPlacement(display: Size, turn: number): { width: number; height: number; left: number; top: number; transform: string | undefined } {
  const quarter = turn % 180 !== 0;
  const width = quarter ? display.height : display.width;
  const height = quarter ? display.width : display.height;
  return {
    width,
    height,
    left: (display.width - width) / 2,
    top: (display.height - height) / 2,
    transform: turn % 360 === 0 ? undefined : `rotate(${turn % 360}deg)`,
  };
}
