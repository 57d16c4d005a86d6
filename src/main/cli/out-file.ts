// `--out PATH`: checked before any work is done (its folder must exist; it must not be a folder
// itself), then written through a temporary file beside it, so a write that fails (a full disk)
// leaves no half-written file and keeps the one it would have replaced.
import { statSync } from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { writeOutputFile } from '../services/output-file.js';
import { UsageError } from './usage-error.js';

/** Throws a UsageError when `--out` cannot be written: run before parsing, not after. */
export function checkOutPath(out: string | undefined): void {
  if (out === undefined) return;
  const target = path.resolve(out);
  const folder = path.dirname(target);
  const dir = statSync(folder, { throwIfNoEntry: false });
  if (!dir) throw new UsageError(`--out ${out}: the folder ${folder} does not exist.`);
  if (!dir.isDirectory()) throw new UsageError(`--out ${out}: ${folder} is not a folder.`);
  if (statSync(target, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`--out ${out} is a folder: give the path of a file.`);
}

/** Writes the `--out` file; false (with the reason printed) when it could not be written. */
export async function writeOutFile(out: string, write: (stream: Writable) => Promise<void> | void): Promise<boolean> {
  try {
    await writeOutputFile(out, write);
    return true;
  } catch (err) {
    process.stderr.write(`perfectparser: ${err instanceof Error ? err.message : String(err)}\n`);
    return false;
  }
}
