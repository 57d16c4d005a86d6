// The engine worker pool: parses off the main thread, and stops a decompression bomb or a
// runaway page with a typed failure instead of hanging or exhausting memory.
import { getEventListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configOrDefaults } from '../../src/shared/parse-contract.js';
import { EnginePool } from '../../src/main/jobs/engine-pool.js';
import { DEFAULT_WORKER_HEAP_MB, startEngineWorkerEarly, takeEngineWorker } from '../../src/main/jobs/engine-thread.js';
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

  it('resolves each parse\'s config before sending it (the task\'s OCR languages merged in); an invalid one fails in the worker', async () => {
    const pool = new EnginePool({ size: 1 });
    pools.push(pool);
    const pdf = makePdf({ pages: [{ items: [{ text: 'Configured', x: 72, y: 700 }] }] });
    const run = await pool.parse(pdf, { target: 'spatial' }, { ocr: { languages: ['eng', 'deu'] } });
    expect(run.status).toBe('PROCESSED');
    const defaults = configOrDefaults({});
    expect(run.config).toEqual({ ...defaults, target: 'spatial', advancedOptions: { ...defaults.advancedOptions, ocrLanguages: ['eng', 'deu'] } });
    const own = await pool.parse(pdf, { advancedOptions: { ocrLanguages: ['fra'] } }, { ocr: { languages: ['eng', 'deu'] } });
    expect(own.config.advancedOptions.ocrLanguages).toEqual(['fra']);
    const invalid = await pool.parse(pdf, { target: 'pdf' });
    expect(invalid).toMatchObject({ status: 'FAILED', failureReason: 'INVALID_CONFIG_OPTIONS', config: { target: 'markdown' } });
    expect(invalid.failureMessage).toMatch(/^Invalid parse options — target: /);
  });

  it('starts its engine threads without the contract\'s schemas (zod) or @napi-rs/canvas', () => {
    // The built worker's static imports (dynamic ones load when a task needs them).
    const dist = path.resolve(import.meta.dirname, '../../dist');
    const seen = new Set<string>();
    const bare = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const [, spec] of readFileSync(file, 'utf8').matchAll(/^import\s+(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
        if (spec!.startsWith('.')) visit(path.resolve(path.dirname(file), spec!));
        else bare.add(spec!);
      }
    };
    visit(path.join(dist, 'main', 'jobs', 'engine-worker.js'));
    expect(seen.size).toBeGreaterThan(50);
    expect([...seen].some((f) => f.endsWith(path.join('engine', 'parse.js')))).toBe(true);
    expect([...seen].filter((f) => f.endsWith('parse-contract.js'))).toEqual([]);
    expect([...bare].filter((s) => s === 'zod' || s.startsWith('zod/'))).toEqual([]);
    // Nor @napi-rs/canvas: it loads when something draws (engine/image/canvas.ts).
    expect(bare.has('node:worker_threads')).toBe(true);
    expect(bare.has('@napi-rs/canvas')).toBe(false);
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

  it('listens to a task\'s signal only while the task lasts (one signal may serve a whole batch)', async () => {
    const pool = new EnginePool({ size: 1 });
    pools.push(pool);
    const controller = new AbortController();
    const pdf = makePdf({ pages: [{ items: [{ text: 'One of many', x: 72, y: 700 }] }] });
    const runs = await Promise.all(Array.from({ length: 15 }, () => pool.parse(pdf, {}, { signal: controller.signal })));
    expect(runs.every((r) => r.status === 'PROCESSED')).toBe(true);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});

describe('an engine worker started early (by the command line)', () => {
  it('starts only for engine commands, and is the first worker of the pool', async () => {
    for (const args of [['serve'], ['key'], ['parse', '--help'], ['extract', '-h'], []]) expect(startEngineWorkerEarly(args)).toBeUndefined();
    const early = startEngineWorkerEarly(['parse', 'a.pdf', '--json']);
    expect(early).toBeDefined();
    expect(startEngineWorkerEarly(['parse', 'b.pdf'])).toBeUndefined();
    const pool = new EnginePool({ size: 1 });
    try {
      const run = await pool.parse(makePdf({ pages: [{ items: [{ text: 'Early', x: 72, y: 700 }] }] }), {});
      expect(run.status).toBe('PROCESSED');
      // Taken by the pool: the next worker is a new one.
      const next = takeEngineWorker(DEFAULT_WORKER_HEAP_MB);
      expect(next).not.toBe(early);
      await next.terminate();
    } finally {
      await pool.close();
    }
    // The pool ran its task on the early worker, and stopped it on close.
    expect(early!.threadId).toBe(-1);
  });

  it('is not handed out once it has stopped, nor when the pool wants another heap size', async () => {
    const stopped = startEngineWorkerEarly(['detect-fields', 'a.pdf'])!;
    await new Promise<void>((resolve) => {
      stopped.once('exit', () => resolve());
      void stopped.terminate();
    });
    const fresh = takeEngineWorker(DEFAULT_WORKER_HEAP_MB);
    expect(fresh).not.toBe(stopped);
    await fresh.terminate();

    const early = startEngineWorkerEarly(['extract', 'a.pdf'])!;
    const other = takeEngineWorker(DEFAULT_WORKER_HEAP_MB * 2);
    expect(other).not.toBe(early);
    await other.terminate();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(early.threadId).toBe(-1);
  });
});
