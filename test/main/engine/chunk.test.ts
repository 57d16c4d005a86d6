import { describe, expect, it } from 'vitest';
import { makeBlock } from '../../helpers/contract-block.js';
import { buildChunks, splitText, type RenderedBlock, type RenderedPage } from '../../../src/main/engine/chunk.js';
import {
  resolveParseConfig,
  type Block,
  type BlockType,
  type Chunk,
  type ParseConfig,
} from '../../../src/shared/parse-contract.js';

let nextId = 0;

function rb(type: BlockType, content: string, page: number, opts: { outOfBody?: boolean } = {}): RenderedBlock<Block> {
  const block = makeBlock({
    id: `blk_${++nextId}`,
    type,
    content,
    details: type === 'table' ? { rowCount: 2, columnCount: 2 } : {},
    page,
  });
  return { block, content: opts.outOfBody ? '' : content, page, splittable: type !== 'table' };
}

function page(number: number, blocks: Array<RenderedBlock<Block>>, spatial = ''): RenderedPage<Block> {
  return { number, blocks, spatial };
}

function config(input: unknown): ParseConfig {
  const r = resolveParseConfig(input);
  if (!r.ok) throw new Error(r.message);
  return r.config;
}

function words(s: string): string[] {
  return s.split(/\s+/).filter((w) => w.length > 0);
}

/** Deterministic prose of n words of varying length. */
function prose(n: number, seed: number): string {
  const vocab = ['the', 'parser', 'reads', 'documents', 'entirely', 'offline', 'and', 'keeps', 'every', 'word', 'intact', 'a', 'columns', 'of'];
  const out: string[] = [];
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out.push(vocab[s % vocab.length]!);
  }
  return out.join(' ') + '.';
}

function pagesOfBlocks(chunk: Chunk): number[] {
  return chunk.blocks.map((b) => b.metadata.page.number);
}

describe('page chunks', () => {
  it('makes one chunk per page with its page range and blocks', () => {
    const p1 = [rb('heading', '# Title', 1), rb('text', 'First page text.', 1)];
    const p2 = [rb('text', 'Second page text.', 2)];
    const chunks = buildChunks([page(1, p1), page(2, p2)], config({}));
    expect(chunks).toHaveLength(2);
    expect(chunks.map((c) => c.type)).toEqual(['page', 'page']);
    expect(chunks[0]!.content).toBe('# Title\n\nFirst page text.');
    expect(chunks[0]!.metadata.pageRange).toEqual({ start: 1, end: 1 });
    expect(chunks[0]!.blocks.map((b) => b.id)).toEqual(p1.map((b) => b.block.id));
    expect(chunks[1]!.content).toBe('Second page text.');
    expect(chunks[1]!.metadata.pageRange).toEqual({ start: 2, end: 2 });
    expect(chunks.every((c) => c.object === 'chunk')).toBe(true);
  });

  it('keeps out-of-body blocks in the chunk but not in its content', () => {
    const header = rb('header', 'ACME Corp — Annual report', 3, { outOfBody: true });
    const body = rb('text', 'Body.', 3);
    const [chunk] = buildChunks([page(3, [header, body])], config({}));
    expect(chunk!.content).toBe('Body.');
    expect(chunk!.blocks.map((b) => b.type)).toEqual(['header', 'text']);
    expect(chunk!.metadata.pageRange).toEqual({ start: 3, end: 3 });
  });

  it('uses the page-level spatial text for the spatial target', () => {
    const pages = [page(1, [rb('text', 'ignored markdown', 1)], 'Name      Value\nTotal        42')];
    const [chunk] = buildChunks(pages, config({ target: 'spatial' }));
    expect(chunk!.type).toBe('page');
    expect(chunk!.content).toBe('Name      Value\nTotal        42');
    expect(chunk!.blocks).toHaveLength(1);
  });
});

describe('document chunks', () => {
  it('makes a single chunk for the whole document', () => {
    const pages = [page(1, [rb('text', 'One.', 1)]), page(2, [rb('text', 'Two.', 2)]), page(3, [rb('text', 'Three.', 3)])];
    const chunks = buildChunks(pages, config({ chunkingStrategy: { type: 'document' } }));
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.type).toBe('document');
    expect(chunks[0]!.content).toBe('One.\n\nTwo.\n\nThree.');
    expect(chunks[0]!.metadata.pageRange).toEqual({ start: 1, end: 3 });
    expect(chunks[0]!.blocks).toHaveLength(3);
  });

  it('makes no chunk for a document without pages', () => {
    expect(buildChunks([], config({ chunkingStrategy: { type: 'document' } }))).toEqual([]);
  });
});

describe('section chunks', () => {
  it('splits at headings and spans pages', () => {
    const pages = [
      page(1, [rb('heading', '# Introduction', 1), rb('text', 'Intro text.', 1)]),
      page(2, [rb('text', 'More intro.', 2), rb('section_heading', '## Methods', 2), rb('text', 'Method text.', 2)]),
      page(3, [rb('text', 'Method details.', 3), rb('section_heading', '## Results', 3), rb('text', 'Numbers.', 3)]),
    ];
    const chunks = buildChunks(pages, config({ chunkingStrategy: { type: 'section' } }));
    expect(chunks.map((c) => c.type)).toEqual(['section', 'section', 'section']);
    expect(chunks.map((c) => c.content)).toEqual([
      '# Introduction\n\nIntro text.\n\nMore intro.',
      '## Methods\n\nMethod text.\n\nMethod details.',
      '## Results\n\nNumbers.',
    ]);
    expect(chunks.map((c) => c.metadata.pageRange)).toEqual([
      { start: 1, end: 2 },
      { start: 2, end: 3 },
      { start: 3, end: 3 },
    ]);
    expect(chunks[1]!.blocks.map((b) => b.type)).toEqual(['section_heading', 'text', 'text']);
  });

  it('keeps text before the first heading in its own section', () => {
    const pages = [page(1, [rb('text', 'Preamble.', 1), rb('heading', '# Title', 1), rb('text', 'Body.', 1)])];
    const chunks = buildChunks(pages, config({ chunkingStrategy: { type: 'section' } }));
    expect(chunks.map((c) => c.content)).toEqual(['Preamble.', '# Title\n\nBody.']);
  });

  it('does not start a section at a heading when the current one has no content yet', () => {
    // Page furniture before the first heading carries no content.
    const pages = [page(1, [rb('header', 'Running head', 1, { outOfBody: true }), rb('heading', '# Title', 1), rb('text', 'Body.', 1)])];
    const chunks = buildChunks(pages, config({ chunkingStrategy: { type: 'section' } }));
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.content).toBe('# Title\n\nBody.');
    expect(chunks[0]!.blocks).toHaveLength(3);
  });
});

describe('maxCharacters', () => {
  const longWord = 'Pneumonoultramicroscopicsilicovolcanoconiosis-and-then-some-more';
  const table = '| Item | Qty | Price |\n| --- | --- | --- |\n| Widget | 4 | 10.00 |\n| Gadget | 12 | 3.50 |';

  function mixedPages(): Array<RenderedPage<Block>> {
    return [
      page(1, [rb('heading', '# Report', 1), rb('text', prose(40, 1), 1), rb('text', `See ${longWord} below.`, 1)]),
      page(2, [rb('text', prose(25, 2), 2), rb('table', table, 2), rb('text', prose(30, 3), 2)]),
    ];
  }

  for (const type of ['page', 'document', 'section'] as const) {
    it(`never splits inside a word and never exceeds max (${type} chunks)`, () => {
      const max = 60;
      const pages = mixedPages();
      const chunks = buildChunks(pages, config({ chunkingStrategy: { type, maxCharacters: max } }));
      expect(chunks.length).toBeGreaterThan(4);
      for (const c of chunks) {
        if (c.content.length > max) {
          // Only a single over-long word or a whole table may exceed the limit.
          const single = words(c.content).length === 1;
          expect(single || c.content === table, `chunk over max: ${JSON.stringify(c.content)}`).toBe(true);
        }
        expect(c.type).toBe(type);
      }
      const original = pages.flatMap((p) => p.blocks.flatMap((b) => words(b.content)));
      expect(chunks.flatMap((c) => words(c.content))).toEqual(original);
    });
  }

  it('keeps a table longer than max whole, in one chunk', () => {
    const chunks = buildChunks(mixedPages(), config({ chunkingStrategy: { type: 'document', maxCharacters: 40 } }));
    const holders = chunks.filter((c) => c.content.includes('| Item |'));
    expect(holders).toHaveLength(1);
    expect(holders[0]!.content).toBe(table);
    expect(holders[0]!.blocks.map((b) => b.type)).toEqual(['table']);
    expect(chunks.filter((c) => c.content.includes('| Gadget |'))).toHaveLength(1);
  });

  it('keeps a single word longer than max whole', () => {
    const chunks = buildChunks(mixedPages(), config({ chunkingStrategy: { type: 'page', maxCharacters: 30 } }));
    expect(chunks.some((c) => c.content === longWord)).toBe(true);
  });

  it('leaves chunks already within max untouched', () => {
    const pages = [page(1, [rb('text', 'Short.', 1), rb('text', 'Also short.', 1)])];
    const chunks = buildChunks(pages, config({ chunkingStrategy: { maxCharacters: 1000 } }));
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.content).toBe('Short.\n\nAlso short.');
  });

  it('packs whole blocks together up to max', () => {
    const pages = [page(1, ['aaaa bbbb', 'cccc dddd', 'eeee ffff', 'gggg hhhh'].map((t) => rb('text', t, 1)))];
    const chunks = buildChunks(pages, config({ chunkingStrategy: { maxCharacters: 20 } }));
    expect(chunks.map((c) => c.content)).toEqual(['aaaa bbbb\n\ncccc dddd', 'eeee ffff\n\ngggg hhhh']);
    expect(chunks.map((c) => c.blocks.length)).toEqual([2, 2]);
  });

  it('lists a split block in every chunk that holds part of it', () => {
    const b = rb('text', prose(30, 7), 1);
    const chunks = buildChunks([page(1, [b])], config({ chunkingStrategy: { maxCharacters: 50 } }));
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(c.blocks.map((x) => x.id)).toEqual([b.block.id]);
  });

  it('gives each piece of a split multi-page chunk the page range of its own content', () => {
    // A document chunk over three pages, split by maxCharacters: a piece holding only page-1
    // text must not claim pages 1–3.
    const pages = [1, 2, 3].map((n) => page(n, [rb('text', `Page ${n} ${prose(12, n)}`, n)]));
    const chunks = buildChunks(pages, config({ chunkingStrategy: { type: 'document', maxCharacters: 100 } }));
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    for (const c of chunks) {
      const ps = pagesOfBlocks(c);
      expect(c.metadata.pageRange).toEqual({ start: Math.min(...ps), end: Math.max(...ps) });
    }
  });
});

describe('minCharacters', () => {
  it('merges small chunks into the next ones until they reach min', () => {
    const pages = [
      page(1, [rb('text', 'tiny', 1)]),
      page(2, [rb('text', 'small', 2)]),
      page(3, [rb('text', 'a page with a good amount of text on it', 3)]),
      page(4, [rb('text', 'end', 4)]),
    ];
    const chunks = buildChunks(pages, config({ chunkingStrategy: { minCharacters: 20 } }));
    expect(chunks.map((c) => c.content)).toEqual(['tiny\n\nsmall\n\na page with a good amount of text on it', 'end']);
    expect(chunks.map((c) => c.metadata.pageRange)).toEqual([
      { start: 1, end: 3 },
      { start: 4, end: 4 },
    ]);
    expect(chunks[0]!.blocks.map((b) => b.metadata.page.number)).toEqual([1, 2, 3]);
  });

  it('does not merge beyond maxCharacters', () => {
    const pages = [
      page(1, [rb('text', 'tiny', 1)]),
      page(2, [rb('text', 'small', 2)]),
      page(3, [rb('text', 'twenty five characters!!', 3)]),
    ];
    const chunks = buildChunks(pages, config({ chunkingStrategy: { minCharacters: 20, maxCharacters: 30 } }));
    expect(chunks.map((c) => c.content)).toEqual(['tiny\n\nsmall', 'twenty five characters!!']);
    expect(chunks.map((c) => c.metadata.pageRange.end)).toEqual([2, 3]);
    for (const c of chunks) expect(c.content.length).toBeLessThanOrEqual(30);
  });

  it('does nothing with minCharacters 0', () => {
    const pages = [page(1, [rb('text', 'a', 1)]), page(2, [rb('text', 'b', 2)])];
    expect(buildChunks(pages, config({ chunkingStrategy: { minCharacters: 0 } }))).toHaveLength(2);
  });
});

describe('splitText', () => {
  it('returns short text unchanged', () => {
    expect(splitText('short text', 10)).toEqual(['short text']);
    expect(splitText('', 10)).toEqual(['']);
  });

  it('keeps a word longer than max whole', () => {
    expect(splitText('supercalifragilistic is long', 5)).toEqual(['supercalifragilistic', 'is', 'long']);
    expect(splitText('antidisestablishmentarianism', 5)).toEqual(['antidisestablishmentarianism']);
  });

  it('cuts at a space exactly at max', () => {
    expect(splitText('aaaaa bbbbb', 5)).toEqual(['aaaaa', 'bbbbb']);
  });

  it('prefers a line break in the second half of the window', () => {
    expect(splitText('aaaaaaa\nbb cc dd', 12)).toEqual(['aaaaaaa', 'bb cc dd']);
  });

  it('ignores a line break too early in the window and cuts at the last space', () => {
    expect(splitText('a\nbbbbb ccccc ddddd', 12)).toEqual(['a\nbbbbb', 'ccccc ddddd']);
  });

  it('splits at other white space when there is no space', () => {
    expect(splitText('aaa\tbbb\tccc', 5)).toEqual(['aaa', 'bbb', 'ccc']);
  });

  it('never exceeds max and never loses or breaks a word', () => {
    for (const max of [7, 13, 25, 80]) {
      const text = prose(200, max);
      const pieces = splitText(text, max);
      for (const p of pieces) {
        if (words(p).length > 1) expect(p.length).toBeLessThanOrEqual(max);
      }
      expect(pieces.flatMap(words)).toEqual(words(text));
      for (const p of pieces) expect(p).toBe(p.trim());
    }
  });

  it('never returns an empty piece for text with leading white space', () => {
    const pieces = splitText('   abcdefgh', 5);
    expect(pieces.every((p) => p.length > 0)).toBe(true);
  });
});
