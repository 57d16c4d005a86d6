// Column heads set sideways inside a ruled grid are read into their cells.
import { describe, expect, it } from 'vitest';
import type { Block } from '../../../../src/shared/parse-contract.js';
import { parseDocument } from '../../../../src/main/engine/parse.js';
import { textOps } from '../../../helpers/make-table-pdf.js';
import { makePdf } from '../../../helpers/make-pdf.js';

async function blocks(bytes: Uint8Array): Promise<Block[]> {
  const run = await parseDocument(bytes, { blockOptions: { tables: { targetFormat: 'html' } } });
  expect(run.status).toBe('PROCESSED');
  return run.chunks.flatMap((c) => c.blocks);
}

describe('sideways column heads', () => {
  it('reads heads turned to read upwards into the header cells of a ruled grid', async () => {
    const heads = ['Registered voters', 'Ballots cast', 'Brian Calley', 'Jim Hines'];
    const body = [
      ['963', '439', '55', '47'],
      ['923', '393', '40', '45'],
      ['1026', '349', '30', '25'],
      ['1212', '423', '56', '40'],
    ];
    const x0 = 100;
    const w = 30;
    const top = 700;
    const headH = 90;
    const h = 18;
    const bottom = top - headH - body.length * h;
    const ops: string[] = ['0 G'];
    for (let c = 0; c <= heads.length; c++) ops.push(`${x0 + c * w} ${top} m ${x0 + c * w} ${bottom} l S`);
    for (const y of [top, top - headH, ...body.map((_, i) => top - headH - (i + 1) * h)]) ops.push(`${x0} ${y} m ${x0 + heads.length * w} ${y} l S`);
    heads.forEach((text, c) => ops.push(`BT /F1 9 Tf 0 1 -1 0 ${x0 + c * w + 19} ${top - headH + 4} Tm (${text}) Tj ET`));
    ops.push(textOps(body.flatMap((row, i) => row.map((text, c) => ({ text, x: x0 + c * w + 3, y: top - headH - (i + 1) * h + 5, size: 9 })))));
    const bs = await blocks(makePdf({ pages: [{ content: Buffer.from(ops.join('\n'), 'latin1') }] }));
    const table = bs.find((b) => b.type === 'table');
    expect(table?.details).toMatchObject({ rowCount: 5, columnCount: 4, detection: 'lattice' });
    expect(table?.content).toContain('<th>Registered voters</th><th>Ballots cast</th><th>Brian Calley</th><th>Jim Hines</th>');
    expect(table?.content).toContain('<td>963</td><td>439</td><td>55</td><td>47</td>');
    // The heads are not repeated as text beside the table.
    expect(bs.filter((b) => b.type !== 'table' && b.content.includes('Ballots cast'))).toHaveLength(0);
  });
});
