// Writes an export to the file the user chose: streamed (never built as one string) into a
// temporary file beside it, renamed into place only when complete, so a failure never leaves a
// half-written file or destroys the one it would have replaced. Disk errors become sentences.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import type { ExportTarget } from '../services/types.js';

/** Streams `target` into `destination`; rejects with an Error whose message is a sentence. */
export async function writeExportFile(target: ExportTarget, destination: string): Promise<void> {
  const partial = path.join(path.dirname(destination), `.${path.basename(destination)}.${randomBytes(4).toString('hex')}.partial`);
  const file = createWriteStream(partial, { flags: 'wx' });
  const done = finished(file);
  // The write may fail first; the stream's own failure is then read below, never left unhandled.
  done.catch(() => undefined);
  try {
    await target.write(file);
    if (!file.writableEnded) file.end();
    await done;
    await rename(partial, destination);
  } catch (err) {
    file.destroy();
    await done.catch(() => undefined); // closed before it is removed (Windows keeps open files)
    await rm(partial, { force: true }).catch(() => undefined);
    throw isFsError(err) ? new Error(diskSentence(err, destination)) : err;
  }
}

function isFsError(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string' && (err as NodeJS.ErrnoException).syscall !== undefined;
}

/** A write failure as the user should read it. */
export function diskSentence(err: NodeJS.ErrnoException, destination: string): string {
  const name = path.basename(destination);
  const folder = path.dirname(destination);
  switch (err.code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return `There is not enough space on the disk to save ${name}; free some space and export again.`;
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
