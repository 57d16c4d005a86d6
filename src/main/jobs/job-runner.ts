// The job runner: drains the persisted document queue into the engine pool, one claim per
// free worker. Each document has a timeout and can be cancelled; a retryable failure (a
// crashed worker, an OCR error) puts it back in the queue until its attempts run out. After a
// restart, documents left "processing" by a killed process are queued again; completion is
// one transaction guarded by the claim's lease, so no document ends with two results.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isRetryable, type FailureReason } from '../../shared/parse-contract.js';
import { cancelledError, EngineError } from '../engine/errors.js';
import { sha256Hex } from '../engine/ids.js';
import type { Store } from '../store/store-client.js';
import type { ClaimedDocument, FinishOutcome } from '../store/queries/queue.js';
import type { JobEvents } from '../services/events.js';
import type { EnginePool } from './engine-pool.js';

export interface JobRunnerOptions {
  store: Store;
  pool: EnginePool;
  events: JobEvents;
  /** Documents processed at once (default: the pool's size, following it when it is resized). */
  concurrency?: number;
  /** Attempts per document before a retryable failure is final. */
  maxAttempts?: number;
  /** A document still running after this long is stopped and failed. */
  documentTimeoutMs?: number;
  /** Called when finishing a document queued webhook deliveries. */
  onDeliveries?: () => void;
  /** Folder for documents' figure pictures, one sub-folder per document (none without it). */
  figuresDir?: string;
  log?: (message: string) => void;
}

interface Running {
  controller: AbortController;
  /** Why it was stopped, once it was. */
  stopReason?: 'cancelled' | 'timeout' | 'shutdown';
}

/** How often a document's progress is written to the store, at most. */
const PROGRESS_WRITE_MS = 500;

/** Why a document's file cannot be read, as a sentence naming it. */
function unreadableSentence(filePath: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return `The file is no longer at ${filePath}; it was moved or deleted.`;
  if (code === 'EACCES' || code === 'EPERM') return `The file at ${filePath} cannot be read: permission denied.`;
  if (code === 'EISDIR') return `${filePath} is a folder, not a file.`;
  return `The file at ${filePath} could not be read (${code ?? 'error'}).`;
}

function changedSentence(filePath: string): string {
  return `The file at ${filePath} changed after it was added to this job, so it was not processed; retry it to process the new version.`;
}

export class JobRunner {
  private readonly store: Store;
  private readonly pool: EnginePool;
  private readonly events: JobEvents;
  private readonly maxAttempts: number;
  private readonly timeoutMs: number;
  private readonly running = new Map<string, Running>();
  /** Passwords given for encrypted documents, by document id: held in memory only, until the
   *  document's next attempt ends (after a restart, the user gives them again). */
  private readonly passwords = new Map<string, string>();
  private readonly inFlight = new Set<Promise<void>>();
  private pumping = false;
  private again = false;
  private stopped = true;

  constructor(private readonly options: JobRunnerOptions) {
    this.store = options.store;
    this.pool = options.pool;
    this.events = options.events;
    this.maxAttempts = options.maxAttempts ?? 3;
    this.timeoutMs = options.documentTimeoutMs ?? 15 * 60_000;
  }

  /** Documents processed at once. */
  get concurrency(): number {
    return Math.max(1, this.options.concurrency ?? this.pool.size);
  }

  /** Requeues what a previous process left half done, then starts draining the queue. */
  async start(): Promise<void> {
    const requeued = await this.store.call('requeueInterrupted', { max_attempts: this.maxAttempts });
    if (requeued > 0) this.options.log?.(`Resuming ${requeued} document(s) interrupted by the last shutdown.`);
    this.stopped = false;
    this.notify();
  }

  /** Wakes the runner: new documents were queued or a worker came free. */
  notify(): void {
    if (this.stopped) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    void this.pump().finally(() => {
      this.pumping = false;
      if (this.again) {
        this.again = false;
        this.notify();
      }
    });
  }

  /** Opens the document with this password on its next attempt. */
  setPassword(documentId: string, password: string): void {
    this.passwords.set(documentId, password);
  }

  /** Stops documents of a cancelled job that are being processed. */
  cancelDocuments(documentIds: string[]): void {
    for (const id of documentIds) this.halt(id, 'cancelled');
  }

  /** Stops claiming and waits for running documents; with `abort`, stops them first (they
   *  stay queued for the next start). */
  async stop(options: { abort?: boolean } = {}): Promise<void> {
    this.stopped = true;
    if (options.abort) for (const id of this.running.keys()) this.halt(id, 'shutdown');
    await Promise.allSettled([...this.inFlight]);
  }

  /** Documents being processed now. */
  get active(): number {
    return this.running.size;
  }

  private halt(documentId: string, reason: NonNullable<Running['stopReason']>): void {
    const r = this.running.get(documentId);
    if (!r || r.stopReason) return;
    r.stopReason = reason;
    r.controller.abort();
  }

  private async pump(): Promise<void> {
    while (!this.stopped && this.running.size < this.concurrency) {
      let claim: ClaimedDocument | null;
      try {
        claim = await this.store.call('claimNextDocument', { lease: randomUUID() });
      } catch (err) {
        this.options.log?.(`The job queue could not be read: ${(err as Error).message}`);
        return;
      }
      if (!claim) return;
      this.launch(claim);
    }
  }

  private launch(claim: ClaimedDocument): void {
    const entry: Running = { controller: new AbortController() };
    this.running.set(claim.document_id, entry);
    const task = this.process(claim, entry)
      .catch((err: unknown) => this.options.log?.(`Document ${claim.document_id} could not be finished: ${(err as Error).message}`))
      .finally(() => {
        this.running.delete(claim.document_id);
        this.inFlight.delete(task);
        this.notify();
      });
    this.inFlight.add(task);
  }

  private async process(claim: ClaimedDocument, entry: Running): Promise<void> {
    const { document_id, extraction_id } = claim;
    this.events.publish({ type: 'document.status', extraction_id, document_id, status: 'processing', error_message: null });
    const started = performance.now();
    const timer = setTimeout(() => this.halt(document_id, 'timeout'), this.timeoutMs);
    timer.unref();
    try {
      const filePath = claim.stored_path ?? claim.source_path!;
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await readFile(filePath));
      } catch (err) {
        await this.fail(claim, 'FILE_NOT_FOUND', unreadableSentence(filePath, err), false);
        return;
      }
      // A file read where it lies (not copied in) may have been replaced since it was added:
      // its results would then carry the new content under the old one's hash and size. One
      // added without them (missing then, or retried after it changed) gets them now.
      let file: { content_hash: string; file_size: number } | undefined;
      if (claim.stored_path === null) {
        const hash = sha256Hex(bytes);
        if (claim.content_hash !== '' && hash !== claim.content_hash) {
          await this.fail(claim, 'FILE_CHANGED', changedSentence(filePath), false);
          return;
        }
        if (claim.content_hash === '') file = { content_hash: hash, file_size: bytes.byteLength };
      }
      // Stopped (cancel, shutdown, timeout) while the file was read: do not start the engine.
      if (entry.stopReason) throw cancelledError();
      const progress = this.progressRecorder(claim);
      const figuresDir = this.options.figuresDir;
      const result = await this.pool.extract(bytes, claim.parser, {
        signal: entry.controller.signal,
        password: this.passwords.get(document_id),
        ...(figuresDir ? { figures: { dir: path.join(figuresDir, document_id) } } : {}),
        onProgress: (done, total) => {
          this.events.publish({ type: 'document.progress', extraction_id, document_id, pages_done: done, page_count: total });
          progress(done, total);
        },
      });
      if (result.summary.status === 'FAILED') {
        const reason = result.summary.failureReason ?? 'INTERNAL_ERROR';
        await this.fail(claim, reason, result.summary.failureMessage ?? 'The document could not be parsed.', isRetryable(reason));
        return;
      }
      const outcome = await this.options.store.call('completeDocument', {
        document_id,
        lease: claim.lease,
        // A parse-only job keeps the run and fills no fields.
        extracted_data: claim.parse_only ? null : result.data,
        confidence: claim.parse_only ? null : result.confidence,
        field_details: claim.parse_only ? undefined : result.fields,
        parse_run: Buffer.from(result.output.buffer, result.output.byteOffset, result.output.byteLength).toString('utf8'),
        page_count: result.summary.pageCount,
        processing_time_ms: Math.round(performance.now() - started),
        file,
      });
      this.finished(claim, outcome, 'completed', null);
    } catch (err) {
      const e = err instanceof EngineError ? err : new EngineError('INTERNAL_ERROR', String(err));
      if (entry.stopReason === 'shutdown') {
        // An orderly shutdown is not the document's fault: it goes back as it was.
        await this.store.call('releaseDocument', { document_id, lease: claim.lease });
        return;
      }
      if (entry.stopReason === 'cancelled') await this.fail(claim, 'CANCELLED', 'Cancelled while processing.', false);
      else if (entry.stopReason === 'timeout') {
        await this.fail(claim, 'TIMEOUT', `Processing took longer than ${Math.round(this.timeoutMs / 1000)} s and was stopped.`, false);
      } else await this.fail(claim, e.reason, e.message, isRetryable(e.reason));
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stores a document's pages done (for the Jobs screen after a reload), at most every
   *  PROGRESS_WRITE_MS; the events carry every page. */
  private progressRecorder(claim: ClaimedDocument): (done: number, total: number) => void {
    let last = 0;
    return (done, total) => {
      const now = Date.now();
      if (now - last < PROGRESS_WRITE_MS && done < total) return;
      last = now;
      this.store
        .call('setDocumentProgress', { document_id: claim.document_id, lease: claim.lease, pages_done: done, page_count: total })
        .catch((err: unknown) => this.options.log?.(`Progress of ${claim.document_id} could not be stored: ${(err as Error).message}`));
    };
  }

  private async fail(claim: ClaimedDocument, code: FailureReason | string, message: string, retry: boolean): Promise<void> {
    const outcome = await this.store.call('failDocument', {
      document_id: claim.document_id,
      lease: claim.lease,
      error_code: code,
      error_message: message,
      retry,
      max_attempts: this.maxAttempts,
    });
    if (outcome.requeued) {
      // Another attempt follows (with the same password, if one was given).
      this.events.publish({ type: 'document.status', extraction_id: claim.extraction_id, document_id: claim.document_id, status: 'queued', error_message: message });
      return;
    }
    this.finished(claim, outcome, 'failed', message);
  }

  private finished(claim: ClaimedDocument, outcome: FinishOutcome, status: 'completed' | 'failed', error: string | null): void {
    this.passwords.delete(claim.document_id);
    if (!outcome.accepted) return;
    const { extraction_id, document_id } = claim;
    this.events.publish({ type: 'document.status', extraction_id, document_id, status, error_message: error });
    if (outcome.extraction_status) this.events.publish({ type: 'extraction.status', extraction_id, status: outcome.extraction_status });
    if (outcome.deliveries > 0) this.options.onDeliveries?.();
  }
}
