// jobs.*: creating a job over staged files (an extraction, or parse-only), its progress,
// pause and resume, cancel, and retrying what failed. A file that cannot be processed never
// refuses the job: it becomes a document that failed at once, with its reason.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../../../shared/api/errors.js';
import type { Page } from '../../../shared/api/common.js';
import type { FileRef, JobDetail, JobSummary, RpcHandlers } from '../../../shared/rpc-contract.js';
import type { ParserSnapshot } from '../../store/queries/extractions.js';
import { PARSE_ONLY_SNAPSHOT, type NewJobDocument } from '../../store/queries/jobs.js';
import { mapLimit } from './concurrency.js';
import { FILE_CONCURRENCY, type RpcContext } from './context.js';
import { examineFile, unreadable, type FileFacts, type FileRefusal } from './file-facts.js';
import { plainError } from './plain-errors.js';
import { useUpload } from './uploads.js';

type JobHandlers = Pick<RpcHandlers, 'jobs.create' | 'jobs.list' | 'jobs.get' | 'jobs.pause' | 'jobs.resume' | 'jobs.cancel' | 'jobs.retry'>;

function notFound(id: string): ApiError {
  return new ApiError('RESOURCE_NOT_FOUND', `No job with id ${id}.`, 'extraction_id');
}

/** A document for a file that cannot be processed: failed at once with the reason. */
function failedDocument(name: string, relativePath: string, place: { source_path: string | null; stored_path: string | null }, refusal: FileRefusal, size = 0): NewJobDocument {
  return {
    filename: name,
    relative_path: relativePath,
    ...place,
    content_hash: '',
    file_size: size,
    mime: 'application/octet-stream',
    page_count: 0,
    failure: { code: refusal.code, message: refusal.reason },
  };
}

/** The document for one staged file (a file that cannot be processed fails at once with its
 *  reason). Pages are counted by the runner as it reads them. */
export async function documentFor(ctx: RpcContext, ref: FileRef): Promise<NewJobDocument> {
  if (ref.kind === 'upload') {
    const upload = await useUpload(ctx, ref.upload_id);
    if (!upload) {
      return failedDocument(ref.upload_id, ref.upload_id, { source_path: null, stored_path: '' }, { code: 'UPLOAD_MISSING', reason: 'This upload is no longer available; add the file again.' });
    }
    return {
      filename: upload.filename,
      relative_path: upload.relative_path,
      source_path: null,
      stored_path: upload.path,
      content_hash: upload.content_hash,
      file_size: upload.file_size,
      mime: upload.mime,
      page_count: 0,
    };
  }
  const filePath = path.resolve(ref.path);
  const name = path.basename(filePath);
  const relativePath = ctx.scans.relativePath(filePath) ?? name;
  const place = { source_path: filePath, stored_path: null };
  let facts: FileFacts;
  const info = await stat(filePath).catch((err: unknown) => err as Error);
  if (info instanceof Error) return failedDocument(name, relativePath, place, unreadable(info));
  const scanned = ctx.scans.lookup(filePath, info.size, info.mtimeMs);
  if (scanned) facts = scanned.facts;
  else {
    const examined = await examineFile(filePath, { filter: 'supported', maxFileSize: ctx.app.maxFileSize });
    if (!examined.ok) return failedDocument(name, relativePath, place, examined.refusal, info.isFile() ? info.size : 0);
    facts = examined.facts;
  }
  return { filename: name, relative_path: relativePath, ...place, content_hash: facts.hash, file_size: facts.size, mime: facts.mime, page_count: 0 };
}

async function summary(ctx: RpcContext, extractionId: string): Promise<JobSummary> {
  const job = await ctx.app.store.call('jobSummary', { extraction_id: extractionId });
  if (!job) throw notFound(extractionId);
  return job;
}

/** The parser a job runs, as it is now (it must have fields), or the parse-only snapshot. */
async function jobParser(ctx: RpcContext, parserId: string | null): Promise<{ kind: 'extract' | 'parse'; parser: ParserSnapshot }> {
  if (parserId === null) return { kind: 'parse', parser: PARSE_ONLY_SNAPSHOT };
  const parser = await ctx.app.services.parsers.get(parserId);
  if (parser.fields.length === 0) {
    throw new ApiError('PARSER_NOT_CONFIGURED', `The parser "${parser.name}" has no fields yet; add fields or detect them from a sample first.`, 'parser_id');
  }
  return { kind: 'extract', parser: { parser_id: parser.parser_id, name: parser.name, result_mode: parser.result_mode, fields: parser.fields } };
}

/** The jobs handlers. */
export function jobHandlers(ctx: RpcContext): JobHandlers {
  const { app } = ctx;
  return {
    async 'jobs.create'({ parser_id, files }) {
      const { kind, parser } = await jobParser(ctx, parser_id);
      const documents = await mapLimit(files, FILE_CONCURRENCY, (ref) => documentFor(ctx, ref));
      const created = await app.store.call('createJob', { kind, parser, documents });
      if (created.deliveries > 0) app.notifyDeliveries();
      const job = await summary(ctx, created.extraction_id);
      app.runner.notify();
      return job;
    },
    async 'jobs.list'({ limit, cursor }): Promise<Page<JobSummary>> {
      return app.store.call('listJobs', { limit, cursor });
    },
    async 'jobs.get'({ extraction_id }): Promise<JobDetail> {
      const job = await summary(ctx, extraction_id);
      const documents = await app.store.call('jobDocuments', { extraction_id });
      return { ...job, documents: documents.map((d) => ({ ...d, error_message: plainError(d.error_code, d.error_message) })) };
    },
    async 'jobs.pause'({ extraction_id }) {
      const outcome = await app.store.call('setJobPaused', { extraction_id, paused: true });
      if (!outcome.found) throw notFound(extraction_id);
      if (outcome.finished) throw new ApiError('INVALID_PAYLOAD', 'This job has finished; there is nothing left to pause.', 'extraction_id');
      return summary(ctx, extraction_id);
    },
    async 'jobs.resume'({ extraction_id }) {
      const outcome = await app.store.call('setJobPaused', { extraction_id, paused: false });
      if (!outcome.found) throw notFound(extraction_id);
      app.runner.notify();
      return summary(ctx, extraction_id);
    },
    async 'jobs.cancel'({ extraction_id }) {
      if ((await summary(ctx, extraction_id)).origin === 'remote') {
        throw new ApiError('INVALID_PAYLOAD', 'This job runs on the hosted service and cannot be cancelled from here; its results arrive as they finish.', 'extraction_id');
      }
      await app.services.extractions.cancel(extraction_id);
      return summary(ctx, extraction_id);
    },
    async 'jobs.retry'({ extraction_id }) {
      if ((await summary(ctx, extraction_id)).origin === 'remote') {
        throw new ApiError('INVALID_PAYLOAD', 'This job runs on the hosted service: use "Resume on the hosted service" to pick it up again.', 'extraction_id');
      }
      const outcome = await app.store.call('retryFailedDocuments', { extraction_id });
      if (!outcome.found) throw notFound(extraction_id);
      if (outcome.retried.length === 0) {
        throw new ApiError(
          'INVALID_PAYLOAD',
          'This job has no failed documents a retry can process (one protected by a password opens with its password, typed on its Document screen).',
          'extraction_id',
        );
      }
      for (const document_id of outcome.retried) {
        app.events.publish({ type: 'document.status', extraction_id, document_id, status: 'queued', error_message: null });
      }
      const job = await summary(ctx, extraction_id);
      app.events.publish({ type: 'extraction.status', extraction_id, status: job.status });
      app.runner.notify();
      return job;
    },
  };
}
