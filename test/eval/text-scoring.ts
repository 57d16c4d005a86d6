// Per-gt_kind scoring of the text-layout task (corpus README, "Scoring by GT kind / text-layout").
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
  norm,
  stripMarkdown,
  structureCounts,
  undoHyphenation,
  withinTolerance,
  type StructureCounts,
} from './metrics.js';

/** The scoring families of the text-layout GT kinds. */
export type TextKind = 'docling' | 'contains' | 'line7' | 'layout' | 'pdfbox' | 'latex';

/** Ground truth of one file: the main expected text plus the optional sorted variant. */
export interface TextGt {
  expected: string;
  expectedSorted?: string | null;
}

/** Result of scoring one prediction. `pass` is the README pass rule or suggested bar. */
export interface TextScore {
  es: number;
  bow: number;
  pass: boolean;
  /** For the contains kinds, whether the strict contains / line rule held (pass = that). */
  extra?: Record<string, number | boolean | string>;
  structure?: StructureCheck;
}

/** Structure counts of a markdown prediction against the docling GT (±20% each). */
export interface StructureCheck {
  pred: StructureCounts;
  gt: StructureCounts;
  ok: { headings: boolean; listItems: boolean; tables: boolean };
}

/** Suggested bars from the README. */
export const BARS = {
  docling: { es: 0.85, bow: 0.95 },
  layout: { es: 0.9 },
  pdfbox: { es: 0.85, bow: 0.95 },
  latex: { bow: 0.98 },
} as const;

/** Maps a MANIFEST gt_kind (or, without one, the GT files present) to a scoring family. */
export function kindOf(gtKind: string, gtFiles: string[]): TextKind | null {
  const k = gtKind.toLowerCase();
  if (k.startsWith('markdown')) return 'docling';
  if (k.startsWith('text-line-7-equals')) return 'line7';
  if (k.startsWith('text-exact') || k.startsWith('text-strip-equals')) return 'contains';
  if (k.startsWith('layout-preserving-text')) return 'layout';
  if (k.startsWith('plain-text')) return 'pdfbox';
  if (k.startsWith('source-text')) return 'latex';
  if (gtFiles.some((f) => f.endsWith('.expected.md'))) return 'docling';
  if (gtFiles.some((f) => f.endsWith('.expected-sorted.txt'))) return 'pdfbox';
  if (gtFiles.some((f) => f.endsWith('.source.tex'))) return 'latex';
  if (gtFiles.some((f) => f.endsWith('.expected.txt'))) return 'contains';
  return null;
}

/** Suffix of the main GT file for a kind. */
export function gtSuffix(kind: TextKind): string {
  return kind === 'docling' ? '.expected.md' : '.expected.txt';
}

/**
 * Scores one prediction. `isMarkdown` says the prediction is markdown (ours): its syntax is
 * stripped before comparing with plain-text GTs. For the docling kind the syntax is stripped
 * from both sides as the README says, and structure counts are compared for markdown predictions.
 */
export function scoreText(kind: TextKind, pred: string, gt: TextGt, isMarkdown: boolean): TextScore {
  const text = isMarkdown ? stripMarkdown(pred) : pred;
  switch (kind) {
    case 'docling':
      return scoreDocling(pred, gt.expected, isMarkdown);
    case 'contains':
    case 'line7':
      return scoreContains(kind, text, gt.expected);
    case 'layout':
      return scoreLayout(text, gt.expected);
    case 'pdfbox':
      return scorePdfbox(text, gt);
    case 'latex':
      return scoreLatex(text, gt.expected);
  }
}

function scoreDocling(pred: string, gtMd: string, isMarkdown: boolean): TextScore {
  const p = flat(stripMarkdown(pred));
  const g = flat(stripMarkdown(gtMd));
  const es = editSimilarity(p, g);
  const bow = bowF1(p, g);
  const score: TextScore = { es, bow, pass: es >= BARS.docling.es && bow >= BARS.docling.bow };
  if (isMarkdown) {
    const predCounts = structureCounts(pred);
    const gtCounts = structureCounts(gtMd);
    score.structure = {
      pred: predCounts,
      gt: gtCounts,
      ok: {
        headings: withinTolerance(predCounts.headings, gtCounts.headings),
        listItems: withinTolerance(predCounts.listItems, gtCounts.listItems),
        tables: withinTolerance(predCounts.tables, gtCounts.tables),
      },
    };
  }
  return score;
}

// Contains kinds: pass = the README rule; ES = ES of expected vs. its best-matching window of
// the prediction (semi-global); BOW = recall of the expected tokens.
function scoreContains(kind: 'contains' | 'line7', text: string, expected: string): TextScore {
  const contains = containsFlat(text, expected);
  const line = kind === 'line7' ? hasLine(text, norm(expected).trim()) : null;
  return {
    es: bestSubstringSimilarity(flat(text), flat(expected)),
    bow: bowRecall(text, expected),
    pass: line ?? contains,
    extra: line === null ? { contains } : { contains, line7: line },
  };
}

// Layout: ES over right-stripped lines (outer blank lines dropped); flat ES kept as the
// README fallback for predictions without layout.
function scoreLayout(text: string, expected: string): TextScore {
  const es = editSimilarity(layoutLines(text), layoutLines(expected));
  const flatEs = editSimilarity(flat(text), flat(expected));
  return { es, bow: bowF1(text, expected), pass: es >= BARS.layout.es, extra: { flatEs } };
}

function scorePdfbox(text: string, gt: TextGt): TextScore {
  const p = flat(text);
  const esMain = editSimilarity(p, flat(gt.expected));
  const esSorted = gt.expectedSorted ? editSimilarity(p, flat(gt.expectedSorted)) : 0;
  const es = Math.max(esMain, esSorted);
  const bow = bowF1(text, gt.expected);
  return { es, bow, pass: es >= BARS.pdfbox.es && bow >= BARS.pdfbox.bow, extra: { esMain, esSorted } };
}

function scoreLatex(text: string, expected: string): TextScore {
  const clean = (s: string): string => flat(dropPageNumberLines(undoHyphenation(s)));
  const p = clean(text);
  const g = clean(expected);
  const bow = bowF1(p, g);
  return { es: editSimilarity(p, g), bow, pass: bow >= BARS.latex.bow };
}
