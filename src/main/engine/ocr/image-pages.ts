// Image files (PNG, JPEG, TIFF with one page per frame, WebP, BMP, GIF) as a stream of page
// models read by OCR (words, and ruling lines seen in the image). Page size: pixels × 72 / dpi,
// dpi from the file or 300 when it states none.
import type { ParseConfig } from '../../../shared/parse-contract.js';
import type { FileKind } from '../detect.js';
import { cancelledError } from '../errors.js';
import { decodeImage } from '../image/decode.js';
import type { PageModel } from '../page-model.js';
import { clipGrayPngs } from '../figures/clip.js';
import { wantsFigureImages, wantsFigures } from '../figures/blocks.js';
import type { PdfPageSource, PdfPagesSummary } from '../pdf/parse-pdf.js';
import { mergeOcr } from './merge.js';
import { ocrPage } from './page-ocr.js';
import { getOcrScheduler, type OcrScheduler } from './scheduler.js';

function wanted(n: number, config: ParseConfig): boolean {
  const ranges = config.advancedOptions.pageRanges;
  return !ranges || ranges.length === 0 || ranges.some((r) => n >= r.start && n <= r.end);
}

/** The OCR pool for a run's languages. */
export function schedulerFor(config: ParseConfig): OcrScheduler {
  return getOcrScheduler({ languages: config.advancedOptions.ocrLanguages });
}

/** Opens an image file as pages; frames are OCRed with up to the pool's size in flight. */
export function imagePages(bytes: Uint8Array, kind: FileKind, config: ParseConfig, signal?: AbortSignal): PdfPageSource {
  const decoded = decodeImage(bytes, kind);
  const ocrOn = config.advancedOptions.ocr !== 'off';
  const clip = wantsFigureImages(config);
  const scheduler = ocrOn ? schedulerFor(config) : undefined;
  // The file's header has been read: its frames will be recognised.
  scheduler?.prestart();
  async function* pages(): AsyncGenerator<PageModel, PdfPagesSummary> {
    const pending: Promise<PageModel>[] = [];
    const lookahead = scheduler?.size ?? 1;
    let lastWanted = decoded.count;
    while (lastWanted > 1 && !wanted(lastWanted, config)) lastWanted--;
    let n = 0;
    for await (const frame of decoded.frames) {
      n++;
      if (signal?.aborted) throw cancelledError();
      if (!wanted(n, config)) continue;
      const number = n;
      const scale = 72 / frame.dpi;
      const blank: PageModel = { number, width: frame.gray.width * scale, height: frame.gray.height * scale, rotation: 0, runs: [], blocks: [] };
      pending.push(
        scheduler
          ? ocrPage(frame.gray, frame.dpi, {
              scheduler,
              detectRotation: config.advancedOptions.pageRotationEnabled,
              signal,
              split: number === lastWanted,
              pictures: wantsFigures(config),
            }).then((o) => {
              const page = mergeOcr(blank, o, 'replace');
              // Pictures are cut from the frame as it is; a frame turned upright has new axes.
              if (page.figures && o.turn === 0 && clip) page.clipRegions = (boxes) => clipGrayPngs(frame.gray, frame.dpi, boxes);
              return page;
            })
          : Promise.resolve(blank),
      );
      // Rejections are awaited in order below; this keeps an early failure from going unhandled.
      pending.at(-1)!.catch(() => undefined);
      while (pending.length > lookahead) yield await pending.shift()!;
    }
    while (pending.length > 0) yield await pending.shift()!;
    return { pageCount: decoded.count, failedPages: [], missingPages: 0, declaredPages: decoded.count, cutShort: false };
  }
  return { declaredPages: decoded.count, pages: pages() };
}
