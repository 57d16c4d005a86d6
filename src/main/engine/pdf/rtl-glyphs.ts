// Right-to-left text rebuilt glyph by glyph. pdf.js puts right-to-left text in logical order by
// reversing its characters, which also reverses glyphs that stand for several characters (an
// Arabic lam-alef ligature mapped to "لا" comes out as "ال"). The operator list keeps each
// glyph's text whole, in drawing order, so the items that contain such glyphs are rebuilt
// from it: glyphs reversed, each glyph's own characters kept as they are.
import { OPS } from './pdfjs.js';

const SHOW_TEXT_OPS = new Set<number>([OPS.showText, OPS.showSpacedText, OPS.nextLineShowText, OPS.nextLineSetSpacingShowText]);
const RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
const LTR = /[A-Za-z0-9\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF]/;
/** A TJ adjustment at least this wide (thousandths of an em) separates words. */
const WORD_GAP = 200;

/** One drawn glyph's text, or a word gap. */
type Unit = { text: string; space: boolean };

function isSpaceGlyph(g: { unicode: string; isSpace?: boolean }): boolean {
  return g.isSpace === true || (g.unicode !== '' && g.unicode.trim() === '');
}

/** The page's glyphs in drawing order, with word gaps, from its operator list. */
function glyphUnits(ops: { fnArray: number[]; argsArray: unknown[] }): Unit[] {
  const units: Unit[] = [];
  for (let i = 0; i < ops.fnArray.length; i++) {
    if (!SHOW_TEXT_OPS.has(ops.fnArray[i]!)) continue;
    const glyphs = (ops.argsArray[i] as unknown[]).find((a) => Array.isArray(a)) as unknown[] | undefined;
    for (const g of glyphs ?? []) {
      if (typeof g === 'number') {
        if (-g >= WORD_GAP) units.push({ text: ' ', space: true });
      } else if (g && typeof g === 'object' && 'unicode' in g) {
        const glyph = g as { unicode: string; isSpace?: boolean };
        units.push(isSpaceGlyph(glyph) ? { text: ' ', space: true } : { text: glyph.unicode, space: false });
      }
    }
  }
  return units;
}

function visibleLength(s: string): number {
  let n = 0;
  for (const ch of s) if (ch.trim() !== '') n++;
  return n;
}

/** Logical order of a right-to-left line drawn as `units` (left to right): glyphs reversed,
 *  runs of left-to-right glyphs (Latin words, numbers) kept in their own order. */
export function logicalFromGlyphs(units: Unit[]): string {
  const reversed = [...units].reverse();
  const out: Unit[] = [];
  let ltrRun: Unit[] = [];
  const flush = () => {
    // Spaces at the run's ends belong between runs, not inside the turned-back run.
    let end = ltrRun.length;
    while (end > 0 && ltrRun[end - 1]!.space) end--;
    out.push(...ltrRun.slice(0, end).reverse(), ...ltrRun.slice(end));
    ltrRun = [];
  };
  for (const u of reversed) {
    if (RTL.test(u.text)) {
      flush();
      out.push(u);
    } else if (LTR.test(u.text) || (ltrRun.length > 0 && !u.space) || (ltrRun.length > 0 && u.space)) {
      ltrRun.push(u);
    } else {
      out.push(u);
    }
  }
  flush();
  return out
    .map((u) => u.text)
    .join('')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** Rebuilt strings for right-to-left items that contain multi-character glyphs, by item index.
 *  Items are matched to glyphs in order by their count of visible characters; on any mismatch
 *  nothing is rebuilt and pdf.js's strings stand. */
export function rebuildRtlItems(items: Array<{ str: string; dir: string }>, ops: { fnArray: number[]; argsArray: unknown[] }): Map<number, string> {
  const fixes = new Map<number, string>();
  const units = glyphUnits(ops);
  let cursor = 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const need = visibleLength(item.str);
    if (need === 0) continue;
    const start = cursor;
    let have = 0;
    while (cursor < units.length && have < need) {
      have += visibleLength(units[cursor]!.text);
      cursor++;
    }
    if (have !== need) return new Map();
    if (item.dir !== 'rtl') continue;
    // Leading gaps belong to the previous item.
    const mine = units.slice(start, cursor);
    const multi = mine.some((u) => !u.space && [...u.text].length > 1 && RTL.test(u.text));
    if (!multi) continue;
    // Direction by glyphs, not characters: one glyph standing for a whole Arabic word beside
    // five Latin letters is a left-to-right line.
    const rtlGlyphs = mine.filter((u) => RTL.test(u.text) && !LTR.test(u.text)).length;
    const ltrGlyphs = mine.filter((u) => LTR.test(u.text) && !RTL.test(u.text)).length;
    const drawnOrder = mine.map((u) => u.text).join('').replace(/ {2,}/g, ' ').trim();
    fixes.set(i, ltrGlyphs > rtlGlyphs ? drawnOrder : logicalFromGlyphs(mine));
  }
  return fixes;
}
