// Writes an output file the user named (an export saved from the app, the command line's
// `--out`): streamed (never built as one string) into a temporary file beside it, renamed into
// place only when complete, so a failure never leaves a half-written file or destroys the one
// it would have replaced. A destination that exists and is not a regular file (/dev/null, a
// named pipe) is written to directly: it is never replaced. A symbolic link is written through:
// the file it points to is replaced, the link stays. A file replaced keeps its permissions.
// Disk errors become sentences.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, lstat, readlink, realpath, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';

/** Where a file or folder being written is kept until it is complete: beside `target`, hidden,
 *  tagged (eight hex digits, random unless given) so two writers never share one. */
export function partialPath(target: string, tag = randomBytes(4).toString('hex')): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${tag}.partial`);
}

/** Streams what `write` writes into `destination`; rejects with an Error whose message is a
 *  sentence. `write` may end the stream itself or leave it to this. */
export async function writeOutputFile(named: string, write: (out: Writable) => Promise<void> | void): Promise<void> {
  const destination = await linkTarget(named);
  const existing = await stat(destination).catch(() => undefined);
  const direct = existing !== undefined && !existing.isFile();
  const partial = direct ? destination : partialPath(destination);
  // A file replaced keeps its permissions (one kept private stays private).
  const file = createWriteStream(partial, { flags: direct ? 'w' : 'wx', ...(existing?.isFile() ? { mode: existing.mode & 0o777 } : {}) });
  const done = finished(file);
  // The write may fail first; the stream's own failure is then read below, never left unhandled.
  done.catch(() => undefined);
  try {
    await write(file);
    if (!file.writableEnded) file.end();
    await done;
    if (!direct) {
      // The mode given at creation is narrowed by the umask; the replaced file's is restored.
      if (existing?.isFile()) await chmod(partial, existing.mode & 0o777);
      await rename(partial, destination);
    }
  } catch (err) {
    file.destroy();
    await done.catch(() => undefined); // closed before it is removed (Windows keeps open files)
    if (!direct) await rm(partial, { force: true }).catch(() => undefined);
    throw isFsError(err) ? new Error(diskSentence(err, named)) : err;
  }
}

/** The file a symbolic link points to (followed all the way; a link to a file not yet there is
 *  followed one step, as a shell's `>` would create it), or the path itself when it is no link. */
async function linkTarget(destination: string): Promise<string> {
  const own = await lstat(destination).catch(() => undefined);
  if (!own?.isSymbolicLink()) return destination;
  const real = await realpath(destination).catch(() => undefined);
  if (real !== undefined) return real;
  const target = await readlink(destination).catch(() => undefined);
  return target === undefined ? destination : path.resolve(path.dirname(destination), target);
}

/** An error the file system raised (with its code and the call that failed). */
export function isFsError(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string' && (err as NodeJS.ErrnoException).syscall !== undefined;
}

/** A write failure as the user should read it. */
export function diskSentence(err: NodeJS.ErrnoException, destination: string): string {
  const name = path.basename(destination);
  const folder = path.dirname(destination);
  switch (err.code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return `There is not enough space on the disk to save ${name}; free some space and try again.`;
    case 'EACCES':
    case 'EROFS':
      return `PerfectParser is not allowed to write in ${folder}; choose another folder.`;
    case 'ENOENT':
    case 'ENOTDIR':
      return `The folder ${folder} no longer exists; choose another one.`;
    case 'EBUSY':
    case 'EPERM':
      return `${name} could not be replaced: it may be open in another program (close it there), or the folder may be read-only.`;
    default:
      return `${name} could not be saved (${err.code ?? 'unknown error'}); try another folder.`;
  }
}
