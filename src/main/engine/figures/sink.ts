// Where clipped figures go: a folder next to the run's output (CLI) or in the app's data
// folder (desktop, serve), or into the run itself as data URLs (the /parse answer, which has no
// folder of its own). Each picture is written whole (a temporary file renamed), so a full disk
// or a killed process never leaves half a PNG behind.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** What became of a figure's picture. */
export type StoredFigure =
  /** A PNG file: its path (the block's `imagePath`) and the link the markdown uses. */
  | { path: string; href: string }
  /** Carried in the run as a data URL (`imageUrl`); the markdown names no file. */
  | { url: string }
  /** Not kept, with the sentence saying why (`imageError`). */
  | { leftOut: string };

export interface FigureSink {
  /** Stores a figure's PNG (figures arrive in page order). */
  write(name: string, png: Uint8Array): Promise<StoredFigure>;
  /** Why it keeps no more pictures, once it is full (none are made for it then). */
  full?(): string | undefined;
}

/** A sink writing into `dir` (created on the first figure); markdown links are `hrefBase/name`
 *  (by default the folder's absolute path). Paths are given under `pathDir` (by default `dir`):
 *  the folder the pictures are moved to when `dir` is only where they are staged. */
export function directoryFigureSink(dir: string, hrefBase?: string, pathDir?: string): FigureSink {
  const absolute = path.resolve(dir);
  const shown = pathDir === undefined ? absolute : path.resolve(pathDir);
  const base = hrefBase ?? shown;
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
      return { path: path.join(shown, name), href: `${base.replace(/\\/g, '/').replace(/\/$/, '')}/${encodeURI(name)}` };
    },
  };
}

/** A sink carrying each picture in the run as a data URL, up to `maxBytes` of pictures in page
 *  order; past them, the rest of the document's figures say so instead. */
export function dataUrlFigureSink(maxBytes: number): FigureSink {
  let total = 0;
  let full = false;
  const leftOut = `The picture was left out: the figures before it fill this answer's ${Math.round(maxBytes / 1024 / 1024)} MB of pictures. Ask for fewer pages at a time (advancedOptions.pageRanges) to get it.`;
  return {
    async write(_name, png) {
      full ||= total + png.length > maxBytes;
      if (full) return { leftOut };
      total += png.length;
      return { url: `data:image/png;base64,${Buffer.from(png.buffer, png.byteOffset, png.byteLength).toString('base64')}` };
    },
    full: () => (full ? leftOut : undefined),
  };
}

/** Why a figure's picture could not be made or written, as the end of a sentence. */
export function figureWriteProblem(err: unknown): string {
  const code = (err as { code?: string }).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'the disk is full';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'the figures folder is not writable';
  return (err as Error).message ?? String(err);
}
