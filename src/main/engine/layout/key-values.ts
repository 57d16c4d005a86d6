// Key-value pairs in the text: a one-line block "Invoice Date: 03/20/2023", and a short label
// ending in a colon set above its value ("Total:" over "$279.84"), become `key_value` blocks
// with `details: {key, value}`. Their lines stay as they were, so the markdown ("Label: value"),
// the layout text and the evidence field extraction reads are unchanged. Conservative: only
// plain text blocks (never headings, list items or tables) that do not read as a sentence.
import type { Line, PageBlock } from '../page-model.js';
import { unionRects } from '../page-model.js';
import { CAPTION_RE } from './headings.js';

/** The longest label, in characters and in words. */
const MAX_LABEL_CHARS = 40;
const MAX_LABEL_WORDS = 6;
/** The longest value, in characters and in words. */
const MAX_VALUE_CHARS = 80;
const MAX_VALUE_WORDS = 10;

/** "Label: value" — the label starts with a letter; the first colon (ASCII or full-width) ends it. */
const PAIR_RE = /^(\p{L}[^:：]*?)\s*[:：]\s*(\S.*)$/u;
/** A label alone: "Invoice Date:". */
const LABEL_RE = /^(\p{L}[^:：]*?)\s*[:：]$/u;
/** Words that make a label a clause of a sentence ("The reasons are: …", "as follows: …"). */
const CLAUSE_WORD_RE =
  /\b(?:the|a|an|is|are|was|were|be|been|will|would|can|could|should|must|may|we|you|they|our|your|their|this|these|those|that|which|following|follows|include|includes|including|as|such|see|note|if|when|where|please)\b/;

function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** A label: short, starts with a letter, and not part of a sentence. */
function isLabel(label: string): boolean {
  if (label.length === 0 || label.length > MAX_LABEL_CHARS || words(label) > MAX_LABEL_WORDS) return false;
  // Two letters at least, and none of a sentence's or a program's punctuation.
  if (!/\p{L}\p{M}*\p{L}/u.test(label) || /[;!?"“”,<>{}=[\]]/.test(label) || /\.\s+\p{L}/u.test(label)) return false;
  // "Table 6.1: Size of the market" is a caption.
  return !CLAUSE_WORD_RE.test(label) && !CAPTION_RE.test(label);
}

/** A value: short, and not a sentence of its own (nor the rest of an address "http://…"). */
function isValue(value: string): boolean {
  if (value.length === 0 || value.length > MAX_VALUE_CHARS || words(value) > MAX_VALUE_WORDS) return false;
  if (/^\/\//.test(value) || /[:：]$/.test(value)) return false;
  // Another "Label: value" inside the value: two pairs on one line, left as text.
  if (/\s\p{L}[^:：]{0,30}[:：]\s/u.test(value)) return false;
  return !(/[.!?]$/.test(value) && words(value) >= 4);
}

/** The key and value of a one-line "Label: value" text, or null. */
export function splitPair(text: string): { key: string; value: string } | null {
  const m = PAIR_RE.exec(text.trim());
  if (!m) return null;
  const key = m[1]!.trim();
  const value = m[2]!.trim();
  // "10:30", "1:2": a time or a ratio, not a label.
  if (/\d$/.test(key) && /^\d/.test(value)) return null;
  return isLabel(key) && isValue(value) ? { key, value } : null;
}

/** The key of a label line "Invoice Date:", or null. */
export function labelOnly(text: string): string | null {
  const m = LABEL_RE.exec(text.trim());
  return m && isLabel(m[1]!.trim()) ? m[1]!.trim() : null;
}

/** A plain text block: not a heading, list item, table or furniture, read left to right. */
function plain(b: PageBlock): boolean {
  return b.type === 'text' && !b.list && !b.outOfBody && b.text === undefined && b.markdown === undefined && b.lines.length > 0 && b.lines.every((l) => !l.rtl && l.orientation === 0);
}

/** A value line set just below its label, starting at the label's left edge. */
function below(label: Line, value: Line): boolean {
  const size = Math.max(label.fontSize, value.fontSize);
  const gap = value.top - label.bottom;
  return gap >= -0.3 * size && gap <= 1.2 * size && Math.abs(value.x0 - label.x0) <= Math.max(2, 0.5 * size);
}

function keyValue(lines: Line[], key: string, value: string): PageBlock {
  return { type: 'key_value', lines, box: unionRects(lines.map((l) => l.box)), details: { key, value } };
}

/** The block as a key-value pair, or null: "Label: value" on one line, or "Label:" over a value. */
function pairBlock(b: PageBlock): PageBlock | null {
  if (!plain(b)) return null;
  if (b.lines.length === 1) {
    const pair = splitPair(b.lines[0]!.text);
    return pair ? keyValue(b.lines, pair.key, pair.value) : null;
  }
  if (b.lines.length === 2) {
    const [l0, l1] = b.lines as [Line, Line];
    const key = labelOnly(l0.text);
    const value = l1.text.trim();
    return key !== null && isValue(value) && below(l0, l1) ? keyValue(b.lines, key, value) : null;
  }
  return null;
}

/** The value block set just under a one-line label block: the nearest plain one-line block
 *  below it, starting at its left edge (labels in a row read before their values are found
 *  too: "Invoice Date:  Due Date:" over "03/20/2023  04/04/2023"). */
function valueUnder(blocks: PageBlock[], at: number, taken: Set<number>): number {
  const label = blocks[at]!.lines[0]!;
  let best = -1;
  let bestGap = Infinity;
  blocks.forEach((v, i) => {
    if (i === at || taken.has(i) || !plain(v) || v.lines.length !== 1) return;
    const line = v.lines[0]!;
    if (!isValue(line.text.trim()) || splitPair(line.text) || !below(label, line)) return;
    const gap = line.top - label.bottom;
    if (gap < bestGap) {
      best = i;
      bestGap = gap;
    }
  });
  return best;
}

/** Turns the page's key-value pairs into `key_value` blocks (a label block and the value block
 *  under it become one block, in the label's place, whose box is their union). Returns a new
 *  block list. */
export function markKeyValues(blocks: PageBlock[]): PageBlock[] {
  const joined = new Map<number, PageBlock>();
  const taken = new Set<number>();
  blocks.forEach((b, i) => {
    if (taken.has(i) || !plain(b) || b.lines.length !== 1) return;
    const key = labelOnly(b.lines[0]!.text);
    if (key === null) return;
    const v = valueUnder(blocks, i, taken);
    if (v < 0) return;
    taken.add(i).add(v);
    joined.set(i, keyValue([...b.lines, ...blocks[v]!.lines], key, blocks[v]!.lines[0]!.text.trim()));
  });
  return blocks.flatMap((b, i) => {
    const kv = joined.get(i);
    if (kv) return [kv];
    if (taken.has(i)) return [];
    return [pairBlock(b) ?? b];
  });
}
