// Text of one table cell from the runs whose centres fall in it: runs grouped into rows by
// baseline, read in their direction, rows joined with end-of-line hyphenation undone.
import type { TextRun } from '../page-model.js';
import { joinLines } from '../render/markdown.js';

/** A run's centre in its own reading frame. */
export function runCentre(r: TextRun): [number, number] {
  return [(r.x0 + r.x1) / 2, (r.top + r.bottom) / 2];
}

/** Joins the runs of one cell into its text (multi-line cells kept whole, on one line). */
export function cellText(runs: TextRun[]): string {
  if (runs.length === 0) return '';
  const sorted = [...runs].sort((a, b) => a.baseline - b.baseline || a.x0 - b.x0);
  const rows: TextRun[][] = [];
  for (const r of sorted) {
    const row = rows.at(-1);
    const ref = row?.[0];
    if (row && ref && Math.abs(r.baseline - ref.baseline) <= 0.4 * Math.max(r.fontSize, ref.fontSize)) row.push(r);
    else rows.push([r]);
  }
  const texts = rows.map((row) => {
    // A right-to-left row is read from its right edge (the runs hold their text in logical order).
    const chars = row.reduce((n, r) => n + r.text.length, 0);
    const rtl = row.reduce((n, r) => n + (r.rtl ? r.text.length : 0), 0) > chars / 2;
    row.sort((a, b) => (rtl ? b.x1 - a.x1 : a.x0 - b.x0));
    let s = '';
    for (let i = 0; i < row.length; i++) {
      const cur = row[i]!;
      const prev = row[i - 1];
      if (prev) {
        const gap = rtl ? prev.x0 - cur.x1 : cur.x0 - prev.x1;
        const join = rtl
          ? gap < 0.15 * cur.fontSize && !cur.spaceBefore && !prev.spaceLeft && !cur.spaceRight
          : gap < 0.15 * cur.fontSize && !cur.spaceBefore && !prev.spaceRight && !cur.spaceLeft;
        if (!join) s += ' ';
      }
      s += cur.text;
    }
    return { text: s.replace(/\s+/g, ' ').trim() };
  });
  return joinLines(texts.filter((t) => t.text !== ''));
}

/** Splits a run into word runs with positions estimated from character counts, for a run
 *  the text layer drew across a column boundary. */
export function splitRunWords(r: TextRun): TextRun[] {
  const words = r.text.split(/(\s+)/);
  const total = r.text.length || 1;
  const perChar = (r.x1 - r.x0) / total;
  const out: TextRun[] = [];
  let offset = 0;
  for (const w of words) {
    if (w.trim() !== '') {
      const x0 = r.x0 + offset * perChar;
      out.push({ ...r, text: w, x0, x1: x0 + w.length * perChar, spaceBefore: out.length > 0 || r.spaceBefore });
    }
    offset += w.length;
  }
  return out.length > 0 ? out : [r];
}
