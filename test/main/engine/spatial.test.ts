import { describe, expect, it } from 'vitest';
import { buildLines } from '../../../src/main/engine/layout/lines.js';
import { renderSpatial } from '../../../src/main/engine/render/spatial.js';
import type { TextRun } from '../../../src/main/engine/page-model.js';
import { run } from './layout-helpers.js';

/** Runs with 5 pt per character (10 pt font). */
const CHAR = 5;

function render(runs: TextRun[]): string[] {
  return renderSpatial(buildLines(runs)).split('\n');
}

describe('renderSpatial', () => {
  it('keeps two fragments on one row at columns proportional to their x positions', () => {
    const rows = render([run('Name', 50, 100), run('Value', 300, 100), run('Total', 50, 112), run('42', 175, 112), run('99', 300, 112)]);
    expect(rows).toHaveLength(2);
    const [r1, r2] = rows as [string, string];
    expect(r1.trim()).toMatch(/^Name\s+Value$/);
    expect(r1.indexOf('Value') - r1.indexOf('Name')).toBe((300 - 50) / CHAR);
    expect(r2.indexOf('42') - r2.indexOf('Total')).toBe((175 - 50) / CHAR);
    // Text at the same x lines up in the same column.
    expect(r2.indexOf('99')).toBe(r1.indexOf('Value'));
    expect(r1.indexOf('Name')).toBe(r2.indexOf('Total'));
  });

  it('separates fragments that would overlap on the grid by at least one space', () => {
    const lines = buildLines([run('Quantity', 50, 100), run('12', 50 + 8 * CHAR + 11, 100)]);
    expect(lines).toHaveLength(2);
    const out = renderSpatial([lines[0]!, { ...lines[1]!, x0: 50 + 7 * CHAR }]);
    expect(out.trim()).toBe('Quantity 12');
  });

  it('inserts blank lines for a big vertical gap', () => {
    const rows = render([run('one', 50, 100), run('two', 50, 112), run('three', 50, 124), run('four', 50, 160)]);
    expect(rows.map((r) => r.trim())).toEqual(['one', 'two', 'three', '', '', 'four']);
  });

  it('inserts no blank line between rows at the usual pitch', () => {
    const rows = render([run('one', 50, 100), run('two', 50, 112), run('three', 50, 124)]);
    expect(rows.map((r) => r.trim())).toEqual(['one', 'two', 'three']);
  });

  it('caps the blank lines for a huge gap', () => {
    const rows = render([run('one', 50, 100), run('two', 50, 112), run('three', 50, 124), run('far', 50, 700)]);
    expect(rows.filter((r) => r === '')).toHaveLength(6);
    expect(rows.at(-1)!.trim()).toBe('far');
  });

  it('indents a line by its x offset', () => {
    const rows = render([run('left', 50, 100), run('indented', 50 + 4 * CHAR, 112)]);
    const [a, b] = rows as [string, string];
    expect(b.indexOf('indented') - a.indexOf('left')).toBe(4);
  });

  it('has no trailing spaces', () => {
    for (const r of render([run('Name', 50, 100), run('Value', 300, 100), run('x', 50, 112)])) expect(r).toBe(r.trimEnd());
  });

  it('appends turned text after the upright rows', () => {
    const rows = render([run('upright', 50, 100), run('sideways', 500, 300, { orientation: 90 })]);
    expect(rows.map((r) => r.trim())).toEqual(['upright', 'sideways']);
  });

  it('renders nothing for no lines', () => {
    expect(renderSpatial([])).toBe('');
  });
});
