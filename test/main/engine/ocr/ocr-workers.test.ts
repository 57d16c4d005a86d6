// The OCR workers' own thread script (tesseract-worker.ts: the LSTM-only core, no network) and
// their early start (OcrScheduler.prestart) for pages about to be recognised.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseDocument } from '../../../../src/main/engine/parse.js';
import { closeOcrScheduler, OcrScheduler, tesseractWorkerPath } from '../../../../src/main/engine/ocr/scheduler.js';
import { lstmCoreModule, wasmSimd } from '../../../../src/main/engine/ocr/tesseract-core.js';
import { whitePage } from '../../../helpers/draw-page.js';
import { makePdf } from '../../../helpers/make-pdf.js';

const require = createRequire(import.meta.url);
const run = promisify(execFile);
const blankPgm = () => Uint8Array.from([...new TextEncoder().encode('P5\n8 8\n255\n'), ...new Array<number>(64).fill(255)]);

describe('the OCR worker thread script', () => {
  it('loads the LSTM-only WebAssembly core, with SIMD where the runtime has it', () => {
    expect(wasmSimd()).toBe(true);
    expect(lstmCoreModule()).toBe('tesseract.js-core/tesseract-core-simd-lstm');
    expect(lstmCoreModule(false)).toBe('tesseract.js-core/tesseract-core-lstm');
    for (const simd of [true, false]) {
      const core = require.resolve(lstmCoreModule(simd));
      expect(existsSync(core.replace(/\.js$/, '.wasm'))).toBe(true);
    }
  });

  it('is the built script the scheduler starts its workers from', () => {
    const script = tesseractWorkerPath();
    expect(script.endsWith('tesseract-worker.js')).toBe(true);
    expect(readFileSync(script, 'utf8')).toMatch(/setAdapter/);
  });

  it('refuses language data from the network, and ends its thread', async () => {
    // In a process of its own: it must end by itself once the start has failed (tesseract.js
    // reports a failed language load only to the error handler and keeps no way to stop the
    // thread, which would otherwise keep the process alive).
    const script = `
      const Tesseract = require('tesseract.js');
      Tesseract.createWorker('eng', Tesseract.OEM.LSTM_ONLY, {
        workerPath: ${JSON.stringify(tesseractWorkerPath())},
        langPath: 'https://example.invalid/tessdata',
        cacheMethod: 'none',
        gzip: true,
        logger: () => undefined,
        errorHandler: (e) => console.log('START FAILED', String(e)),
      });`;
    const { stdout } = await run(process.execPath, ['-e', script], { timeout: 30_000 });
    expect(stdout).toMatch(/START FAILED .*local files only, not https:\/\/example\.invalid\/tessdata\/eng\.traineddata\.gz/);
  }, 60_000);
});

describe('an OCR worker whose start fails', () => {
  it('fails its page with OCR_ERROR at once (language data gone after it was checked)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pp-tessdata-'));
    const deu = path.join(dir, 'deu.traineddata');
    writeFileSync(deu, 'x');
    const scheduler = new OcrScheduler({ size: 1, languages: 'eng+deu', langDir: dir, jobTimeoutMs: 60_000 });
    try {
      rmSync(deu);
      const started = performance.now();
      await expect(scheduler.recognize(blankPgm())).rejects.toMatchObject({ reason: 'OCR_ERROR', message: /could not start.*deu\.traineddata/ });
      expect(performance.now() - started).toBeLessThan(30_000);
      expect(scheduler.workers).toBe(0);
    } finally {
      await scheduler.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('starting OCR workers early', () => {
  afterEach(async () => {
    vi.restoreAllMocks();
    await closeOcrScheduler();
  });

  it('starts up to the pool size, and recognises with the workers it started', async () => {
    const scheduler = new OcrScheduler({ size: 2 });
    try {
      scheduler.prestart(1);
      expect(scheduler.workers).toBe(1);
      scheduler.prestart(5);
      expect(scheduler.workers).toBe(2);
      scheduler.prestart();
      expect(scheduler.workers).toBe(2);
      const page = await scheduler.recognize(blankPgm());
      expect(page.blocks ?? []).toEqual([]);
      expect(scheduler.workers).toBe(2);
    } finally {
      await scheduler.close();
    }
    scheduler.prestart();
    expect(scheduler.workers).toBe(0);
  }, 60_000);

  it('stops an early-started worker left without work, all but the first', async () => {
    const scheduler = new OcrScheduler({ size: 2, idleTimeoutMs: 50 });
    try {
      scheduler.prestart();
      expect(scheduler.workers).toBe(2);
      await vi.waitFor(() => expect(scheduler.workers).toBe(1), { timeout: 10_000, interval: 20 });
    } finally {
      await scheduler.close();
    }
  }, 30_000);

  it('starts them before the first recognition of a scanned page and of an image', async () => {
    const calls: string[] = [];
    const prestart = OcrScheduler.prototype.prestart;
    const recognize = OcrScheduler.prototype.recognize;
    vi.spyOn(OcrScheduler.prototype, 'prestart').mockImplementation(function (this: OcrScheduler, count?: number) {
      calls.push(`prestart ${this.workers}`);
      prestart.call(this, count);
    });
    vi.spyOn(OcrScheduler.prototype, 'recognize').mockImplementation(function (this: OcrScheduler, image, options) {
      calls.push('recognize');
      return recognize.call(this, image, options);
    });
    const pdf = makePdf({ pages: [{ items: [{ text: 'SCANNED PAGE TEXT', x: 72, y: 700, size: 28 }] }] });
    const run = await parseDocument(pdf, { advancedOptions: { ocr: 'force', pageRotationEnabled: false } });
    expect(run.status).toBe('PROCESSED');
    expect(calls[0]).toBe('prestart 0');
    expect(calls).toContain('recognize');

    calls.length = 0;
    await closeOcrScheduler();
    const { canvas, ctx } = whitePage(1200, 400);
    ctx.fillStyle = '#000000';
    ctx.font = '48px sans-serif';
    ctx.fillText('A PHOTOGRAPHED RECEIPT', 80, 200);
    const png = new Uint8Array(canvas.toBuffer('image/png'));
    const image = await parseDocument(png, { advancedOptions: { pageRotationEnabled: false } });
    expect(image.status).toBe('PROCESSED');
    expect(image.chunks.map((c) => c.content).join(' ')).toMatch(/RECEIPT/);
    expect(calls[0]).toBe('prestart 0');
    expect(calls.indexOf('recognize')).toBeGreaterThan(0);
  }, 120_000);
});
