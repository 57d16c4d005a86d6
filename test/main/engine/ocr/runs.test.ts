// Runs along rows joined into pieces: runs that overlap on consecutive rows are one piece, runs
// touching only at a corner join when asked to reach a pixel further.
import { describe, expect, it } from 'vitest';
import { joinRuns, RowRuns } from '../../../../src/main/engine/image/runs.js';

/** Runs of the '#' cells of a picture drawn in text, one row per line. */
function runsOf(picture: string[]): RowRuns {
  const runs = new RowRuns(picture.length, 2);
  picture.forEach((line, y) => {
    runs.beginRow(y);
    for (const m of line.matchAll(/#+/g)) runs.add(y, m.index, m.index + m[0].length);
  });
  runs.end();
  return runs;
}

function pieces(root: Int32Array): number {
  return root.filter((r, i) => r === i).length;
}

describe('joining runs into pieces', () => {
  const picture = ['##..#...', '.##..#..', '......#.', '##......'];

  it('joins runs that overlap on consecutive rows, and grows past its first capacity', () => {
    const runs = runsOf(picture);
    expect(runs.count).toBe(6);
    expect([...runs.rowFirst]).toEqual([0, 2, 4, 5, 6]);
    const root = joinRuns(runs);
    // "##" over ".##" is one piece; the diagonal "#", "#", "#" are three; the last row's "##" one.
    expect(pieces(root)).toBe(5);
    expect(root[0]).toBe(root[2]);
  });

  it('joins runs touching at a corner when reaching a pixel further', () => {
    const root = joinRuns(runsOf(picture), 1);
    expect(pieces(root)).toBe(3);
    expect(new Set([root[1], root[3], root[4]]).size).toBe(1);
  });
});
