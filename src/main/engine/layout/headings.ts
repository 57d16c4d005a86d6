// Is a block a heading, and at which level? Judged from its size against the document's body
// text, its weight or slant against the text that follows, its numbering, and its neighbours.
import type { Line } from '../page-model.js';
import { maxOf } from '../extent.js';

export interface DocumentFontStats {
  /** Font size of body text across the pages seen so far. */
  bodySize: number;
}

export interface HeadingContext {
  /** Other line fragments on the same row as a one-line block (table cells, form fields). */
  rowMates?: Line[];
}

const NUMBERED_HEADING_RE = /^(?:(?:chapter|section|part|article|appendix)\s+)?(\d{1,2}(?:\.\d{1,2}){0,4}|[A-Z]|[IVX]{1,5})\.?\s+\S/i;
/** Right-to-left section numbers read "3-" or "2-5-"; extracted, the dash may come first. */
const RTL_NUMBERED_RE = /^[-–]?\s*(\d{1,2}(?:[-.]\d{1,2}){0,4})[-–.]?\s+\S/;
/** Captions of figures, tables and listings are labels, not section headings. */
export const CAPTION_RE = /^(?:Figure|FIGURE|Fig\.|Table|TABLE|Chart|Example|Listing|Algorithm|Exhibit|Image|Photo|Plate|Map|Scheme)\s+(?:\d|[A-Z](?:[\d.-]|\b)|[IVXLC]+\b)/;
/** A lone roman numeral is a page number. */
const ROMAN_RE = /^(?=[ivxlcdm]+\.?$)m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})\.?$/i;
/** A web or e-mail address on its own is a contact line. */
const ADDRESS_RE = /^(?:https?:\/\/|www\.)\S+$|^\S+\.(?:com|org|net|gov|edu|int)(?:\/\S*)?$|^\S+@\S+\.\S+$/i;

function sizeOf(lines: Line[]): number {
  return maxOf(lines, (l) => l.fontSize);
}

/** Section numbering depth: "3" → 1, "3.2.1" → 3; 0 when the text is not numbered by digits. */
function numberingDepth(text: string, rtl: boolean): number {
  const m = (rtl ? RTL_NUMBERED_RE : NUMBERED_HEADING_RE).exec(text);
  if (!m || !/^\d/.test(m[1]!)) return 0;
  return m[1]!.split(/[-.]/).filter(Boolean).length;
}

function endsLikeSentence(text: string): boolean {
  return /[.,;]$/.test(text) && !/\b(?:etc|No|Inc|Ltd)\.$/.test(text);
}

/** Is the block's text a heading, and at which level (1 = title)? */
export function headingLevel(
  lines: Line[],
  stats: DocumentFontStats,
  nextLines?: Line[],
  context: HeadingContext = {},
): number | undefined {
  const text = lines.map((l) => l.text).join(' ');
  if (text.length === 0 || text.length > 200 || lines.length > 3) return undefined;
  // A heading has a word in it: not a tick in a table, a lone letter or a page number.
  if (!/\p{L}\p{M}*\p{L}/u.test(text) || ROMAN_RE.test(text) || ADDRESS_RE.test(text)) return undefined;
  const size = sizeOf(lines);
  const ratio = size / (stats.bodySize || size);
  const sentence = endsLikeSentence(text);
  const rtl = lines.some((l) => l.rtl);
  const depth = numberingDepth(text, rtl);
  const next = nextLines && nextLines.length > 0 ? nextLines : undefined;
  const nextSize = next ? sizeOf(next) : 0;
  if (ratio >= 1.8) return 1;
  if (ratio >= 1.3) return sentence && text.length > 60 ? undefined : 2;
  // Text turned against the page is a heading only when set large (table column heads are
  // often turned and bold).
  if (lines.some((l) => l.orientation !== 0)) return undefined;
  // A line ending in a colon leads into what follows it.
  if (ratio < 0.9 || CAPTION_RE.test(text) || /:$/.test(text)) return undefined;
  const line = lines[0]!;
  const mates = context.rowMates ?? [];
  // Beside a bold cell of the same style: a table's header row. Beside smaller print: a label
  // in a figure or a table (body text in another column would be of body size).
  const sameStyle = (m: Line) => m.bold === line.bold && m.italic === line.italic && Math.abs(m.fontSize - line.fontSize) <= 0.1 * line.fontSize;
  if (mates.some((m) => sameStyle(m) || (/\p{L}/u.test(m.text) && m.fontSize < 0.95 * stats.bodySize))) return undefined;
  const bold = lines.every((l) => l.bold);
  const nextSameStyle = next !== undefined && next.every((l) => l.bold === bold) && Math.abs(nextSize - size) <= 0.1 * size;
  if (ratio >= 1.12 && !sentence && text.length <= 150) {
    // Only a little larger than the body but above smaller print: a label in a figure or a
    // masthead, not a section heading.
    if (next && nextSize < 0.95 * stats.bodySize && nextSize < size / 1.12) return undefined;
    // More text of the same size and weight below: part of a longer run of such lines.
    if (nextSameStyle && depth === 0) return undefined;
    return depth >= 2 ? 3 : 2;
  }
  // More bold text of the same size after it: a bold paragraph or a run of bold labels.
  if (bold && (!nextSameStyle || depth > 0) && !sentence && lines.length <= 2 && text.length <= 120) {
    return depth >= 2 ? Math.min(depth + 1, 6) : 3;
  }
  // A short italic line above upright body text: a run-in heading set in italics.
  const italic = lines.every((l) => l.italic);
  if (italic && !bold && lines.length === 1 && text.length <= 80 && !sentence && ratio >= 0.95 && /^[\p{Lu}\p{N}]/u.test(text)) {
    const plainNext = next !== undefined && next.every((l) => !l.italic && !l.bold) && nextSize >= 0.9 * stats.bodySize;
    if (plainNext) return 4;
  }
  // An all-capitals line standing alone, a little bold or large.
  if (lines.length === 1 && text.length >= 4 && text.length <= 80 && !sentence && text === text.toUpperCase() && /\p{Lu}{3}/u.test(text) && (bold || ratio >= 1.05)) {
    return 3;
  }
  return undefined;
}

/** A numbered line ("(2) Scope", "3. Results") set larger than the text after it is a
 *  numbered heading rather than a list item. */
export function numberedHeadingLevel(lines: Line[], stats: DocumentFontStats, nextLines?: Line[]): number | undefined {
  if (lines.length !== 1 || !nextLines || nextLines.length === 0) return undefined;
  const line = lines[0]!;
  if (line.text.length > 80 || endsLikeSentence(line.text) || /[:?!]$/.test(line.text)) return undefined;
  if (!/\p{L}\p{M}*\p{L}/u.test(line.text)) return undefined;
  const nextSize = sizeOf(nextLines);
  if (line.fontSize < stats.bodySize * 1.05 || nextSize > line.fontSize / 1.05 || nextSize < 0.9 * stats.bodySize) return undefined;
  return 3;
}
