// `--out PATH`: checked before any work is done (its folder must exist; it must not be a folder
// itself, nor one of the files being read), then written through a temporary file beside it, so
// a write that fails (a full disk) leaves no half-written file and keeps the one it would have
// replaced.
import { statSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { partialPath, writeOutputFile } from '../services/output-file.js';
import { UsageError } from './usage-error.js';

/** Throws a UsageError when `--out` cannot be written, or would overwrite one of the `inputs`
 *  (files read by the command; links followed): run before parsing, not after. */
export function checkOutPath(out: string | undefined, inputs: readonly string[] = []): void {
  if (out === undefined) return;
  if (out === '') throw new UsageError('--out needs the path of a file.');
  const target = path.resolve(out);
  const folder = path.dirname(target);
  // The output is written through a temporary file beside it (partialPath), whose name is 18
  // characters longer.
  if (nameTooLong(partialPath(target, '00000000'))) {
    throw new UsageError(`--out ${out}: the file name is too long for this disk; choose a shorter one.`);
  }
  const dir = statSync(folder, { throwIfNoEntry: false });
  if (!dir) throw new UsageError(`--out ${out}: the folder ${folder} does not exist.`);
  if (!dir.isDirectory()) throw new UsageError(`--out ${out}: ${folder} is not a folder.`);
  const existing = statSync(target, { throwIfNoEntry: false });
  if (existing?.isDirectory()) throw new UsageError(`--out ${out} is a folder: give the path of a file.`);
  if (existing?.isFile() && inputs.some((input) => sameFile(existing, statSync(input, { throwIfNoEntry: false })))) {
    throw new UsageError(`--out ${out} is the file being read: writing there would replace it. Choose another name.`);
  }
}

/** Whether `--out` is a regular file or a new one (not a device or pipe such as /dev/null). */
export function outIsRegularFile(out: string): boolean {
  const existing = statSync(path.resolve(out), { throwIfNoEntry: false });
  return existing === undefined || existing.isFile();
}

/** Whether the disk refuses `file`'s name (or a folder's on its path) as too long. */
export function nameTooLong(file: string): boolean {
  try {
    statSync(file, { throwIfNoEntry: false });
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENAMETOOLONG';
  }
}

function sameFile(a: Stats, b: Stats | undefined): boolean {
  return b !== undefined && b.isFile() && a.dev === b.dev && a.ino === b.ino;
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
