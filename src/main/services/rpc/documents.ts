// documents.* and results.*: one document with its stored parse run and corrections, its
// pages as layout-preserving text (as stored with its result, else parsed again from its
// file), its file, a job's results, and correcting a value (exports and /v1 show the corrected
// value; the original is kept).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../../../shared/api/errors.js';
import type { DocumentResult } from '../../../shared/api/extractions.js';
import type { ParseRun } from '../../../shared/parse-contract.js';
import type { RpcHandlers } from '../../../shared/rpc-contract.js';
import { EngineError } from '../../engine/errors.js';
import { dedent } from '../../engine/extract/evidence.js';
import { textPages } from '../../engine/extract/text-input.js';
import { isLocked, wrongPassword } from '../intake.js';
import type { RpcContext } from './context.js';
import { mapLimit } from './concurrency.js';
import { coerceValue, resolveFieldPath } from './field-paths.js';
import { plainError } from './plain-errors.js';

type DocumentHandlers = Pick<
  RpcHandlers,
  'documents.get' | 'documents.unlock' | 'documents.spatial' | 'documents.file' | 'documents.figure' | 'results.get' | 'results.correct' | 'results.revert'
>;

/** Other documents of a job tried with one password at once. */
const UNLOCK_CONCURRENCY = 4;

/** Spatial text of documents recently parsed again (results stored before it was kept). */
const SPATIAL_CACHE_SIZE = 16;

function noDocument(extractionId: string, documentId: string): ApiError {
  return new ApiError('RESOURCE_NOT_FOUND', `No document ${documentId} in job ${extractionId}.`, 'document_id');
}

/** The bytes of a document's file (the stored copy, else the original where it was added). */
async function documentBytes(ctx: RpcContext, extractionId: string, documentId: string): Promise<{ bytes: Uint8Array; mime: string; filename: string }> {
  const source = await ctx.app.store.call('documentSource', { extraction_id: extractionId, document_id: documentId });
  if (!source) throw noDocument(extractionId, documentId);
  const filePath = source.stored_path || source.source_path;
  if (!filePath) throw new ApiError('RESOURCE_NOT_FOUND', `The file of “${source.filename}” is not available.`, 'document_id');
  try {
    return { bytes: new Uint8Array(await readFile(filePath)), mime: source.mime, filename: source.filename };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new ApiError('RESOURCE_NOT_FOUND', `“${source.filename}” is no longer at ${filePath}: it was moved or deleted. Put it back there to see it.`, 'document_id');
    }
    throw new ApiError('INVALID_PAYLOAD', `“${source.filename}” at ${filePath} cannot be read (${code ?? 'error'}).`, 'document_id');
  }
}

/** One string per page from a spatial run (pages without text are empty strings), without
 *  the margin every line shares, as a job stores them. */
function pagesOf(run: ParseRun): string[] {
  const pages = Array.from({ length: run.metrics.pageCount }, () => '');
  for (const chunk of run.chunks) {
    const i = chunk.metadata.pageRange.start - 1;
    if (i >= 0 && i < pages.length) pages[i] = dedent(chunk.content);
    else if (i >= pages.length) pages.push(dedent(chunk.content));
  }
  return pages;
}

async function correctionTarget(ctx: RpcContext, extractionId: string, documentId: string, path: string) {
  const job = await ctx.app.store.call('jobParser', { extraction_id: extractionId });
  if (!job) throw new ApiError('RESOURCE_NOT_FOUND', `No job with id ${extractionId}.`, 'extraction_id');
  if (job.kind === 'parse') throw new ApiError('INVALID_PAYLOAD', 'This job only parsed its documents; it has no fields to correct.', 'extraction_id');
  if (!(await ctx.app.store.call('documentSource', { extraction_id: extractionId, document_id: documentId }))) throw noDocument(extractionId, documentId);
  return resolveFieldPath(job.parser, path);
}

/** The documents and results handlers. */
export function documentHandlers(ctx: RpcContext): DocumentHandlers {
  const { app } = ctx;
  const spatialCache = new Map<string, string[]>();

  async function result(extractionId: string, documentId: string): Promise<DocumentResult> {
    const doc = await app.services.extractions.document(extractionId, documentId);
    return { ...doc, error_message: plainError(null, doc.error_message) };
  }

  return {
    async 'documents.get'({ extraction_id, document_id }) {
      const [document, runText, corrections, job, source] = await Promise.all([
        app.services.extractions.document(extraction_id, document_id),
        app.store.call('documentParseRun', { document_id }),
        app.store.call('listCorrections', { extraction_id, document_id }),
        app.store.call('jobParser', { extraction_id }),
        app.store.call('documentSource', { extraction_id, document_id }),
      ]);
      return {
        document: { ...document, error_message: plainError(null, document.error_message) },
        run: runText ? (JSON.parse(runText) as ParseRun) : null,
        corrections: corrections[document_id] ?? {},
        parse_only: job?.kind === 'parse',
        error_code: source?.error_code ?? null,
      };
    },
    async 'documents.unlock'({ extraction_id, document_id, password, whole_job }) {
      const job = await app.store.call('jobSummary', { extraction_id });
      if (!job) throw new ApiError('RESOURCE_NOT_FOUND', `No job with id ${extraction_id}.`, 'extraction_id');
      if (job.origin === 'remote') {
        throw new ApiError('INVALID_PAYLOAD', 'This job ran on the hosted service; add the file to a new job here to open it with its password.', 'extraction_id');
      }
      const documents = await app.store.call('jobDocuments', { extraction_id });
      const asked = documents.find((d) => d.document_id === document_id);
      if (!asked) throw noDocument(extraction_id, document_id);
      const locked = (d: (typeof documents)[number]) => d.status === 'failed' && d.error_code === 'PASSWORD_PROTECTED_FILE';
      if (!locked(asked)) throw new ApiError('INVALID_PAYLOAD', `“${asked.filename}” did not fail for want of a password, so there is nothing to open.`, 'document_id');
      // Whether the password opens a file is checked now (opening a PDF is quick), so a wrong
      // one is said at once instead of after the document's turn in the queue.
      const opens = async (doc: (typeof documents)[number]): Promise<boolean> => {
        const { bytes } = await documentBytes(ctx, extraction_id, doc.document_id);
        try {
          await app.pool.probe(bytes, { password, maxFileSize: app.maxFileSize, priority: true });
          return true;
        } catch (err) {
          if (err instanceof EngineError && isLocked(err)) return false;
          throw new ApiError('INVALID_PAYLOAD', `“${doc.filename}” could not be opened: ${err instanceof Error ? err.message : String(err)}`, 'document_id');
        }
      };
      if (!(await opens(asked))) throw wrongPassword(asked.filename);
      const others = whole_job ? documents.filter((d) => d.document_id !== document_id && locked(d)) : [];
      const tried = await mapLimit(others, UNLOCK_CONCURRENCY, async (d) => ((await opens(d).catch(() => false)) ? d.document_id : null));
      const opened = [document_id, ...tried.filter((id): id is string => id !== null)];
      for (const id of opened) app.runner.setPassword(id, password);
      const outcome = await app.store.call('retryFailedDocuments', { extraction_id, document_ids: opened });
      for (const id of outcome.retried) app.events.publish({ type: 'document.status', extraction_id, document_id: id, status: 'queued', error_message: null });
      const summary = (await app.store.call('jobSummary', { extraction_id }))!;
      app.events.publish({ type: 'extraction.status', extraction_id, status: summary.status });
      app.runner.notify();
      return { opened: outcome.retried, not_opened: others.length - (opened.length - 1), job: summary };
    },
    async 'documents.spatial'({ extraction_id, document_id }) {
      // Kept with the document's result since schema 13; older results, and the hosted
      // service's, are parsed again from the file (a document not in the job is not found there).
      const stored = await app.store.call('documentSpatialPages', { extraction_id, document_id });
      if (stored) return { pages: stored };
      const cacheKey = `${extraction_id}/${document_id}`;
      const cached = spatialCache.get(cacheKey);
      if (cached) return { pages: cached };
      const { bytes, mime } = await documentBytes(ctx, extraction_id, document_id);
      let pages: string[];
      if (mime === 'text/plain') pages = textPages(new TextDecoder('utf-8').decode(bytes));
      else {
        let run: ParseRun;
        try {
          run = await app.pool.parse(bytes, { target: 'spatial', chunkingStrategy: { type: 'page' } }, { maxFileSize: app.maxFileSize, priority: true });
        } catch (err) {
          throw new ApiError('INVALID_PAYLOAD', `The pages could not be read: ${err instanceof EngineError ? err.message : String(err)}`, 'document_id');
        }
        if (run.status === 'FAILED') {
          throw new ApiError('INVALID_PAYLOAD', `The pages could not be read: ${plainError(run.failureReason, run.failureMessage)}`, 'document_id');
        }
        pages = pagesOf(run);
      }
      spatialCache.set(cacheKey, pages);
      if (spatialCache.size > SPATIAL_CACHE_SIZE) spatialCache.delete(spatialCache.keys().next().value!);
      return { pages };
    },
    async 'documents.file'({ extraction_id, document_id }) {
      const { bytes, mime, filename } = await documentBytes(ctx, extraction_id, document_id);
      return { bytes, file_type: mime, filename };
    },
    async 'documents.figure'({ extraction_id, document_id, name }) {
      // The document must be the job's: its id then names its own figures folder.
      if (!(await app.store.call('documentSource', { extraction_id, document_id }))) throw noDocument(extraction_id, document_id);
      try {
        return { bytes: new Uint8Array(await readFile(path.join(app.figuresDir, document_id, name))), file_type: 'image/png', filename: name };
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return null;
        throw err;
      }
    },
    async 'results.get'({ extraction_id }) {
      const [results, job, corrections] = await Promise.all([
        app.services.extractions.results(extraction_id),
        app.store.call('jobParser', { extraction_id }),
        app.store.call('listCorrections', { extraction_id }),
      ]);
      return {
        ...results,
        documents: results.documents.map((d) => ({ ...d, error_message: plainError(null, d.error_message) })),
        parser_name: !job || job.kind === 'parse' ? null : job.parser.name,
        parser_fields: job?.parser.fields ?? [],
        corrections,
      };
    },
    async 'results.correct'({ extraction_id, document_id, path, value }) {
      const target = await correctionTarget(ctx, extraction_id, document_id, path);
      const typed = coerceValue(target.field, value);
      await app.store.call('correctField', { document_id, path: target.path, segments: target.segments, detail_key: target.detail_key, value: typed });
      return result(extraction_id, document_id);
    },
    async 'results.revert'({ extraction_id, document_id, path }) {
      const target = await correctionTarget(ctx, extraction_id, document_id, path);
      await app.store.call('revertField', { document_id, path: target.path, segments: target.segments, detail_key: target.detail_key });
      return result(extraction_id, document_id);
    },
  };
}
