// Extraction jobs: intake (uploads and local paths), creation with Idempotency-Key, status,
// results, and cancel. The job runner does the processing; this layer only queues and reads.
// In metered mode (a finite credit balance) creation charges one credit per page, once.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { ApiError } from '../../shared/api/errors.js';
import { MAX_FILES_PER_EXTRACTION, type Extraction } from '../../shared/api/extractions.js';
import type { EnginePool } from '../jobs/engine-pool.js';
import type { JobRunner } from '../jobs/job-runner.js';
import type { JobEvents } from './events.js';
import type { Store } from '../store/store-client.js';
import { discardUploads, probeFile, readIncoming, storeUpload, type ProbedFile } from './intake.js';
import { hashFile } from './rpc/file-facts.js';
import type { CreateExtractionInput, ExtractionsService } from './types.js';

export interface ExtractionsServiceDeps {
  store: Store;
  pool: EnginePool;
  runner: JobRunner;
  dataDir: string;
  maxFileSize: number;
  events: JobEvents;
  /** Wakes the webhook dispatcher after deliveries were queued. */
  onDeliveries: () => void;
}

/** Idempotency keys are per API operation. */
const IDEMPOTENCY_SCOPE = 'POST /v1/extractions';

/** What makes a repeated Idempotency-Key the same request: the parser and, in order, each
 *  upload's name and content (sha256) or each local path (resolved). A replay must match it;
 *  another request under the key is refused (409 CONFLICT) rather than answered with a job
 *  that never saw its files. */
async function requestFingerprint(input: CreateExtractionInput): Promise<string> {
  const files = [];
  for (const f of input.files) {
    files.push(f.kind === 'local' ? { path: path.resolve(f.path) } : { name: f.filename, sha256: f.sha256 ?? (await hashFile(f.tempPath)) });
  }
  return createHash('sha256').update(JSON.stringify({ parser_id: input.parser_id, files })).digest('hex');
}

function notFound(id: string): ApiError {
  return new ApiError('RESOURCE_NOT_FOUND', `No extraction with id ${id}.`, 'extraction_id');
}

/** The extractions service. */
export function createExtractionsService(deps: ExtractionsServiceDeps): ExtractionsService {
  const { store } = deps;

  async function get(extractionId: string): Promise<Extraction> {
    const extraction = await store.call('getExtraction', { extraction_id: extractionId });
    if (!extraction) throw notFound(extractionId);
    return extraction;
  }

  /** The job with the account's balance (null while credits are unlimited). */
  async function withBalance(extraction: Extraction): Promise<Extraction> {
    return { ...extraction, credits_remaining: await store.call('getCreditBalance') };
  }

  return {
    async create(input) {
      try {
        if (input.files.length === 0) throw new ApiError('INVALID_PAYLOAD', 'files: at least one file is required', 'files');
        if (input.files.length > MAX_FILES_PER_EXTRACTION) {
          throw new ApiError('INVALID_PAYLOAD', `files: at most ${MAX_FILES_PER_EXTRACTION} files per extraction`, 'files');
        }
        const idempotency = input.idempotencyKey
          ? { scope: IDEMPOTENCY_SCOPE, key: input.idempotencyKey, fingerprint: await requestFingerprint(input) }
          : undefined;
        // A replay (or a key reused for another request) is answered before anything is probed or stored.
        const replayOf = idempotency ? await store.call('findIdempotentExtraction', idempotency) : null;
        if (replayOf) {
          await discardUploads(input.files);
          return { extraction: await withBalance(await get(replayOf)), replayed: true };
        }
        const parser = await store.call('getParser', { parser_id: input.parser_id });
        if (!parser) throw new ApiError('PARSER_NOT_FOUND', `No parser with id ${input.parser_id}.`, 'parser_id');
        if (parser.fields.length === 0) {
          throw new ApiError('PARSER_NOT_CONFIGURED', `The parser "${parser.name}" has no fields yet; add fields or run detect-fields first.`, 'parser_id');
        }
        // Check the files one at a time: each is held in memory only while it is probed.
        const probed: Array<Omit<ProbedFile, 'bytes'>> = [];
        for (const f of input.files) {
          const { bytes: _bytes, ...file } = await probeFile(deps.pool, await readIncoming(f, deps.maxFileSize), deps.maxFileSize);
          probed.push(file);
        }
        const documents = [];
        for (const f of probed) {
          const stored = f.tempPath ? await storeUpload(deps.dataDir, { ...f, bytes: new Uint8Array(0) }) : null;
          documents.push({
            filename: f.filename,
            source_path: f.sourcePath,
            stored_path: stored,
            content_hash: f.hash,
            file_size: f.size,
            mime: f.mime,
            page_count: f.pageCount,
          });
        }
        // Charged in the same transaction that creates the job (metered mode; unlimited otherwise).
        const created = await store.call('createChargedExtraction', {
          parser: { parser_id: parser.parser_id, name: parser.name, result_mode: parser.result_mode, fields: parser.fields },
          documents,
          idempotency,
        });
        // Read the job before waking the runner, so the answer shows it as submitted (queued).
        const extraction = { ...(await get(created.extraction_id)), credits_remaining: created.credits_remaining };
        if (!created.replayed) deps.runner.notify();
        return { extraction, replayed: created.replayed };
      } catch (err) {
        await discardUploads(input.files);
        throw err;
      }
    },
    list: (query) =>
      store.call('listExtractions', {
        parser_id: query.parser_id,
        status: query.status,
        since: query.since,
        limit: query.limit ?? 50,
        cursor: query.cursor,
      }),
    get,
    async results(extractionId) {
      const results = await store.call('extractionResults', { extraction_id: extractionId });
      if (!results) throw notFound(extractionId);
      return results;
    },
    async document(extractionId, documentId) {
      const doc = await store.call('documentDetail', { extraction_id: extractionId, document_id: documentId });
      if (!doc) throw new ApiError('RESOURCE_NOT_FOUND', `No document ${documentId} in extraction ${extractionId}.`, 'document_id');
      return doc;
    },
    async cancel(extractionId) {
      const outcome = await store.call('cancelExtraction', { extraction_id: extractionId });
      if (!outcome.found) throw notFound(extractionId);
      deps.runner.cancelDocuments(outcome.running);
      for (const document_id of outcome.cancelled) {
        deps.events.publish({ type: 'document.status', extraction_id: extractionId, document_id, status: 'failed', error_message: 'Cancelled before processing.' });
      }
      if (outcome.extraction_status) deps.events.publish({ type: 'extraction.status', extraction_id: extractionId, status: outcome.extraction_status });
      if (outcome.deliveries > 0) deps.onDeliveries();
      return get(extractionId);
    },
  };
}
