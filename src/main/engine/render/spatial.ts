// Layout-preserving text (like `pdftotext -layout`): each row of text at its place on a
// character grid, so columns line up and regular expressions can rely on them.
import type { Line } from '../page-model.js';
import { median } from '../layout/stats.js';

/** Renders the lines of one upright page as layout-preserving text. */
export function renderSpatial(lines: Line[]): string {
  const upright = lines.filter((l) => l.orientation === 0);
  const others = lines.filter((l) => l.orientation !== 0);
  if (upright.length === 0) return others.map((l) => l.text).join('\n');
  const widths: number[] = [];
  for (const l of upright) {
    for (const r of l.runs) {
      const n = [...r.text].length;
      if (n > 0) widths.push((r.x1 - r.x0) / n);
    }
  }
  const charWidth = Math.max(median(widths) || 5, 1);
  // Columns are counted from the page's left edge, so text keeps its place on the page.
  const origin = 0;

  // Rows: fragments sharing a baseline.
  const sorted = [...upright].sort((a, b) => a.baseline - b.baseline || a.x0 - b.x0);
  const rows: Line[][] = [];
  for (const l of sorted) {
    const row = rows.at(-1);
    const ref = row?.[0];
    if (row && ref && Math.abs(l.baseline - ref.baseline) <= 0.4 * Math.max(l.fontSize, ref.fontSize)) row.push(l);
    else rows.push([l]);
  }
  const pitches: number[] = [];
  for (let i = 1; i < rows.length; i++) pitches.push(rows[i]![0]!.baseline - rows[i - 1]![0]!.baseline);
  const pitch = Math.max(median(pitches.filter((p) => p > 0)) || 12, 1);

  const out: string[] = [];
  let prevBaseline: number | undefined;
  for (const row of rows) {
    const baseline = row[0]!.baseline;
    if (prevBaseline !== undefined) {
      const blank = Math.min(Math.max(Math.round((baseline - prevBaseline) / pitch) - 1, 0), 6);
      for (let i = 0; i < blank; i++) out.push('');
    }
    prevBaseline = baseline;
    row.sort((a, b) => a.x0 - b.x0);
    let text = '';
    for (const frag of row) {
      const col = Math.max(0, Math.round((frag.x0 - origin) / charWidth));
      if (text.length > 0 && col <= text.length) text += ' ';
      else text = text.padEnd(col, ' ');
      text += frag.text;
    }
    out.push(text.trimEnd());
  }
  for (const l of others) out.push(l.text);
  return out.join('\n');
}
