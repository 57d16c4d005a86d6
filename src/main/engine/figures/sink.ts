// Where clipped figures go: a folder next to the run's output (CLI) or in the app's data
// folder (desktop, serve). Each picture is written whole (a temporary file renamed), so a full
// disk or a killed process never leaves half a PNG behind.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface FigureSink {
  /** Stores a figure's PNG; returns its path on disk and the link the markdown uses. */
  write(name: string, png: Uint8Array): Promise<{ path: string; href: string }>;
}

/** A sink writing into `dir` (created on the first figure); markdown links are `hrefBase/name`
 *  (by default the folder's absolute path). */
export function directoryFigureSink(dir: string, hrefBase?: string): FigureSink {
  const absolute = path.resolve(dir);
  const base = hrefBase ?? absolute;
  let made: Promise<unknown> | undefined;
  return {
    async write(name, png) {
      if (name !== path.basename(name) || name.startsWith('.')) throw new Error(`invalid figure file name: ${name}`);
      made ??= mkdir(absolute, { recursive: true });
      await made;
      const file = path.join(absolute, name);
      const tmp = `${file}.${process.pid}.tmp`;
      try {
        await writeFile(tmp, png);
        await rename(tmp, file);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
      return { path: file, href: `${base.replace(/\\/g, '/').replace(/\/$/, '')}/${encodeURI(name)}` };
    },
  };
}

/** A sentence for a figure that could not be written. */
export function figureWriteError(err: unknown): string {
  const code = (err as { code?: string }).code;
  if (code === 'ENOSPC') return 'The figure could not be saved: the disk is full.';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'The figure could not be saved: the figures folder is not writable.';
  return `The figure could not be saved: ${(err as Error).message ?? String(err)}.`;
}
