import { describe, expect, it } from 'vitest';
import { buildLines } from '../../../src/main/engine/layout/lines.js';
import type { TextRun } from '../../../src/main/engine/page-model.js';
import { run } from './layout-helpers.js';

/** Runs laid out left to right on one baseline, each `gap` points after the previous. */
function row(texts: string[], x0: number, baseline: number, gap: number): TextRun[] {
  const out: TextRun[] = [];
  let x = x0;
  for (const t of texts) {
    const r = run(t, x, baseline);
    out.push(r);
    x = r.x1 + gap;
  }
  return out;
}

describe('buildLines: joining runs', () => {
  it('joins runs on one baseline with a space at a word gap', () => {
    const lines = buildLines(row(['Hello', 'world'], 50, 100, 2.5));
    expect(lines.map((l) => l.text)).toEqual(['Hello world']);
  });

  it('joins touching runs without a space', () => {
    const lines = buildLines(row(['Hel', 'lo'], 50, 100, 0));
    expect(lines.map((l) => l.text)).toEqual(['Hello']);
  });

  it('adds a space at a narrow gap only when the text layer put one there', () => {
    const [a, b] = row(['over', 'lap'], 50, 100, 1);
    expect(buildLines([a!, { ...b!, spaceBefore: true }]).map((l) => l.text)).toEqual(['over lap']);
    expect(buildLines([a!, b!]).map((l) => l.text)).toEqual(['overlap']);
  });

  it('keeps a space carried at a run’s edge', () => {
    const [a, b] = row(['Hello', 'world'], 50, 100, 0);
    expect(buildLines([{ ...a!, spaceRight: true }, b!]).map((l) => l.text)).toEqual(['Hello world']);
  });

  it('orders runs by x, not by their order in the content stream', () => {
    const rs = row(['The', 'quick', 'brown', 'fox'], 50, 100, 3);
    const lines = buildLines([rs[2]!, rs[0]!, rs[3]!, rs[1]!]);
    expect(lines.map((l) => l.text)).toEqual(['The quick brown fox']);
  });

  it('puts runs on different baselines into different lines', () => {
    const lines = buildLines([...row(['first', 'line'], 50, 100, 3), ...row(['second', 'line'], 50, 112, 3)]);
    expect(lines.map((l) => l.text)).toEqual(['first line', 'second line']);
    expect(lines[0]!.baseline).toBe(100);
    expect(lines[1]!.baseline).toBe(112);
  });

  it('gives the line the union box and the extent of its runs', () => {
    const [line] = buildLines(row(['Hello', 'world'], 50, 100, 2.5));
    expect(line!.x0).toBe(50);
    expect(line!.x1).toBe(102.5);
    expect(line!.box).toEqual({ left: 50, top: 92, right: 102.5, bottom: 102 });
    expect(line!.fontSize).toBe(10);
    expect(line!.rtl).toBe(false);
  });
});

describe('buildLines: fragments', () => {
  it('splits a row at a gap wider than 1 em (two columns)', () => {
    const left = row(['end', 'of', 'left'], 50, 100, 3);
    const right = row(['start', 'of', 'right'], left.at(-1)!.x1 + 25, 100, 3);
    const lines = buildLines([...left, ...right]);
    expect(lines.map((l) => l.text)).toEqual(['end of left', 'start of right']);
    expect(lines[0]!.x1).toBeLessThan(lines[1]!.x0);
  });

  it('does not split at a gap below 1 em', () => {
    const lines = buildLines(row(['justified', 'wide', 'spacing'], 50, 100, 8));
    expect(lines.map((l) => l.text)).toEqual(['justified wide spacing']);
  });

  it('keeps a bullet set 2 em apart with its text', () => {
    const bullet = run('•', 50, 100, { width: 4 });
    const text = row(['First', 'item'], 74, 100, 3);
    expect(buildLines([bullet, ...text]).map((l) => l.text)).toEqual(['• First item']);
  });

  it('keeps a list number set 2 em apart with its text', () => {
    const num = run('1.', 50, 100);
    const text = row(['Install', 'it'], num.x1 + 20, 100, 3);
    expect(buildLines([num, ...text]).map((l) => l.text)).toEqual(['1. Install it']);
  });

  it('splits a word that is not a label from text 2 em away', () => {
    const label = run('Total', 50, 100);
    const value = run('42.00', label.x1 + 20, 100);
    expect(buildLines([label, value]).map((l) => l.text)).toEqual(['Total', '42.00']);
  });

  it('splits a bullet from text far beyond the label gap', () => {
    const bullet = run('•', 50, 100, { width: 4 });
    const text = run('Far', 54 + 60, 100);
    expect(buildLines([bullet, text]).map((l) => l.text)).toEqual(['•', 'Far']);
  });
});

describe('buildLines: superscripts', () => {
  it('keeps a slightly raised, smaller superscript in the line', () => {
    const base = run('E = mc', 50, 100);
    const sup = run('2', base.x1, 96.5, { size: 6 });
    const after = run('holds', sup.x1 + 3, 100);
    const lines = buildLines([base, sup, after]);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.text).toBe('E = mc2 holds');
    expect(lines[0]!.baseline).toBe(100);
    expect(lines[0]!.fontSize).toBe(10);
  });

  it('keeps a footnote marker after a word', () => {
    const word = run('result', 50, 100);
    const mark = run('1', word.x1 + 0.3, 97, { size: 6 });
    const next = run('follows', mark.x1 + 3, 100);
    expect(buildLines([next, mark, word]).map((l) => l.text)).toEqual(['result1 follows']);
  });
});

describe('buildLines: right-to-left', () => {
  it('reads RTL runs from the right and keeps an embedded LTR pair in LTR order', () => {
    // Visual order, left to right: מאוד R Python אוהב אני
    // Logical order: אני אוהב R Python מאוד
    const gap = 3;
    const visual: Array<[string, boolean]> = [
      ['מאוד', true],
      ['R', false],
      ['Python', false],
      ['אוהב', true],
      ['אני', true],
    ];
    const runs: TextRun[] = [];
    let x = 50;
    for (const [t, rtl] of visual) {
      const r = run(t, x, 100, { rtl });
      runs.push(r);
      x = r.x1 + gap;
    }
    const lines = buildLines(runs);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.rtl).toBe(true);
    expect(lines[0]!.text).toBe('אני אוהב R Python מאוד');
    expect(lines[0]!.runs.map((r) => r.text)).toEqual(['אני', 'אוהב', 'R', 'Python', 'מאוד']);
  });

  it('leaves a mostly-LTR line with one RTL word in visual order', () => {
    const runs = row(['see', 'שלום', 'here'], 50, 100, 3).map((r) => ({ ...r, rtl: r.text === 'שלום' }));
    const lines = buildLines(runs);
    expect(lines[0]!.rtl).toBe(false);
    expect(lines[0]!.text).toBe('see שלום here');
  });
});

describe('buildLines: orientation', () => {
  it('never joins runs of different orientations', () => {
    const a = run('upright', 50, 100);
    const b = run('turned', a.x1 + 2, 100, { orientation: 90 });
    const lines = buildLines([a, b]);
    expect(lines.map((l) => [l.text, l.orientation])).toEqual([
      ['upright', 0],
      ['turned', 90],
    ]);
  });

  it('drops runs with only white space', () => {
    expect(buildLines([run('   ', 50, 100)])).toEqual([]);
  });
});
