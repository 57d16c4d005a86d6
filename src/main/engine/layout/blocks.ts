// Ordered lines → blocks: paragraphs, list items, and headings told apart by font size,
// weight and numbering against the document's body text.
import type { Line, ListMarker, PageBlock } from '../page-model.js';
import { unionRects } from '../page-model.js';

const BULLET_RE = /^([•◦▪▫■□●○◆◇►▶➢➤✓✔✗·∙‣⁃–—*-])\s*(?=\S)/u;
const ORDERED_RE = /^(\(?(?:\d{1,3}|[a-zA-Z]|[ivxlcIVXLC]{1,5})[.)])\s+(?=\S)/;
const NUMBERED_HEADING_RE = /^(?:(?:chapter|section|part|article|appendix)\s+)?(\d{1,2}(?:\.\d{1,2}){0,4}|[A-Z]|[IVX]{1,5})\.?\s+\S/i;

/** A list marker at the start of a line, if the line starts a list item. */
export function listMarkerOf(text: string): ListMarker | undefined {
  const b = BULLET_RE.exec(text);
  if (b) {
    // "-5" or "—" as a dash before a number is not a bullet.
    if ((b[1] === '-' || b[1] === '–') && /^[-–]\s*\d/.test(text) && !/^[-–]\s+\d+\s+\S/.test(text)) return undefined;
    return { marker: b[1]!, ordered: false };
  }
  const o = ORDERED_RE.exec(text);
  if (o) return { marker: o[1]!, ordered: true };
  return undefined;
}

export interface DocumentFontStats {
  /** Font size of body text across the pages seen so far. */
  bodySize: number;
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
  if (listMarkerOf(cur.text)) return true;
  const bigPrev = prev.fontSize > stats.bodySize * 1.12;
  // A bold or large line that stops short of the next one is a heading above its text.
  if (prev.bold !== cur.bold && (bigPrev || prev.bold) && prev.x1 < cur.x1 - size) return true;
  if (prev.bold && !cur.bold && block.length === 1 && prev.text.length < 90 && !/[.,;]$/.test(prev.text)) return true;
  // A paragraph's line pitch stays constant; a larger step is a paragraph gap.
  if (block.length >= 2) {
    const prevPitch = block[block.length - 1]!.baseline - block[block.length - 2]!.baseline;
    if (prevPitch > 0 && pitch > prevPitch * 1.35) return true;
  }
  const left = Math.min(...block.map((l) => l.x0));
  const right = Math.max(...block.map((l) => l.x1));
  // First-line indent after a short last line.
  const prevShort = prev.x1 < right - 3 * size && isSentenceEnd(prev.text);
  if (prevShort && cur.x0 > left + 0.8 * size && !cur.rtl) return true;
  if (prevShort && block.length >= 2 && !cur.rtl) return true;
  return false;
}

/** Is the block's text a heading, and at which level (1 = title)? */
export function headingLevel(lines: Line[], stats: DocumentFontStats, nextLines?: Line[]): number | undefined {
  const text = lines.map((l) => l.text).join(' ');
  if (text.length === 0 || text.length > 200 || lines.length > 3) return undefined;
  if (!/\p{L}/u.test(text)) return undefined;
  const size = Math.max(...lines.map((l) => l.fontSize));
  const ratio = size / (stats.bodySize || size);
  const bold = lines.every((l) => l.bold);
  const endsLikeSentence = /[.,;]$/.test(text) && !/\b(?:etc|No|Inc|Ltd)\.$/.test(text);
  const numbered = NUMBERED_HEADING_RE.exec(text);
  const depth = numbered && /^\d/.test(numbered[1]!) ? numbered[1]!.split('.').filter(Boolean).length : 0;
  if (ratio >= 1.8) return 1;
  if (ratio >= 1.3) return endsLikeSentence && text.length > 60 ? undefined : 2;
  if (ratio >= 1.12 && !endsLikeSentence && text.length <= 150) return depth >= 2 ? 3 : 2;
  if (ratio < 0.9) return undefined;
  const nextBold = nextLines?.every((l) => l.bold) ?? false;
  if (bold && !nextBold && !endsLikeSentence && lines.length <= 2 && text.length <= 120) {
    return depth >= 2 ? Math.min(depth + 1, 6) : 3;
  }
  // An all-capitals line standing alone, a little bold or large.
  if (lines.length === 1 && text.length >= 4 && text.length <= 80 && text === text.toUpperCase() && /\p{Lu}{3}/u.test(text) && (bold || ratio >= 1.05)) {
    return 3;
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

  return groups.map((group, i) => {
    const list = listMarkerOf(group[0]!.text);
    const level = list ? undefined : headingLevel(group, stats, groups[i + 1]);
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
