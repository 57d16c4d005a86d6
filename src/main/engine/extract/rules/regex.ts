// The `regex` rule: a JavaScript regular expression over each page's layout-preserving text.
// User patterns run in a separate V8 context with a time limit, on at most 1 MB of a page, so
// a catastrophically backtracking pattern costs a fraction of a second, not the app.
import { Script, createContext } from 'node:vm';
import type { FieldDefinition, FieldRule } from '../../../../shared/api/parsers.js';
import type { DocumentEvidence, EvidenceLine, PageEvidence } from '../evidence.js';
import type { MatchContext } from '../label-match.js';
import type { FieldValue } from '../result.js';
import { sameRow } from './anchor.js';
import { ruleValue, typed } from './typing.js';

type RegexRule = Extract<FieldRule, { kind: 'regex' }>;

const SCORE = 0.95;
/** The most text (characters) of one page a pattern runs on. */
export const MAX_REGEX_TEXT = 1_000_000;
/** How long (ms) a pattern may run on one page before the rule is given up. */
export const REGEX_TIMEOUT_MS = 250;

/** A match's capture: its text and where it lies in the page's text. */
interface Capture {
  text: string;
  start: number;
}

// Runs in the sandbox: the first match whose chosen group captured more than whitespace, as
// [text, start]; null when there is none (or the group is not in the pattern).
const SEARCH = new Script(`(() => {
  const { pattern, flags, text, group } = input;
  const re = new RegExp(pattern, flags);
  for (const m of text.matchAll(re)) {
    const key = group === undefined ? (m.length > 1 ? 1 : 0) : group;
    if (typeof key === 'number' ? key >= m.length : !m.groups || !(key in m.groups)) return null;
    const value = typeof key === 'number' ? m[key] : m.groups[key];
    if (value === undefined || value.trim() === '') continue;
    const span = typeof key === 'number' ? m.indices[key] : m.indices.groups[key];
    return [value, span[0]];
  }
  return null;
})()`);

let sandbox: ReturnType<typeof createContext> | undefined;

/** The user's flags without the ones the search sets itself (g, y, d), plus g and d. */
function searchFlags(flags: string | undefined): string {
  return `${[...new Set(flags ?? '')].filter((f) => !'gyd'.includes(f)).join('')}gd`;
}

/** The first capture of the pattern in the text; throws when the pattern is invalid or too slow. */
function search(rule: RegexRule, text: string): Capture | null {
  sandbox ??= createContext({});
  const group = typeof rule.group === 'string' && /^\d+$/.test(rule.group) ? Number(rule.group) : rule.group;
  sandbox.input = { pattern: rule.pattern, flags: searchFlags(rule.flags), text: text.slice(0, MAX_REGEX_TEXT), group };
  try {
    const found: unknown = SEARCH.runInContext(sandbox, { timeout: REGEX_TIMEOUT_MS });
    if (!Array.isArray(found)) return null;
    const [value, start] = found as [string, number];
    return { text: value, start };
  } finally {
    sandbox.input = undefined;
  }
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

interface Placed {
  line: EvidenceLine;
  /** The share of the line's row-mates whose text appears in the capture's row. */
  fit: number;
  /** How far (points) the line's left edge is from where its text sits in the row. */
  drift: number;
}

const outranks = (a: Placed, b: Placed) =>
  a.fit !== b.fit ? a.fit > b.fit : a.line.text.length !== b.line.text.length ? a.line.text.length > b.line.text.length : a.drift < b.drift;

/** The evidence line a capture lies in. Candidates are the lines whose text sits, in the
 *  capture's row of the layout text, across the capture's column. Best is the one whose row-mates
 *  (lines beside it on the page) also appear in that row, then the longest (a short text that
 *  recurs inside a longer one loses), then the one whose left edge is nearest the column's
 *  position. Else the first line holding the capture's first row; else none. */
function lineAt(page: PageEvidence, capture: Capture): EvidenceLine | undefined {
  const rowStart = page.spatial.lastIndexOf('\n', capture.start - 1) + 1;
  const rowEnd = page.spatial.indexOf('\n', capture.start);
  const row = page.spatial.slice(rowStart, rowEnd < 0 ? undefined : rowEnd);
  const column = capture.start - rowStart;
  const widths = page.lines.filter((l) => l.text).map((l) => (l.box.right - l.box.left) / l.text.length);
  const charWidth = widths.length ? widths.sort((a, b) => a - b)[widths.length >> 1]! : 5;
  let best: Placed | undefined;
  for (const line of page.lines) {
    if (!line.text) continue;
    // Only the occurrences that can cover the column.
    const from = Math.max(0, column - line.text.length + 1);
    for (let at = row.indexOf(line.text, from); at >= 0 && at <= column; at = row.indexOf(line.text, at + 1)) {
      const mates = page.lines.filter((o) => o !== line && sameRow(o.box, line.box));
      const fit = mates.length ? mates.filter((o) => row.includes(o.text)).length / mates.length : 1;
      const drift = Math.abs(line.box.left - at * charWidth);
      const candidate = { line, fit, drift };
      if (!best || outranks(candidate, best)) best = candidate;
    }
  }
  if (best) return best.line;
  const needle = squash(capture.text.split('\n').find((r) => r.trim()) ?? '');
  return needle ? page.lines.find((l) => squash(l.text).includes(needle)) : undefined;
}

/** The value of a `regex` rule: the first match, page by page, whose capture is not blank. It
 *  cites the line holding the capture, else the whole page. Null when the pattern is invalid,
 *  too slow, matches nowhere, or its capture is not of the field's type. */
export function regexRule(rule: RegexRule, field: FieldDefinition, doc: DocumentEvidence, ctx: MatchContext): FieldValue | null {
  for (const page of doc.pages) {
    let capture: Capture | null;
    try {
      capture = search(rule, page.spatial);
    } catch {
      return null;
    }
    if (!capture) continue;
    const value = typed(field, capture.text, ctx, 'whole');
    if (value === null) return null;
    const line = lineAt(page, capture);
    if (line) return ruleValue(value, SCORE, page.page, line.box, line.text, line.ocrConfidence);
    return ruleValue(value, SCORE, page.page, { left: 0, top: 0, right: page.width, bottom: page.height }, capture.text.trim());
  }
  return null;
}
