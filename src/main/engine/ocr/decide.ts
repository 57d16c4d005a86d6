// The per-page OCR decision for PDFs (`advancedOptions.ocr`): `force` always, `off` never,
// `auto` when the text layer is missing, covers too little of what the page shows, is
// garbage (fonts without a Unicode map, replacement or private-use characters), or is an
// invisible layer over a scan (kept only if it agrees with our own reading of the image).
import { OPS } from '../pdf/pdfjs.js';
import type { TextRun } from '../page-model.js';
import { walkOperators, type OperatorList } from '../pdf/operator-walk.js';
import { maxOf, minOf } from '../extent.js';

export type OcrMode = 'auto' | 'force' | 'off';

export type OcrDecision =
  | { ocr: false }
  /** replace: OCR words replace the text layer; merge: they fill in where it has none;
   *  verify: an invisible layer is kept only if the OCR of the image agrees with it. */
  | { ocr: true; use: 'replace' | 'merge' | 'verify'; reason: string };

export interface PagePaint {
  /** Fraction of the page covered by the largest image. */
  imageCover: number;
  /** Largest image's box on the upright page (points), if any. */
  imageBox?: { left: number; top: number; right: number; bottom: number };
  /** Text-showing operators (glyphs drawn, whether or not they map to Unicode). */
  textShows: number;
  /** Path constructions (vector drawing, or text turned into outlines). */
  paths: number;
  /** Glyphs drawn, and those whose font gives them no Unicode text. */
  glyphs: number;
  unmappedGlyphs: number;
}

const IMAGE_OPS = new Set<number>([OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageMaskXObject, OPS.paintImageXObjectRepeat]);
const SHOW_OPS = new Set<number>([OPS.showText, OPS.showSpacedText, OPS.nextLineShowText, OPS.nextLineSetSpacingShowText]);

/** What a page paints, from its pdf.js operator list; `view` maps PDF space to the upright page. */
export function pagePaint(ops: OperatorList, view: number[], width: number, height: number): PagePaint {
  let best = 0;
  let imageBox: PagePaint['imageBox'];
  let textShows = 0;
  let paths = 0;
  let glyphs = 0;
  let unmappedGlyphs = 0;
  const pageArea = Math.max(1, width * height);
  walkOperators(ops, view, (fn, args, { ctm: full }) => {
    if (SHOW_OPS.has(fn)) {
      textShows++;
      const list = args?.find((a) => Array.isArray(a)) as unknown[] | undefined;
      for (const g of list ?? []) {
        if (!g || typeof g !== 'object' || !('unicode' in g)) continue;
        const glyph = g as { unicode: string; isSpace?: boolean };
        if (glyph.isSpace || (glyph.unicode !== '' && glyph.unicode.trim() === '')) continue;
        glyphs++;
        if (glyph.unicode === '') unmappedGlyphs++;
      }
    } else if (fn === OPS.constructPath) paths++;
    else if (IMAGE_OPS.has(fn)) {
      const xs = [full[4], full[0] + full[4], full[2] + full[4], full[0] + full[2] + full[4]];
      const ys = [full[5], full[1] + full[5], full[3] + full[5], full[1] + full[3] + full[5]];
      const box = {
        left: Math.max(0, minOf(xs)),
        top: Math.max(0, minOf(ys)),
        right: Math.min(width, maxOf(xs)),
        bottom: Math.min(height, maxOf(ys)),
      };
      const cover = (Math.max(0, box.right - box.left) * Math.max(0, box.bottom - box.top)) / pageArea;
      if (cover > best) {
        best = cover;
        imageBox = box;
      }
    }
  });
  return { imageCover: best, ...(imageBox ? { imageBox } : {}), textShows, paths, glyphs, unmappedGlyphs };
}

const GOOD_TOKEN = /^(?:\p{Lu}?[\p{Ll}\p{M}'’-]+|[\p{Lu}\p{M}'’-]+|[\p{Lo}\p{M}]+|\p{N}[\p{N}.,:/-]*)$/u;

/** Punctuation and symbols at either end of a token. */
const TOKEN_EDGES = /^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu;
/** Two letters or more (tested, not counted: no array of matches per token). */
const TWO_LETTERS = /\p{L}[^]*\p{L}/u;

/** Share of a text's letter-bearing tokens that look like words (0–1), and how many there were. */
export function wordLikeness(text: string): { ratio: number; tokens: number } {
  let good = 0;
  let total = 0;
  for (const raw of text.split(/\s+/)) {
    const t = raw.replace(TOKEN_EDGES, '');
    if (!TWO_LETTERS.test(t)) continue;
    total++;
    if (GOOD_TOKEN.test(t)) good++;
  }
  return { ratio: total === 0 ? 1 : good / total, tokens: total };
}

function textOf(runs: TextRun[]): string {
  return runs.map((r) => r.text).join(' ');
}

/** Characters that mark text that cannot be trusted: replacement, private-use, controls. */
// eslint-disable-next-line no-control-regex
const BAD_CHARS = /[\uFFFD\uE000-\uF8FF\u0000-\u0008\u000E-\u001F]/gu;

/** Decides whether a PDF page needs OCR from its text and, in `auto` mode, what it paints. */
export function decidePageOcr(mode: OcrMode, runs: TextRun[], paint: PagePaint | undefined): OcrDecision {
  if (mode === 'off') return { ocr: false };
  if (mode === 'force') return { ocr: true, use: 'replace', reason: 'forced' };
  const text = textOf(runs);
  const chars = text.replace(/\s+/g, '').length;
  if (chars === 0) {
    if (!paint) return { ocr: false };
    const paints = paint.imageCover > 0.05 || paint.textShows > 0 || paint.paths >= 20;
    return paints ? { ocr: true, use: 'replace', reason: 'no text layer' } : { ocr: false };
  }
  const bullets = runs.filter((r) => r.text === '•').length;
  const bad = (text.match(BAD_CHARS)?.length ?? 0) + (bullets > runs.length / 2 ? bullets : 0);
  if (bad / chars > 0.1) return { ocr: true, use: 'replace', reason: 'unmapped characters' };
  const words = wordLikeness(text);
  const unreadable = words.tokens >= 5 ? words.ratio < 0.5 : words.ratio === 0 && chars >= 12;
  if (unreadable) return { ocr: true, use: 'replace', reason: 'text layer is not readable' };
  if (paint && paint.unmappedGlyphs >= 3 && paint.unmappedGlyphs > 0.1 * paint.glyphs) {
    return { ocr: true, use: 'merge', reason: 'glyphs without Unicode text' };
  }
  if (paint && paint.imageCover >= 0.5 && paint.imageBox) {
    const invisible = runs.filter((r) => r.invisible).length;
    if (invisible > runs.length / 2) return { ocr: true, use: 'verify', reason: 'invisible text over a scan' };
    const box = paint.imageBox;
    const inside = runs
      .filter((r) => !r.invisible && r.box.left >= box.left - 1 && r.box.right <= box.right + 1 && r.box.top >= box.top - 1 && r.box.bottom <= box.bottom + 1)
      .reduce((n, r) => n + r.text.length, 0);
    if (inside < 30) return { ocr: true, use: 'merge', reason: 'text covers little of the page image' };
  }
  return { ocr: false };
}

