// The parse service: reads a file (or takes uploaded bytes) and parses it in an engine worker.
// IPC handlers, REST routes and the CLI all call this; none of them parses on its own thread.
import { readFile, rm, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ApiError } from '../../shared/api/errors.js';
import type { ParseRun } from '../../shared/parse-contract.js';
import type { RenderedResult } from '../jobs/engine-pool.js';
import { failedRun, renderedFailure, renderParseInWorker, runParseInWorker, type WorkerParseOptions } from '../jobs/parse-worker-host.js';
import { EngineError, fileTooLarge } from '../engine/errors.js';
import { fileIdFor } from '../engine/ids.js';
import type { OutputFormat } from '../jobs/worker-protocol.js';
import { configuredMaxFileSize } from './limits.js';
import type { ParseService } from './types.js';

export interface ParseFileOptions extends WorkerParseOptions {
  /** Largest accepted file in bytes. */
  maxFileSize?: number;
}

/** The file size limit: the caller's, else PERFECTPARSER_MAX_FILE_SIZE_MB, else the engine's. */
function effectiveMaxFileSize(options: ParseFileOptions): number {
  return options.maxFileSize ?? configuredMaxFileSize();
}

/** Parses a file on disk; a missing or unreadable file is an Error with a plain message. */
export async function parseFile(path: string, config: unknown, options: ParseFileOptions = {}): Promise<ParseRun> {
  const maxFileSize = effectiveMaxFileSize(options);
  const input = await readInput(path, maxFileSize);
  if (input instanceof EngineError) return failedRun(fileIdForLarge(path), config, input);
  return parseBytes(input, config, { ...options, maxFileSize });
}

/** Parses a file on disk and returns the run serialised as JSON or as its text (CLI output). */
export async function parseFileRendered(
  path: string,
  config: unknown,
  format: OutputFormat,
  options: ParseFileOptions = {},
): Promise<RenderedResult> {
  const maxFileSize = effectiveMaxFileSize(options);
  const input = await readInput(path, maxFileSize);
  if (input instanceof EngineError) return renderedFailure(fileIdForLarge(path), config, input, format);
  return renderParseInWorker(input, config, format, { ...options, maxFileSize });
}

/** A file's bytes, or the failure of a file above `maxFileSize` (known from its size on disk,
 *  without reading it: a file of gigabytes is never loaded to be refused). */
async function readInput(path: string, maxFileSize: number): Promise<Uint8Array | EngineError> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new Error(`File not found: ${path}`);
  }
  if (!info.isFile()) throw new Error(`Not a file: ${path}`);
  if (info.size > maxFileSize) return fileTooLarge(info.size, maxFileSize);
  try {
    return new Uint8Array(await readFile(path));
  } catch (err) {
    throw new Error(`The file could not be read: ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** The id of a file refused unread: from its path (its content was never read to hash). */
function fileIdForLarge(path: string): string {
  return fileIdFor(new TextEncoder().encode(resolve(path)));
}

/** Parses bytes already in memory (uploads). */
export function parseBytes(bytes: Uint8Array, config: unknown, options: ParseFileOptions = {}): Promise<ParseRun> {
  return runParseInWorker(bytes, config, { ...options, maxFileSize: effectiveMaxFileSize(options) });
}

/** The parse service for transports: uploads are read and removed, local paths read in place.
 *  The run comes back self-contained: figures' pictures (with figureImageClippingEnabled) are
 *  carried in the run itself as `details.imageUrl` data URLs, up to `maxFigureUrlBytes` of
 *  pictures in page order (the rest say why in `imageError`). */
export function createParseService(options: { maxFigureUrlBytes?: number } = {}): ParseService {
  const figures = { dataUrls: { maxBytes: options.maxFigureUrlBytes ?? MAX_FIGURE_URL_BYTES } };
  return {
    async parse(input) {
      const file = input.file;
      try {
        return await parseFileRendered(file.kind === 'local' ? file.path : file.tempPath, input.config, 'json', { figures });
      } catch (err) {
        // A file that is not there or cannot be read (a failure of the run itself is a FAILED run).
        if (err instanceof ApiError) throw err;
        throw new ApiError('INVALID_PAYLOAD', (err as Error).message, file.kind === 'local' ? 'path' : 'file');
      } finally {
        if (file.kind === 'upload') await rm(file.tempPath, { force: true });
      }
    },
  };
}

/** The most bytes of figure pictures one answer carries (as base64, a third more). */
const MAX_FIGURE_URL_BYTES = 20 * 1024 * 1024;
