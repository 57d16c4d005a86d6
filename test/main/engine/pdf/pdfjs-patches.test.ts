// The build's changes to pdf.js (scripts/pdfjs-patches.js): they apply to the installed pdf.js,
// a change of its text stops the build, and the built engine leaves pictures undecoded and
// shadings unbuilt in its analysis reads while rendering a page still paints them, and stops a
// stream that decodes past 256 MB (a decompression bomb) with the page's other content kept. Where the
// engine finds the build's scripts, and what loading them costs an engine thread (neither Node's
// fetch nor @napi-rs/canvas until something uses them).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { execFile } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { createDeflate } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_PATCHES, patchPdfjs, WORKER_PATCHES } from '../../../../scripts/pdfjs-patches.js';
import { pdfjsScriptsDir } from '../../../../src/main/engine/pdf/pdfjs.js';
import { makePdf, type ImageSpec } from '../../../helpers/make-pdf.js';

type PdfJsModule = typeof import('../../../../src/main/engine/pdf/pdfjs.js');
type RenderModule = typeof import('../../../../src/main/engine/ocr/render-pdf-page.js');
type Page = Awaited<ReturnType<Awaited<ReturnType<PdfJsModule['loadDocument']>['promise']>['getPage']>>;

const require = createRequire(import.meta.url);
const pdfjsBuild = path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'legacy', 'build');
const root = path.resolve(import.meta.dirname, '../../../..');
const dist = path.join(root, 'dist', 'main', 'engine');

describe('patchPdfjs', () => {
  it('finds each of its texts exactly once in the installed pdf.js', () => {
    for (const [module, patches] of [['pdf.mjs', API_PATCHES], ['pdf.worker.mjs', WORKER_PATCHES]] as const) {
      const source = readFileSync(path.join(pdfjsBuild, module), 'utf8');
      const patched = patchPdfjs(source, patches);
      for (const { replace } of patches) expect(patched).toContain(replace);
      expect(patched).not.toBe(source);
    }
  });

  it('stops the build when a text is missing or found twice, naming the patch', () => {
    const patch = { name: 'example', find: 'const a = 1;\n', replace: 'const a = 2;\n' };
    expect(patchPdfjs('let x;\nconst a = 1;\n', [patch])).toBe('let x;\nconst a = 2;\n');
    expect(() => patchPdfjs('const b = 1;\n', [patch])).toThrow(/"example": its text was not found/);
    expect(() => patchPdfjs('const a = 1;\nconst a = 1;\n', [patch])).toThrow(/"example": its text was found more than once/);
  });
});

function solid(width: number, height: number, [r, g, b]: [number, number, number]): ImageSpec {
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < rgb.length; i += 3) rgb.set([r, g, b], i);
  return { width, height, rgb };
}

describe('the built engine pdf.js', () => {
  let pdfjs: PdfJsModule;
  let render: RenderModule;
  beforeAll(async () => {
    process.env.PERFECTPARSER_CODE_CACHE_DIR = 'off';
    // The built modules (npm run build:node): they run the scripts the build patched.
    pdfjs = (await import(path.join(dist, 'pdf', 'pdfjs.js'))) as PdfJsModule;
    render = (await import(path.join(dist, 'ocr', 'render-pdf-page.js'))) as RenderModule;
  });

  // Three pages paint the same dark picture (pdf.js caches a picture used on two pages for the
  // whole document) and the last one a light picture of its own.
  const paint = (name: string, x: number): string => `q 100 0 0 100 ${x} 600 cm /${name} Do Q`;
  const pdf = (): Uint8Array =>
    makePdf({
      images: { Dark: solid(20, 20, [0, 0, 120]), Light: solid(16, 16, [200, 200, 200]) },
      pages: [
        { items: [{ text: 'One', x: 72, y: 500 }], graphics: paint('Dark', 72) },
        { items: [{ text: 'Two', x: 72, y: 500 }], graphics: paint('Dark', 72) },
        { items: [{ text: 'Three', x: 72, y: 500 }], graphics: `${paint('Dark', 72)}\n${paint('Light', 300)}` },
      ],
    });

  /** Runs `use` on the built pdf.js's document of `data`, destroyed after. */
  type Doc = Awaited<ReturnType<PdfJsModule['loadDocument']>['promise']>;
  async function withDocument(data: Uint8Array, use: (doc: Doc) => Promise<void>): Promise<void> {
    const task = pdfjs.loadDocument({ data, isEvalSupported: false, verbosity: 0 });
    try {
      await use(await task.promise);
    } finally {
      await task.destroy();
    }
  }

  async function pictures(page: Page, params?: Parameters<Page['getOperatorList']>[0]): Promise<{ w: number; h: number; data: unknown }[]> {
    const ops = await page.getOperatorList(params);
    const found = ops.fnArray.flatMap((fn, i) => (fn === pdfjs.OPS.paintImageXObject ? [ops.argsArray[i] as [string, number, number]] : []));
    return Promise.all(
      found.map(
        ([id, w, h]) =>
          new Promise<{ w: number; h: number; data: unknown }>((resolve) =>
            (id.startsWith('g_') ? page.commonObjs : page.objs).get(id, (data: unknown) => resolve({ w, h, data })),
          ),
      ),
    );
  }

  it('keeps each picture operator and its size in an analysis read, without decoding it', async () => {
    await withDocument(pdf(), async (doc) => {
      for (const n of [1, 2, 3]) {
        const page = await doc.getPage(n);
        const read = await pictures(page, pdfjs.ANALYSIS_OPERATOR_LIST);
        expect(read.map(({ w, h }) => [w, h])).toEqual(n === 3 ? [[20, 20], [16, 16]] : [[20, 20]]);
        expect(read.every(({ data }) => data === null)).toBe(true);
      }
      // A read that is not an analysis read (the TIFF fax decoder's) gets the pixels.
      const decoded = await pictures(await doc.getPage(3));
      expect(decoded.map(({ data }) => (data as { width: number }).width)).toEqual([20, 16]);
    });
  });

  it('paints the pictures when a page is rendered after every page was read for analysis', async () => {
    await withDocument(pdf(), async (doc) => {
      for (let n = 1; n <= doc.numPages; n++) await (await doc.getPage(n)).getOperatorList(pdfjs.ANALYSIS_OPERATOR_LIST);
      for (const n of [3, 1]) {
        const { gray, dpi } = await render.renderPageGray(await doc.getPage(n), 72);
        expect(dpi).toBe(72);
        const at = (x: number, yFromTop: number): number => gray.data[yFromTop * gray.width + x]!;
        expect(at(122, 142)).toBeLessThan(40); // the dark picture (0, 0, 120)
        expect(at(122, 300)).toBe(255); // the page
        if (n === 3) expect(Math.abs(at(350, 142) - 200)).toBeLessThan(3); // the light picture
      }
    });
  });

  // A gradient from black (left) to white (right) across a 200 × 100 box, on two pages.
  const gradient =
    '<< /ShadingType 2 /ColorSpace /DeviceGray /Coords [72 0 272 0] /Extend [true true] ' +
    '/Function << /FunctionType 2 /Domain [0 1] /C0 [0] /C1 [1] /N 1 >> >>';
  const shaded = (): Uint8Array =>
    makePdf({
      shadings: { Sh0: gradient },
      pages: [1, 2].map((n) => ({ items: [{ text: `Page ${n}`, x: 72, y: 700 }], graphics: 'q 72 500 200 100 re W n /Sh0 sh Q' })),
    });

  async function shadingObjects(page: Page, params?: Parameters<Page['getOperatorList']>[0]): Promise<unknown[]> {
    const ops = await page.getOperatorList(params);
    const ids = ops.fnArray.flatMap((fn, i) => (fn === pdfjs.OPS.shadingFill ? [(ops.argsArray[i] as [string])[0]] : []));
    return Promise.all(ids.map((id) => new Promise<unknown>((resolve) => page.objs.get(id, resolve))));
  }

  it('keeps the shading operator in an analysis read without building the shading', async () => {
    await withDocument(shaded(), async (doc) => {
      const page = await doc.getPage(1);
      expect(await shadingObjects(page, pdfjs.ANALYSIS_OPERATOR_LIST)).toEqual([null]);
      // Another read builds it (the pattern's description, with its colours).
      const built = await shadingObjects(page);
      expect(built).toHaveLength(1);
      expect(built[0]).not.toBeNull();
    });
  });

  it('paints the gradient when a page is rendered after the pages were read for analysis', async () => {
    await withDocument(shaded(), async (doc) => {
      for (let n = 1; n <= doc.numPages; n++) await (await doc.getPage(n)).getOperatorList(pdfjs.ANALYSIS_OPERATOR_LIST);
      const { gray } = await render.renderPageGray(await doc.getPage(2), 72);
      const at = (x: number, yFromTop: number): number => gray.data[yFromTop * gray.width + x]!;
      // Inside the box (y 192-292 from the top): dark on the left, light on the right, and
      // the page outside it white.
      expect(at(80, 240)).toBeLessThan(30);
      expect(at(172, 240)).toBeGreaterThan(100);
      expect(at(172, 240)).toBeLessThan(160);
      expect(at(265, 240)).toBeGreaterThan(225);
      expect(at(80, 400)).toBe(255);
    });
  });
});

describe('where the engine finds the build\'s scripts', () => {
  it('looks in dist/vendor/pdfjs from dist/main/engine/pdf and in out/vendor/pdfjs from out/main or out/main/chunks', () => {
    const tmp = mkdtempSync(path.join(tmpdir(), 'pp-pdfjs-dir-'));
    try {
      for (const [moduleDir, scripts] of [
        ['dist/main/engine/pdf', 'dist/vendor/pdfjs'],
        ['out/main/chunks', 'out/vendor/pdfjs'],
        ['app/main', 'app/vendor/pdfjs'],
      ] as const) {
        mkdirSync(path.join(tmp, moduleDir), { recursive: true });
        expect(pdfjsScriptsDir(path.join(tmp, moduleDir))).toBeUndefined();
        mkdirSync(path.join(tmp, scripts), { recursive: true });
        writeFileSync(path.join(tmp, scripts, 'pdfjs-dist.json'), '{"version":"0"}\n');
        expect(pdfjsScriptsDir(path.join(tmp, moduleDir))).toBe(path.join(tmp, scripts));
      }
      expect(pdfjsScriptsDir(path.join(root, 'src', 'main', 'engine', 'pdf'))).toBeUndefined();
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('finds the patched scripts from the desktop app\'s bundle (npm run build:app)', () => {
    const outMain = path.join(root, 'out', 'main');
    const bundled = readdirSync(outMain, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.js'))
      .filter((f) => readFileSync(path.join(outMain, f), 'utf8').includes('pdfjs-dist.json'));
    expect(bundled).toHaveLength(1);
    const scripts = pdfjsScriptsDir(path.dirname(path.join(outMain, bundled[0]!)));
    expect(scripts).toBe(path.join(root, 'out', 'vendor', 'pdfjs'));
    const installed = (require('pdfjs-dist/package.json') as { version: string }).version;
    expect(JSON.parse(readFileSync(path.join(scripts!, 'pdfjs-dist.json'), 'utf8'))).toEqual({ version: installed });
    expect(readFileSync(path.join(scripts!, 'pdf.worker.cjs'), 'utf8')).toContain('perfectParserSkipImageData');
  });
});

describe('loading the built pdf.js in an engine thread', () => {
  it('does not load Node\'s fetch implementation, and leaves the global Response working', async () => {
    const pdfjsModule = path.join(dist, 'pdf', 'pdfjs.js');
    const worker = new Worker(
      `const { parentPort } = require('node:worker_threads');
      const loaded = () => process.moduleLoadList.some((m) => m.includes('undici'));
      (async () => {
        const before = loaded();
        await import(${JSON.stringify(pathToFileURL(pdfjsModule).href)});
        const afterLoad = loaded();
        const text = await new Response('read back').text();
        const bytes = await new Response('ab').bytes();
        parentPort.postMessage({ before, afterLoad, afterUse: loaded(), text, bytes: [...bytes] });
      })().catch((err) => parentPort.postMessage({ error: String(err) }));`,
      { eval: true, env: { ...process.env, PERFECTPARSER_CODE_CACHE_DIR: 'off' } },
    );
    try {
      const result = await new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      expect(result).toEqual({ before: false, afterLoad: false, afterUse: true, text: 'read back', bytes: [97, 98] });
    } finally {
      await worker.terminate();
    }
  });

  it('loads @napi-rs/canvas only when something draws, not to read a PDF from its text', async () => {
    const worker = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
      const loaded = () => Object.keys(require.cache).some((m) => m.includes('@napi-rs'));
      (async () => {
        const { parseDocument } = await import(workerData.parse);
        const run = await parseDocument(workerData.pdf, {});
        const afterParse = loaded();
        const matrix = new DOMMatrix([2, 0, 0, 2, 0, 0]);
        parentPort.postMessage({ status: run.status, text: run.chunks[0].content, afterParse, scale: matrix.a, afterDraw: loaded() });
      })().catch((err) => parentPort.postMessage({ error: String(err) }));`,
      {
        eval: true,
        env: { ...process.env, PERFECTPARSER_CODE_CACHE_DIR: 'off' },
        workerData: {
          parse: pathToFileURL(path.join(dist, 'parse.js')).href,
          pdf: makePdf({ pages: [{ items: [{ text: 'Read from the text layer', x: 72, y: 700 }] }] }),
        },
      },
    );
    try {
      const result = await new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      expect(result).toMatchObject({ status: 'PROCESSED', afterParse: false, scale: 2, afterDraw: true });
      expect((result as { text: string }).text).toContain('Read from the text layer');
    } finally {
      await worker.terminate();
    }
  }, 30_000);

  it('stops a content stream decoding past 256 MB: the other pages are read, the run says so, and memory stays bounded', async () => {
    // Page 1's content is 600 MB of spaces compressed to about 0.6 MB: pdf.js alone grew one
    // buffer to 1 GB for it (1.7 GB at its peak). Page 2 is an ordinary page.
    const deflate = createDeflate({ level: 9 });
    const parts: Buffer[] = [];
    deflate.on('data', (c: Buffer) => parts.push(c));
    const ended = new Promise((resolve) => deflate.on('end', resolve));
    const spaces = Buffer.alloc(1024 * 1024, 0x20);
    for (let i = 0; i < 600; i++) if (!deflate.write(spaces)) await new Promise((resolve) => deflate.once('drain', resolve));
    deflate.end();
    await ended;
    const compressed = Buffer.concat(parts);
    const pdf = Buffer.from(makePdf({ pages: [{ content: new Uint8Array(0) }, { items: [{ text: 'After the flood', x: 72, y: 700 }] }] })).toString('latin1');
    // Page 1's empty content stream replaced by the compressed one.
    const bomb = Buffer.concat([
      Buffer.from(pdf.slice(0, pdf.indexOf('<< /Length 0 >>')).concat(`<< /Length ${compressed.length} /Filter /FlateDecode >>\nstream\n`), 'latin1'),
      compressed,
      Buffer.from(pdf.slice(pdf.indexOf('\nendstream')), 'latin1'),
    ]);
    const dir = mkdtempSync(path.join(tmpdir(), 'pp-bomb-'));
    try {
      const file = path.join(dir, 'bomb.pdf');
      writeFileSync(file, bomb);
      // A process of its own, so its peak memory is the parse's.
      const script = `import(${JSON.stringify(pathToFileURL(path.join(dist, 'parse.js')).href)}).then(async ({ parseDocument }) => {
        const run = await parseDocument(new Uint8Array(require('node:fs').readFileSync(${JSON.stringify(file)})), {});
        console.log(JSON.stringify({ status: run.status, text: run.chunks.map((c) => c.content).join(''), warnings: run.warnings ?? [], peakMb: process.resourceUsage().maxRSS / 1024 }));
      });`;
      const out = await new Promise<string>((resolve, reject) =>
        execFile(process.execPath, ['-e', script], { env: { ...process.env, PERFECTPARSER_CODE_CACHE_DIR: 'off' }, maxBuffer: 1 << 20 }, (err, stdout) => (err ? reject(err) : resolve(stdout))),
      );
      const result = JSON.parse(out) as { status: string; text: string; warnings: string[]; peakMb: number };
      expect(result.status).toBe('PROCESSED');
      expect(result.text).toContain('After the flood');
      expect(result.warnings).toEqual([expect.stringMatching(/^Page 1: part of the content expands to more than 256 MB when decompressed .* the rest of the page was read\.$/)]);
      expect(result.peakMb).toBeLessThan(700);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
