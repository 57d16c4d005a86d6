// Figure blocks among a page's text: each figure found in the drawing takes its place in the
// reading order, with its figureType, the caption printed beside it, and — with signature
// detection on — `signature: true` when it is handwriting, or a picture by a signature label.
import type { ParseConfig } from '../../../shared/parse-contract.js';
import { CONFIDENT_WORD, overlapArea, rectArea, unionRects, type Line, type PageBlock, type PageModel, type Rect } from '../page-model.js';
import { CAPTION_RE } from '../layout/headings.js';
import { insertByPosition } from '../layout/insert.js';
import { chartLabelArea, type FigureCandidate } from './detect.js';

export interface FigureOptions {
  figures: boolean;
  signatures: boolean;
}

/** Words that label a place to sign, in the languages the app's users write in most. */
export const SIGNATURE_LABEL =
  /\b(?:signature|signed|sign here|signatory|authori[sz]ed by|unterschrift|unterzeichnet|firma|signé|signature du|handtekening|assinatura|podpis)\b/iu;

/** How far (points) a signature may sit from its label. */
const LABEL_REACH_X = 220;
const LABEL_REACH_Y = 48;

/** Whether a run looks for figures: for figure blocks, or for signatures to mark. */
export function wantsFigures(config: ParseConfig): boolean {
  return config.blockOptions.figures.enabled || config.blockOptions.text.signatureDetectionEnabled;
}

/** Whether a run makes figure blocks with their pictures. */
export function wantsFigureImages(config: ParseConfig): boolean {
  return config.blockOptions.figures.enabled && config.blockOptions.figures.figureImageClippingEnabled;
}

/** How far (points) a caption may sit from its figure. */
const CAPTION_GAP = 36;

const overlapX = (a: Rect, b: Rect) => Math.min(a.right, b.right) - Math.max(a.left, b.left);

/** Whether a signature label line sits where one labels this area: to its left on the same
 *  row, just below it (a name under the line), or just above it. */
function labelledBy(box: Rect, line: Line): boolean {
  if (!SIGNATURE_LABEL.test(line.text)) return false;
  const l = line.box;
  const sameRow = l.bottom >= box.top - 6 && l.top <= box.bottom + 6 && l.right <= box.left + 12 && box.left - l.right <= LABEL_REACH_X;
  const below = l.top >= box.bottom - 12 && l.top - box.bottom <= LABEL_REACH_Y && overlapX(l, box) > 0;
  const above = l.bottom <= box.top + 12 && box.top - l.bottom <= LABEL_REACH_Y && overlapX(l, box) > 0;
  return sameRow || below || above;
}

function isSignature(f: FigureCandidate, lines: Line[]): boolean {
  if (f.ink) return true;
  // A picture or a drawing by a signature label (a scanned signature pasted onto a form).
  return f.figureType !== 'chart' && f.figureType !== 'diagram' && lines.some((l) => labelledBy(f.box, l));
}

/** A figure's caption: a block just below (or above) it, overlapping its columns, that starts
 *  like one ("Figure 3", "Chart 2") or is a short line in a smaller or italic face. */
function captionFor(fig: Rect, blocks: PageBlock[], bodySize: number): PageBlock | undefined {
  let best: { block: PageBlock; score: number } | undefined;
  for (const b of blocks) {
    if (b.type !== 'text' || b.lines.length === 0 || overlapX(b.box, fig) <= 0) continue;
    const below = b.box.top - fig.bottom;
    const above = fig.top - b.box.bottom;
    const gap = below >= -2 ? below : above >= -2 ? above : Infinity;
    if (gap > CAPTION_GAP) continue;
    const text = b.lines.map((l) => l.text).join(' ').trim();
    const labelled = CAPTION_RE.test(text);
    const styled = below >= -2 && gap <= 14 && wordCount(text) >= 3 && text.length <= 200 && b.lines.length <= 3 && b.lines.every((l) => l.italic || l.fontSize < bodySize - 0.4);
    if (!labelled && !styled) continue;
    // Labelled captions first, then the nearest; below before above.
    const score = (labelled ? 0 : 1000) + gap + (below >= -2 ? 0 : 10);
    if (!best || score < best.score) best = { block: b, score };
  }
  return best?.block;
}

/** Markdown for a figure that has no picture file: a comment a reader of the markdown skips. */
export function figurePlaceholder(type: string): string {
  return `<!-- figure: ${type} -->`;
}

/** The figures a page keeps, and the text lines each takes over (labels set in a picture,
 *  a chart's axes and legend): found before the page's text is grouped into blocks. */
export interface FigurePlan {
  figures: FigureCandidate[];
  covered: Map<Line, number>;
}

/** Longest line (characters) a figure takes over as one of its labels. */
const MAX_LABEL = 60;

const inside = (l: Line, b: Rect) => l.box.left >= b.left - 2 && l.box.right <= b.right + 2 && l.box.top >= b.top - 2 && l.box.bottom <= b.bottom + 2;
const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** Whether a line's words were read with confidence (always, for a text layer's). */
function readWell(l: Line): boolean {
  const known = l.runs.filter((r) => r.confidence !== undefined);
  return known.length === 0 || known.reduce((sum, r) => sum + r.confidence!, 0) / known.length >= CONFIDENT_WORD;
}

/** Whether what looked like a figure is set under the page's text: a band behind a heading,
 *  a tint or frame behind paragraphs. Such text is the page's own, and the picture decoration.
 *  (A chart keeps its title, however large.) */
function underText(f: FigureCandidate, lines: Line[], bodySize: number): boolean {
  // In a scan, words misread from the picture itself (a logo's letters) are not text over it.
  const over = lines.filter((l) => inside(l, f.box) && (!f.scanned || readWell(l)));
  if (over.some((l) => l.fontSize > bodySize + 1.5)) return true;
  return over.filter((l) => wordCount(l.text) >= 8).length >= 2;
}

/** Which figures a page keeps (not a table's own borders or shading, not decoration under the
 *  text) and the lines they take over: labels no larger than body text. Lines are taken only
 *  when figure blocks are made. */
export function planFigures(page: PageModel, lines: Line[], tables: Rect[], options: FigureOptions, bodySize: number): FigurePlan {
  const figures = (page.figures ?? []).filter(
    (f) => !tables.some((t) => overlapArea(t, f.box) >= 0.5 * rectArea(f.box)) && (f.ink || f.figureType === 'chart' || !underText(f, lines, bodySize)),
  );
  const covered = new Map<Line, number>();
  if (!options.figures) return { figures, covered };
  const planned = figures.map((f, i) => {
    if (f.ink || f.scanned) return f;
    // A chart's tick labels sit around its plot; they join it, and so does its picture.
    const reach = f.figureType === 'chart' ? chartLabelArea(f.box) : f.box;
    let box = f.box;
    for (const l of lines) {
      if (covered.has(l) || l.text.length > MAX_LABEL || l.fontSize > bodySize + 0.5 || !inside(l, reach)) continue;
      covered.set(l, i);
      box = unionRects([box, l.box]);
    }
    return box === f.box ? f : { ...f, box };
  });
  return { figures: planned, covered };
}

/** Puts the planned figures among the page's blocks as `figure` blocks (with their labels,
 *  captions and signature marks), or — without figure blocks — marks signatures on the
 *  blocks of their labels. */
export function placeFigures(page: PageModel, plan: FigurePlan, options: FigureOptions, bodySize: number): void {
  if (plan.figures.length === 0) return;
  const lines = page.blocks.flatMap((b) => b.lines);
  const labels = new Map<number, Line[]>();
  for (const [line, at] of plan.covered) labels.set(at, [...(labels.get(at) ?? []), line]);
  const groups: PageBlock[][] = [];
  plan.figures.forEach((f, i) => {
    const signature = options.signatures && isSignature(f, lines);
    if (!options.figures) {
      const line = signature ? (lines.find((l) => labelledBy(f.box, l)) ?? nearestLine(f.box, lines)) : undefined;
      const label = line && page.blocks.find((b) => b.lines.includes(line));
      if (label) label.details = { ...(label.details ?? {}), signature: true, signatureBox: f.box };
      return;
    }
    const own = (labels.get(i) ?? []).sort((a, b) => a.box.top - b.box.top || a.box.left - b.box.left);
    const caption = captionFor(f.box, page.blocks, bodySize);
    const details: Record<string, unknown> = { figureType: f.figureType, source: f.source };
    if (caption) details['caption'] = caption.lines.map((l) => l.text).join(' ').trim();
    if (own.length > 0) details['text'] = own.map((l) => l.text).join('\n');
    if (signature) details['signature'] = true;
    groups.push([{ type: 'figure', lines: own, box: f.box, markdown: figurePlaceholder(f.figureType), details, figure: f }]);
  });
  if (groups.length > 0) page.blocks = insertByPosition(page.blocks, groups, 'after-above');
}

function nearestLine(box: Rect, lines: Line[]): Line | undefined {
  let best: { line: Line; d: number } | undefined;
  for (const l of lines) {
    const dx = Math.max(0, l.box.left - box.right, box.left - l.box.right);
    const dy = Math.max(0, l.box.top - box.bottom, box.top - l.box.bottom);
    const d = Math.hypot(dx, dy);
    if (!best || d < best.d) best = { line: l, d };
  }
  return best?.line;
}
