// The `anchor` rule: the value next to a label, in one direction. On the label's own line the
// text after it (`right`) or before it (`left`) comes first; then the nearest lines that way.
import type { FieldDefinition, FieldRule } from '../../../../shared/api/parsers.js';
import type { BoundingBox } from '../../../../shared/parse-contract.js';
import type { DocumentEvidence, EvidenceLine } from '../evidence.js';
import type { MatchContext } from '../label-match.js';
import type { FieldValue } from '../result.js';
import { ruleValue, typed } from './typing.js';

type AnchorRule = Extract<FieldRule, { kind: 'anchor' }>;
type Direction = AnchorRule['direction'];

/** How far (points) a value may be from its label when the rule does not say. */
export const DEFAULT_MAX_DISTANCE: Record<Direction, number> = { right: 400, left: 400, below: 60, above: 60 };

const SCORE = 0.95;
/** Boxes may overlap by this much (points) and still count as side by side. */
const TOLERANCE = 2;

interface Candidate {
  text: string;
  line: EvidenceLine;
}

/** The label as a pattern: case-insensitive, any whitespace (or none) between its characters,
 *  not starting or ending inside a longer word. */
function labelPattern(label: string): RegExp | null {
  const chars = [...label.replace(/\s+/g, '')];
  const first = chars[0];
  const last = chars.at(-1);
  if (first === undefined || last === undefined) return null;
  const body = chars.map((c) => c.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')).join('\\s*');
  const before = /[\p{L}\p{N}]/u.test(first) ? '(?<![\\p{L}\\p{N}])' : '';
  const after = /[\p{L}\p{N}]/u.test(last) ? '(?![\\p{L}\\p{N}])' : '';
  return new RegExp(`${before}${body}${after}`, 'giu');
}

const height = (b: BoundingBox) => b.bottom - b.top;
const centreY = (b: BoundingBox) => (b.top + b.bottom) / 2;
/** Whether two boxes share a row: they overlap by 40% of the smaller height. */
export const sameRow = (a: BoundingBox, b: BoundingBox) =>
  Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.4 * Math.min(height(a), height(b));
const sameColumn = (a: { left: number; right: number }, b: BoundingBox) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0;

/** The lines in a direction from the label (on its page), nearest first, within `max` points.
 *  Ties: the line better aligned with the label (its row for right/left, its left edge for
 *  below/above). */
function linesToward(direction: Direction, line: EvidenceLine, span: { left: number; right: number }, lines: EvidenceLine[], max: number): EvidenceLine[] {
  const b = line.box;
  const slack = 0.3 * Math.max(height(b), 4);
  const measured: Array<{ line: EvidenceLine; distance: number; skew: number }> = [];
  for (const l of lines) {
    if (l === line || l.page !== line.page) continue;
    const c = l.box;
    let distance: number;
    let skew: number;
    if (direction === 'right') {
      if (c.left < b.right - TOLERANCE || !sameRow(b, c)) continue;
      distance = c.left - span.right;
      skew = Math.abs(centreY(c) - centreY(b));
    } else if (direction === 'left') {
      if (c.right > b.left + TOLERANCE || !sameRow(b, c)) continue;
      distance = span.left - c.right;
      skew = Math.abs(centreY(c) - centreY(b));
    } else if (direction === 'below') {
      if (c.top < b.bottom - slack || !sameColumn(span, c)) continue;
      distance = c.top - b.bottom;
      skew = Math.abs(c.left - span.left);
    } else {
      if (c.bottom > b.top + slack || !sameColumn(span, c)) continue;
      distance = b.top - c.bottom;
      skew = Math.abs(c.left - span.left);
    }
    distance = Math.max(0, distance);
    if (distance <= max) measured.push({ line: l, distance, skew });
  }
  return measured.sort((x, y) => x.distance - y.distance || x.skew - y.skew).map((m) => m.line);
}

/** What the label's own line holds beyond it (text after it for right, before it for left),
 *  with `offset` words skipped; `skipped` is how many words that used up. */
function sameLineText(direction: Direction, line: string, start: number, end: number, offset: number): { text: string; skipped: number } {
  if (direction !== 'right' && direction !== 'left') return { text: '', skipped: 0 };
  // Separators after the label, but not a minus sign that belongs to the value.
  const text =
    direction === 'right' ? line.slice(end).replace(/^(?:\s|[:#=.–—]|-(?!\d))+/, '') : line.slice(0, start).replace(/(?:\s|[:#=–—-])+$/, '');
  const words = [...text.matchAll(/\S+/g)];
  if (offset >= words.length) return { text: '', skipped: words.length };
  if (direction === 'right') return { text: text.slice(words[offset]!.index), skipped: offset };
  const last = words[words.length - 1 - offset]!;
  return { text: text.slice(0, last.index + last[0].length), skipped: offset };
}

/** The value an `anchor` rule points at: each place the label occurs (in reading order) is
 *  tried until one yields a value of the field's type. */
export function anchorRule(rule: AnchorRule, field: FieldDefinition, doc: DocumentEvidence, ctx: MatchContext): FieldValue | null {
  const pattern = labelPattern(rule.label);
  if (!pattern) return null;
  const offset = Math.max(0, Math.floor(rule.offset ?? 0));
  const max = rule.maxDistance ?? DEFAULT_MAX_DISTANCE[rule.direction];
  for (const page of doc.pages) {
    for (const line of page.lines) {
      for (const m of line.text.matchAll(pattern)) {
        const start = m.index;
        const end = start + m[0].length;
        const width = line.box.right - line.box.left;
        const span = {
          left: line.box.left + (width * start) / line.text.length,
          right: line.box.left + (width * end) / line.text.length,
        };
        const own = sameLineText(rule.direction, line.text, start, end, offset);
        let chosen: Candidate | undefined;
        if (own.text) chosen = { text: own.text, line };
        else chosen = linesToward(rule.direction, line, span, page.lines, max).map((l) => ({ text: l.text, line: l }))[offset - own.skipped];
        if (!chosen) continue;
        // To the left, the value is the part of the text nearest the label.
        const text = rule.direction === 'left' ? (chosen.text.split(/\s{3,}/).at(-1) ?? '') : chosen.text;
        const value = typed(field, text, ctx, 'beside');
        if (value !== null) return ruleValue(value, SCORE, chosen.line.page, chosen.line.box, chosen.line.text, chosen.line.ocrConfidence);
      }
    }
  }
  return null;
}
