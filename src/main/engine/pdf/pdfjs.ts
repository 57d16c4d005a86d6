// The one place the engine loads pdf.js (legacy build, for Node). It loads the pdf.js worker
// module to run in this thread (documents opened with loadDocument talk to it over
// ./worker-port.ts; a bare getDocument finds it as pdf.js's "fake worker"), then puts back the
// native Array.prototype.push, JSON.stringify and JSON.parse that the legacy build's polyfills
// replace process-wide (22% of text-extraction time; 6% of a long document's parse spent in the
// slow JSON.stringify), and has pdf.js inflate Flate streams with its own in-thread decoder.
//
// Built (dist/), it runs pdf.js's two modules as the CommonJS scripts the build writes beside
// it (scripts/vendor-pdfjs.js) with a V8 code cache (./code-cache.ts): compiling them took a
// third of an engine thread's start. Those scripts carry the build's changes to pdf.js
// (scripts/pdfjs-patches.js: pictures and shadings left unbuilt in analysis reads, neither
// Node's fetch nor @napi-rs/canvas loaded until used). From source (tests, tsx) or when the scripts are missing or were made from another
// pdf.js, it imports the modules themselves.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as PdfJs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { nativeBuiltins } from './native-builtins.js';
import { codeCacheDir, runCachedScript, type CachedScript } from './code-cache.js';
import { inThreadWorker } from './worker-port.js';

interface PdfJsWorker {
  WorkerMessageHandler: unknown;
}

const require = createRequire(import.meta.url);
const pdfjsPackage = require.resolve('pdfjs-dist/package.json');
const pdfjsBuild = path.join(path.dirname(pdfjsPackage), 'legacy', 'build');
const vendorDir = pdfjsScriptsDir(path.dirname(fileURLToPath(import.meta.url)));

/** Where the build wrote pdf.js's scripts for the module in `moduleDir`: dist/vendor/pdfjs/ for
 *  dist/main/engine/pdf/ (the command line's build), out/vendor/pdfjs/ for the desktop app's
 *  bundle, whether the engine sits in an entry (out/main/) or a shared chunk
 *  (out/main/chunks/); undefined from the sources (tests, tsx). */
export function pdfjsScriptsDir(moduleDir: string): string | undefined {
  for (const up of [1, 2, 3]) {
    const dir = path.join(moduleDir, ...Array<string>(up).fill('..'), 'vendor', 'pdfjs');
    if (existsSync(path.join(dir, 'pdfjs-dist.json'))) return dir;
  }
  return undefined;
}

/** pdf.js from the build's scripts with a code cache, when they were made from this pdf.js
 *  (and run: a damaged build falls back to the modules). */
function cachedPdfjs(): { pdfjs: typeof PdfJs; worker: PdfJsWorker; scripts: CachedScript[] } | undefined {
  try {
    if (vendorDir === undefined) return undefined;
    const madeFrom = path.join(vendorDir, 'pdfjs-dist.json');
    const installed = (require(pdfjsPackage) as { version: string }).version;
    if ((JSON.parse(readFileSync(madeFrom, 'utf8')) as { version?: string }).version !== installed) return undefined;
    const dir = codeCacheDir();
    const api = runCachedScript(path.join(vendorDir, 'pdf.cjs'), path.join(pdfjsBuild, 'pdf.mjs'), dir);
    const worker = runCachedScript(path.join(vendorDir, 'pdf.worker.cjs'), path.join(pdfjsBuild, 'pdf.worker.mjs'), dir);
    return { pdfjs: api.exports as typeof PdfJs, worker: worker.exports as PdfJsWorker, scripts: [api, worker] };
  } catch {
    return undefined;
  }
}

const cached = cachedPdfjs();
const pdfjs: typeof PdfJs = cached?.pdfjs ?? (await import('pdfjs-dist/legacy/build/pdf.mjs'));
const pdfjsWorker: PdfJsWorker =
  // @ts-expect-error -- pdfjs-dist ships no type declarations for the worker module.
  cached?.worker ?? ((await import('pdfjs-dist/legacy/build/pdf.worker.mjs')) as PdfJsWorker);

/** Writes pdf.js's code cache if this thread compiled it without one. Called once a first
 *  document has been read, so the functions reading it are in the cache; never throws. */
export function savePdfjsCodeCache(): void {
  for (const script of cached?.scripts ?? []) script.save();
}

(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = pdfjsWorker;
// When the global DecompressionStream works, pdf.js inflates every content stream through it:
// in Node that is a round trip to the thread pool per stream, and the parse waits for each one
// (8-15% of a text PDF's parse time). When its constructor throws, pdf.js uses its own
// synchronous inflater, the path browsers took before DecompressionStream existed. pdf.js
// tries it on every Flate stream it reads (page contents, forms, fonts), so it throws a ready
// made value: a missing global threw a ReferenceError each time, and capturing its stack cost
// ~14 µs a stream (0.8% of GeoTopo's parse). Nothing else in the engine uses it.
const DECOMPRESSION_UNAVAILABLE = Object.freeze({ name: 'NotSupportedError', message: 'DecompressionStream is not used in the engine.' });
Object.defineProperty(globalThis, 'DecompressionStream', {
  value: function DecompressionStream(): never {
    throw DECOMPRESSION_UNAVAILABLE; // a value, not an Error: no stack to capture
  },
  writable: true,
  configurable: true,
  enumerable: false,
});
for (const { owner, key, value } of nativeBuiltins) {
  if ((owner as Record<string, unknown>)[key] !== value) {
    Object.defineProperty(owner, key, { value, writable: true, configurable: true, enumerable: false });
  }
}

export const { AnnotationMode, normalizeUnicode, OPS, PasswordResponses, Util } = pdfjs;

/** How many streams pdf.js has stopped decoding at its limit in this thread so far (a patch of
 *  the built scripts: scripts/pdfjs-patches.js); a page read while it grew lost part of its
 *  content. */
export function oversizedStreams(): number {
  return (globalThis as { perfectParserOversizedStreams?: number }).perfectParserOversizedStreams ?? 0;
}

type DocumentParams = Omit<Parameters<typeof pdfjs.getDocument>[0] & object, 'worker' | 'url' | 'range'>;

/** pdf.js's getDocument, its worker side running in this thread over a channel that copies
 *  only what pdf.js changes after sending (./worker-port.ts). Destroying the loading task (or
 *  the document) destroys the worker too. */
export function loadDocument(params: DocumentParams): PdfJs.PDFDocumentLoadingTask {
  const worker = inThreadWorker(pdfjs.PDFWorker, pdfjsWorker.WorkerMessageHandler as Parameters<typeof inThreadWorker>[1]);
  const task = pdfjs.getDocument({ ...params, worker });
  // pdf.js destroys a worker it created itself with the task; this one is handed over the same way.
  (task as unknown as { _worker: unknown })._worker = worker;
  return task;
}

/** Options for reading a page's operators for analysis: annotations (links, widgets) are left
 *  out, which halves the cost on link-heavy documents; form values are read separately. In the
 *  build's pdf.js (scripts/pdfjs-patches.js) such a read also leaves pictures undecoded: each
 *  keeps its operator and size, and its object is null. Rendering decodes them. */
export const ANALYSIS_OPERATOR_LIST = { annotationMode: pdfjs.AnnotationMode.DISABLE } as const;
export type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
