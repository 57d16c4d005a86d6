import { describe, it, expect } from 'vitest';
import {
  bestSubstringSimilarity,
  bowF1,
  bowRecall,
  containsFlat,
  dropPageNumberLines,
  editSimilarity,
  flat,
  hasLine,
  layoutLines,
  mean,
  norm,
  stripMarkdown,
  structureCounts,
  tokens,
  undoHyphenation,
  withinTolerance,
} from './metrics.js';

describe('norm', () => {
  it('unifies newlines, collapses spaces and strips lines', () => {
    expect(norm('a\r\nb\rc')).toBe('a\nb\nc');
    expect(norm('  x \t\t y  \n  z ')).toBe('x y\nz');
  });
  it('expands ligatures via NFKC and removes soft hyphen / zero-width characters', () => {
    expect(norm('\uFB01ne e\uFB00ect')).toBe('fine effect');
    expect(norm('hy\u00ADphen\u200Bated\uFEFF')).toBe('hyphenated');
  });
  it('folds runs of 3+ blank lines into one blank line, keeps one or two', () => {
    expect(norm('a\n\n\n\n\nb')).toBe('a\n\nb');
    expect(norm('a\n\n\n\nb')).toBe('a\n\nb');
    expect(norm('a\n\n\nb')).toBe('a\n\n\nb');
    expect(norm('a\n \n\t\n \nb')).toBe('a\n\nb');
    expect(norm('a\n\nb')).toBe('a\n\nb');
  });
  it('treats a form feed as a line break', () => {
    expect(norm('page one\fpage two')).toBe('page one\npage two');
  });
});

describe('flat and tokens', () => {
  it('collapses all whitespace to single spaces and trims', () => {
    expect(flat('\n  Hello\n\n  World \t!\n')).toBe('Hello World !');
    expect(tokens(' a  b\nc ')).toEqual(['a', 'b', 'c']);
    expect(tokens('   ')).toEqual([]);
  });
});

describe('editSimilarity', () => {
  it('is 1 for equal strings and both empty', () => {
    expect(editSimilarity('abc', 'abc')).toBe(1);
    expect(editSimilarity('', '')).toBe(1);
  });
  it('is 1 - distance / max length', () => {
    expect(editSimilarity('kitten', 'sitting')).toBeCloseTo(1 - 3 / 7, 10);
    expect(editSimilarity('abc', '')).toBe(0);
  });
});

describe('bowF1 and bowRecall', () => {
  it('is a multiset F1', () => {
    // pred: a a b (3), exp: a b c (3): common = a,b = 2 → P = R = 2/3
    expect(bowF1('a a b', 'a b c')).toBeCloseTo(2 / 3, 10);
    expect(bowF1('x y', 'x y')).toBe(1);
    expect(bowF1('', 'x')).toBe(0);
    expect(bowF1('', '')).toBe(1);
  });
  it('counts repeated tokens only as often as expected', () => {
    // pred: the the the cat (4), exp: the cat (2): common 2 → P = .5, R = 1
    expect(bowF1('the the the cat', 'the cat')).toBeCloseTo(2 / 3, 10);
    expect(bowRecall('the the the cat', 'the cat')).toBe(1);
    expect(bowRecall('cat', 'the cat')).toBe(0.5);
  });
});

describe('stripMarkdown', () => {
  it('removes headings, list markers, emphasis and image placeholders', () => {
    const md = '## Title\n\n- item one\n* item two\n\n**bold** and *it*\n\n<!-- image -->\n';
    expect(flat(stripMarkdown(md))).toBe('Title item one item two bold and it');
  });
  it('removes table pipes and separator rows but keeps cell text', () => {
    const md = '| # enc | Lang |\n| - | - |\n| 6 | OTSL |';
    expect(flat(stripMarkdown(md))).toBe('# enc Lang 6 OTSL');
  });
  it('keeps hyphens inside words and undoes escapes', () => {
    expect(flat(stripMarkdown('content-an FCNID(QIBM\\_DB\\_SECADM) &amp; more'))).toBe(
      'content-an FCNID(QIBM_DB_SECADM) & more',
    );
  });
  it('drops code fences and other docling placeholders', () => {
    expect(flat(stripMarkdown('```\ncode();\n```\n<!-- formula-not-decoded -->\nx'))).toBe('code(); x');
  });
});

describe('structureCounts', () => {
  it('counts headings, list items and tables', () => {
    const md = '# A\n\ntext\n\n## B\n\n- x\n- y\n1. z\n\n| a | b |\n| - | - |\n\npara\n\n| c |\n';
    expect(structureCounts(md)).toEqual({ headings: 2, listItems: 3, tables: 2 });
  });
  it('ignores markers inside code fences', () => {
    expect(structureCounts('```\n# not a heading\n- not a list\n```')).toEqual({ headings: 0, listItems: 0, tables: 0 });
  });
  it('applies a ±20% tolerance', () => {
    expect(withinTolerance(12, 10)).toBe(true);
    expect(withinTolerance(13, 10)).toBe(false);
    expect(withinTolerance(0, 0)).toBe(true);
    expect(withinTolerance(1, 0)).toBe(false);
  });
});

describe('contains and line checks', () => {
  it('containsFlat compares flat() forms', () => {
    expect(containsFlat('xx Hello\n\n  World yy', 'Hello World')).toBe(true);
    expect(containsFlat('Hello there World', 'Hello World')).toBe(false);
  });
  it('hasLine needs a whole line after norm()', () => {
    const pred = 'a\nb\n  Termin  převzetí: 2021-05-03 \nc';
    expect(hasLine(pred, 'Termin převzetí: 2021-05-03')).toBe(true);
    expect(hasLine('Termin převzetí: 2021-05-03 and more', 'Termin převzetí: 2021-05-03')).toBe(false);
  });
});

describe('bestSubstringSimilarity', () => {
  it('is 1 when expected occurs in pred', () => {
    expect(bestSubstringSimilarity('lots of text Hello World more', 'Hello World')).toBe(1);
  });
  it('grades the best window, ignoring the rest of pred', () => {
    // one substitution in an 11-char target, surrounded by unrelated text
    expect(bestSubstringSimilarity('zzzzzzzz Hello Worle zzzzzzzz', 'Hello World')).toBeCloseTo(1 - 1 / 11, 10);
    expect(bestSubstringSimilarity('', 'abc')).toBe(0);
    expect(bestSubstringSimilarity('qqq', 'abc')).toBe(0);
  });
  it('stays bounded and finds the match in a very long prediction', () => {
    const filler = 'lorem ipsum dolor sit amet '.repeat(4000);
    const target = 'the quick brown fox jumps over the lazy dog '.repeat(60).trim();
    const pred = filler + target.replace('fox', 'fax') + ' ' + filler;
    const start = Date.now();
    const score = bestSubstringSimilarity(pred, target);
    expect(score).toBeGreaterThan(0.99);
    expect(score).toBeLessThan(1);
    expect(Date.now() - start).toBeLessThan(5000);
  });
});

describe('layout and LaTeX helpers', () => {
  it('layoutLines cuts trailing spaces and outer blank lines but keeps indentation', () => {
    expect(layoutLines('\n\n   a   \r\n    b  \n\n')).toBe('   a\n    b');
  });
  it('undoHyphenation joins words split at line ends', () => {
    expect(undoHyphenation('an exam-\nple here')).toBe('an example here');
    expect(undoHyphenation('well-known')).toBe('well-known');
  });
  it('dropPageNumberLines removes page-number-only lines', () => {
    expect(dropPageNumberLines('text\n12\nmore\n- 3 -\n2021 was')).toBe('text\nmore\n2021 was');
  });
  it('mean averages and is NaN for no values', () => {
    expect(mean([1, 2, 3])).toBe(2);
    expect(Number.isNaN(mean([]))).toBe(true);
  });
});
