// Row labels printed left of a ruled grid (its stub column, unruled) are the table's first column.
import { describe, expect, it } from 'vitest';
import type { Block } from '../../../../src/shared/parse-contract.js';
import { parseDocument } from '../../../../src/main/engine/parse.js';
import { makeTablePdf, textOps } from '../../../helpers/make-table-pdf.js';

async function tables(bytes: Uint8Array): Promise<Block[]> {
  const run = await parseDocument(bytes, { blockOptions: { tables: { targetFormat: 'html' } } });
  expect(run.status).toBe('PROCESSED');
  return run.chunks.flatMap((c) => c.blocks).filter((b) => b.type === 'table');
}

const GRID = {
  rows: [
    ['Voters', 'Turnout', 'Share'],
    ['963', '439', '46%'],
    ['923', '393', '43%'],
    ['1026', '349', '34%'],
    ['1212', '423', '35%'],
  ],
  colWidths: [60, 60, 60],
  x: 160,
  y: 700,
  rules: 'stroke' as const,
};
const LABELS = ['Alcona', 'Caledonia', 'Curtis', 'Greenbush'];

describe('row labels left of a ruled grid', () => {
  it('reads labels sitting in the grid rows, just left of its rules, as its first column', async () => {
    const labels = textOps(LABELS.map((text, i) => ({ text, x: 100, y: 700 - (i + 1) * 20 - 14 })));
    const [t] = await tables(makeTablePdf(GRID, labels));
    expect(t?.details).toMatchObject({ rowCount: 5, columnCount: 4, detection: 'lattice' });
    expect(t?.content).toContain('<td>Alcona</td><td>963</td><td>439</td><td>46%</td>');
    expect(t?.content).toContain('<td>Greenbush</td><td>1212</td><td>423</td><td>35%</td>');
  });

  it('leaves a column of prose beside the grid alone', async () => {
    const prose = Array.from({ length: 14 }, (_, i) => ({ text: 'text of a narrow column', x: 66, y: 740 - i * 10 }));
    const [t] = await tables(makeTablePdf(GRID, textOps(prose.map((p) => ({ ...p, size: 8 })))));
    expect(t?.details).toMatchObject({ rowCount: 5, columnCount: 3, detection: 'lattice' });
    expect(t?.content).not.toContain('narrow column');
  });
});
