// The job runner: drains the persisted document queue into the engine pool, one claim per
// free worker. Each document has a timeout and can be cancelled; a retryable failure (a
// crashed worker, an OCR error) puts it back in the queue until its attempts run out. After a
// restart, documents left "processing" by a killed process are queued again; completion is
// one transaction guarded by the claim's lease, so no document ends with two results.
import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import os from 'node:os';
import path from 'node:path';
import { ApiError } from '../../shared/api/errors.js';
import { isRetryable, type FailureReason } from '../../shared/parse-contract.js';
import { cancelledError, EngineError, fileTooLarge } from '../engine/errors.js';
import { sha256Hex } from '../engine/ids.js';
import type { Store } from '../store/store-client.js';
import type { ClaimedDocument, FinishOutcome } from '../store/queries/queue.js';
import type { JobEvents } from '../services/events.js';
import { configuredMaxFileSize } from '../services/limits.js';
import type { EnginePool } from './engine-pool.js';

export interface JobRunnerOptions {
  store: Store;
  pool: EnginePool;
  events: JobEvents;
  /** Documents processed at once (default: the pool's size, following it when it is resized). */
  concurrency?: number;
  /** Attempts per document before a retryable failure is final. */
  maxAttempts?: number;
  /** A document that finishes no page for this long is stopped and failed. */
  documentTimeoutMs?: number;
  /** Called when finishing a document queued webhook deliveries. */
  onDeliveries?: () => void;
  /** Folder for documents' figure pictures, one sub-folder per document (none without it). */
  figuresDir?: string;
  /** While the store cannot be written (a full disk), how long to wait before trying again. */
  storeRetryMs?: number;
  /** Largest file processed, in bytes (default: the configured limit every way in shares). */
  maxFileSize?: number;
  log?: (message: string) => void;
}

interface Running {
  controller: AbortController;
  /** Why it was stopped, once it was. */
  stopReason?: 'cancelled' | 'timeout' | 'shutdown';
}

/** How often a document's progress is written to the store, at most. */
const PROGRESS_WRITE_MS = 500;

/** How often the runner tells the store it is still the one running the queue, and after how
 *  long without a word another process may take the queue over (a crashed one on another
 *  machine sharing the folder; on this one, a process that is gone is noticed at once). */
const OWNER_BEAT_MS = 20_000;
const OWNER_STALE_MS = 120_000;

/** A store that cannot be written for now (a full disk, a folder made read-only): worth trying
 *  again later, unlike a fault in the request. */
function storeUnavailable(err: unknown): boolean {
  return err instanceof ApiError && err.code === 'SERVICE_UNAVAILABLE';
}

/** Why a document's file cannot be read, as a sentence naming it. */
function unreadableSentence(claim: ClaimedDocument, filePath: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if ((code === 'ENOENT' || code === 'ENOTDIR') && claim.stored_path) {
    return `The copy of ${claim.filename} kept in the data folder (${filePath}) is gone; add the file again.`;
  }
  if (code === 'ENOENT' || code === 'ENOTDIR') return `The file is no longer at ${filePath}; it was moved or deleted.`;
  if (code === 'EACCES' || code === 'EPERM') return `The file at ${filePath} cannot be read: permission denied.`;
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
  private readonly maxFileSize: number;
  private readonly storeRetryMs: number;
  private readonly running = new Map<string, Running>();
  /** Passwords given for encrypted documents, by document id: held in memory only, until the
   *  document's next attempt ends (after a restart, the user gives them again). */
  private readonly passwords = new Map<string, string>();
  private readonly inFlight = new Set<Promise<void>>();
  private pumping = false;
  private again = false;
  private stopped = true;
  /** The wake-up after the queue could not be read, while one is set. */
  private retryTimer: NodeJS.Timeout | undefined;
  /** The last attempt to read the queue failed (said once until it works again). */
  private queueUnreadable = false;
  /** Aborted when the runner stops: ends the waits between attempts to write to the store. */
  private stopping = new AbortController();
  /** This runner's claim on the data folder's queue, and its heartbeat, while it runs. */
  private ownerToken: string | undefined;
  private beat: NodeJS.Timeout | undefined;

  constructor(private readonly options: JobRunnerOptions) {
    this.store = options.store;
    this.pool = options.pool;
    this.events = options.events;
    this.maxAttempts = options.maxAttempts ?? 3;
    this.timeoutMs = options.documentTimeoutMs ?? 15 * 60_000;
    this.maxFileSize = options.maxFileSize ?? configuredMaxFileSize();
    this.storeRetryMs = options.storeRetryMs ?? 5_000;
  }

  /** Documents processed at once. */
  get concurrency(): number {
    return Math.max(1, this.options.concurrency ?? this.pool.size);
  }

  /** Takes the data folder's queue (refusing, with a sentence, when another live process runs
   *  it), requeues what a previous process left half done, then starts draining the queue. */
  async start(): Promise<void> {
    const token = randomUUID();
    const owner = await this.store.call('takeQueue', { token, pid: process.pid, host: os.hostname(), stale_ms: OWNER_STALE_MS });
    if (owner) {
      const where = owner.host === os.hostname() ? '' : ` on ${owner.host}`;
      throw new Error(
        `Another PerfectParser (process ${owner.pid}${where}) is already processing the jobs of this data folder; close it first, or use another data folder.`,
      );
    }
    this.ownerToken = token;
    this.stopping = new AbortController();
    this.beat = setInterval(() => void this.renewOwnership(token), OWNER_BEAT_MS).unref();
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
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.stopping.abort();
    if (options.abort) for (const id of this.running.keys()) this.halt(id, 'shutdown');
    await Promise.allSettled([...this.inFlight]);
    clearInterval(this.beat);
    const token = this.ownerToken;
    this.ownerToken = undefined;
    if (token) await this.store.call('releaseQueue', { token }).catch(() => undefined);
  }

  /** Documents being processed now. */
  get active(): number {
    return this.running.size;
  }

  /** Tells the store this runner still runs the queue; one that lost it stops claiming. */
  private async renewOwnership(token: string): Promise<void> {
    let held: boolean;
    try {
      held = await this.store.call('renewQueue', { token });
    } catch {
      return; // a store that cannot be written now: said by the writes that matter
    }
    if (held || this.stopped || this.ownerToken !== token) return;
    this.stopped = true;
    clearInterval(this.beat);
    this.options.log?.('Another PerfectParser took over the jobs of this data folder; this one no longer processes them.');
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
        // A full disk does not stop the queue for good: it is read again in a while (and said
        // once, not at every try).
        if (!this.queueUnreadable) this.options.log?.(`The job queue could not be read: ${(err as Error).message} It is tried again every ${Math.round(this.storeRetryMs / 1000)} s.`);
        this.queueUnreadable = true;
        this.retryTimer ??= setTimeout(() => {
          this.retryTimer = undefined;
          this.notify();
        }, this.storeRetryMs).unref();
        return;
      }
      this.queueUnreadable = false;
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
    // The timeout counts from the last page finished: a long scan that keeps making progress
    // (hundreds of pages of OCR) is not stopped, one stuck on a page is.
    const timer = setTimeout(() => this.halt(document_id, 'timeout'), this.timeoutMs).unref();
    const progressed = () => timer.refresh();
    try {
      // An upload that was gone when the job was made has no path at all.
      const filePath = claim.stored_path || claim.source_path;
      if (!filePath) {
        await this.fail(claim, 'FILE_NOT_FOUND', 'This upload is no longer available; add the file again.', false);
        return;
      }
      // What the file is now, before reading it: one replaced by a larger one (or grown past
      // the limit) is refused unread, so a file of gigabytes never lands in this process's
      // memory (where it would also count against the engine's memory budget, and stop
      // another document being processed).
      let size: number;
      try {
        const info = await stat(filePath);
        if (!info.isFile()) {
          await this.fail(claim, 'FILE_NOT_FOUND', `${filePath} is ${info.isDirectory() ? 'a folder' : 'not a regular file'} now, not the document that was added.`, false);
          return;
        }
        size = info.size;
      } catch (err) {
        await this.fail(claim, 'FILE_NOT_FOUND', unreadableSentence(claim, filePath, err), false);
        return;
      }
      if (claim.stored_path === null && claim.content_hash !== '' && size !== claim.file_size) {
        await this.fail(claim, 'FILE_CHANGED', changedSentence(filePath), false);
        return;
      }
      if (size > this.maxFileSize) {
        await this.fail(claim, 'FILE_SIZE_TOO_LARGE', fileTooLarge(size, this.maxFileSize).message, false);
        return;
      }
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await readFile(filePath));
      } catch (err) {
        await this.fail(claim, 'FILE_NOT_FOUND', unreadableSentence(claim, filePath, err), false);
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
        maxFileSize: this.maxFileSize,
        password: this.passwords.get(document_id),
        ...(figuresDir ? { figures: { dir: path.join(figuresDir, document_id) } } : {}),
        onProgress: (done, total) => {
          progressed();
          this.events.publish({ type: 'document.progress', extraction_id, document_id, pages_done: done, page_count: total });
          progress(done, total);
        },
      });
      if (result.summary.status === 'FAILED') {
        const reason = result.summary.failureReason ?? 'INTERNAL_ERROR';
        await this.fail(claim, reason, result.summary.failureMessage ?? 'The document could not be parsed.', isRetryable(reason));
        return;
      }
      const outcome = await this.persist(claim, () => this.store.call('completeDocument', {
        document_id,
        lease: claim.lease,
        // A parse-only job keeps the run and fills no fields.
        extracted_data: claim.parse_only ? null : result.data,
        confidence: claim.parse_only ? null : result.confidence,
        field_details: claim.parse_only ? undefined : result.fields,
        parse_run: Buffer.from(result.output.buffer, result.output.byteOffset, result.output.byteLength).toString('utf8'),
        spatial_pages: result.spatial,
        page_count: result.summary.pageCount,
        processing_time_ms: Math.round(performance.now() - started),
        file,
      }));
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
        await this.fail(claim, 'TIMEOUT', `Processing took longer than ${Math.round(this.timeoutMs / 1000)} s without finishing a page and was stopped.`, false);
      } else await this.fail(claim, e.reason, e.message, isRetryable(e.reason));
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stores a document's pages done (for the Jobs screen after a reload), at most every
   *  PROGRESS_WRITE_MS; the events carry every page. */
  private progressRecorder(claim: ClaimedDocument): (done: number, total: number) => void {
    let last = 0;
    let warned = false;
    return (done, total) => {
      const now = Date.now();
      if (now - last < PROGRESS_WRITE_MS && done < total) return;
      last = now;
      this.store
        .call('setDocumentProgress', { document_id: claim.document_id, lease: claim.lease, pages_done: done, page_count: total })
        .catch((err: unknown) => {
          // Said once per document: a full disk would otherwise repeat it every page.
          if (!warned) this.options.log?.(`Progress of ${claim.document_id} could not be stored: ${(err as Error).message}`);
          warned = true;
        });
    };
  }

  private async fail(claim: ClaimedDocument, code: FailureReason | string, message: string, retry: boolean): Promise<void> {
    const outcome = await this.persist(claim, () =>
      this.store.call('failDocument', {
        document_id: claim.document_id,
        lease: claim.lease,
        error_code: code,
        error_message: message,
        retry,
        max_attempts: this.maxAttempts,
      }),
    );
    if (outcome.requeued) {
      // Another attempt follows (with the same password, if one was given).
      this.events.publish({ type: 'document.status', extraction_id: claim.extraction_id, document_id: claim.document_id, status: 'queued', error_message: message });
      return;
    }
    this.finished(claim, outcome, 'failed', message);
  }

  /** Writes a document's outcome. While the store cannot be written (a full disk), the outcome
   *  is held and written again every storeRetryMs, rather than lost with the document left
   *  processing; the document keeps its place among the running ones meanwhile, so no more are
   *  claimed. Only stopping the runner gives up (the next start queues the document again). */
  private async persist<T>(claim: ClaimedDocument, write: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await write();
      } catch (err) {
        if (this.stopped || !storeUnavailable(err)) throw err;
        if (attempt === 1) {
          this.options.log?.(
            `The outcome of ${claim.filename} (${claim.document_id}) could not be saved: ${(err as Error).message} It is saved as soon as the data folder can be written again.`,
          );
        }
        // Until the runner stops (then the next write fails and gives up).
        await delay(this.storeRetryMs, undefined, { signal: this.stopping.signal }).catch(() => undefined);
      }
    }
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
