// A PDF, page by page, into page models: each page is loaded, read and released before the
// next, so memory stays flat in the page count. pdf.js's document-wide caches (fonts, page
// tree) are kept for the whole run: they are bounded by the document's fonts, and dropping
// them mid-run made a 1,000-page parse 70% slower for no saving in peak memory.
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { ParseConfig } from '../../../shared/parse-contract.js';
import { cancelledError, EngineError } from '../errors.js';
import { hasFormFields, pageFormFields } from './forms.js';
import type { PageModel } from '../page-model.js';
import { decidePageOcr, pagePaint, type OcrDecision } from '../ocr/decide.js';
import { schedulerFor } from '../ocr/image-pages.js';
import { mergeOcr } from '../ocr/merge.js';
import { ocrPage } from '../ocr/page-ocr.js';
import { renderPageGray } from '../ocr/render-pdf-page.js';
import { currentOcrScheduler, defaultOcrWorkers } from '../ocr/scheduler.js';
import { openPdfDocument } from './open.js';
import { oversizedStreams } from './pdfjs.js';
import { cutShort } from './repair.js';
import { rulingSegments } from '../tables/rulings.js';
import type { Segment } from '../tables/types.js';
import { extractPageText, newDocumentTextState, type PageText } from './page-text.js';
import { findFigures, type FigureCandidate } from '../figures/detect.js';
import { pageGraphics } from '../figures/graphics.js';
import { clipPagePngs } from '../figures/clip.js';
import { SIGNATURE_LABEL, wantsFigureImages, wantsFigures } from '../figures/blocks.js';
import { maxOf } from '../extent.js';

/** Pages read since a page was released, before it is released again (see readPages). */
const RECLEAN_AFTER = 1;

/** Consecutive unreadable pages after which the page tree is taken as broken. */
const MAX_CONSECUTIVE_PAGE_FAILURES = 20;

export interface PdfPageSource {
  /** Page count as far as it can be trusted (a fuzzed /Count is capped). */
  declaredPages: number;
  pages: AsyncGenerator<PageModel, PdfPagesSummary>;
}

export interface PdfPagesSummary {
  /** Pages of the document, unreadable and missing ones included. */
  pageCount: number;
  /** Pages that are in the file but could not be read. */
  failedPages: number[];
  /** Pages read without a part of their content that decodes to more than pdf.js's limit
   *  (a decompression bomb). */
  oversizedPages?: number[] | undefined;
  /** Pages the file declares whose data is not in it at all (a damaged or cut-short file);
   *  they are counted in pageCount. */
  missingPages: number;
  /** The page count the file's page tree (or linearization dictionary) declares; more than
   *  pageCount when pages past the last readable one could not be read (not counted). */
  declaredPages: number;
  /** The file was cut short (no end-of-file marker): its end, and what was there, is missing. */
  cutShort: boolean;
}

/** The largest page count a file of this size could hold (each page needs some bytes). */
export function plausiblePageLimit(fileSize: number): number {
  return Math.floor(fileSize / 8) + 1;
}

function pageWanted(n: number, config: ParseConfig): boolean {
  const ranges = config.advancedOptions.pageRanges;
  if (!ranges || ranges.length === 0) return true;
  return ranges.some((r) => n >= r.start && n <= r.end);
}

function lastWantedPage(limit: number, config: ParseConfig): number {
  const ranges = config.advancedOptions.pageRanges;
  if (!ranges || ranges.length === 0) return limit;
  return Math.min(limit, maxOf(ranges, (r) => r.end));
}

async function* readPages(
  doc: PDFDocumentProxy,
  limit: number,
  declared: { pages: number; missing: number; cutShort: boolean },
  config: ParseConfig,
  signal: AbortSignal | undefined,
): AsyncGenerator<PageModel, PdfPagesSummary> {
  const failedPages: number[] = [];
  const oversizedPages: number[] = [];
  let consecutiveFailures = 0;
  let lastGood = 0;
  const last = lastWantedPage(limit, config);
  const textState = newDocumentTextState();
  // Pages waiting for OCR, in page order; at most one more than the OCR pool can work on.
  const pending: Promise<PageModel>[] = [];
  const lookahead = config.advancedOptions.ocr === 'off' ? 0 : schedulerSize();
  const forms = await hasFormFields(doc);
  const recent: PDFPageProxy[] = [];
  // Whether the last page read needed OCR (undefined before the first).
  let previousOcr: boolean | undefined;
  try {
    for (let n = 1; n <= last; n++) {
      if (signal?.aborted) throw cancelledError();
      if (!pageWanted(n, config)) continue;
      let model: PageModel | undefined;
      let ocr: Promise<PageModel> | undefined;
      const oversizedBefore = oversizedStreams();
      try {
        const page = await doc.getPage(n);
        try {
          const text = await extractPageText(page, textState);
          model = { number: n, width: text.width, height: text.height, rotation: text.rotation, runs: text.runs, blocks: [] };
          if (config.blockOptions.tables.enabled) model.rulings = pageRulings(text);
          if (forms) model.formFields = await pageFormFields(page).catch(() => []);
          const figures = pageFigures(text, config);
          const decision = ocrDecision(text, config);
          const afterText = previousOcr === false;
          previousOcr = decision.ocr;
          // A scanned page's picture is the page itself, not a figure on it.
          const scanned = decision.ocr && decision.use === 'replace';
          const kept = scanned ? figures.filter((f) => !coversPage(f, text)) : figures;
          if (kept.length > 0) model.figures = kept;
          // A scan's figures are the pictures OCR sees in it.
          if ((kept.length > 0 || scanned) && wantsFigureImages(config)) {
            model.clipRegions = (boxes) => clipPagePngs(page, boxes);
          }
          if (decision.ocr) {
            // Rendered now (the page is released below); recognised while later pages are read.
            // The OCR workers start while it renders.
            const scheduler = schedulerFor(config);
            scheduler.prestart();
            const image = await renderPageGray(page);
            const base = model;
            ocr = ocrPage(image.gray, image.dpi, {
              scheduler,
              detectRotation: config.advancedOptions.pageRotationEnabled,
              signal,
              // Pages before the last are read whole, two at a time (recognize.ts), unless the
              // page before was read from its text: a scanned page among text pages has the
              // cores to itself, while a scan's pages but its last are read whole.
              split: n === last || afterText,
              pictures: scanned && wantsFigures(config),
            }).then((o) => {
              const merged = mergeOcr(base, o, decision.use);
              // Pictures are cut from the page as drawn; a page OCR turned upright has new axes.
              if (merged.width !== base.width || merged.height !== base.height || merged.rotation !== base.rotation) delete merged.clipRegions;
              return merged;
            });
            ocr.catch(() => undefined);
          }
        } finally {
          page.cleanup();
          // Pictures the operator list decodes arrive after it resolves and would stay with
          // the page: it is cleaned again a few pages on, once they have landed.
          recent.push(page);
          if (recent.length > RECLEAN_AFTER) recent.shift()!.cleanup();
        }
      } catch (err) {
        if (err instanceof EngineError) throw err;
        failedPages.push(n);
        consecutiveFailures++;
        if (consecutiveFailures >= MAX_CONSECUTIVE_PAGE_FAILURES) break;
        continue;
      }
      consecutiveFailures = 0;
      lastGood = n;
      if (oversizedStreams() > oversizedBefore) oversizedPages.push(n);
      pending.push(ocr ?? Promise.resolve(model));
      while (pending.length > lookahead) yield await pending.shift()!;
    }
    while (pending.length > 0) yield await pending.shift()!;
  } finally {
    await doc.destroy().catch(() => undefined);
  }
  // Trailing failures past the last readable page are a broken or inflated page tree.
  const trailing = failedPages.filter((p) => p > lastGood);
  const pageCount = trailing.length > 0 ? lastGood : limit;
  return {
    pageCount: pageCount + declared.missing,
    failedPages: failedPages.filter((p) => p <= lastGood),
    oversizedPages,
    missingPages: declared.missing,
    declaredPages: declared.pages,
    cutShort: declared.cutShort,
  };
}

function schedulerSize(): number {
  // The pool itself is created only when a page needs OCR (a digital PDF never starts it).
  return currentOcrScheduler()?.size ?? defaultOcrWorkers();
}

/** The page's ruling lines for table detection. */
function pageRulings(text: PageText): Segment[] {
  return rulingSegments(text.operators, text.transform);
}

/** The figures the page draws (images, drawings). */
function pageFigures(text: PageText, config: ParseConfig): FigureCandidate[] {
  if (!wantsFigures(config)) return [];
  // Without figure blocks a signature is marked beside its label: pages without one are skipped.
  if (!config.blockOptions.figures.enabled && !text.runs.some((r) => SIGNATURE_LABEL.test(r.text))) return [];
  return findFigures(pageGraphics(text.operators, text.transform), text.runs, text.width, text.height);
}

function coversPage(f: FigureCandidate, text: PageText): boolean {
  return (f.box.right - f.box.left) * (f.box.bottom - f.box.top) >= 0.4 * text.width * text.height;
}

/** Whether this page is read by OCR (advancedOptions.ocr), from its text and what it paints. */
function ocrDecision(text: PageText, config: ParseConfig): OcrDecision {
  const mode = config.advancedOptions.ocr;
  if (mode !== 'auto') return decidePageOcr(mode, text.runs, undefined);
  return decidePageOcr(mode, text.runs, pagePaint(text.operators, text.transform, text.width, text.height));
}

/** Opens a PDF and returns its pages as a stream of page models. */
export async function pdfPages(
  bytes: Uint8Array,
  config: ParseConfig,
  signal?: AbortSignal,
): Promise<PdfPageSource> {
  const { doc, declaredPages } = await openPdfDocument(bytes, { password: config.advancedOptions.password });
  const plausible = plausiblePageLimit(bytes.length);
  const limit = Math.max(0, Math.min(doc.numPages, plausible));
  // Pages a rebuilt file declares but no longer holds are counted, not read.
  const missing = Math.max(0, Math.min(declaredPages, plausible) - limit);
  return { declaredPages: limit, pages: readPages(doc, limit, { pages: declaredPages, missing, cutShort: cutShort(bytes) }, config, signal) };
}
