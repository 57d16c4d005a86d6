// The remote runner: sends each pending batch of a remote job to the hosted service (its stored
// Idempotency-Key makes a retry or a resume a replay, never a second charge), follows the hosted
// jobs by polling, and writes each finished document into the local store exactly like a local
// completion, publishing the same job events. A failure (network loss beyond retries, a revoked
// key, missing credits) stops that batch with a sentence; sync.resume puts it back.
import { stat } from 'node:fs/promises';
import type { DocumentResult } from '../../shared/api/extractions.js';
import type { JobEvents } from '../services/events.js';
import type { Store } from '../store/store-client.js';
import type { FinishOutcome } from '../store/queries/queue.js';
import type { SyncBatch } from '../store/queries/sync.js';
import type { PerfectParserClient, UploadFile } from './client.js';
import { realSleep } from './http.js';

export interface RemoteRunnerOptions {
  store: Store;
  events: JobEvents;
  /** The client for the connected account; throws (a sentence) when sync is off. */
  client: () => Promise<PerfectParserClient>;
  /** Between polls of running hosted jobs (default 2 s). */
  pollIntervalMs?: number | undefined;
  onDeliveries: () => void;
  /** The balance the hosted service reported with a created job. */
  onBalance?: ((available: number | null) => void) | undefined;
  /** A batch stopped: the sentence, for the connection's last error. */
  onError?: ((sentence: string) => void) | undefined;
  log?: ((message: string) => void) | undefined;
}

const FINISHED = new Set(['completed', 'failed', 'partial']);

export class RemoteRunner {
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;
  private again = false;
  private wake: (() => void) | null = null;

  constructor(private readonly options: RemoteRunnerOptions) {}

  /** The signal that stops every request and wait when the app closes. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** Starts working through open batches (or looks again, when already working). */
  kick(): void {
    if (this.abort.signal.aborted) return;
    this.again = true;
    this.wake?.();
    if (this.loop) return;
    this.loop = this.run()
      .catch((err: unknown) => this.options.log?.(`Sync stopped unexpectedly: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        this.loop = null;
        if (this.again && !this.abort.signal.aborted) this.kick();
      });
  }

  /** Resolves when nothing is left to send or follow (for the CLI and tests). */
  async idle(): Promise<void> {
    while (this.loop) await this.loop;
  }

  /** Stops at once: requests in flight are aborted; open batches stay open for the next start. */
  async stop(): Promise<void> {
    this.abort.abort(new Error('Sync stopped: the app is closing.'));
    this.wake?.();
    await this.loop?.catch(() => undefined);
  }

  private async run(): Promise<void> {
    while (!this.abort.signal.aborted) {
      this.again = false;
      const batches = await this.options.store.call('openSyncBatches');
      if (batches.length === 0) return;
      let followed = false;
      for (const batch of batches) {
        if (this.abort.signal.aborted) return;
        try {
          if (batch.status === 'pending') await this.submit(batch);
          else {
            await this.follow(batch);
            followed = true;
          }
        } catch (err) {
          if (this.abort.signal.aborted) return;
          await this.stopBatch(batch, err);
        }
      }
      // Only hosted jobs still running need a pause before the next look.
      if (followed && !this.again) await this.pause(this.options.pollIntervalMs ?? 2000);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.wake = null;
        resolve();
      };
      this.wake = done;
      realSleep(ms, this.abort.signal).then(done, done);
    });
  }

  private async stopBatch(batch: SyncBatch, err: unknown): Promise<void> {
    const sentence = err instanceof Error ? err.message : String(err);
    this.options.log?.(`Sync batch ${batch.batch_index + 1} of job ${batch.extraction_id} stopped: ${sentence}`);
    await this.options.store.call('setBatchStatus', { extraction_id: batch.extraction_id, batch_index: batch.batch_index, status: 'error', last_error: sentence });
    this.options.onError?.(sentence);
    this.options.events.publish({ type: 'extraction.status', extraction_id: batch.extraction_id, status: 'processing' });
  }

  /** Sends a batch's files with its Idempotency-Key and records the hosted job. */
  private async submit(batch: SyncBatch): Promise<void> {
    const { store, events } = this.options;
    const files: UploadFile[] = [];
    const sent: string[] = [];
    for (const d of batch.documents) {
      const src = await store.call('documentSource', { extraction_id: batch.extraction_id, document_id: d.document_id });
      if (!src) continue;
      const filePath = src.stored_path ?? src.source_path;
      const readable = filePath ? await stat(filePath).then((s) => s.isFile(), () => false) : false;
      if (!readable) {
        await this.finish(batch.extraction_id, d.document_id, await store.call('failRemoteDocument', {
          document_id: d.document_id,
          error_code: 'FILE_NOT_FOUND',
          error_message: 'The file was moved or deleted before it could be sent.',
        }), 'failed', 'The file was moved or deleted before it could be sent.');
        continue;
      }
      files.push({ filename: src.filename, path: filePath!, type: src.mime });
      sent.push(d.document_id);
    }
    if (files.length === 0) {
      await store.call('setBatchStatus', { extraction_id: batch.extraction_id, batch_index: batch.batch_index, status: 'done' });
      return;
    }
    const client = await this.options.client();
    const { extraction } = await client.createExtraction({ parser_id: batch.remote_parser_id, files, idempotencyKey: batch.idempotency_key });
    this.options.onBalance?.(extraction.credits_remaining);
    const remoteIds = extraction.documents.map((d) => d.document_id);
    // Documents not sent (missing files) keep no remote id: sent ones map in upload order.
    const byLocal = new Map(sent.map((id, i) => [id, remoteIds[i] ?? '']));
    await store.call('markBatchSubmitted', {
      extraction_id: batch.extraction_id,
      batch_index: batch.batch_index,
      remote_extraction_id: extraction.extraction_id,
      remote_document_ids: batch.documents.map((d) => byLocal.get(d.document_id) ?? ''),
    });
    for (const id of sent) events.publish({ type: 'document.status', extraction_id: batch.extraction_id, document_id: id, status: 'processing', error_message: null });
    events.publish({ type: 'extraction.status', extraction_id: batch.extraction_id, status: 'processing' });
  }

  /** Polls a hosted job; pulls finished documents (per document while it runs, then /results). */
  private async follow(batch: SyncBatch): Promise<void> {
    const { store } = this.options;
    const client = await this.options.client();
    const remoteId = batch.remote_extraction_id!;
    const local = new Map((await store.call('jobDocuments', { extraction_id: batch.extraction_id })).map((d) => [d.document_id, d.status]));
    const open = batch.documents.filter((d) => d.remote_document_id && (local.get(d.document_id) === 'queued' || local.get(d.document_id) === 'processing'));
    if (open.length === 0) {
      await store.call('setBatchStatus', { extraction_id: batch.extraction_id, batch_index: batch.batch_index, status: 'done' });
      return;
    }
    const job = await client.getExtraction(remoteId);
    const remoteStatus = new Map(job.documents.map((d) => [d.document_id, d.status]));
    const finishedRemotely = open.filter((d) => ['completed', 'failed'].includes(remoteStatus.get(d.remote_document_id!) ?? ''));
    const pulled = new Set<string>();
    if (FINISHED.has(job.status)) {
      const results = await client.extractionResults(remoteId);
      const byRemote = new Map(results.documents.map((d) => [d.document_id, d]));
      for (const d of open) {
        const result = byRemote.get(d.remote_document_id!);
        if (result && (result.status === 'completed' || result.status === 'failed')) {
          await this.write(batch.extraction_id, d.document_id, result);
          pulled.add(d.document_id);
        }
      }
    }
    // Stragglers: finished on the hosted side but not (yet) in a results answer.
    for (const d of finishedRemotely) {
      if (pulled.has(d.document_id)) continue;
      const doc = await client.extractionDocument(remoteId, d.remote_document_id!);
      if (doc.status === 'completed' || doc.status === 'failed') {
        await this.write(batch.extraction_id, d.document_id, doc);
        pulled.add(d.document_id);
      }
    }
    if (open.every((d) => pulled.has(d.document_id))) {
      await store.call('setBatchStatus', { extraction_id: batch.extraction_id, batch_index: batch.batch_index, status: 'done' });
    }
  }

  /** Writes one hosted document's outcome as a local completion (or failure). */
  private async write(extractionId: string, documentId: string, doc: DocumentResult): Promise<void> {
    const { store } = this.options;
    if (doc.status === 'completed') {
      const outcome = await store.call('completeRemoteDocument', {
        document_id: documentId,
        extracted_data: doc.extracted_data,
        confidence: doc.confidence,
        field_details: doc.fields ?? null,
        page_count: doc.page_count,
        processing_time_ms: doc.processing_time_ms,
      });
      await this.finish(extractionId, documentId, outcome, 'completed', null);
    } else {
      const message = doc.error_message ?? 'The hosted service could not process this file.';
      const outcome = await store.call('failRemoteDocument', { document_id: documentId, error_code: 'REMOTE_FAILED', error_message: message });
      await this.finish(extractionId, documentId, outcome, 'failed', message);
    }
  }

  private async finish(extractionId: string, documentId: string, outcome: FinishOutcome, status: 'completed' | 'failed', message: string | null): Promise<void> {
    if (!outcome.accepted) return;
    const { events } = this.options;
    events.publish({ type: 'document.status', extraction_id: extractionId, document_id: documentId, status, error_message: message });
    if (outcome.extraction_status) events.publish({ type: 'extraction.status', extraction_id: extractionId, status: outcome.extraction_status });
    if (outcome.deliveries > 0) this.options.onDeliveries();
  }
}
