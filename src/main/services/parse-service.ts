// The parse service: reads a file (or takes uploaded bytes) and parses it in an engine worker.
// IPC handlers, REST routes and the CLI all call this; none of them parses on its own thread.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path, { resolve } from 'node:path';
import { ApiError } from '../../shared/api/errors.js';
import type { ParseRun } from '../../shared/parse-contract.js';
import type { RenderedResult } from '../jobs/engine-pool.js';
import { failedRun, renderedFailure, renderParseInWorker, runParseInWorker, type WorkerParseOptions } from '../jobs/parse-worker-host.js';
import { EngineError, fileTooLarge } from '../engine/errors.js';
import { figurePlaceholder } from '../engine/figures/blocks.js';
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
 *  written to a scratch folder as for the command line (beside the upload, else in the OS temp
 *  folder), then carried in the run itself as `details.imageUrl` data URLs (withFigureUrls),
 *  and the folder is removed. */
export function createParseService(options: { maxFigureUrlBytes?: number } = {}): ParseService {
  return {
    async parse(input) {
      const file = input.file;
      const filePath = file.kind === 'local' ? file.path : file.tempPath;
      let figuresDir: string | undefined;
      try {
        figuresDir = await mkdtemp(path.join(file.kind === 'local' ? tmpdir() : path.dirname(file.tempPath), 'perfectparser-figures-'));
        const href = `figures-${randomUUID()}`;
        let result: RenderedResult;
        try {
          result = await parseFileRendered(filePath, input.config, 'json', { figures: { dir: figuresDir, href } });
        } catch (err) {
          // A file that is not there or cannot be read (a failure of the run itself is a FAILED run).
          if (err instanceof ApiError) throw err;
          throw new ApiError('INVALID_PAYLOAD', (err as Error).message, file.kind === 'local' ? 'path' : 'file');
        }
        return await withFigureUrls(result, figuresDir, href, options.maxFigureUrlBytes);
      } finally {
        if (figuresDir) await rm(figuresDir, { recursive: true, force: true });
        if (file.kind === 'upload') await rm(file.tempPath, { force: true });
      }
    },
  };
}

/** The most bytes of figure pictures one answer carries (as base64, a third more): past them,
 *  the rest of the document's figures say so in `imageError` instead. */
const MAX_FIGURE_URL_BYTES = 20 * 1024 * 1024;

/** A picture the engine's figure sink wrote: page-3-figure-2.png. */
const FIGURE_FILE = /^page-(\d+)-figure-(\d+)\.png$/;

/** Turns the pictures a run wrote into `dir` into data URLs inside the run: each figure's
 *  `"imagePath":"<dir>/page-N-figure-M.png"` becomes `"imageUrl":"data:image/png;base64,…"`,
 *  and its markdown link (`![chart](<href>/page-N-figure-M.png)`) the placeholder a run with no
 *  picture files shows, as the file it named is gone. Pictures are taken in page order up to
 *  `maxBytes`. The serialised run is rewritten as bytes read one to one as characters (latin1):
 *  only ASCII is matched and replaced, so any other UTF-8 passes through untouched, and the run
 *  is never rebuilt as objects. */
async function withFigureUrls(result: RenderedResult, dir: string, href: string, maxBytes = MAX_FIGURE_URL_BYTES): Promise<RenderedResult> {
  const names = (await readdir(dir)).filter((name) => FIGURE_FILE.test(name)).sort(byPageAndFigure);
  if (names.length === 0) return result;
  const urls = new Map<string, string>();
  let total = 0;
  for (const name of names) {
    const file = path.join(dir, name);
    const size = (await stat(file)).size;
    if (total + size > maxBytes) break;
    total += size;
    urls.set(name, `data:image/png;base64,${(await readFile(file)).toString('base64')}`);
  }
  const leftOut = asLatin1(
    JSON.stringify(
      `The picture was left out: the figures before it fill this answer's ${Math.round(maxBytes / 1024 / 1024)} MB of pictures. Ask for fewer pages at a time (advancedOptions.pageRanges) to get it.`,
    ),
  );
  const name = '(page-\\d+-figure-\\d+\\.png)';
  const filePrefix = asLatin1(JSON.stringify(dir + path.sep).slice(1, -1));
  const pattern = new RegExp(`"imagePath":"${escapeRegExp(filePrefix)}${name}"|!\\[([a-z]+)\\]\\(${escapeRegExp(href)}/${name}\\)`, 'g');
  const { output } = result;
  const text = Buffer.from(output.buffer, output.byteOffset, output.byteLength).toString('latin1');
  const rewritten = text.replace(pattern, (_match, pathName: string | undefined, type: string | undefined) => {
    if (pathName === undefined) return figurePlaceholder(type ?? 'figure');
    const url = urls.get(pathName);
    return url ? `"imageUrl":"${url}"` : `"imageError":${leftOut}`;
  });
  return { ...result, output: new Uint8Array(Buffer.from(rewritten, 'latin1')) };
}

function byPageAndFigure(a: string, b: string): number {
  const [, pa = 0, fa = 0] = FIGURE_FILE.exec(a) ?? [];
  const [, pb = 0, fb = 0] = FIGURE_FILE.exec(b) ?? [];
  return Number(pa) - Number(pb) || Number(fa) - Number(fb);
}

/** A string's UTF-8 bytes, one character each (to match inside a run read as latin1). */
function asLatin1(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
