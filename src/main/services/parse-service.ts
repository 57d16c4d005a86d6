// The parse service: reads a file (or takes uploaded bytes) and parses it in an engine worker.
// IPC handlers, REST routes and the CLI all call this; none of them parses on its own thread.
import { readFile, stat } from 'node:fs/promises';
import type { ParseRun } from '../../shared/parse-contract.js';
import { runParseInWorker, type WorkerParseOptions } from '../jobs/parse-worker-host.js';

export interface ParseFileOptions extends WorkerParseOptions {
  /** Largest accepted file in bytes. */
  maxFileSize?: number;
}

/** Parses a file on disk; a missing or unreadable file is an Error with a plain message. */
export async function parseFile(path: string, config: unknown, options: ParseFileOptions = {}): Promise<ParseRun> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new Error(`File not found: ${path}`);
  }
  if (!info.isFile()) throw new Error(`Not a file: ${path}`);
  const bytes = new Uint8Array(await readFile(path));
  return parseBytes(bytes, config, options);
}

/** Parses bytes already in memory (uploads). */
export function parseBytes(bytes: Uint8Array, config: unknown, options: ParseFileOptions = {}): Promise<ParseRun> {
  return runParseInWorker(bytes, config, options);
}
