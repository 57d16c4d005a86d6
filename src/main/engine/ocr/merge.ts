// Folding a page's OCR into its page model: replace the text layer, fill in where it has
// nothing, or keep an invisible layer only when it agrees with what the image shows. Ruling
// lines seen in the image join the page's drawn ones, so ruled tables on scans are found.
import type { FigureCandidate } from '../figures/detect.js';
import { overlapArea, rectArea, type PageModel, type TextRun } from '../page-model.js';
import type { Segment } from '../tables/types.js';
import type { PageOcr } from './page-ocr.js';

function bag(runs: TextRun[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of runs) {
    for (const t of r.text.toLowerCase().split(/\s+/)) {
      const w = t.replace(/[^\p{L}\p{N}]/gu, '');
      if (w) m.set(w, (m.get(w) ?? 0) + 1);
    }
  }
  return m;
}

/** Bag-of-words F1 between two sets of runs (0–1). */
export function runsAgreement(a: TextRun[], b: TextRun[]): number {
  const A = bag(a);
  const B = bag(b);
  let common = 0;
  let na = 0;
  let nb = 0;
  for (const n of A.values()) na += n;
  for (const n of B.values()) nb += n;
  for (const [w, n] of A) common += Math.min(n, B.get(w) ?? 0);
  return na === 0 || nb === 0 ? 0 : (2 * common) / (na + nb);
}

function overlaps(r: TextRun, runs: TextRun[]): boolean {
  const cx = (r.box.left + r.box.right) / 2;
  const cy = (r.box.top + r.box.bottom) / 2;
  return runs.some((o) => cx >= o.box.left && cx <= o.box.right && cy >= o.box.top && cy <= o.box.bottom);
}

/** How far apart (points) a rule seen in the image and one drawn on the page may lie and be
 *  the same line. */
const SAME_RULE = 2;

function horizontal(s: Segment): boolean {
  return s.y0 === s.y1;
}

/** Whether `drawn` lies along most of `seen` (the same rule, drawn and rendered). */
function alongside(seen: Segment, drawn: Segment): boolean {
  if (horizontal(seen) !== horizontal(drawn)) return false;
  const [across, a0, a1, dAcross, d0, d1] = horizontal(seen)
    ? [seen.y0, seen.x0, seen.x1, drawn.y0, drawn.x0, drawn.x1]
    : [seen.x0, seen.y0, seen.y1, drawn.x0, drawn.y0, drawn.y1];
  return Math.abs(across - dAcross) <= SAME_RULE && Math.min(a1, d1) - Math.max(a0, d0) >= 0.8 * (a1 - a0);
}

/** The page's drawn rules (exact) and the image's rules that no drawn rule already gives. */
export function withImageRulings(drawn: Segment[] | undefined, seen: Segment[]): Segment[] {
  if (!drawn || drawn.length === 0) return seen;
  return [...drawn, ...seen.filter((s) => !drawn.some((d) => alongside(s, d)))];
}

/** The pictures OCR saw in the image, as figures, less those the page already draws as figures
 *  (a logo placed over a scan is found both ways). */
function pictureFigures(ocr: PageOcr, drawn: FigureCandidate[] = []): FigureCandidate[] {
  return (ocr.pictures ?? [])
    .filter((box) => !drawn.some((f) => overlapArea(f.box, box) >= 0.5 * rectArea(box)))
    .map((box) => ({ box, source: 'image', figureType: 'image', ink: false, scanned: true }));
}

/** Figures: those drawn on the page, then the pictures seen in its image; none left empty. */
function withFigures(page: PageModel, figures: FigureCandidate[]): PageModel {
  const { figures: _drawn, ...rest } = page;
  return figures.length > 0 ? { ...rest, figures } : rest;
}

/** The page model after OCR, in the upright page's space. A page read from its image alone
 *  (the text layer replaced) gains the pictures seen in the image as figures; one whose text
 *  layer is kept has its drawn figures already. */
export function mergeOcr(page: PageModel, ocr: PageOcr, use: 'replace' | 'merge' | 'verify'): PageModel {
  if (use === 'verify' && ocr.turn === 0 && runsAgreement(page.runs, ocr.runs) >= 0.5) return page;
  if (use === 'merge' && ocr.turn === 0) {
    return {
      ...page,
      runs: [...page.runs, ...ocr.runs.filter((r) => !overlaps(r, page.runs))],
      rulings: withImageRulings(page.rulings, ocr.rulings),
    };
  }
  if (ocr.turn === 0) {
    return withFigures({ ...page, runs: ocr.runs, rulings: withImageRulings(page.rulings, ocr.rulings) }, [...(page.figures ?? []), ...pictureFigures(ocr, page.figures)]);
  }
  // A quarter-turned scan is reported upright: its page size and rotation follow the turn (the
  // drawn rules and figures, in the unturned page's space, are dropped: the image shows what is
  // there).
  return withFigures(
    { ...page, width: ocr.width, height: ocr.height, rotation: (page.rotation + ocr.turn) % 360, runs: ocr.runs, rulings: ocr.rulings },
    pictureFigures(ocr),
  );
}
