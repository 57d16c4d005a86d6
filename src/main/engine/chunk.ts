// Chunking: page, document or section chunks, then min/max character limits applied without
// splitting a word or a table.
import type { Block, Chunk, ParseConfig } from '../../shared/parse-contract.js';

/** A block with what it contributes to a chunk's content. */
export interface RenderedBlock {
  block: Block;
  /** Content in the target format ('' when kept out of the body). */
  content: string;
  page: number;
  splittable: boolean;
}

export interface RenderedPage {
  number: number;
  blocks: RenderedBlock[];
  /** Whole-page content for the spatial target. */
  spatial: string;
}

interface Draft {
  type: Chunk['type'];
  parts: string[];
  blocks: Block[];
  start: number;
  end: number;
  /** Whether parts may be split further (false for a lone table). */
  splittable: boolean[];
}

const SEP = '\n\n';

function draftContent(d: Draft): string {
  return d.parts.filter((p) => p.length > 0).join(SEP);
}

function emptyDraft(type: Chunk['type'], page: number): Draft {
  return { type, parts: [], blocks: [], start: page, end: page, splittable: [] };
}

function addPart(d: Draft, content: string, block: Block | undefined, page: number, splittable: boolean): void {
  if (d.parts.length === 0 && d.blocks.length === 0) d.start = page;
  d.parts.push(content);
  d.splittable.push(splittable);
  if (block && !d.blocks.includes(block)) d.blocks.push(block);
  d.start = Math.min(d.start, page);
  d.end = Math.max(d.end, page);
}

function primaryDrafts(pages: RenderedPage[], config: ParseConfig): Draft[] {
  const type = config.chunkingStrategy.type;
  const spatial = config.target === 'spatial';
  if (type === 'page' || (spatial && type !== 'document')) {
    return pages.map((p) => {
      const d = emptyDraft('page', p.number);
      if (spatial) {
        addPart(d, p.spatial, undefined, p.number, true);
        d.blocks.push(...p.blocks.map((b) => b.block));
      } else {
        for (const b of p.blocks) addPart(d, b.content, b.block, p.number, b.splittable);
      }
      return d;
    });
  }
  if (type === 'document') {
    const d = emptyDraft('document', pages[0]?.number ?? 1);
    for (const p of pages) {
      if (spatial) {
        addPart(d, p.spatial, undefined, p.number, true);
        d.blocks.push(...p.blocks.map((b) => b.block));
      } else {
        for (const b of p.blocks) addPart(d, b.content, b.block, p.number, b.splittable);
      }
    }
    return pages.length > 0 ? [d] : [];
  }
  // Sections: a new chunk at every heading.
  const drafts: Draft[] = [];
  let d: Draft | undefined;
  for (const p of pages) {
    for (const b of p.blocks) {
      const isHeading = b.block.type === 'heading' || b.block.type === 'section_heading';
      if (!d || (isHeading && d.parts.some((x) => x.length > 0))) {
        d = emptyDraft('section', p.number);
        drafts.push(d);
      }
      addPart(d, b.content, b.block, p.number, b.splittable);
    }
  }
  return drafts;
}

/** Splits text into pieces of at most max characters at whitespace, never inside a word. */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = -1;
    // Prefer a line break, then any whitespace, at or before max.
    const window = rest.slice(0, max + 1);
    cut = window.lastIndexOf('\n');
    if (cut < max / 2) cut = Math.max(window.lastIndexOf(' '), cut);
    if (cut <= 0) {
      // A single word longer than max stays whole.
      const next = rest.search(/\s/);
      if (next < 0) break;
      cut = next;
    }
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\s+/, '');
  }
  if (rest.length > 0 || pieces.length === 0) pieces.push(rest);
  return pieces;
}

function applyMax(drafts: Draft[], max: number): Draft[] {
  const out: Draft[] = [];
  for (const d of drafts) {
    if (draftContent(d).length <= max) {
      out.push(d);
      continue;
    }
    let cur = emptyDraft(d.type, d.start);
    cur.end = d.end;
    const flush = () => {
      if (cur.parts.length > 0) out.push(cur);
      cur = emptyDraft(d.type, d.start);
      cur.end = d.end;
    };
    // Blocks are kept in order; parts and blocks line up one to one for markdown drafts.
    const partBlocks = d.parts.length === d.blocks.length ? d.blocks : undefined;
    d.parts.forEach((part, i) => {
      if (part.length === 0) {
        if (partBlocks) cur.blocks.push(partBlocks[i]!);
        return;
      }
      const block = partBlocks?.[i];
      const pieces = d.splittable[i] && part.length > max ? splitText(part, max) : [part];
      for (const piece of pieces) {
        const curLen = draftContent(cur).length;
        if (curLen > 0 && curLen + SEP.length + piece.length > max) flush();
        cur.parts.push(piece);
        cur.splittable.push(true);
        if (block && !cur.blocks.includes(block)) cur.blocks.push(block);
      }
    });
    if (!partBlocks) cur.blocks.push(...d.blocks);
    flush();
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
        last.splittable.push(...d.splittable);
        last.blocks.push(...d.blocks.filter((b) => !last.blocks.includes(b)));
        last.end = Math.max(last.end, d.end);
        last.start = Math.min(last.start, d.start);
        continue;
      }
    }
    out.push(d);
  }
  return out;
}

/** Builds the run's chunks from rendered pages according to the chunking strategy. */
export function buildChunks(pages: RenderedPage[], config: ParseConfig): Chunk[] {
  const { minCharacters, maxCharacters } = config.chunkingStrategy;
  let drafts = primaryDrafts(pages, config);
  if (maxCharacters !== undefined) drafts = applyMax(drafts, maxCharacters);
  if (minCharacters !== undefined && minCharacters > 0) drafts = applyMin(drafts, minCharacters, maxCharacters);
  return drafts.map((d) => ({
    object: 'chunk' as const,
    type: d.type,
    content: draftContent(d),
    metadata: { pageRange: { start: d.start, end: d.end } },
    blocks: d.blocks,
  }));
}
