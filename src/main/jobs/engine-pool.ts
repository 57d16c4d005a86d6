// A fixed pool of engine worker threads, created on demand and reused. Every task has a
// watchdog: no progress for too long, or the process growing past its memory budget, ends the
// worker (a decompression bomb or a runaway page) and the task fails with a typed reason; the
// worker is replaced for the next task.
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { resolveParseConfig, type ParseRun } from '../../shared/parse-contract.js';
import { cancelledError, EngineError } from '../engine/errors.js';
import type { FieldDefinition } from '../../shared/api/parsers.js';
import type { ExtractionOutput, ExtractionSpec } from '../engine/extract/index.js';
import { DEFAULT_WORKER_HEAP_MB, takeEngineWorker } from './engine-thread.js';
import { PermitBroker } from '../engine/ocr/permits.js';
import { withOcr } from './ocr-config.js';
import type { FigureOutput, OcrPermitGrant, OcrPermitsFree, OutputFormat, RunSummary, WorkerRequest, WorkerResponse } from './worker-protocol.js';

export interface PoolOptions {
  size?: number;
  /** A task fails when a worker reports no progress for this long. */
  stallTimeoutMs?: number;
  /** The process's resident memory above which the stalest task is stopped. */
  memoryBudgetMb?: number;
  /** V8 heap limit of each worker. */
  workerHeapMb?: number;
}

/** OCR languages (tesseract codes) and the folder of extra `<lang>.traineddata` files. */
export interface OcrOptions {
  languages: string[];
  langDir?: string | undefined;
}

export interface TaskOptions {
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  maxFileSize?: number | undefined;
  /** OCR settings for this task (default: the pool's, see setOcrDefaults). A parse config's own
   *  `advancedOptions.ocrLanguages` wins over them. */
  ocr?: OcrOptions | undefined;
  /** Someone is waiting for this one (the UI): it goes ahead of queued tasks. */
  priority?: boolean | undefined;
  /** Where figures' pictures are written (none without it). */
  figures?: FigureOutput | undefined;
  /** Opens an encrypted PDF, for probes, extraction and field detection (a parse config carries
   *  its own). */
  password?: string | undefined;
}

/** A request as the pool sends it: the worker protocol's, plus the OCR settings. */
export type PoolRequest = WorkerRequest & { ocr?: OcrOptions | undefined };


/** A finished task: the run serialised in the asked format (UTF-8 bytes), and its summary. */
export interface RenderedResult {
  output: Uint8Array;
  summary: RunSummary;
}

/** An extraction: the run as JSON bytes, its summary, and the fields filled from it. */
export interface ExtractedResult extends RenderedResult {
  data: unknown;
  confidence: number | null;
  /** Per field path: confidence, citation and source. */
  fields: ExtractionOutput['fields'];
  /** With templates: the issuer of the one that matched (null: none did). */
  template?: string | null | undefined;
  /** Each page as layout-preserving text, as the fields were read from it. */
  spatial: string[];
}

/** The worker's last word on a task, when it is not an error. */
type FinishedMessage = Extract<WorkerResponse, { type: 'result' | 'probed' | 'extracted' | 'detected' }>;

interface Task {
  id: number;
  request: PoolRequest;
  options: TaskOptions;
  resolve: (result: FinishedMessage) => void;
  reject: (err: EngineError) => void;
  lastProgress: number;
  /** The worker has begun (its start-up time is not counted as a stall). */
  started: boolean;
}

/** How long a new worker may take to load before its task is failed. */
const STARTUP_TIMEOUT_MS = 60_000;

interface Slot {
  worker: Worker;
  task?: Task;
}

export class EnginePool {
  private poolSize: number;
  private ocrDefaults: OcrOptions | undefined;
  private readonly stallTimeoutMs: number;
  private readonly memoryBudget: number;
  private readonly workerHeapMb: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  /** Page recognitions that may run at once across the workers: one per core. */
  private readonly permits = new PermitBroker<Slot>(
    Math.max(1, os.availableParallelism()),
    (slot) => {
      if (slot.task) slot.task.lastProgress = Date.now();
      slot.worker.postMessage({ type: 'ocr-permit-granted' } satisfies OcrPermitGrant);
    },
    (free) => {
      for (const slot of this.slots) slot.worker.postMessage({ type: 'ocr-permits-free', free } satisfies OcrPermitsFree);
    },
  );
  private nextId = 1;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(options: PoolOptions = {}) {
    this.poolSize = Math.max(1, Math.floor(options.size ?? os.availableParallelism()));
    this.stallTimeoutMs = options.stallTimeoutMs ?? 45_000;
    this.memoryBudget = (options.memoryBudgetMb ?? 1800) * 1024 * 1024;
    this.workerHeapMb = options.workerHeapMb ?? DEFAULT_WORKER_HEAP_MB;
  }

  /** How many workers run at most. */
  get size(): number {
    return this.poolSize;
  }

  /** Changes how many workers run at most. Idle workers are replaced; busy ones finish their
   *  task first, and stop then if over the size. */
  resize(size: number): void {
    const next = Math.max(1, Math.floor(size));
    if (next === this.poolSize) return;
    this.poolSize = next;
    for (const slot of this.slots.filter((s) => !s.task)) this.retire(slot);
    this.pump();
  }

  /** OCR settings for every task that does not bring its own (the app's chosen languages). */
  setOcrDefaults(ocr: OcrOptions | undefined): void {
    this.ocrDefaults = ocr;
  }

  /** Runs a parse in a worker; resolves with the run, rejects with a typed EngineError. */
  async parse(bytes: Uint8Array, config: unknown, options: TaskOptions = {}): Promise<ParseRun> {
    const { output } = await this.parseRendered(bytes, config, 'json', options);
    return JSON.parse(Buffer.from(output.buffer, output.byteOffset, output.byteLength).toString('utf8')) as ParseRun;
  }

  /** Runs a parse and returns it already serialised (JSON or text), for large outputs. */
  async parseRendered(bytes: Uint8Array, config: unknown, format: OutputFormat, options: TaskOptions = {}): Promise<RenderedResult> {
    const msg = await this.submit((taskId) => ({ type: 'parse', taskId, bytes, config, maxFileSize: options.maxFileSize, format, figures: options.figures }), options);
    if (msg.type !== 'result') throw new EngineError('INTERNAL_ERROR', `The engine answered a parse with ${msg.type}.`);
    return { output: msg.output, summary: msg.summary };
  }

  /** The type and page count of a file; rejects with the EngineError that makes it unreadable. */
  async probe(bytes: Uint8Array, options: TaskOptions = {}): Promise<{ mime: string; pageCount: number }> {
    const msg = await this.submit((taskId) => ({ type: 'probe', taskId, bytes, maxFileSize: options.maxFileSize, password: options.password }), options);
    if (msg.type !== 'probed') throw new EngineError('INTERNAL_ERROR', `The engine answered a probe with ${msg.type}.`);
    return { mime: msg.mime, pageCount: msg.pageCount };
  }

  /** Parses a file and fills a parser's fields from it. */
  async extract(bytes: Uint8Array, spec: ExtractionSpec, options: TaskOptions = {}): Promise<ExtractedResult> {
    const msg = await this.submit((taskId) => ({ type: 'extract', taskId, bytes, spec, maxFileSize: options.maxFileSize, figures: options.figures, password: options.password }), options);
    if (msg.type !== 'extracted') throw new EngineError('INTERNAL_ERROR', `The engine answered an extraction with ${msg.type}.`);
    return { output: msg.output, summary: msg.summary, data: msg.data, confidence: msg.confidence, fields: msg.fields, template: msg.template, spatial: msg.spatial };
  }

  /** Parses a sample and proposes fields from its layout. */
  async detect(bytes: Uint8Array, options: TaskOptions = {}): Promise<{ summary: RunSummary; fields: FieldDefinition[] }> {
    const msg = await this.submit((taskId) => ({ type: 'detect', taskId, bytes, maxFileSize: options.maxFileSize, password: options.password }), options);
    if (msg.type !== 'detected') throw new EngineError('INTERNAL_ERROR', `The engine answered field detection with ${msg.type}.`);
    return { summary: msg.summary, fields: msg.fields };
  }

  private submit(request: (taskId: number) => WorkerRequest, options: TaskOptions): Promise<FinishedMessage> {
    if (this.closed) return Promise.reject(new EngineError('INTERNAL_ERROR', 'The engine has been shut down.'));
    return new Promise((resolveTask, rejectTask) => {
      const id = this.nextId++;
      const built: PoolRequest = request(id);
      const ocr = options.ocr ?? this.ocrDefaults;
      if (ocr && built.type !== 'probe') built.ocr = ocr;
      if (built.type === 'parse') {
        // Resolved here, so an engine thread need not load the contract's schemas (~60 ms of
        // its start); an invalid config goes as it is, for the worker to report.
        const resolved = resolveParseConfig(withOcr(built.config, ocr));
        if (resolved.ok) {
          built.config = resolved.config;
          built.configResolved = true;
        }
      }
      // The caller's signal is listened to while the task lasts (one signal may serve a batch).
      const onAbort = () => this.cancel(task);
      const settled = () => options.signal?.removeEventListener('abort', onAbort);
      const resolve = (msg: FinishedMessage) => {
        settled();
        resolveTask(msg);
      };
      const reject = (err: unknown) => {
        settled();
        rejectTask(err);
      };
      const task: Task = { id, request: built, options, resolve, reject, lastProgress: Date.now(), started: false };
      if (options.signal?.aborted) {
        reject(cancelledError());
        return;
      }
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (options.priority) this.queue.unshift(task);
      else this.queue.push(task);
      this.pump();
    });
  }

  /** Stops every worker; pending tasks fail. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    for (const t of this.queue.splice(0)) t.reject(new EngineError('INTERNAL_ERROR', 'The engine has been shut down.'));
    await Promise.all(
      this.slots.splice(0).map((s) => {
        s.task?.reject(new EngineError('INTERNAL_ERROR', 'The engine has been shut down.'));
        return s.worker.terminate();
      }),
    );
  }

  private spawn(): Slot {
    // The command line may have started the first worker already (see engine-thread).
    const worker = takeEngineWorker(this.workerHeapMb);
    const slot: Slot = { worker };
    const debug = process.env['PERFECTPARSER_DEBUG'] ? process.stderr : undefined;
    worker.stdout.on('data', (chunk: Buffer) => debug?.write(chunk));
    worker.stderr.on('data', (chunk: Buffer) => debug?.write(chunk));
    worker.on('message', (msg: WorkerResponse) => this.onMessage(slot, msg));
    worker.on('error', (err) => this.onWorkerGone(slot, err));
    worker.on('exit', () => this.onWorkerGone(slot));
    worker.unref();
    worker.postMessage({ type: 'ocr-permits-free', free: this.permits.free } satisfies OcrPermitsFree);
    this.slots.push(slot);
    return slot;
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.task);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) break;
      const task = this.queue.shift()!;
      slot.task = task;
      task.lastProgress = Date.now();
      slot.worker.ref();
      slot.worker.postMessage(task.request);
    }
    this.ensureWatchdog();
  }

  private ensureWatchdog(): void {
    const busy = this.slots.some((s) => s.task);
    if (busy && !this.timer) {
      this.timer = setInterval(() => this.watch(), 100);
      this.timer.unref();
    } else if (!busy && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private watch(): void {
    const now = Date.now();
    for (const slot of this.slots) {
      const t = slot.task;
      // A worker waiting for an OCR permit waits on the others, not on its file.
      if (t && !this.permits.isWaiting(slot) && now - t.lastProgress > (t.started ? this.stallTimeoutMs : STARTUP_TIMEOUT_MS)) {
        this.kill(
          slot,
          new EngineError(
            'CORRUPT_FILE',
            `Processing stopped: a page took longer than ${Math.round(this.stallTimeoutMs / 1000)} s. The file may be damaged or built to overload readers.`,
          ),
        );
      }
    }
    if (process.memoryUsage.rss() > this.memoryBudget) {
      const stalest = this.slots.filter((s) => s.task).sort((a, b) => a.task!.lastProgress - b.task!.lastProgress)[0];
      if (stalest) {
        this.kill(
          stalest,
          new EngineError(
            'FILE_SIZE_TOO_LARGE',
            `Processing stopped: the file expands to more data than the ${Math.round(this.memoryBudget / 1048576)} MB memory budget allows (possibly a decompression bomb).`,
          ),
        );
      }
    }
  }

  private kill(slot: Slot, err: EngineError): void {
    const task = slot.task;
    slot.task = undefined;
    this.remove(slot);
    void slot.worker.terminate();
    task?.reject(err);
    this.pump();
  }

  private cancel(task: Task): void {
    const queued = this.queue.indexOf(task);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      task.reject(cancelledError());
      return;
    }
    const slot = this.slots.find((s) => s.task === task);
    if (slot) this.kill(slot, cancelledError());
  }

  /** Stops an idle worker (the pool shrank, or its size changed). */
  private retire(slot: Slot): void {
    this.remove(slot);
    void slot.worker.terminate();
  }

  private remove(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    // A worker that is gone gives back its OCR permits and its place in line.
    this.permits.drop(slot);
  }

  private onMessage(slot: Slot, msg: WorkerResponse): void {
    if (msg.type === 'ocr-permit') {
      if (!this.slots.includes(slot)) return;
      if (msg.op === 'acquire') this.permits.request(slot);
      else this.permits.release(slot);
      return;
    }
    const task = slot.task;
    if (!task || task.id !== msg.taskId) return;
    if (msg.type === 'started') {
      task.started = true;
      task.lastProgress = Date.now();
      return;
    }
    if (msg.type === 'progress') {
      task.lastProgress = Date.now();
      task.options.onProgress?.(msg.done, msg.total);
      return;
    }
    slot.task = undefined;
    slot.worker.unref();
    if (this.slots.length > this.poolSize) this.retire(slot);
    if (msg.type === 'error') task.reject(new EngineError(msg.error.code, msg.error.message));
    else task.resolve(msg);
    this.pump();
  }

  private onWorkerGone(slot: Slot, err?: Error): void {
    if (!this.slots.includes(slot)) return;
    this.remove(slot);
    const task = slot.task;
    slot.task = undefined;
    if (task) {
      const oom = err && /memory|ERR_WORKER_OUT_OF_MEMORY/i.test(`${err.message} ${(err as { code?: string }).code ?? ''}`);
      task.reject(
        oom
          ? new EngineError('FILE_SIZE_TOO_LARGE', 'Processing stopped: the file needs more memory than a worker is allowed (possibly a decompression bomb).')
          : new EngineError('INTERNAL_ERROR', `The engine worker stopped unexpectedly${err ? `: ${err.message}` : ''}.`),
      );
    }
    this.pump();
  }
}
