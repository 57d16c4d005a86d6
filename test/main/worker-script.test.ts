// Where worker threads' scripts are found: beside the caller (dist/), beside the app bundle's
// entries when the caller is one of its chunks, else in dist/ when running from the sources.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import Tesseract from 'tesseract.js';
import { bundledLangDir } from '../../src/main/engine/ocr/lang-data.js';
import { workerScriptPath } from '../../src/main/worker-script.js';
import { whitePage } from '../helpers/draw-page.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(path.join(tmpdir(), 'pp-worker-script-'));
const file = (rel: string): string => {
  const f = path.join(tmp, rel);
  mkdirSync(path.dirname(f), { recursive: true });
  writeFileSync(f, '');
  return f;
};
const url = (f: string): string => pathToFileURL(f).href;

describe('worker scripts', () => {
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('finds a script beside its caller, or beside the bundle entries from a chunk', () => {
    const distCaller = file('dist/main/engine/ocr/scheduler.js');
    const distWorker = file('dist/main/engine/ocr/tesseract-worker.js');
    expect(workerScriptPath(url(distCaller), 'tesseract-worker.js', 'engine/ocr')).toBe(distWorker);

    const chunk = file('out/main/chunks/parse-abc123.js');
    const entry = file('out/main/tesseract-worker.js');
    expect(workerScriptPath(url(chunk), 'tesseract-worker.js', 'engine/ocr')).toBe(entry);
    // A script beside the chunk itself comes first.
    const besideChunk = file('out/main/chunks/tesseract-worker.js');
    expect(workerScriptPath(url(chunk), 'tesseract-worker.js', 'engine/ocr')).toBe(besideChunk);
  });

  it('takes the compiled script in dist/ for a caller in the sources', () => {
    const source = file('src/main/engine/ocr/scheduler.ts');
    expect(workerScriptPath(url(source), 'tesseract-worker.js', 'engine/ocr')).toBe(path.join(tmp, 'dist', 'main', 'engine', 'ocr', 'tesseract-worker.js'));
    // Anywhere else, the path beside the caller (its absence is then reported when started).
    const elsewhere = file('lib/x/scheduler.js');
    expect(workerScriptPath(url(elsewhere), 'missing.js', 'engine/ocr')).toBe(path.join(tmp, 'lib', 'x', 'missing.js'));
  });

  it('finds the app build\'s OCR worker from its chunk, and that script recognises a page', async () => {
    const outMain = path.join(root, 'out', 'main');
    // The engine is bundled into the engine worker's entry or a chunk, as the bundler shares it.
    const caller = readdirSync(outMain, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.js') && path.basename(f) !== 'tesseract-worker.js')
      .map((f) => path.join(outMain, f))
      .find((f) => readFileSync(f, 'utf8').includes("'tesseract-worker.js'") || readFileSync(f, 'utf8').includes('"tesseract-worker.js"'));
    expect(caller).toBeDefined();
    const script = workerScriptPath(url(caller!), 'tesseract-worker.js', 'engine/ocr');
    expect(script).toBe(path.join(outMain, 'tesseract-worker.js'));
    const worker = await Tesseract.createWorker('eng', Tesseract.OEM.LSTM_ONLY, {
      workerPath: script,
      langPath: bundledLangDir(),
      cacheMethod: 'none',
      gzip: true,
      logger: () => undefined,
      errorHandler: () => undefined,
    });
    try {
      const { canvas, ctx } = whitePage(900, 200);
      ctx.fillStyle = '#000000';
      ctx.font = '48px sans-serif';
      ctx.fillText('READ IN THE APP', 60, 120);
      const { data } = await worker.recognize(canvas.toBuffer('image/png'));
      expect(data.text.trim()).toBe('READ IN THE APP');
    } finally {
      await worker.terminate();
    }
  }, 60_000);
});
