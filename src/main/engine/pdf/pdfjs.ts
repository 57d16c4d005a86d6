// The one place the engine loads pdf.js (legacy build, for Node). It loads the pdf.js worker
// module to run in this thread (documents opened with loadDocument talk to it over
// ./worker-port.ts; a bare getDocument finds it as pdf.js's "fake worker"), then puts back the
// native Array.prototype.push, JSON.stringify and JSON.parse that the legacy build's polyfills
// replace process-wide (22% of text-extraction time; 6% of a long document's parse spent in the
// slow JSON.stringify), and has pdf.js inflate Flate streams with its own in-thread decoder.
import { nativeBuiltins } from './native-builtins.js';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
// @ts-expect-error -- pdfjs-dist ships no type declarations for the worker module.
import * as pdfjsWorker from 'pdfjs-dist/legacy/build/pdf.worker.mjs';
import { inThreadWorker } from './worker-port.js';

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

type DocumentParams = Omit<Parameters<typeof pdfjs.getDocument>[0] & object, 'worker' | 'url' | 'range'>;

/** pdf.js's getDocument, its worker side running in this thread over a channel that copies
 *  only what pdf.js changes after sending (./worker-port.ts). Destroying the loading task (or
 *  the document) destroys the worker too. */
export function loadDocument(params: DocumentParams): pdfjs.PDFDocumentLoadingTask {
  const worker = inThreadWorker(pdfjs.PDFWorker, pdfjsWorker.WorkerMessageHandler);
  const task = pdfjs.getDocument({ ...params, worker });
  // pdf.js destroys a worker it created itself with the task; this one is handed over the same way.
  (task as unknown as { _worker: unknown })._worker = worker;
  return task;
}

/** Options for reading a page's operators for analysis: annotations (links, widgets) are left
 *  out, which halves the cost on link-heavy documents; form values are read separately. */
export const ANALYSIS_OPERATOR_LIST = { annotationMode: pdfjs.AnnotationMode.DISABLE } as const;
export type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
