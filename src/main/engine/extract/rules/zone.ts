// The `zone` rule: the text inside a box of a page, in reading order.
import type { FieldDefinition, FieldRule } from '../../../../shared/api/parsers.js';
import type { BoundingBox } from '../../../../shared/parse-contract.js';
import type { DocumentEvidence, EvidenceLine } from '../evidence.js';
import type { MatchContext } from '../label-match.js';
import type { FieldValue } from '../result.js';
import { ruleValue, typed } from './typing.js';
import { maxOf, minOf } from '../../extent.js';

type ZoneRule = Extract<FieldRule, { kind: 'zone' }>;

const SCORE = 0.9;

const inside = (l: EvidenceLine, zone: BoundingBox) => {
  const x = (l.box.left + l.box.right) / 2;
  const y = (l.box.top + l.box.bottom) / 2;
  return x >= zone.left && x <= zone.right && y >= zone.top && y <= zone.bottom;
};

/** Lines as text in reading order: rows top to bottom (a line joins a row it overlaps by 40% of
 *  the smaller height), each row left to right joined with a space; rows joined with newlines. */
export function readingText(lines: EvidenceLine[]): string {
  const rows: Array<{ top: number; bottom: number; lines: EvidenceLine[] }> = [];
  for (const l of [...lines].sort((a, b) => a.box.top - b.box.top || a.box.left - b.box.left)) {
    const row = rows.at(-1);
    const overlap = row ? Math.min(row.bottom, l.box.bottom) - Math.max(row.top, l.box.top) : 0;
    if (row && overlap > 0.4 * Math.min(row.bottom - row.top, l.box.bottom - l.box.top)) {
      row.lines.push(l);
      row.top = Math.min(row.top, l.box.top);
      row.bottom = Math.max(row.bottom, l.box.bottom);
    } else rows.push({ top: l.box.top, bottom: l.box.bottom, lines: [l] });
  }
  return rows.map((r) => r.lines.sort((a, b) => a.box.left - b.box.left).map((l) => l.text).join(' ')).join('\n');
}

/** The value inside a `zone` rule's box: on its page, or on the first page with text there.
 *  Cites the union of the lines' boxes. */
export function zoneRule(rule: ZoneRule, field: FieldDefinition, doc: DocumentEvidence, ctx: MatchContext): FieldValue | null {
  for (const page of doc.pages) {
    if (rule.page !== undefined && page.page !== rule.page) continue;
    const lines = page.lines.filter((l) => inside(l, rule.box));
    if (lines.length === 0) continue;
    const text = readingText(lines);
    const value = typed(field, text, ctx, 'whole');
    if (value === null) return null;
    const box = {
      left: minOf(lines, (l) => l.box.left),
      top: minOf(lines, (l) => l.box.top),
      right: maxOf(lines, (l) => l.box.right),
      bottom: maxOf(lines, (l) => l.box.bottom),
    };
    const ocr = lines.map((l) => l.ocrConfidence).filter((c): c is number => c !== undefined);
    return ruleValue(value, SCORE, page.page, box, text, ocr.length ? ocr.reduce((a, c) => a + c, 0) / ocr.length : undefined);
  }
  return null;
}
