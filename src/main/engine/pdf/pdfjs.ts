// The one place the engine loads pdf.js (legacy build, for Node). It preloads the pdf.js worker
// module for in-thread ("fake worker") use, then puts back the native Array.prototype.push that
// the legacy build's polyfills replace process-wide (22% of text-extraction time).
import { nativeArrayPush } from './native-builtins.js';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
// @ts-expect-error -- pdfjs-dist ships no type declarations for the worker module.
import * as pdfjsWorker from 'pdfjs-dist/legacy/build/pdf.worker.mjs';

(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = pdfjsWorker;
if (Array.prototype.push !== nativeArrayPush) {
  Object.defineProperty(Array.prototype, 'push', { value: nativeArrayPush, writable: true, configurable: true, enumerable: false });
}

export const { AnnotationMode, getDocument, normalizeUnicode, OPS, PasswordResponses, Util } = pdfjs;

/** Options for reading a page's operators for analysis: annotations (links, widgets) are left
 *  out, which halves the cost on link-heavy documents; form values are read separately. */
export const ANALYSIS_OPERATOR_LIST = { annotationMode: pdfjs.AnnotationMode.DISABLE } as const;
export type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
