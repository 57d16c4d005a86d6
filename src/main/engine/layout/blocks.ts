// Ordered lines → blocks: paragraphs, list items, and headings told apart by font size,
// weight and numbering against the document's body text.
import type { Line, ListMarker, PageBlock, TextRun } from '../page-model.js';
import { unionRects } from '../page-model.js';
import { headingLevel, numberedHeadingLevel, type DocumentFontStats, type HeadingContext } from './headings.js';
import { maxOf, minOf } from '../extent.js';

export { headingLevel, type DocumentFontStats, type HeadingContext } from './headings.js';

const BULLET_RE = /^([•◦▪▫■□●○◆◇►▶➢➤✓✔✗·∙‣⁃–—*-])(\s*)(?=\S)/u;
const ORDERED_RE = /^(\(?(?:\d{1,3}|[a-zA-Z]|[ivxlcIVXLC]{1,5})[.)])\s+(?=\S)/;
/** Fonts whose glyphs are pictures (bullets, check boxes, arrows), not letters. */
const SYMBOL_FONT_RE = /dingbat|wingding|webding|symbol|zapf/i;

/** A list marker at the start of a line's text, if the text starts a list item. */
export function listMarkerOf(text: string): ListMarker | undefined {
  const b = BULLET_RE.exec(text);
  if (b) {
    // "-5" or "—" as a dash before a number is not a bullet.
    if ((b[1] === '-' || b[1] === '–') && /^[-–]\s*\d/.test(text) && !/^[-–]\s+\d+\s+\S/.test(text)) return undefined;
    // An asterisk glued to a word is a footnote mark or a name ("*ALLOBJ"), not a bullet.
    if (b[1] === '*' && b[2] === '') return undefined;
    return { marker: b[1]!, ordered: false };
  }
  const o = ORDERED_RE.exec(text);
  if (o) return { marker: o[1]!, ordered: true };
  return undefined;
}

/** A bullet drawn as one glyph of a symbol font (or of a much smaller size) set apart from the
 *  text it marks, whatever character the font maps it to ("r", "q", "§" in Wingdings). */
function glyphBullet(line: Line): ListMarker | undefined {
  const [mark, next] = line.runs;
  if (!mark || !next || [...mark.text].length !== 1 || /[\p{N}\s]/u.test(mark.text)) return undefined;
  const symbolFont = SYMBOL_FONT_RE.test(mark.fontName) && !SYMBOL_FONT_RE.test(next.fontName);
  // Reference marks of footnotes ("† Corresponding author"), unless drawn from a symbol font.
  if (!symbolFont && /[†‡§¶*#]/u.test(mark.text)) return undefined;
  if (!/^[\p{L}\p{N}(“"‘']/u.test(next.text)) return undefined;
  const size = next.fontSize;
  const gap = line.rtl ? mark.x0 - next.x1 : next.x0 - mark.x1;
  if (gap < 0.1 * size || gap > 3 * size) return undefined;
  // Raised or lowered: a footnote or reference mark, not a bullet.
  if (Math.abs(mark.baseline - next.baseline) > 0.15 * size) return undefined;
  if (!symbolFont && !(mark.fontSize < 0.85 * size)) return undefined;
  return { marker: mark.text, ordered: false };
}

/** The list marker starting a line: a bullet or number in its text, or a bullet glyph. */
export function lineListMarker(line: Line): ListMarker | undefined {
  // In right-to-left text a dash beside a leading number belongs to the number ("3-").
  if (line.rtl && /^[-–]\s*\d/.test(line.text)) return undefined;
  return listMarkerOf(line.text) ?? glyphBullet(line);
}

/** Where the text after a list marker starts on the item's first line. */
function itemTextStart(line: Line, marker: ListMarker): number {
  const first: TextRun | undefined = line.runs[0];
  if (first && first.text === marker.marker && line.runs[1]) return line.rtl ? line.runs[1].x1 : line.runs[1].x0;
  const share = (marker.marker.length + 1) / Math.max(line.text.length, 1);
  return line.rtl ? line.x1 - (line.x1 - line.x0) * share : line.x0 + (line.x1 - line.x0) * share;
}

function isSentenceEnd(text: string): boolean {
  return /[.!?。:;"”)]$/.test(text);
}

/** Starts a new block before `cur`? */
function breaksBefore(prev: Line, cur: Line, block: Line[], stats: DocumentFontStats): boolean {
  if (cur.orientation !== prev.orientation) return true;
  const size = Math.max(prev.fontSize, cur.fontSize);
  const pitch = cur.baseline - prev.baseline;
  if (pitch <= 0.3 * size || pitch > 2.0 * size) return true;
  // Lines of one paragraph overlap horizontally.
  if (cur.x0 > prev.x1 + size || cur.x1 < prev.x0 - size) return true;
  if (Math.abs(cur.fontSize - prev.fontSize) > 0.12 * size) return true;
  if (lineListMarker(cur)) return true;
  const bigPrev = prev.fontSize > stats.bodySize * 1.12;
  // Stops short of the next line's far end (the left end in right-to-left text).
  const stopsShort = cur.rtl ? prev.x0 > cur.x0 + size : prev.x1 < cur.x1 - size;
  // A bold or large line that stops short of the next one is a heading above its text.
  if (prev.bold !== cur.bold && (bigPrev || prev.bold) && stopsShort) return true;
  if (prev.bold && !cur.bold && block.length === 1 && prev.text.length < 90 && !/[.,;]$/.test(prev.text)) return true;
  if (block.length === 1 && !isSentenceEnd(prev.text) && !/,$/.test(prev.text)) {
    // A line a little larger than the text below it, standing alone (short, or above an
    // indented first line): a heading in a larger size.
    const indented = cur.rtl ? cur.x1 < prev.x1 - 0.5 * size : cur.x0 > prev.x0 + 0.5 * size;
    const larger = prev.fontSize >= cur.fontSize * 1.05 && prev.fontSize >= stats.bodySize * 1.05;
    if (larger && (stopsShort || indented)) return true;
    // A short italic line above upright text: a run-in heading set in italics.
    if (stopsShort && prev.italic && !cur.italic && !cur.bold && prev.text.length <= 80) return true;
  }
  // A paragraph's line pitch stays constant; a larger step is a paragraph gap.
  if (block.length >= 2) {
    const prevPitch = block[block.length - 1]!.baseline - block[block.length - 2]!.baseline;
    if (prevPitch > 0 && pitch > prevPitch * 1.35) return true;
  }
  const left = minOf(block, (l) => l.x0);
  const right = maxOf(block, (l) => l.x1);
  // First-line indent after a short last line.
  const prevShort = prev.x1 < right - 3 * size && isSentenceEnd(prev.text);
  if (prevShort && cur.x0 > left + 0.8 * size && !cur.rtl) return true;
  if (prevShort && block.length >= 2 && !cur.rtl) return true;
  // After a finished sentence, a line back at the marker of a hanging-indent list item is the
  // text after the list, not more of the item.
  const item = lineListMarker(block[0]!);
  if (item && !cur.rtl && /[.!?。]$/.test(prev.text) && !/^\p{Ll}/u.test(cur.text) && cur.x0 <= block[0]!.x0 + 0.3 * size) {
    if (itemTextStart(block[0]!, item) - block[0]!.x0 >= 0.8 * size) return true;
  }
  return false;
}

/** The page's lines sorted by baseline, to find neighbours without scanning the whole page. */
class LineIndex {
  private readonly sorted: Line[];
  constructor(lines: Line[]) {
    this.sorted = [...lines].sort((a, b) => a.baseline - b.baseline);
  }
  /** Lines with lo <= baseline <= hi, top to bottom. */
  between(lo: number, hi: number): Line[] {
    let a = 0;
    let b = this.sorted.length;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (this.sorted[mid]!.baseline < lo) a = mid + 1;
      else b = mid;
    }
    const out: Line[] = [];
    for (let i = a; i < this.sorted.length && this.sorted[i]!.baseline <= hi; i++) out.push(this.sorted[i]!);
    return out;
  }
}

/** The other fragments that share a line's row (table cells, form fields, other columns). */
function rowMates(line: Line, index: LineIndex): Line[] {
  const tol = 0.3 * line.fontSize;
  return index
    .between(line.baseline - tol, line.baseline + tol)
    .filter((l) => l !== line && l.orientation === line.orientation && (l.x0 >= line.x1 || l.x1 <= line.x0));
}

/** The nearest line below a group in the same column, within a few line heights. */
function lineBelow(group: Line[], index: LineIndex): Line | undefined {
  const last = group[group.length - 1]!;
  const x0 = minOf(group, (l) => l.x0);
  const x1 = maxOf(group, (l) => l.x1);
  const size = maxOf(group, (l) => l.fontSize);
  for (const l of index.between(last.baseline + 0.5 * size, last.baseline + 3 * size)) {
    if (l.baseline <= last.baseline + 0.5 * size || l.orientation !== last.orientation) continue;
    // Footnote marks and page numbers are not the text that follows.
    if (group.includes(l) || !/\p{L}/u.test(l.text)) continue;
    if (Math.min(l.x1, x1) - Math.max(l.x0, x0) > 0) return l;
  }
  return undefined;
}

/** Groups ordered lines into text blocks (paragraphs and list items). */
export function buildBlocks(lines: Line[], stats: DocumentFontStats): PageBlock[] {
  const groups: Line[][] = [];
  let current: Line[] = [];
  for (const line of lines) {
    const prev = current.at(-1);
    if (prev && breaksBefore(prev, line, current, stats)) {
      groups.push(current);
      current = [];
    }
    current.push(line);
  }
  if (current.length > 0) groups.push(current);
  const groupOf = new Map<Line, Line[]>();
  for (const g of groups) for (const l of g) groupOf.set(l, g);
  const index = new LineIndex(lines);

  return groups.map((group, i) => {
    // What follows a block is the text below it in its column, or else the next in reading order.
    const below = lineBelow(group, index);
    const next = (below && groupOf.get(below)) ?? groups[i + 1];
    const context: HeadingContext = { rowMates: group.length === 1 ? rowMates(group[0]!, index) : [] };
    let list = lineListMarker(group[0]!);
    let level: number | undefined;
    if (!list) level = headingLevel(group, stats, next, context);
    else if (list.ordered) {
      // "(2) Scope" set larger than the text under it numbers a heading, not a list item.
      level = numberedHeadingLevel(group, stats, next);
      if (level !== undefined) list = undefined;
    }
    const block: PageBlock = {
      type: level === undefined ? 'text' : level === 1 ? 'heading' : 'section_heading',
      lines: group,
      box: unionRects(group.map((l) => l.box)),
    };
    if (level !== undefined) block.level = level;
    if (list) block.list = list;
    return block;
  });
}
