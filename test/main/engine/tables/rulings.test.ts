// Ruling segments from a page's operator list: stroked lines, thin filled bars and shading
// boxes' edges, read from pdf.js's packed constructPath data.
import { describe, expect, it } from 'vitest';
import { OPS } from '../../../../src/main/engine/pdf/pdfjs.js';
import { DrawOp } from '../../../../src/main/engine/pdf/operator-walk.js';
import { rulingSegments } from '../../../../src/main/engine/tables/rulings.js';

const { MOVE, LINE, CURVE, CLOSE } = DrawOp;
/** PDF space of a 600-point-high page onto the upright page (y down). */
const VIEW = [1, 0, 0, -1, 0, 600];

function path(paint: number, data: number[]): { fnArray: number[]; argsArray: unknown[] } {
  return { fnArray: [OPS.constructPath], argsArray: [[paint, [Float32Array.from(data)], null]] };
}

describe('rulingSegments', () => {
  it('keeps the straight sides of a stroked path, on the upright page', () => {
    const segs = rulingSegments(path(OPS.stroke, [MOVE, 10, 500, LINE, 110, 500, LINE, 110, 400]), VIEW);
    expect(segs).toEqual([
      { x0: 10, y0: 100, x1: 110, y1: 100 },
      { x0: 110, y0: 100, x1: 110, y1: 200 },
    ]);
  });

  it('reads a thin filled bar as one rule and a larger filled box as its four edges', () => {
    const bar = rulingSegments(path(OPS.fill, [MOVE, 10, 500, LINE, 210, 500, LINE, 210, 501, LINE, 10, 501, CLOSE]), VIEW);
    expect(bar).toEqual([{ x0: 10, y0: 99.5, x1: 210, y1: 99.5 }]);
    const box = rulingSegments(path(OPS.fill, [MOVE, 10, 500, LINE, 210, 500, LINE, 210, 480, LINE, 10, 480, CLOSE]), VIEW);
    expect(box).toHaveLength(4);
    expect(box.every((s) => s.edge === true)).toBe(true);
  });

  it('takes nothing from a curved subpath but still reads the straight one after it', () => {
    const segs = rulingSegments(
      path(OPS.stroke, [MOVE, 10, 500, CURVE, 20, 520, 40, 520, 50, 500, LINE, 150, 500, MOVE, 10, 300, LINE, 90, 300]),
      VIEW,
    );
    expect(segs).toEqual([{ x0: 10, y0: 300, x1: 90, y1: 300 }]);
  });

  it('reads a subpath of 130,000 points (a plotted staircase) without running out of stack', () => {
    const data: number[] = [MOVE, 0, 0];
    for (let i = 1; i < 130_000; i++) data.push(LINE, i % 2 === 1 ? 10 * Math.ceil(i / 2) : 10 * (i / 2), i % 2 === 1 ? 5 * Math.floor(i / 2) : 5 * (i / 2));
    const segs = rulingSegments(path(OPS.stroke, data), VIEW);
    expect(segs).toHaveLength(129_999);
  });
});
