// The cheap test that decides whether a page's drawing is read for ruling lines at all.
import { describe, expect, it } from 'vitest';
import { mayHoldTable } from '../../../../src/main/engine/tables/page-gate.js';
import type { TextRun } from '../../../../src/main/engine/page-model.js';

const run = (text: string, x0: number, baseline: number, fontSize = 10) =>
  ({ text, x0, x1: x0 + text.length * 5, baseline, fontSize, orientation: 0 }) as unknown as TextRun;

describe('mayHoldTable', () => {
  it('opens pages whose rows split at the same place (a column boundary)', () => {
    const prose = Array.from({ length: 20 }, (_, i) => run('a line of running prose', 50, 40 + 14 * i));
    const rows = [0, 1, 2, 3].map((i) => [run('Chair', 50, 400 + 14 * i), run('70.00', 200, 400 + 14 * i)]);
    expect(mayHoldTable([...prose, ...rows.flat()])).toBe(true);
  });

  it('skips prose, a two-column layout and formulas of spread-out glyphs', () => {
    const twoColumns = Array.from({ length: 30 }, (_, i) => [run('left column text', 50, 100 + 14 * i), run('right column text', 320, 100 + 14 * i)]).flat();
    expect(mayHoldTable(twoColumns)).toBe(false);
    const formula = Array.from({ length: 10 }, (_, i) => [run('x', 50 + 7 * i, 100 + 14 * i), run('0', 90 + 13 * i, 100 + 14 * i), run('y', 130, 100 + 14 * i)]).flat();
    expect(mayHoldTable(formula)).toBe(false);
  });
});
