import { describe, expect, it } from 'vitest';
import { adjacencyRelations, cellJaccard, cellNorm, cellScore, gridCells, icdarScore, parseHtmlTables, parseIcdarStructure, toGrid } from './tables-scoring.js';

describe('tables scoring', () => {
  it('normalises cells like the corpus README', () => {
    expect(cellNorm(' Signed TA\r\n(EURm) ')).toBe('Signed TA (EURm)');
  });

  it('reads our HTML tables with spans', () => {
    const [cells] = parseHtmlTables('<table><thead><tr><th rowspan="2">A</th><th colspan="2">B</th></tr></thead><tbody><tr><td>1</td><td>2 &amp; 3</td></tr></tbody></table>');
    expect(toGrid(cells!)).toEqual([
      ['A', 'B', ''],
      ['', '1', '2 & 3'],
    ]);
  });

  it('reads ICDAR structure files with either quote style', () => {
    const xml = `<document><table id='1'><region page='2' id='1'><cell id='1' start-row='0' start-col='0' end-row='0' end-col='1'><content>Head</content></cell><cell id="2" start-row="1" start-col="0"><content>a</content></cell><cell id="3" start-row="1" start-col="1"><content>b</content></cell></region></table></document>`;
    const [t] = parseIcdarStructure(xml);
    expect(t?.page).toBe(2);
    expect(t?.cells[0]).toMatchObject({ colSpan: 2, text: 'Head' });
  });

  it('builds adjacency relations to the nearest non-empty neighbours', () => {
    const cells = gridCells([
      ['x', '', 'y'],
      ['z', 'w', ''],
    ]);
    expect(adjacencyRelations(cells).sort()).toEqual(['x\u0000y\u0000h', 'x\u0000z\u0000v', 'z\u0000w\u0000h'].sort());
    expect(icdarScore(cells, cells)).toEqual({ precision: 1, recall: 1, f1: 1 });
    const wrong = gridCells([['x', 'y', 'z', 'w']]);
    // x→y and z→w are found again; y→z is not a GT relation, x→z (below) is missed.
    expect(icdarScore(wrong, cells).f1).toBeCloseTo(2 / 3);
  });

  it('scores cells exactly, fuzzily and by columns', () => {
    const gt = [
      ['Name', 'Value'],
      ['alpha', '1.0'],
      ['', '2.0'],
    ];
    const pred = [
      ['Name', 'Value'],
      ['alpha', '1.0'],
      ['beta', '2.0'],
    ];
    const s = cellScore(pred, gt);
    expect(s.shapeMatch).toBe(true);
    expect(s.cellAccuracy).toBeCloseTo(5 / 6);
    expect(s.fuzzyF1).toBeCloseTo((2 * (5 / 6) * 1) / (5 / 6 + 1));
    expect(cellJaccard(gridCells(pred), gridCells(gt))).toBeCloseTo(5 / 6);
  });
});
