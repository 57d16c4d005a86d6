// The parse service: reads a file (or takes uploaded bytes) and parses it in an engine worker.
// IPC handlers, REST routes and the CLI all call this; none of them parses on its own thread.
import { readFile, rm, stat } from 'node:fs/promises';
import { ApiError } from '../../shared/api/errors.js';
import type { ParseRun } from '../../shared/parse-contract.js';
import type { RenderedResult } from '../jobs/engine-pool.js';
import { renderParseInWorker, runParseInWorker, type WorkerParseOptions } from '../jobs/parse-worker-host.js';
import type { OutputFormat } from '../jobs/worker-protocol.js';
import type { ParseService } from './types.js';

export interface ParseFileOptions extends WorkerParseOptions {
  /** Largest accepted file in bytes. */
  maxFileSize?: number;
}

/** The file size limit: the caller's, else PERFECTPARSER_MAX_FILE_SIZE_MB, else the engine's. */
export function effectiveMaxFileSize(options: ParseFileOptions): number | undefined {
  if (options.maxFileSize !== undefined) return options.maxFileSize;
  const env = Number(process.env['PERFECTPARSER_MAX_FILE_SIZE_MB']);
  return Number.isFinite(env) && env > 0 ? env * 1024 * 1024 : undefined;
}

/** Parses a file on disk; a missing or unreadable file is an Error with a plain message. */
export async function parseFile(path: string, config: unknown, options: ParseFileOptions = {}): Promise<ParseRun> {
  return parseBytes(await readInput(path), config, options);
}

/** Parses a file on disk and returns the run serialised as JSON or as its text (CLI output). */
export async function parseFileRendered(
  path: string,
  config: unknown,
  format: OutputFormat,
  options: ParseFileOptions = {},
): Promise<RenderedResult> {
  return renderParseInWorker(await readInput(path), config, format, { ...options, maxFileSize: effectiveMaxFileSize(options) });
}

async function readInput(path: string): Promise<Uint8Array> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new Error(`File not found: ${path}`);
  }
  if (!info.isFile()) throw new Error(`Not a file: ${path}`);
  try {
    return new Uint8Array(await readFile(path));
  } catch (err) {
    throw new Error(`The file could not be read: ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** Parses bytes already in memory (uploads). */
export function parseBytes(bytes: Uint8Array, config: unknown, options: ParseFileOptions = {}): Promise<ParseRun> {
  return runParseInWorker(bytes, config, { ...options, maxFileSize: effectiveMaxFileSize(options) });
}

/** The parse service for transports: uploads are read and removed, local paths read in place. */
export function createParseService(): ParseService {
  return {
    async parse(input) {
      const file = input.file;
      const filePath = file.kind === 'local' ? file.path : file.tempPath;
      try {
        return await renderParseInWorker(await readInput(filePath), input.config, 'json', { maxFileSize: effectiveMaxFileSize({}) });
      } catch (err) {
        if (err instanceof ApiError) throw err;
        throw new ApiError('INVALID_PAYLOAD', (err as Error).message, file.kind === 'local' ? 'path' : 'file');
      } finally {
        if (file.kind === 'upload') await rm(file.tempPath, { force: true });
      }
    },
  };
}
