// The engine worker pool: parses off the main thread, and stops a decompression bomb or a
// runaway page with a typed failure instead of hanging or exhausting memory.
import { afterAll, describe, expect, it } from 'vitest';
import { EnginePool } from '../../src/main/jobs/engine-pool.js';
import { makePdf } from '../helpers/make-pdf.js';

/** A page whose content stream inflates to `mb` megabytes of text-showing operators. */
function bombPdf(mb: number): Uint8Array {
  const chunk = Buffer.from('BT /F1 1 Tf (x) Tj ET\n'.repeat(50_000), 'latin1');
  const parts: Buffer[] = [];
  for (let size = 0; size < mb * 1024 * 1024; size += chunk.length) parts.push(chunk);
  return makePdf({ pages: [{ content: Buffer.concat(parts), deflate: true }] });
}

describe('EnginePool', () => {
  const pools: EnginePool[] = [];
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
  });

  it('parses in a worker and reports progress per page', async () => {
    const pool = new EnginePool({ size: 1 });
    pools.push(pool);
    const pdf = makePdf({ pages: [1, 2, 3].map((n) => ({ items: [{ text: `Page ${n} text`, x: 72, y: 700 }] })) });
    const progress: number[] = [];
    const run = await pool.parse(pdf, {}, { onProgress: (done) => progress.push(done) });
    expect(run.status).toBe('PROCESSED');
    // Per page, then once more when the run is being serialised.
    expect([...new Set(progress)]).toEqual([1, 2, 3]);
  });

  it('stops a page that runs too long, then keeps working', async () => {
    const pool = new EnginePool({ size: 1, stallTimeoutMs: 300 });
    pools.push(pool);
    await expect(pool.parse(bombPdf(60), {})).rejects.toMatchObject({ reason: 'CORRUPT_FILE' });
    const ok = await pool.parse(makePdf({ pages: [{ items: [{ text: 'After', x: 72, y: 700 }] }] }), {});
    expect(ok.status).toBe('PROCESSED');
  });

  it('stops a task whose memory runs past the budget', async () => {
    const budget = Math.round(process.memoryUsage.rss() / 1048576) + 250;
    const pool = new EnginePool({ size: 1, memoryBudgetMb: budget });
    pools.push(pool);
    // A small document fits in the budget; the bomb does not.
    const ok = await pool.parse(makePdf({ pages: [{ items: [{ text: 'Small', x: 72, y: 700 }] }] }), {});
    expect(ok.status).toBe('PROCESSED');
    const started = Date.now();
    await expect(pool.parse(bombPdf(60), {})).rejects.toMatchObject({ reason: 'FILE_SIZE_TOO_LARGE' });
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('cancels a running task', async () => {
    const pool = new EnginePool({ size: 1 });
    pools.push(pool);
    const controller = new AbortController();
    const pending = pool.parse(bombPdf(60), {}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toThrow(/cancelled/);
  });
});
