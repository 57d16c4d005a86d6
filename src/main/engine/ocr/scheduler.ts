// A fixed pool of tesseract.js workers, created on first use and reused for every page after
// (the tesseract.js `createScheduler` habit, plus what it lacks: cancellation, a per-job
// timeout, replacing a crashed worker, and failures typed as OCR_ERROR). Each engine thread
// owns one pool; its size keeps the process's OCR threads within the machine's cores.
import { createRequire } from 'node:module';
import os from 'node:os';
import type Tesseract from 'tesseract.js';
import { ocrPermits } from './permits.js';
import { cancelledError, EngineError } from '../errors.js';
import { resolveLangData, type LangData } from './lang-data.js';
import { workerScriptPath } from '../../worker-script.js';
import type { OcrBlock } from './tesseract-blocks.js';

/** A recognised page: tesseract.js's result, its `blocks` read by tesseract-blocks.ts in the
 *  OCR worker (the fields the engine uses). */
export type TessPage = Omit<Tesseract.Page, 'blocks'> & { blocks: OcrBlock[] | null };

let tesseractModule: typeof Tesseract | undefined;

/** tesseract.js, loaded when the first OCR worker starts: a page read from its text layer never
 *  needs it, and loading it (with the fetch implementation it looks up) cost every engine
 *  thread's start ~40-70 ms. */
function tesseract(): typeof Tesseract {
  return (tesseractModule ??= createRequire(import.meta.url)('tesseract.js') as typeof Tesseract);
}

export interface OcrJobOptions {
  /** Resolution of the image, so tesseract's size heuristics see real dots per inch. */
  dpi?: number;
  signal?: AbortSignal | undefined;
}

export interface OcrSchedulerOptions {
  /** Number of tesseract workers (threads); default from defaultOcrWorkers(). */
  size?: number;
  /** Languages, e.g. "eng+deu"; default "eng". */
  languages?: string | string[] | undefined;
  /** Folder of extra `<lang>.traineddata` files; default PERFECTPARSER_TESSDATA. */
  langDir?: string | undefined;
  /** A page taking longer than this fails with OCR_ERROR and its worker is replaced. */
  jobTimeoutMs?: number;
  /** A worker idle this long is stopped, the first one excepted (it stays ready). */
  idleTimeoutMs?: number;
}

/** Default idle time after which a worker beyond the first is stopped (each holds ~110 MB). */
const IDLE_TIMEOUT_MS = 60_000;

interface Job {
  image: Uint8Array;
  options: OcrJobOptions;
  resolve: (page: TessPage) => void;
  reject: (err: EngineError) => void;
}

interface Slot {
  worker: Promise<Tesseract.Worker>;
  job?: Job;
  idle?: NodeJS.Timeout;
}

/** OCR threads for this thread: PERFECTPARSER_OCR_WORKERS, else one per core. In an engine
 *  pool every thread has that many, and the pool's permits (permits.ts) keep the recognitions
 *  running at once within the cores: a document parsed alone uses all of them. */
export function defaultOcrWorkers(): number {
  const env = Number(process.env['PERFECTPARSER_OCR_WORKERS']);
  if (Number.isInteger(env) && env >= 1) return env;
  return os.availableParallelism();
}

/** The script of an OCR worker's thread (tesseract-worker.ts), built beside this module. */
export function tesseractWorkerPath(): string {
  return workerScriptPath(import.meta.url, 'tesseract-worker.js', 'engine/ocr');
}

function ocrError(message: string, cause?: unknown): EngineError {
  return new EngineError('OCR_ERROR', message, { cause });
}

export class OcrScheduler {
  readonly size: number;
  readonly languages: string;
  private readonly lang: LangData;
  private readonly timeoutMs: number;
  private readonly idleTimeoutMs: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private closed = false;

  constructor(options: OcrSchedulerOptions = {}) {
    this.size = Math.max(1, Math.floor(options.size ?? defaultOcrWorkers()));
    this.lang = resolveLangData(options.languages, options.langDir);
    this.languages = this.lang.languages;
    this.timeoutMs = options.jobTimeoutMs ?? 120_000;
    this.idleTimeoutMs = options.idleTimeoutMs ?? IDLE_TIMEOUT_MS;
  }

  /** Recognises one image (PGM/PNG bytes); resolves with tesseract's page tree. With a permit
   *  broker (permits.ts) it waits for a permit first and gives it back when done. */
  async recognize(image: Uint8Array, options: OcrJobOptions = {}): Promise<TessPage> {
    const permits = ocrPermits();
    // Shut down or cancelled already: recognizeNow says so, no permit is waited for.
    if (!permits || this.closed || options.signal?.aborted) return this.recognizeNow(image, options);
    await permits.acquire(options.signal);
    try {
      return await this.recognizeNow(image, options);
    } finally {
      permits.release();
    }
  }

  private recognizeNow(image: Uint8Array, options: OcrJobOptions): Promise<TessPage> {
    if (this.closed) return Promise.reject(ocrError('The OCR engine has been shut down.'));
    if (options.signal?.aborted) return Promise.reject(cancelledError());
    return new Promise((resolve, reject) => {
      const job: Job = { image, options, resolve, reject };
      options.signal?.addEventListener('abort', () => this.cancel(job), { once: true });
      this.queue.push(job);
      this.pump();
    });
  }

  /** Workers that could start a job now (none while jobs are waiting). */
  get idle(): number {
    if (this.closed || this.queue.length > 0) return 0;
    return this.size - this.slots.filter((s) => s.job).length;
  }

  /** Number of jobs waiting or running. */
  get pending(): number {
    return this.queue.length + this.slots.filter((s) => s.job).length;
  }

  /** Starts workers now, up to `count` (at most `size`; by default as many as the process's
   *  OCR permits have free), for pages about to be recognised: a worker's start (its thread,
   *  WebAssembly compile and language data, ~0.3 s) then runs while the page is still being
   *  decoded and prepared. Workers left without work stop as idle ones do. */
  prestart(count: number = ocrPermits()?.free ?? this.size): void {
    if (this.closed) return;
    const wanted = Math.min(this.size, Math.max(1, Math.floor(count)));
    while (this.slots.length < wanted) this.spawn();
    this.pump();
  }

  /** Number of tesseract workers started (never more than `size`). */
  get workers(): number {
    return this.slots.length;
  }

  /** Stops every worker; waiting and running jobs fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(ocrError('The OCR engine has been shut down.'));
    await Promise.all(this.slots.splice(0).map((s) => this.stop(s, ocrError('The OCR engine has been shut down.'))));
  }

  private spawn(): Slot {
    const Tesseract = tesseract();
    // tesseract.js settles a worker's start only when its first step fails: a failure reading
    // the language data (a folder or an unreadable file where a .traineddata should be) would
    // leave it waiting for ever. Its error handler hears every failure, and fails the start.
    let startFailed: (reason: unknown) => void = () => undefined;
    const failure = new Promise<never>((_, reject) => {
      startFailed = reject;
    });
    const started = Tesseract.createWorker(this.lang.languages, Tesseract.OEM.LSTM_ONLY, {
      // Local files only: the bundled data folder, and never a cache written anywhere.
      langPath: this.lang.bundledDir,
      workerPath: tesseractWorkerPath(),
      cachePath: this.lang.extraDir,
      cacheMethod: 'readOnly',
      gzip: true,
      logger: () => undefined,
      // After the start, a failed recognition rejects its own promise (handled in run()).
      errorHandler: (data: unknown) => startFailed(data),
    });
    const worker = Promise.race([started, failure]);
    const slot: Slot = { worker };
    worker.catch(() => this.remove(slot));
    this.slots.push(slot);
    return slot;
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      if (slot.idle) clearTimeout(slot.idle);
      slot.idle = undefined;
      slot.job = job;
      void this.run(slot, job);
    }
    // Workers left without work are stopped after a while, all but the first.
    for (const slot of this.slots.slice(1)) {
      if (slot.job || slot.idle) continue;
      slot.idle = setTimeout(() => {
        slot.idle = undefined;
        if (!slot.job && this.slots.indexOf(slot) > 0) void this.stop(slot, ocrError('The OCR worker was idle.'));
      }, this.idleTimeoutMs);
      slot.idle.unref();
    }
  }

  private async run(slot: Slot, job: Job): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const worker = await slot.worker.catch((err: unknown) => {
        throw ocrError(`The OCR engine could not start: ${String(err instanceof Error ? err.message : err)}.`, err);
      });
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(ocrError(`OCR of a page took longer than ${Math.round(this.timeoutMs / 1000)} s.`)), this.timeoutMs);
      });
      // Fully automatic page segmentation (columns, blocks), as the tesseract CLI does; the
      // library's own default reads the page as one uniform block.
      // tesseract's own diagnostics ("Detected 57 diacritics") go nowhere, not to our stderr.
      const params: Record<string, string> = { tessedit_pageseg_mode: '3', debug_file: '/dev/null' };
      if (job.options.dpi) params['user_defined_dpi'] = String(Math.round(job.options.dpi));
      const result = await Promise.race([
        worker.recognize(Buffer.from(job.image.buffer, job.image.byteOffset, job.image.byteLength), params, { blocks: true, text: false }),
        timeout,
      ]);
      if (slot.job !== job) return;
      slot.job = undefined;
      // The blocks are the worker's own (tesseract-blocks.ts), not the shape tesseract.js declares.
      job.resolve(result.data as unknown as TessPage);
    } catch (err) {
      if (slot.job !== job) return;
      const e = err instanceof EngineError ? err : ocrError(`Text recognition failed: ${String(err instanceof Error ? err.message : err)}.`, err);
      // The worker's state is unknown after a failure: replace it.
      await this.stop(slot, e);
    } finally {
      if (timer) clearTimeout(timer);
      this.pump();
    }
  }

  private cancel(job: Job): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      job.reject(cancelledError());
      return;
    }
    // tesseract cannot stop mid-page: end the worker; a fresh one takes the next job.
    const slot = this.slots.find((s) => s.job === job);
    if (slot) void this.stop(slot, cancelledError()).then(() => this.pump());
  }

  private remove(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
  }

  private async stop(slot: Slot, err: EngineError): Promise<void> {
    if (slot.idle) clearTimeout(slot.idle);
    slot.idle = undefined;
    this.remove(slot);
    const job = slot.job;
    slot.job = undefined;
    job?.reject(err);
    await slot.worker.then((w) => w.terminate()).catch(() => undefined);
  }
}

let shared: OcrScheduler | undefined;

/** This thread's OCR pool for the given languages, created on first use and reused; asking
 *  for other languages replaces it (an engine thread parses one document at a time). */
export function getOcrScheduler(options: OcrSchedulerOptions = {}): OcrScheduler {
  const wanted = resolveLangData(options.languages, options.langDir).languages;
  if (shared && shared.languages === wanted && (options.size === undefined || options.size === shared.size)) return shared;
  void shared?.close();
  shared = new OcrScheduler(options);
  return shared;
}

/** This thread's OCR pool if one has been started. */
export function currentOcrScheduler(): OcrScheduler | undefined {
  return shared;
}

/** Stops this thread's OCR pool (tests, shutdown). */
export async function closeOcrScheduler(): Promise<void> {
  const s = shared;
  shared = undefined;
  await s?.close();
}
