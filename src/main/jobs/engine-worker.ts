// Engine worker thread: receives parse, probe and extract tasks, runs the pure engine, posts
// progress and the result serialised here, so the host never rebuilds a large run's object graph.
import { parentPort } from 'node:worker_threads';
import { pageEvidence, type DocumentEvidence } from '../engine/extract/evidence.js';
import { textEvidence, textRun } from '../engine/extract/text-input.js';
import { detectFileType } from '../engine/detect.js';
import type { ParseRun } from '../../shared/parse-contract.js';
import { contract, parseDocument, parseDocumentCompact } from '../engine/parse.js';
import { probeDocument } from '../engine/probe.js';
import { toEngineError } from '../engine/errors.js';
import { compactRunJsonPieces, compactRunText, type CompactRun } from '../engine/run-output.js';
import { stringsToBytes } from './serialize.js';
import { dataUrlFigureSink, directoryFigureSink, type FigureSink } from '../engine/figures/sink.js';
import type { OcrOptions, PoolRequest } from './engine-pool.js';
import type { DetectRequest, ExtractRequest, FigureOutput, OcrPermitGrant, OcrPermitsFree, OutputFormat, ParseRequest, RunSummary, WorkerResponse } from './worker-protocol.js';
import { messagePermits, setOcrPermits } from '../engine/ocr/permits.js';
import { savePdfjsCodeCache } from '../engine/pdf/pdfjs.js';
import { withOcr } from './ocr-config.js';

if (!parentPort) throw new Error('engine-worker must run in a worker thread');
const port = parentPort;
/** Answers with a document read: the first one writes pdf.js's code cache if this thread had
 *  none, with the functions a read needs compiled (before answering: a command-line process
 *  may end right after it). */
const READ = new Set<WorkerResponse['type']>(['result', 'extracted', 'detected']);
const post = (m: WorkerResponse, transfer?: ArrayBuffer[]) => {
  if (READ.has(m.type)) savePdfjsCodeCache();
  port.postMessage(m, transfer);
};

// Page recognitions across the pool's threads are kept within the cores by the pool's permits.
const permits = messagePermits((m) => post(m));
setOcrPermits(permits);

/** The OCR language folder this thread started with (PERFECTPARSER_TESSDATA). */
const startTessdata = process.env['PERFECTPARSER_TESSDATA'];

/** Points this thread's OCR at the task's language folder (a worker's environment is its own). */
function useLangDir(ocr: OcrOptions | undefined): void {
  const dir = ocr?.langDir ?? startTessdata;
  if (dir === undefined) delete process.env['PERFECTPARSER_TESSDATA'];
  else process.env['PERFECTPARSER_TESSDATA'] = dir;
}

function render(run: CompactRun, format: OutputFormat): Uint8Array {
  if (format === 'text') return stringsToBytes([compactRunText(run)]);
  return stringsToBytes(compactRunJsonPieces(run, format === 'json-pretty'));
}

function summaryOf(run: Pick<ParseRun, 'status' | 'failureReason' | 'failureMessage' | 'metrics' | 'warnings'>): RunSummary {
  const summary: RunSummary = { status: run.status, failureReason: run.failureReason, failureMessage: run.failureMessage, pageCount: run.metrics.pageCount };
  if (run.warnings?.length) summary.warnings = run.warnings;
  return summary;
}

function figureSinkFor(output: FigureOutput): FigureSink {
  return 'dataUrls' in output ? dataUrlFigureSink(output.dataUrls.maxBytes) : directoryFigureSink(output.dir, output.href, output.pathDir);
}

async function runParse(msg: ParseRequest & PoolRequest): Promise<void> {
  // The pool resolves a parse's config (OCR languages included) before sending it.
  const run = await parseDocumentCompact(msg.bytes, msg.configResolved ? msg.config : withOcr(msg.config, msg.ocr), {
    configResolved: msg.configResolved === true,
    maxFileSize: msg.maxFileSize,
    onProgress: (done, total) => post({ type: 'progress', taskId: msg.taskId, done, total }),
    ...(msg.figures ? { figureSink: figureSinkFor(msg.figures) } : {}),
  });
  // Serialising a long run takes a moment: tell the watchdog the worker is alive.
  post({ type: 'progress', taskId: msg.taskId, done: run.metrics.pageCount, total: run.metrics.pageCount });
  const output = render(run, msg.format);
  post({ type: 'result', taskId: msg.taskId, output, summary: summaryOf(run) }, [output.buffer as ArrayBuffer]);
}

/** Parses for extraction: the run (kept for the UI) plus each page's evidence. */
async function parseWithEvidence(
  msg: (ExtractRequest | DetectRequest) & PoolRequest,
  advancedOptions: { ocr?: 'force' } = {},
): Promise<{ run: ParseRun; evidence: DocumentEvidence }> {
  if (detectFileType(msg.bytes).kind === 'text' && (msg.maxFileSize === undefined || msg.bytes.length <= msg.maxFileSize)) {
    // Already-extracted text: the template engine reads it as it is.
    const text = new TextDecoder('utf-8').decode(msg.bytes);
    const started = performance.now();
    const { configOrDefaults } = await contract();
    return { run: textRun(msg.bytes, text, started, configOrDefaults({})), evidence: textEvidence(text) };
  }
  const evidence: DocumentEvidence = { pages: [] };
  const config = { advancedOptions: { ...advancedOptions, ...(msg.password !== undefined ? { password: msg.password } : {}) } };
  const run = await parseDocument(msg.bytes, withOcr(config, msg.ocr), {
    maxFileSize: msg.maxFileSize,
    onProgress: (done, total) => post({ type: 'progress', taskId: msg.taskId, done, total }),
    onPage: (page) => evidence.pages.push(pageEvidence(page)),
    ...('figures' in msg && msg.figures ? { figureSink: figureSinkFor(msg.figures) } : {}),
  });
  return { run, evidence };
}

/** One string per page, in page order: the layout-preserving text the fields were read from
 *  (a page the evidence lacks, or one without text, is an empty string). */
function spatialPages(evidence: DocumentEvidence, pageCount: number): string[] {
  const pages = Array.from({ length: Math.max(pageCount, evidence.pages.length) }, () => '');
  for (const p of evidence.pages) if (p.page >= 1 && p.page <= pages.length) pages[p.page - 1] = p.spatial;
  return pages;
}

// The extraction modules (templates, field rules: ~40 ms to load) are loaded by the first task
// that needs them, so a worker that only parses starts without them.

async function runExtract(msg: ExtractRequest & PoolRequest): Promise<void> {
  const { extractFields } = await import('../engine/extract/index.js');
  const first = await parseWithEvidence(msg);
  let { run, evidence } = first;
  let result = run.status === 'PROCESSED' ? extractFields(first.evidence, msg.spec) : { data: null, confidence: null, fields: {}, template: null };
  if (msg.spec.templates?.length && run.status === 'PROCESSED' && !result.template && detectFileType(msg.bytes).kind === 'pdf') {
    // No template knows this text layer: the words a template needs may be printed inside an
    // image (a letterhead, a footer). Read the pages again with OCR and try once more.
    const again = await parseWithEvidence(msg, { ocr: 'force' });
    const retried = again.run.status === 'PROCESSED' ? extractFields(again.evidence, msg.spec) : null;
    if (retried?.template) {
      ({ run, evidence } = again);
      result = retried;
    }
  }
  const output = new TextEncoder().encode(JSON.stringify(run));
  const spatial = spatialPages(evidence, run.metrics.pageCount);
  post(
    {
      type: 'extracted',
      taskId: msg.taskId,
      output,
      summary: summaryOf(run),
      data: result.data,
      confidence: result.confidence,
      fields: result.fields,
      template: result.template,
      spatial,
    },
    [output.buffer as ArrayBuffer],
  );
}

async function runDetect(msg: DetectRequest & PoolRequest): Promise<void> {
  const { detectFields } = await import('../engine/extract/detect-fields.js');
  const { run, evidence } = await parseWithEvidence(msg);
  post({ type: 'detected', taskId: msg.taskId, summary: summaryOf(run), fields: run.status === 'PROCESSED' ? detectFields(evidence) : [] });
}

port.on('message', (msg: PoolRequest | OcrPermitGrant | OcrPermitsFree) => {
  if (msg.type === 'ocr-permit-granted') {
    permits.granted();
    return;
  }
  if (msg.type === 'ocr-permits-free') {
    permits.heard(msg.free);
    return;
  }
  post({ type: 'started', taskId: msg.taskId });
  useLangDir(msg.ocr);
  const work =
    msg.type === 'parse'
      ? runParse(msg)
      : msg.type === 'extract'
        ? runExtract(msg)
        : msg.type === 'detect'
          ? runDetect(msg)
          : probeDocument(msg.bytes, msg.maxFileSize, msg.password).then((p) => post({ type: 'probed', taskId: msg.taskId, mime: p.mime, pageCount: p.pageCount }));
  work.catch((err: unknown) => {
    const e = toEngineError(err);
    post({ type: 'error', taskId: msg.taskId, error: { name: 'EngineError', message: e.message, code: e.reason } });
  });
});
