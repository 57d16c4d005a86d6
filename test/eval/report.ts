// Plain-text report helpers: markdown tables and number formatting.
import { writeFileSync } from 'node:fs';

/** Renders a markdown table (cells are escaped for `|`). */
export function markdownTable(headers: string[], rows: string[][]): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [`| ${headers.map(esc).join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`];
  for (const row of rows) lines.push(`| ${row.map(esc).join(' | ')} |`);
  return lines.join('\n');
}

/** A score with 3 decimals, or "-" when missing / NaN. */
export function fmt(n: number | null | undefined, digits = 3): string {
  return n === null || n === undefined || Number.isNaN(n) ? '-' : n.toFixed(digits);
}

/** Pass/fail marker; "-" when the check does not apply. */
export function passMark(pass: boolean | null | undefined): string {
  if (pass === null || pass === undefined) return '-';
  return pass ? 'PASS' : 'FAIL';
}

/** KiB → MB (10^6 bytes) with no decimals, or "?" when unknown. */
export function kbToMb(kb: number | null | undefined): string {
  return kb === null || kb === undefined ? '?' : ((kb * 1024) / 1e6).toFixed(0);
}

/** Writes a JSON summary file (pretty-printed). */
export function writeJson(file: string, value: unknown): void {
  writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}
