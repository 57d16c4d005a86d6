// The engine's front door: bytes + config in, a contract-shaped `parser_run` out. Pure: no
// SQLite, no HTTP, no Electron. Pages are streamed and released one at a time.
import { randomUUID } from 'node:crypto';
import type { Block, ParseConfig, ParseRun } from '../../shared/parse-contract.js';
import { boxPolygon } from '../../shared/parse-values.js';
import { buildChunks, type RenderedPage } from './chunk.js';
import { blockRefs, echoedConfig, failedParseRun, materializeRun, type BlockRef, type CompactRun } from './run-output.js';
import { detectFileType } from './detect.js';
import { DEFAULT_MAX_FILE_SIZE, EngineError, fileTooLarge, toEngineError } from './errors.js';
import { blockIdFor, canonicalJson, fileIdFor, sha256Hex } from './ids.js';
import { buildBlocks, type DocumentFontStats } from './layout/blocks.js';
import { buildLines } from './layout/lines.js';
import { orderLines } from './layout/reading-order.js';
import { weightedMode } from './layout/stats.js';
import type { PageBlock, PageModel } from './page-model.js';
import { quarterTurn, round2, toBoundingBox } from './page-model.js';
import { imagePages } from './ocr/image-pages.js';
import { IMAGE_KINDS } from './image/decode.js';
import { pdfPages, type PdfPagesSummary } from './pdf/parse-pdf.js';
import { blockMarkdown, blockText } from './render/markdown.js';
import { renderSpatial } from './render/spatial.js';
import { addFormBlocks } from './layout/form-blocks.js';
import { findTables, tableBlocks, type TableOptions } from './tables/index.js';
import { classifyFurniture, furnitureCandidates, type FurnitureCandidate } from './layout/furniture.js';
import { markKeyValues } from './layout/key-values.js';
import { linkTables, TableContinuations } from './tables/continuation.js';
import { insertByPosition } from './layout/insert.js';
import { placeFigures, planFigures, type FigureOptions } from './figures/blocks.js';
import { figureWriteProblem, type FigureSink } from './figures/sink.js';
import { minOf } from './extent.js';

export interface ParseOptions {
  /** Largest accepted file in bytes. */
  maxFileSize?: number;
  /** Called after each page with pages done and the expected total. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Called with each page once it is laid out (lines and blocks), before its runs are
   *  released: later stages (field extraction) read the page model here. */
  onPage?: (page: PageModel) => void;
  /** Where clipped figure pictures are written (with figureImageClippingEnabled); without
   *  one, figure blocks carry no imagePath. */
  figureSink?: FigureSink;
  /** The config is a ParseConfig its caller already resolved (resolveParseConfig): it is used as
   *  it is. Otherwise it is checked and defaulted here. */
  configResolved?: boolean;
}

/** The contract's schemas, loaded at the first config the engine checks: an engine thread whose
 *  host resolves each config (the engine pool) never loads zod, ~60 ms of its start. */
export function contract(): Promise<typeof import('../../shared/parse-contract.js')> {
  return import('../../shared/parse-contract.js');
}

/** How many page numbers a warning lists before it counts the rest. */
const LISTED_PAGES = 10;

function pageList(pages: number[]): string {
  const shown = pages.slice(0, LISTED_PAGES).map(String);
  const rest = pages.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  return shown.length === 1 ? shown[0]! : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)!}`;
}

/** A sentence when pages asked for (`pageRanges`) lie past the document's last page: a typo
 *  there would otherwise read as a blank document. */
export function rangeWarnings(config: ParseConfig, pageCount: number): string[] {
  const beyond = (config.advancedOptions.pageRanges ?? []).filter((r) => r.end > pageCount);
  if (beyond.length === 0) return [];
  const asked = beyond.map((r) => (r.start === r.end ? `${r.start}` : `${r.start}–${r.end}`)).join(', ');
  const pages = pageCount === 1 ? '1 page' : `${pageCount} pages`;
  const none = (config.advancedOptions.pageRanges ?? []).every((r) => r.start > pageCount);
  return [`${none ? 'None of the pages asked for are' : 'Some pages asked for are not'} in the document, which has ${pages} (asked for: ${asked}).`];
}

/** Sentences about the pages a run leaves out: ones that could not be read, and ones the file
 *  declares but no longer holds. `wholeDocument` is false when only some pages were asked for. */
export function pageWarnings(summary: PdfPagesSummary, wholeDocument = true): string[] {
  const warnings: string[] = [];
  const failed = summary.failedPages;
  if (failed.length > 0) {
    warnings.push(
      `${failed.length === 1 ? 'Page' : 'Pages'} ${pageList(failed)} could not be read (the file is damaged there) and ${failed.length === 1 ? 'is' : 'are'} missing from the output; the other pages were parsed.`,
    );
  }
  const oversized = summary.oversizedPages ?? [];
  if (oversized.length > 0) {
    warnings.push(
      `${oversized.length === 1 ? 'Page' : 'Pages'} ${pageList(oversized)}: part of the content expands to more than 256 MB when decompressed (the file may be built to overload readers) and was left out; the rest of ${oversized.length === 1 ? 'the page was' : 'those pages were'} read.`,
    );
  }
  if (summary.missingPages > 0) {
    const held = summary.pageCount - summary.missingPages;
    warnings.push(
      `The file declares ${summary.pageCount} pages but holds only ${held}: the data of ${summary.missingPages === 1 ? 'one page is' : `${summary.missingPages} pages is`} missing (the file is damaged or was cut short).`,
    );
  } else if (wholeDocument && summary.declaredPages > summary.pageCount) {
    warnings.push(
      `The file's page tree lists ${summary.declaredPages.toLocaleString('en-US')} pages but only the first ${summary.pageCount === 1 ? 'page' : summary.pageCount} could be read; the rest are damaged or missing.`,
    );
  }
  // A cut-short file whose missing pages were counted above has already been said to be so.
  if (summary.cutShort && summary.missingPages === 0) {
    warnings.push('The file was cut short (it does not end as a PDF does, as after an interrupted download or copy): anything it held past that point is missing from the output.');
  }
  return warnings;
}

/** A sentence when text recognition was turned off and pages had no text of their own (an
 *  image always: a picture has no text layer), which would otherwise read as an empty file. */
export function ocrOffWarnings(config: ParseConfig, textless: number[], image: boolean): string[] {
  if (config.advancedOptions.ocr !== 'off' || textless.length === 0) return [];
  if (image) return ['Text recognition (OCR) is off, and a picture has no text of its own, so nothing was read; turn OCR on to read it.'];
  const which = textless.length === 1 ? `Page ${textless[0]} has` : `Pages ${pageList(textless)} have`;
  return [`${which} no text to read without text recognition (OCR), which is off; if ${textless.length === 1 ? 'it is a scan' : 'they are scans'}, turn OCR on to read ${textless.length === 1 ? 'it' : 'them'}.`];
}

/** Document-wide font statistics, updated as pages stream by. */
class FontHistogram implements DocumentFontStats {
  private readonly weights = new Map<number, number>();
  bodySize = 10;
  add(page: PageModel): void {
    for (const r of page.runs) {
      const k = Math.round(r.fontSize * 2) / 2;
      this.weights.set(k, (this.weights.get(k) ?? 0) + r.text.length);
    }
    this.bodySize = weightedMode(this.weights) || this.bodySize;
  }
}

/** Lays out one page: lines, tables, reading order, blocks. Stages added later hook in here. */
export function layoutPage(page: PageModel, stats: DocumentFontStats, tables?: TableOptions, figures?: FigureOptions): PageModel {
  const all = buildLines(page.runs);
  // Tables take over the lines they cover, figures the labels set in them; the rest is read
  // as text around them.
  const found = tables?.enabled ? findTables(page, all) : undefined;
  const free = found ? all.filter((l) => !found.covered.has(l)) : all;
  const plan = figures ? planFigures(page, free, found?.tables.map((t) => t.box) ?? [], figures, stats.bodySize) : undefined;
  const lines = plan && plan.covered.size > 0 ? free.filter((l) => !plan.covered.has(l)) : free;
  const upright = orderLines(lines.filter((l) => l.orientation === 0));
  const turned = [90, 180, 270].flatMap((o) => orderLines(lines.filter((l) => l.orientation === o)));
  // Text turned against the page (vertical writing, rotated tables) follows in its own order.
  page.blocks = [...buildBlocks(upright, stats), ...buildBlocks(turned, stats)];
  if (found && tables && found.tables.length > 0) {
    const groups = found.tables.map((t, i) => tableBlocks(t, all.filter((l) => found.covered.get(l) === i), tables));
    page.blocks = insertByPosition(page.blocks, groups);
  }
  if (plan && figures) placeFigures(page, plan, figures, stats.bodySize);
  addFormBlocks(page);
  page.blocks = markKeyValues(page.blocks);
  return page;
}

/** Figures whose pictures could not be made or written, and why the first could not. */
interface UnsavedFigures {
  count: number;
  problem: string | null;
}

/** Writes each figure block's picture through the sink and links it from the markdown. A
 *  picture that cannot be made or written leaves its figure in place with the reason, and is
 *  counted in `unsaved` (the run warns of them). */
async function clipFigures(page: PageModel, sink: FigureSink, unsaved: UnsavedFigures): Promise<void> {
  const clip = page.clipRegions;
  const figures = page.blocks.filter((b) => b.type === 'figure' && b.figure);
  if (!clip || figures.length === 0) return;
  const failed = (b: PageBlock, err: unknown) => {
    const problem = figureWriteProblem(err);
    b.details = { ...b.details, imageError: `The figure could not be saved: ${problem}.` };
    unsaved.count++;
    unsaved.problem ??= problem;
  };
  // A sink that keeps no more pictures is told none: the page is not drawn for them.
  const leftOut = sink.full?.();
  if (leftOut) {
    for (const b of figures) b.details = { ...b.details, imageError: leftOut };
    return;
  }
  let pngs: Uint8Array[];
  try {
    pngs = await clip(figures.map((b) => b.box));
  } catch (err) {
    for (const b of figures) failed(b, err);
    return;
  }
  for (const [i, b] of figures.entries()) {
    try {
      const stored = await sink.write(`page-${page.number}-figure-${i + 1}.png`, pngs[i]!);
      if ('leftOut' in stored) b.details = { ...b.details, imageError: stored.leftOut };
      else if ('url' in stored) b.details = { ...b.details, imageUrl: stored.url };
      else {
        const type = String(b.details?.['figureType'] ?? 'figure');
        b.details = { ...b.details, imagePath: stored.path };
        b.markdown = `![${type}](${stored.href.replace(/[()\s]/g, (c) => encodeURIComponent(c))})`;
      }
    } catch (err) {
      failed(b, err);
    }
  }
}

function toContractBlock(b: PageBlock, page: PageModel, seed: string, index: number, config: ParseConfig): Block {
  const box = toBoundingBox(b.box);
  const details: Record<string, unknown> = { ...(b.details ?? {}) };
  if (b.level !== undefined) details['level'] = b.level;
  if (b.list) details['listItem'] = { marker: b.list.marker, ordered: b.list.ordered };
  const runs = b.lines.flatMap((l) => l.runs);
  if (runs.length > 0 && runs.every((r) => r.invisible)) details['invisibleText'] = true;
  const confidences = runs.map((r) => r.confidence).filter((c): c is number => c !== undefined);
  const block: Block = {
    object: 'block',
    id: blockIdFor(seed, page.number, index),
    type: b.type,
    content: config.target === 'markdown' ? blockMarkdown(b) : blockText(b),
    details,
    metadata: { page: { number: page.number, width: round2(page.width), height: round2(page.height), rotation: quarterTurn(page.rotation) } },
    polygon: boxPolygon(box),
    boundingBox: box,
  };
  if (confidences.length > 0) {
    block.metadata.avgOcrConfidence = round2(confidences.reduce((a, c) => a + c, 0) / confidences.length);
    block.metadata.minOcrConfidence = round2(minOf(confidences));
  }
  return block;
}

function renderPage(page: PageModel, seed: string, config: ParseConfig): RenderedPage<BlockRef> {
  const contract = page.blocks.map((b, i) => toContractBlock(b, page, seed, i, config));
  // Kept as compact JSON bytes: a long document's blocks would otherwise fill the heap.
  const refs = blockRefs(contract);
  const blocks = page.blocks.map((b, i) => {
    const block = contract[i]!;
    const inBody = !b.outOfBody;
    return {
      block: refs[i]!,
      content: inBody && config.target === 'markdown' ? block.content : '',
      page: page.number,
      splittable: b.type !== 'table',
    };
  });
  const spatial = config.target === 'spatial' ? renderSpatial(page.blocks.flatMap((b) => b.lines)) : '';
  return { number: page.number, blocks, spatial };
}

/** Retypes the blocks found to be running headers, footers and page numbers (their JSON and
 *  their references) and takes them out of the markdown body unless the config keeps them. */
function markFurniture(pages: Array<RenderedPage<BlockRef>>, candidates: FurnitureCandidate[], config: ParseConfig): Array<RenderedPage<BlockRef>> {
  if (candidates.length === 0) return pages;
  const found = classifyFurniture(candidates, pages.length);
  for (const page of pages) {
    const types = found.get(page.number);
    if (!types) continue;
    const blocks = page.blocks.map((b) => JSON.parse(b.block.pageJson.text.slice(b.block.start, b.block.end)) as Block);
    for (const [index, type] of types) blocks[index]!.type = type;
    const refs = blockRefs(blocks);
    page.blocks = page.blocks.map((b, i) => ({
      ...b,
      block: refs[i]!,
      content: types.has(i) && !config.blockOptions.furniture.inMarkdown ? '' : b.content,
    }));
  }
  return pages;
}

/** Refuses an empty file and one above the size limit, before anything reads it. */
export function checkInputSize(bytes: Uint8Array, maxSize: number): void {
  if (bytes.length === 0) throw new EngineError('CORRUPT_FILE', 'The file is empty (0 bytes); there is nothing to parse.');
  if (bytes.length > maxSize) throw fileTooLarge(bytes.length, maxSize);
}

/** The failure for a file whose type the engine cannot parse. */
export function unsupported(label: string): EngineError {
  // "a ZIP archive"; a label that is itself a file ("file of unknown type") is not repeated.
  const what = label.startsWith('file ') ? label.slice('file '.length) : `a ${label}`;
  return new EngineError(
    'FILE_TYPE_NOT_SUPPORTED',
    `This file is ${what}, which cannot be parsed. Supported files are PDF documents and PNG, JPEG, TIFF, WebP, BMP and GIF images.`,
  );
}

/** Parses a file's bytes into a parser_run; never throws for bad input. */
export async function parseDocument(bytes: Uint8Array, configInput: unknown, options: ParseOptions = {}): Promise<ParseRun> {
  return materializeRun(await parseDocumentCompact(bytes, configInput, options));
}

/** Parses a file's bytes into a compact run (blocks as JSON text), for large documents. */
export async function parseDocumentCompact(bytes: Uint8Array, configInput: unknown, options: ParseOptions = {}): Promise<CompactRun> {
  const started = performance.now();
  const fileId = fileIdFor(bytes);
  let config: ParseConfig;
  if (options.configResolved) {
    config = configInput as ParseConfig;
  } else {
    const { resolveParseConfig, configOrDefaults } = await contract();
    const resolved = resolveParseConfig(configInput);
    if (!resolved.ok) {
      return failedParseRun(fileId, configOrDefaults({}), new EngineError('INVALID_CONFIG_OPTIONS', resolved.message), started);
    }
    config = resolved.config;
  }
  const maxSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  try {
    checkInputSize(bytes, maxSize);
    const type = detectFileType(bytes);
    const isImage = IMAGE_KINDS.has(type.kind);
    if (type.kind !== 'pdf' && !isImage) throw unsupported(type.label);

    const seed = sha256Hex(`${fileId}:${canonicalJson(echoedConfig(config))}`).slice(0, 32);
    const source = isImage ? imagePages(bytes, type.kind, config, options.signal) : await pdfPages(bytes, config, options.signal);
    const stats = new FontHistogram();
    const rendered: Array<RenderedPage<BlockRef>> = [];
    const furniture: FurnitureCandidate[] = [];
    const continuations = new TableContinuations(config);
    let done = 0;
    let summary;
    const textless: number[] = [];
    const unsaved: UnsavedFigures = { count: 0, problem: null };
    for (;;) {
      const next = await source.pages.next();
      if (next.done) {
        summary = next.value;
        break;
      }
      const page = next.value;
      if (page.runs.length === 0) textless.push(page.number);
      stats.add(page);
      layoutPage(page, stats, config.blockOptions.tables, {
        figures: config.blockOptions.figures.enabled,
        signatures: config.blockOptions.text.signatureDetectionEnabled,
      });
      if (options.figureSink) await clipFigures(page, options.figureSink, unsaved);
      delete page.clipRegions;
      options.onPage?.(page);
      if (config.blockOptions.furniture.enabled) furniture.push(...furnitureCandidates(page));
      continuations.observe(page);
      rendered.push(renderPage(page, seed, config));
      // The page's runs are no longer needed once rendered.
      page.runs = [];
      done++;
      options.onProgress?.(done, source.declaredPages);
    }
    if (done === 0 && source.declaredPages > 0 && !config.advancedOptions.pageRanges) {
      throw new EngineError('CORRUPT_FILE', 'None of the pages of this document could be read; the file is damaged.');
    }
    const warnings = [
      ...pageWarnings(summary, !config.advancedOptions.pageRanges?.length),
      ...rangeWarnings(config, summary.pageCount),
      ...ocrOffWarnings(config, textless, isImage),
      ...(unsaved.count > 0
        ? [
            unsaved.count === 1
              ? `The picture of one figure could not be saved (${unsaved.problem}); the figure is in the output without it.`
              : `The pictures of ${unsaved.count} figures could not be saved (${unsaved.problem}); the figures are in the output without them.`,
          ]
        : []),
    ];
    return {
      object: 'parser_run',
      id: `pr_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
      fileId,
      status: 'PROCESSED',
      failureReason: null,
      failureMessage: null,
      chunks: buildChunks(linkTables(markFurniture(rendered, furniture, config), continuations.links), config),
      config: echoedConfig(config),
      metrics: { processingTimeMs: Math.round(performance.now() - started), pageCount: summary.pageCount },
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  } catch (err) {
    return failedParseRun(fileId, config, toEngineError(err), started);
  }
}
