// Export file names: the parser's name and the job's day, in characters every file system takes;
// the browser's download uses the name the screen chose instead of the server's (the job's id).
import { describe, expect, it } from 'vitest';
import { exportFileBase, safeFileName } from '../../src/renderer/components/format.js';
import { createHttpBackend } from '../../src/renderer/backend/http-backend.js';

describe('export file names', () => {
  it('names an export after the parser and the day the job ran', () => {
    // Noon UTC is the same day in every time zone from -11 to +11.
    expect(exportFileBase('Invoices', '2026-11-24T12:00:00.000Z')).toBe('Invoices 2026-11-24');
    expect(exportFileBase('Rechnungen März', '2026-01-05T12:00:00.000Z')).toBe('Rechnungen März 2026-01-05');
    expect(exportFileBase(null, '2026-11-24T12:00:00.000Z')).toBe('Results 2026-11-24');
    expect(exportFileBase('Invoices', 'not a date')).toBe('Invoices');
  });

  it('keeps the day after a long parser name', () => {
    expect(exportFileBase('x'.repeat(300), '2026-11-24T12:00:00.000Z')).toBe(`${'x'.repeat(80)} 2026-11-24`);
  });

  it('keeps only characters every file system takes', () => {
    expect(safeFileName('a/b\\c:d*e?f"g<h>i|j')).toBe('a_b_c_d_e_f_g_h_i_j');
    expect(safeFileName('../../etc/passwd')).toBe('etc_passwd');
    expect(safeFileName('  .hidden.  ')).toBe('hidden');
    expect(safeFileName('Tab\tand\nnewline')).toBe('Tab and newline');
    expect(safeFileName('Q1 (2026) + Q2, final-v2')).toBe('Q1 (2026) + Q2, final-v2');
    expect(safeFileName('🧾 Receipts')).toBe('Receipts');
    expect(safeFileName('////')).toBe('export');
    expect(safeFileName('x'.repeat(300))).toHaveLength(80);
    expect(exportFileBase('<<>>', '2026-11-24T12:00:00.000Z')).toBe('Results 2026-11-24');
  });

  it('downloads under the chosen name, and under the server’s when none is given', async () => {
    const downloads: string[] = [];
    const backend = createHttpBackend({
      apiKey: 'pp_local_k',
      fetch: async () => new Response('a,b\n', { status: 200, headers: { 'content-disposition': 'attachment; filename="ext_1.csv"' } }),
      download: (_blob, filename) => downloads.push(filename),
    });
    expect(await backend.exportResults('ext_1', 'csv', 'rows', 'Invoices 2026-11-24')).toEqual({ saved_to: 'Invoices 2026-11-24.csv' });
    expect(await backend.exportResults('ext_1', 'csv', 'rows')).toEqual({ saved_to: 'ext_1.csv' });
    expect(downloads).toEqual(['Invoices 2026-11-24.csv', 'ext_1.csv']);
  });
});
