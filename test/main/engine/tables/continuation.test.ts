// A table that runs on to the next page under the same columns is linked to its continuation,
// which shows the header carried forward when it lacks its own.
import { describe, expect, it } from 'vitest';
import type { Block } from '../../../../src/shared/parse-contract.js';
import { parseDocument } from '../../../../src/main/engine/parse.js';
import { sameColumns } from '../../../../src/main/engine/tables/continuation.js';
import { gridContent, textOps, type GridSpec } from '../../../helpers/make-table-pdf.js';
import { makePdf } from '../../../helpers/make-pdf.js';

const HEADER = ['Region', 'Sales', 'Share'];
const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => [`Area ${from + i}`, String(100 + from + i), `${from + i}%`]);
const RUNNING = textOps([{ text: 'ACME Corp quarterly report', x: 72, y: 760 }]);

/** Two pages: a ruled table at the foot of the first, its rows going on at the top of the second. */
function twoPages(second: GridSpec, opts: { running?: boolean; afterFirst?: string } = {}): Uint8Array {
  const first = gridContent({ rows: [HEADER, ...rows(1, 6)], colWidths: [120, 80, 80], y: 300, rules: 'stroke' });
  const intro = textOps([{ text: 'Sales by region over the quarter, as reported by each office.', x: 72, y: 700 }]);
  const page = (parts: string[]) => ({ content: Buffer.from(parts.join('\n'), 'latin1') });
  return makePdf({
    pages: [
      page([...(opts.running ? [RUNNING] : []), intro, first, opts.afterFirst ?? '']),
      page([...(opts.running ? [RUNNING] : []), gridContent(second)]),
    ],
  });
}

async function tables(bytes: Uint8Array, config: Record<string, unknown> = {}): Promise<Block[]> {
  const run = await parseDocument(bytes, config);
  expect(run.status).toBe('PROCESSED');
  return run.chunks.flatMap((c) => c.blocks).filter((b) => b.type === 'table');
}

describe('tables continued on the next page', () => {
  it('links the continuation and carries the header into its markdown', async () => {
    const [a, b] = await tables(twoPages({ rows: rows(7, 4), colWidths: [120, 80, 80], y: 740, rules: 'stroke' }));
    expect(a?.metadata.page.number).toBe(1);
    expect(b?.metadata.page.number).toBe(2);
    expect(a?.details).toMatchObject({ continues: true });
    expect(b?.details).toMatchObject({ continuedFrom: a!.id, carriedHeaderRows: 1, rowCount: 4 });
    expect(b?.content.split('\n')).toEqual(['| Region | Sales | Share |', '| --- | --- | --- |', '| Area 7 | 107 | 7% |', '| Area 8 | 108 | 8% |', '| Area 9 | 109 | 9% |', '| Area 10 | 110 | 10% |']);
    // Each block stays on its own page, where it is drawn.
    expect(b!.boundingBox.top).toBeLessThan(100);
  });

  it('looks past a running header, and carries the header into HTML too', async () => {
    const bytes = twoPages({ rows: rows(7, 4), colWidths: [120, 80, 80], y: 740, rules: 'stroke' }, { running: true });
    const run = await parseDocument(bytes, { blockOptions: { tables: { targetFormat: 'html' } } });
    const bs = run.chunks.flatMap((c) => c.blocks);
    expect(bs.filter((x) => x.metadata.page.number === 2)[0]?.type).toBe('header');
    const [a, b] = bs.filter((x) => x.type === 'table');
    expect(b?.details['continuedFrom']).toBe(a!.id);
    expect(b?.content).toMatch(/^<table><thead><tr><th>Region<\/th><th>Sales<\/th><th>Share<\/th><\/tr><\/thead><tbody><tr><td>Area 7<\/td>/);
    // The page chunk shows the same content.
    expect(run.chunks[1]?.content).toContain('<th>Region</th>');
  });

  it('does not repeat a header the continuation already has', async () => {
    const [a, b] = await tables(twoPages({ rows: [HEADER, ...rows(7, 4)], colWidths: [120, 80, 80], y: 740, rules: 'stroke' }));
    expect(b?.details).toMatchObject({ continuedFrom: a!.id });
    expect(b?.details['carriedHeaderRows']).toBeUndefined();
    expect(b?.content.split('\n').filter((l) => l.includes('Region'))).toHaveLength(1);
  });

  it('leaves apart tables under other columns, or with text between them', async () => {
    const [a, b] = await tables(twoPages({ rows: rows(7, 4).map((r) => [...r, 'x']), colWidths: [100, 60, 60, 60], y: 740, rules: 'stroke' }));
    expect(b?.details['columnCount']).toBe(4);
    expect(a?.details['continues']).toBeUndefined();
    expect(b?.details['continuedFrom']).toBeUndefined();
    const after = textOps([{ text: 'Figures are unaudited and may be revised in the next quarterly statement.', x: 72, y: 120 }]);
    const [c, d] = await tables(twoPages({ rows: rows(7, 4), colWidths: [120, 80, 80], y: 740, rules: 'stroke' }, { afterFirst: after }));
    expect(d).toBeDefined();
    expect(c?.details['continues']).toBeUndefined();
    expect(d?.details['continuedFrom']).toBeUndefined();
  });
});

describe('unruled tables continued on the next page', () => {
  it('links tables found from the alignment of words', async () => {
    const page = (rs: string[][], y: number) => ({ content: Buffer.from(gridContent({ rows: rs, colWidths: [120, 80, 80], y, rules: 'none' }), 'latin1') });
    const [a, b] = await tables(makePdf({ pages: [page([HEADER, ...rows(1, 6)], 200), page(rows(7, 5), 740)] }));
    expect(a?.details).toMatchObject({ detection: 'stream', headerRows: 1, continues: true });
    expect(b?.details).toMatchObject({ continuedFrom: a!.id, carriedHeaderRows: 1 });
    expect(b?.content.split('\n')[0]).toBe('| Region | Sales | Share |');
  });
});

describe('sameColumns', () => {
  const t = (edges: number[], kind: 'lattice' | 'stream' = 'lattice') => ({ kind, columnCount: edges.length - 1, columnEdges: edges, orientation: 0 as const });
  it('matches edges within a tolerance', () => {
    expect(sameColumns(t([72, 192, 272, 352]), t([72, 193, 271, 352]))).toBe(true);
    expect(sameColumns(t([72, 192, 272, 352]), t([72, 230, 272, 352]))).toBe(false);
    expect(sameColumns(t([72, 192, 272, 352]), t([72, 192, 352]))).toBe(false);
    // Found from word alignment, the outer edges follow the text and may move further.
    expect(sameColumns(t([72, 192, 272, 352], 'stream'), t([72, 190, 272, 320], 'stream'))).toBe(true);
  });
});
