// Chunking: page, document or section chunks, then min/max character limits applied without
// splitting a word or a table.
import type { BlockType, Chunk, ParseConfig } from '../../shared/parse-contract.js';
import { maxOf, minOf } from './extent.js';

/** What chunking needs to know of a block: a contract Block, or a compact reference to one. */
export interface BlockLike {
  id: string;
  type: BlockType;
}

/** A chunk whose blocks are of type B (contract blocks, or compact references). */
export type ChunkOf<B> = Omit<Chunk, 'blocks'> & { blocks: B[] };

/** A block with what it contributes to a chunk's content. */
export interface RenderedBlock<B extends BlockLike = BlockLike> {
  block: B;
  /** Content in the target format ('' when kept out of the body). */
  content: string;
  page: number;
  splittable: boolean;
}

export interface RenderedPage<B extends BlockLike = BlockLike> {
  number: number;
  blocks: Array<RenderedBlock<B>>;
  /** Whole-page content for the spatial target. */
  spatial: string;
}

/** One piece of a chunk's content, with where it came from. */
interface Part {
  content: string;
  /** Blocks this part shows (all blocks of a page for spatial content). */
  blocks: BlockLike[];
  page: number;
  /** Whether the part may be split further (false for a table). */
  splittable: boolean;
}

interface Draft {
  type: Chunk['type'];
  parts: Part[];
}

const SEP = '\n\n';

function draftContent(d: Draft): string {
  return d.parts
    .map((p) => p.content)
    .filter((c) => c.length > 0)
    .join(SEP);
}

function pagePart(p: RenderedPage<BlockLike>, spatial: boolean): Part[] {
  if (spatial) return [{ content: p.spatial, blocks: p.blocks.map((b) => b.block), page: p.number, splittable: true }];
  return p.blocks.map((b) => ({ content: b.content, blocks: [b.block], page: p.number, splittable: b.splittable }));
}

function primaryDrafts(pages: Array<RenderedPage<BlockLike>>, config: ParseConfig): Draft[] {
  const type = config.chunkingStrategy.type;
  const spatial = config.target === 'spatial';
  if (type === 'page' || (spatial && type !== 'document')) {
    return pages.map((p) => ({ type: 'page' as const, parts: pagePart(p, spatial) }));
  }
  if (type === 'document') {
    return pages.length > 0 ? [{ type: 'document', parts: pages.flatMap((p) => pagePart(p, spatial)) }] : [];
  }
  // Sections: a new chunk at every heading.
  const drafts: Draft[] = [];
  let d: Draft | undefined;
  for (const part of pages.flatMap((p) => pagePart(p, false))) {
    const isHeading = part.blocks.some((b) => b.type === 'heading' || b.type === 'section_heading');
    if (!d || (isHeading && d.parts.some((x) => x.content.length > 0))) {
      d = { type: 'section', parts: [] };
      drafts.push(d);
    }
    d.parts.push(part);
  }
  return drafts;
}

/** Splits text into pieces of at most max characters at white space, never inside a word.
 *  A piece that starts after a line break keeps its indentation (spatial columns). */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text.replace(/^\n+/, '');
  while (rest.length > max) {
    const lead = rest.length - rest.trimStart().length;
    const window = rest.slice(0, Math.max(max, lead) + 1);
    // Prefer a line break, then any white space, after some text and at or before max.
    let cut = window.lastIndexOf('\n');
    if (cut <= lead || cut < max / 2) cut = Math.max(window.lastIndexOf(' '), cut);
    if (cut <= lead) {
      // A single word longer than max stays whole.
      const next = rest.slice(lead).search(/\s/);
      if (next < 0) break;
      cut = lead + next;
    }
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest[cut] === '\n' ? rest.slice(cut + 1) : rest.slice(cut).replace(/^[^\S\n]+/, '');
    rest = rest.replace(/^\n+/, '');
  }
  if (rest.trim().length > 0 || pieces.length === 0) pieces.push(rest);
  return pieces;
}

function applyMax(drafts: Draft[], max: number): Draft[] {
  const out: Draft[] = [];
  for (const d of drafts) {
    if (draftContent(d).length <= max) {
      out.push(d);
      continue;
    }
    let cur: Draft = { type: d.type, parts: [] };
    for (const part of d.parts) {
      const pieces = part.splittable && part.content.length > max ? splitText(part.content, max) : [part.content];
      for (const piece of pieces) {
        const curLen = draftContent(cur).length;
        if (curLen > 0 && piece.length > 0 && curLen + SEP.length + piece.length > max) {
          out.push(cur);
          cur = { type: d.type, parts: [] };
        }
        cur.parts.push({ ...part, content: piece });
      }
    }
    if (cur.parts.length > 0) out.push(cur);
  }
  return out;
}

function applyMin(drafts: Draft[], min: number, max: number | undefined): Draft[] {
  const out: Draft[] = [];
  for (const d of drafts) {
    const last = out.at(-1);
    if (last && draftContent(last).length < min) {
      const merged = draftContent(last).length + SEP.length + draftContent(d).length;
      if (max === undefined || merged <= max) {
        last.parts.push(...d.parts);
        continue;
      }
    }
    out.push(d);
  }
  return out;
}

function toChunk<B extends BlockLike>(d: Draft): ChunkOf<B> {
  const blocks: B[] = [];
  const seen = new Set<string>();
  for (const part of d.parts) {
    for (const b of part.blocks) {
      if (!seen.has(b.id)) {
        seen.add(b.id);
        blocks.push(b as B);
      }
    }
  }
  const pages = d.parts.map((p) => p.page);
  return {
    object: 'chunk',
    type: d.type,
    content: draftContent(d),
    metadata: { pageRange: { start: minOf(pages), end: maxOf(pages) } },
    blocks,
  };
}

/** Builds the run's chunks from rendered pages according to the chunking strategy. */
export function buildChunks<B extends BlockLike>(pages: Array<RenderedPage<B>>, config: ParseConfig): Array<ChunkOf<B>> {
  const { minCharacters, maxCharacters } = config.chunkingStrategy;
  let drafts = primaryDrafts(pages, config);
  if (maxCharacters !== undefined) drafts = applyMax(drafts, maxCharacters);
  if (minCharacters !== undefined && minCharacters > 0) drafts = applyMin(drafts, minCharacters, maxCharacters);
  return drafts.filter((d) => d.parts.length > 0).map((d) => toChunk<B>(d));
}
