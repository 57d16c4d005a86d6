// The parse service: reads a file (or takes uploaded bytes) and parses it in an engine worker.
// IPC handlers, REST routes and the CLI all call this; none of them parses on its own thread.
import { readFile, stat } from 'node:fs/promises';
import type { ParseRun } from '../../shared/parse-contract.js';
import type { RenderedResult } from '../jobs/engine-pool.js';
import { renderParseInWorker, runParseInWorker, type WorkerParseOptions } from '../jobs/parse-worker-host.js';
import type { OutputFormat } from '../jobs/worker-protocol.js';

export interface ParseFileOptions extends WorkerParseOptions {
  /** Largest accepted file in bytes. */
  maxFileSize?: number;
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
  return renderParseInWorker(await readInput(path), config, format, options);
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
  return runParseInWorker(bytes, config, options);
}
