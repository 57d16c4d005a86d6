// Tables that run on across a page break. While pages stream by, the last table of each page is
// remembered (its columns and header rows, not its cells); when the next page's first table has
// the same columns, the pair is noted, with the continuation's content re-rendered under the
// carried header when it lacks one. Once furniture is known, a pair is confirmed only when the
// first table ends its page's body and the second starts its own (running headers aside): the
// continuation gets `details.continuedFrom` (the first table's block id), the first
// `details.continues: true`. Each page keeps its own block, so coordinates stay true.
import type { Block, BlockType, ParseConfig } from '../../../shared/parse-contract.js';
import type { RenderedPage } from '../chunk.js';
import type { PageModel } from '../page-model.js';
import { blockRefs, type BlockRef } from '../run-output.js';
import { tableHtml, tableMarkdown } from '../render/table.js';
import { detectedTable } from './index.js';
import type { DetectedTable, TableCell } from './types.js';

/** A table's header rows, kept to carry them forward. */
interface HeaderRows {
  rowCount: number;
  cells: TableCell[];
}

/** What is remembered of a page's last table. */
interface TableEnd {
  page: number;
  index: number;
  kind: DetectedTable['kind'];
  columnCount: number;
  columnEdges: number[];
  orientation: DetectedTable['orientation'];
  header: HeaderRows | null;
}

/** A table (page, block index) and the one continuing it on the next page. */
export interface TableLink {
  from: { page: number; index: number };
  to: { page: number; index: number };
  /** The continuation's content with the header rows carried forward, when it lacks them. */
  carried?: { content: string; headerRows: number };
}

/** Blocks that may follow a table at the foot of its page, or precede its continuation. */
const AFTER_TABLE = new Set<BlockType>(['table_cell', 'header', 'footer', 'page_number']);
const BEFORE_TABLE = new Set<BlockType>(['header', 'footer', 'page_number']);

function headerOf(t: DetectedTable): HeaderRows | null {
  if (t.headerRows < 1 || t.headerRows >= t.rowCount) return null;
  const h = t.headerRows;
  const cells = t.cells.filter((c) => c.row < h).map((c) => ({ ...c, rowSpan: Math.min(c.rowSpan, h - c.row) }));
  return cells.some((c) => c.text.trim() !== '') ? { rowCount: h, cells } : null;
}

const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

/** Does the table start with (a repeat of) the header's first row? */
function repeatsHeader(t: DetectedTable, header: HeaderRows): boolean {
  const want = new Set(header.cells.filter((c) => c.row === 0).map((c) => norm(c.text)).filter(Boolean));
  const got = new Set(t.cells.filter((c) => c.row === 0).map((c) => norm(c.text)).filter(Boolean));
  const shared = [...want].filter((x) => got.has(x)).length;
  return shared >= 0.8 * Math.max(want.size, got.size);
}

/** Same number of columns at the same places (within a tolerance; a table found from the
 *  alignment of words has looser edges than one drawn with rules). */
export function sameColumns(a: Pick<DetectedTable, 'kind' | 'columnCount' | 'columnEdges' | 'orientation'>, b: typeof a): boolean {
  if (a.columnCount !== b.columnCount || a.orientation !== b.orientation) return false;
  const ea = a.columnEdges;
  const eb = b.columnEdges;
  if (ea.length !== a.columnCount + 1 || eb.length !== ea.length) return false;
  const width = Math.abs(ea.at(-1)! - ea[0]!);
  const stream = a.kind === 'stream' || b.kind === 'stream';
  const inner = Math.max(6, 0.05 * width);
  const outer = stream ? Math.max(inner, 0.15 * width) : inner;
  return ea.every((x, k) => Math.abs(x - eb[k]!) <= (k === 0 || k === ea.length - 1 ? outer : inner));
}

function withHeader(t: DetectedTable, header: HeaderRows, config: ParseConfig): string {
  const h = header.rowCount;
  const joined = { rowCount: t.rowCount + h, columnCount: t.columnCount, headerRows: h, cells: [...header.cells, ...t.cells.map((c) => ({ ...c, row: c.row + h }))] };
  return config.blockOptions.tables.targetFormat === 'html' ? tableHtml(joined) : tableMarkdown(joined);
}

/** Follows tables across page breaks while pages stream by; `links` holds the candidates. */
export class TableContinuations {
  readonly links: TableLink[] = [];
  private last: TableEnd | null = null;

  constructor(private readonly config: ParseConfig) {}

  /** Looks at a laid-out page's tables (before its runs are released). */
  observe(page: PageModel): void {
    const tables = page.blocks.flatMap((b, index) => {
      const t = b.type === 'table' ? detectedTable(b) : undefined;
      return t ? [{ t, index }] : [];
    });
    const prev = this.last;
    this.last = null;
    const first = tables[0];
    if (!first) return;
    let carriedHeader: HeaderRows | null = null;
    if (prev && prev.page === page.number - 1 && sameColumns(prev, first.t)) {
      const link: TableLink = { from: { page: prev.page, index: prev.index }, to: { page: page.number, index: first.index } };
      if (prev.header && !repeatsHeader(first.t, prev.header)) {
        carriedHeader = prev.header;
        if (this.config.target === 'markdown') link.carried = { content: withHeader(first.t, prev.header, this.config), headerRows: prev.header.rowCount };
      }
      this.links.push(link);
    }
    const last = tables.at(-1)!;
    const { kind, columnCount, columnEdges, orientation } = last.t;
    // A continuation that lacked its header hands on the header it was given.
    const header = last === first && carriedHeader ? carriedHeader : headerOf(last.t);
    this.last = { page: page.number, index: last.index, kind, columnCount, columnEdges, orientation, header };
  }
}

function parseBlocks(page: RenderedPage<BlockRef>): Block[] {
  return page.blocks.map((b) => JSON.parse(b.block.pageJson.text.slice(b.block.start, b.block.end)) as Block);
}

/** Confirms the links whose tables end and start their pages' bodies (furniture already typed)
 *  and marks them in the blocks' JSON; a continuation lacking its header shows the carried one. */
export function linkTables(pages: Array<RenderedPage<BlockRef>>, links: TableLink[]): Array<RenderedPage<BlockRef>> {
  const byNumber = new Map(pages.map((p) => [p.number, p]));
  const edits = new Map<RenderedPage<BlockRef>, Array<(blocks: Block[], page: RenderedPage<BlockRef>) => void>>();
  const edit = (page: RenderedPage<BlockRef>, fn: (blocks: Block[], page: RenderedPage<BlockRef>) => void) => {
    const list = edits.get(page) ?? [];
    list.push(fn);
    edits.set(page, list);
  };
  for (const link of links) {
    const from = byNumber.get(link.from.page);
    const to = byNumber.get(link.to.page);
    if (!from || !to) continue;
    const endsPage = from.blocks.slice(link.from.index + 1).every((b) => AFTER_TABLE.has(b.block.type));
    const startsPage = to.blocks.slice(0, link.to.index).every((b) => BEFORE_TABLE.has(b.block.type));
    if (!endsPage || !startsPage) continue;
    const fromId = from.blocks[link.from.index]!.block.id;
    edit(from, (blocks) => {
      blocks[link.from.index]!.details['continues'] = true;
    });
    edit(to, (blocks, page) => {
      const block = blocks[link.to.index]!;
      block.details['continuedFrom'] = fromId;
      if (link.carried) {
        block.content = link.carried.content;
        block.details['carriedHeaderRows'] = link.carried.headerRows;
        const rendered = page.blocks[link.to.index]!;
        if (rendered.content !== '') rendered.content = link.carried.content;
      }
    });
  }
  for (const [page, fns] of edits) {
    const blocks = parseBlocks(page);
    for (const fn of fns) fn(blocks, page);
    const refs = blockRefs(blocks);
    page.blocks = page.blocks.map((b, i) => ({ ...b, block: refs[i]! }));
  }
  return pages;
}
