// The compact run: its JSON pieces are exactly JSON.stringify of the materialised run, compact
// and indented, and its text is the chunks' content.
import { describe, expect, it } from 'vitest';
import { resolveParseConfig, type Block, type ParseConfig } from '../../../src/shared/parse-contract.js';
import { makeBlock } from '../../helpers/contract-block.js';
import { blockRefs, compactRunJsonPieces, compactRunText, materializeRun, type CompactRun } from '../../../src/main/engine/run-output.js';

const config = (resolveParseConfig({}) as { ok: true; config: ParseConfig }).config;

function block(id: string, content: string): Block {
  return makeBlock({ id, content, details: { note: 'ünïcödé ✓ "quoted"' }, box: { left: 1, top: 2, right: 3, bottom: 4 } });
}

function compactRun(): CompactRun {
  const refs = blockRefs([block('blk_a', 'First\nline'), block('blk_b', 'حَبيبي habibi')]);
  return {
    object: 'parser_run',
    id: 'pr_1',
    fileId: 'file_1',
    status: 'PROCESSED',
    failureReason: null,
    failureMessage: null,
    chunks: [
      { object: 'chunk', type: 'page', content: 'First line', metadata: { pageRange: { start: 1, end: 1 } }, blocks: [refs[0]!] },
      { object: 'chunk', type: 'page', content: '', metadata: { pageRange: { start: 2, end: 2 } }, blocks: [] },
      { object: 'chunk', type: 'page', content: 'حَبيبي habibi', metadata: { pageRange: { start: 3, end: 3 } }, blocks: [refs[1]!] },
    ],
    config,
    metrics: { processingTimeMs: 5, pageCount: 3 },
  };
}

describe('compact runs', () => {
  it('materialises blocks back to their contract objects', () => {
    const run = materializeRun(compactRun());
    expect(run.chunks[0]!.blocks[0]).toEqual(block('blk_a', 'First\nline'));
    expect(run.chunks[2]!.blocks[0]!.content).toBe('حَبيبي habibi');
  });

  it('serialises to the same JSON as JSON.stringify, compact and indented', () => {
    const run = compactRun();
    const expected = materializeRun(run);
    expect(compactRunJsonPieces(run, false).join('')).toBe(JSON.stringify(expected));
    expect(compactRunJsonPieces(run, true).join('')).toBe(JSON.stringify(expected, null, 2));
  });

  it('gives the text of processed runs only', () => {
    expect(compactRunText(compactRun())).toBe('First line\n\nحَبيبي habibi');
    expect(compactRunText({ ...compactRun(), status: 'FAILED' })).toBe('');
  });
});
