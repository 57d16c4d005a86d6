// A plain-text document's run: its paragraphs are text blocks on the character grid, so the
// document view lists its text (a run without blocks read as "no text").
import { describe, expect, it } from 'vitest';
import { configOrDefaults, parseRunSchema } from '../../../../src/shared/parse-contract.js';
import { textRun } from '../../../../src/main/engine/extract/text-input.js';

describe('textRun', () => {
  it('gives each paragraph of each page a text block with its box on the grid', () => {
    const text = 'Invoice 42\r\n  Total: 10.00\n\n\nThanks\fPage two\n';
    const run = textRun(new TextEncoder().encode(text), text, performance.now(), configOrDefaults({}));
    expect(parseRunSchema.safeParse(run).success).toBe(true);
    const [one, two] = run.chunks;
    expect(one!.blocks.map((b) => [b.type, b.content])).toEqual([
      ['text', 'Invoice 42\nTotal: 10.00'],
      ['text', 'Thanks'],
    ]);
    // Columns are 6 points, rows 12: "  Total: 10.00" ends at column 14, "Thanks" is row 4.
    expect(one!.blocks[0]!.boundingBox).toEqual({ left: 0, top: 0, right: 84, bottom: 24 });
    expect(one!.blocks[1]!.boundingBox).toEqual({ left: 0, top: 48, right: 36, bottom: 60 });
    expect(one!.blocks[0]!.metadata.page).toEqual({ number: 1, width: 84, height: 60, rotation: 0 });
    expect(two!.blocks.map((b) => [b.content, b.metadata.page.number])).toEqual([['Page two', 2]]);
    const ids = run.chunks.flatMap((c) => c.blocks.map((b) => b.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives a blank page no blocks', () => {
    const run = textRun(new TextEncoder().encode(' \n\n'), ' \n\n', performance.now(), configOrDefaults({}));
    expect(run.chunks[0]!.blocks).toEqual([]);
  });
});
