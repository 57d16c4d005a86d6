import { describe, it, expect } from 'vitest';
import { contentChecks, failureChecks, referenceFileOf, renamedCheck, robustnessChecks, type LabelledRun } from './edge-checks.js';
import { pageText, parseRun, runMarkdown, type ParserRun } from './parser-run.js';
import type { ProcessResult } from './runner.js';
import { kindOf, scoreText } from './text-scoring.js';

function processResult(run: ParserRun | null, extra: Partial<ProcessResult> = {}): ProcessResult {
  return {
    exitCode: run?.status === 'PROCESSED' ? 0 : 1,
    signal: null,
    stdout: run ? JSON.stringify(run) : '',
    stderr: '',
    ms: 500,
    timedOut: false,
    maxRssKb: 150_000,
    ...extra,
  };
}

function labelled(run: ParserRun | null, extra: Partial<ProcessResult> = {}): LabelledRun {
  const result = processResult(run, extra);
  return { label: 'no pw', result, run: parseRun(result.stdout) };
}

const page = (n: number, content: string, width = 612, height = 792) => ({
  content,
  metadata: { pageRange: { start: n, end: n } },
  blocks: [{ type: 'text', content, metadata: { page: { number: n, width, height } } }],
});

describe('kindOf', () => {
  it('maps MANIFEST gt_kind values to scoring families', () => {
    expect(kindOf('markdown+DoclingDocument-json(docling regression output)', [])).toBe('docling');
    expect(kindOf('text-strip-equals(pdfminer extract_text)', [])).toBe('contains');
    expect(kindOf('text-line-7-equals(pdfminer extract_text)', [])).toBe('line7');
    expect(kindOf('layout-preserving-text(pdfplumber extract_text(layout=True))', [])).toBe('layout');
    expect(kindOf('plain-text (PDFBox, unsorted + sorted)', [])).toBe('pdfbox');
    expect(kindOf('source-text(LaTeX body, authoritative)', [])).toBe('latex');
    expect(kindOf('', ['x.expected.md'])).toBe('docling');
  });
});

describe('scoreText', () => {
  it('docling: strips markdown on both sides and checks structure', () => {
    const gt = '## Title\n\n- one\n- two\n\n| a | b |\n| - | - |\n| 1 | 2 |';
    const s = scoreText('docling', '## Title\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |', { expected: gt }, true);
    expect(s.es).toBe(1);
    expect(s.pass).toBe(true);
    expect(s.structure?.ok).toEqual({ headings: true, listItems: true, tables: true });
    const flatPred = scoreText('docling', 'Title one two a b 1 2', { expected: gt }, true);
    expect(flatPred.es).toBe(1);
    expect(flatPred.structure?.ok.headings).toBe(false);
  });
  it('contains: markdown headings of ours do not break the contains rule', () => {
    const s = scoreText('contains', '## Heading\n\nSome text\n\n## Sub\n\nMore', { expected: 'Heading\n\nSome text\n\nSub\n\nMore\n\n\f' }, true);
    expect(s.pass).toBe(true);
    const miss = scoreText('contains', 'Heading Some txt', { expected: 'Heading Some text' }, false);
    expect(miss.pass).toBe(false);
    expect(miss.es).toBeCloseTo(1 - 1 / 17, 10);
  });
  it('line7: needs the expected line as a whole line', () => {
    expect(scoreText('line7', 'a\nTermin: 1\nb', { expected: 'Termin: 1' }, false).pass).toBe(true);
    expect(scoreText('line7', 'a Termin: 1 b', { expected: 'Termin: 1' }, false).pass).toBe(false);
  });
  it('layout: indentation counts, flat ES kept as fallback', () => {
    const gt = '\n   1   IN THE COURT   \n   2   x\n';
    expect(scoreText('layout', '   1   IN THE COURT\n   2   x', { expected: gt }, false).es).toBe(1);
    const noLayout = scoreText('layout', '1 IN THE COURT\n2 x', { expected: gt }, false);
    expect(noLayout.es).toBeLessThan(0.8);
    expect(noLayout.extra?.['flatEs']).toBe(1);
  });
  it('pdfbox: takes the better of unsorted and sorted GT', () => {
    const s = scoreText('pdfbox', 'b a', { expected: 'a b', expectedSorted: 'b a' }, false);
    expect(s.es).toBe(1);
  });
  it('latex: undoes line-end hyphenation and ignores page numbers', () => {
    const s = scoreText('latex', 'Lorem ip-\nsum dolor\n\n1', { expected: 'Lorem ipsum dolor' }, false);
    expect(s.bow).toBe(1);
    expect(s.es).toBe(1);
  });
});

describe('parser-run helpers', () => {
  it('joins chunk contents and finds page text', () => {
    const run = parseRun(JSON.stringify({ status: 'PROCESSED', chunks: [page(1, 'one'), page(2, 'two')] }));
    expect(run).not.toBeNull();
    if (!run) return;
    expect(runMarkdown(run)).toBe('one\n\ntwo');
    expect(pageText(run, 2)).toBe('two');
    expect(parseRun('Error: boom')).toBeNull();
  });
});

describe('edge checks', () => {
  it('flags a crash (no JSON) and a too-slow or too-big run', () => {
    const crashed = robustnessChecks(labelled(null, { exitCode: 134, stderr: 'FATAL ERROR: heap' }));
    expect(crashed.find((c) => c.name.startsWith('no crash'))?.status).toBe('fail');
    const slow = robustnessChecks(labelled({ status: 'PROCESSED', chunks: [] }, { ms: 61_000, maxRssKb: 3_000_000 }));
    expect(slow.filter((c) => c.status === 'fail').map((c) => c.name)).toEqual(['time < 60 s [no pw]', 'peak RSS < 2 GiB [no pw]']);
  });
  it('rejects INTERNAL_ERROR as an untyped failure', () => {
    const checks = robustnessChecks(labelled({ status: 'FAILED', failureReason: 'INTERNAL_ERROR', chunks: [] }));
    expect(checks.find((c) => c.name.startsWith('typed failure'))?.status).toBe('fail');
    expect(failureChecks(labelled({ status: 'FAILED', failureReason: 'CORRUPT_FILE', chunks: [] }), ['PASSWORD_PROTECTED_FILE'])[0]?.status).toBe('fail');
  });
  it('checks pages, per-page text, prefix, cells and page size', () => {
    const run: ParserRun = { status: 'PROCESSED', chunks: [page(1, 'Mai 30\n\nzen of python', 612, 1008), page(2, 'habibi')], metrics: { pageCount: 2 } };
    const spec = { pages: 2, expected_text_per_page: ['zen', 'habibi'], expected_prefix: 'Mai 30\n\nzen', text_cells: ['of python'], page1_width: 612, page1_height: 1008 };
    const checks = contentChecks(labelled(run), spec, { wantText: true });
    expect(checks.every((c) => c.status === 'pass')).toBe(true);
    const wrong = contentChecks(labelled(run), { pages: 3, expected_prefix: 'zen' }, { wantText: false });
    expect(wrong.map((c) => c.status)).toEqual(['fail', 'fail']);
  });
  it('accepts a renamed non-PDF only when typed or when the text matches', () => {
    expect(renamedCheck(labelled({ status: 'FAILED', failureReason: 'FILE_TYPE_NOT_SUPPORTED', chunks: [] }), null).status).toBe('pass');
    expect(renamedCheck(labelled({ status: 'FAILED', failureReason: 'CORRUPT_FILE', chunks: [] }), null).status).toBe('fail');
    const routed = labelled({ status: 'PROCESSED', chunks: [page(1, 'Lorem ipsum dolor')] });
    expect(renamedCheck(routed, { text: '# Lorem ipsum dolor', markdown: true }).status).toBe('pass');
    expect(renamedCheck(routed, { text: 'something else entirely', markdown: false }).status).toBe('fail');
  });
  it('finds the reference file named by an expectation', () => {
    expect(referenceFileOf({ expect: ['with user or owner password: opens; text equals text of encryption_base.pdf'] })).toBe('encryption_base.pdf');
    expect(referenceFileOf({ expect: ['opens'] })).toBeNull();
  });
});
