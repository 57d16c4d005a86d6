// `perfectparser parse FILE …`: parses one file and prints markdown, spatial text or the
// whole parser_run as JSON. Exit 0 when PROCESSED, 1 when FAILED.
import { statSync } from 'node:fs';
import path from 'node:path';
import type { FigureFiles } from '../jobs/worker-protocol.js';
import type { ParseConfigInput } from '../../shared/parse-contract.js';
import type { RenderedResult } from '../jobs/engine-pool.js';
import { parseFileRendered } from '../services/parse-service.js';
import { diskSentence, isFsError, partialPath } from '../services/output-file.js';
import { checkFileNames } from './file-names.js';
import { checkOutPath, nameTooLong, outIsRegularFile, writeOutFile } from './out-file.js';
import { stageFolder, type StagedFolder } from './staged-folder.js';
import { UsageError } from './usage-error.js';

export interface ParseCliOptions {
  target?: string;
  chunking?: string;
  minChars?: number;
  maxChars?: number;
  tables?: string;
  figures?: boolean;
  figuresDir?: string;
  figureImages?: boolean;
  keepFurniture?: boolean;
  password?: string;
  ocr?: string;
  ocrLang?: string;
  pages?: string;
  maxFileSize?: number;
  json?: boolean;
  out?: string;
}

/** Parses "1-3,5" into page ranges. */
export function parsePageRanges(spec: string): Array<{ start: number; end: number }> {
  return spec.split(',').map((part) => {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!m) throw new UsageError(`Invalid page range "${part.trim()}": use forms like 1-3,5.`);
    const start = Number(m[1]);
    const end = m[2] ? Number(m[2]) : start;
    if (start < 1 || end < start) throw new UsageError(`Invalid page range "${part.trim()}".`);
    return { start, end };
  });
}

/** Builds the parse config from command-line options; options that contradict each other are
 *  usage errors. */
export function configFromOptions(o: ParseCliOptions): ParseConfigInput {
  if (o.minChars !== undefined && o.maxChars !== undefined && o.minChars > o.maxChars) {
    throw new UsageError(`--min-chars ${o.minChars} is more than --max-chars ${o.maxChars}: chunks cannot be both.`);
  }
  if (o.target === 'spatial' && o.chunking === 'section') {
    throw new UsageError('--chunking section splits the markdown at its headings, which --target spatial does not make: give --chunking page or document with it.');
  }
  if (o.figuresDir !== undefined && (o.figures === false || o.figureImages === false)) {
    throw new UsageError(`--figures-dir saves figures' pictures, which ${o.figures === false ? '--no-figures' : '--no-figure-images'} turns off: give one or the other.`);
  }
  const config: ParseConfigInput = {};
  if (o.target) config.target = o.target as 'markdown' | 'spatial';
  if (o.chunking || o.minChars !== undefined || o.maxChars !== undefined) {
    config.chunkingStrategy = {
      type: (o.chunking ?? 'page') as 'page' | 'document' | 'section',
      ...(o.minChars !== undefined ? { minCharacters: o.minChars } : {}),
      ...(o.maxChars !== undefined ? { maxCharacters: o.maxChars } : {}),
    };
  }
  if (o.tables || o.figures === false || o.figureImages === false || o.keepFurniture) {
    config.blockOptions = {
      ...(o.tables ? { tables: { targetFormat: o.tables as 'markdown' | 'html' } } : {}),
      ...(o.figures === false ? { figures: { enabled: false } } : o.figureImages === false ? { figures: { figureImageClippingEnabled: false } } : {}),
      ...(o.keepFurniture ? { furniture: { inMarkdown: true } } : {}),
    };
  }
  const advanced: NonNullable<ParseConfigInput['advancedOptions']> = {};
  if (o.password !== undefined) advanced.password = o.password;
  if (o.ocr) advanced.ocr = o.ocr as 'auto' | 'force' | 'off';
  if (o.ocrLang) advanced.ocrLanguages = o.ocrLang.split('+').filter((l) => l.length > 0);
  if (o.pages) advanced.pageRanges = parsePageRanges(o.pages);
  if (Object.keys(advanced).length > 0) config.advancedOptions = advanced;
  return config;
}

/** Where figures' pictures go: `--figures-dir`, else a `NAME_figures` folder beside an `--out`
 *  file (linked relatively from the markdown, so the two move together); printed output, or
 *  output to a device or pipe (/dev/null), writes no pictures unless `--figures-dir` asks. */
export function figureOutput(o: ParseCliOptions): FigureFiles | undefined {
  if (o.figures === false || o.figureImages === false) return undefined;
  const out = o.out !== undefined && outIsRegularFile(o.out) ? o.out : undefined;
  const from = out ? path.dirname(path.resolve(out)) : undefined;
  const dir = o.figuresDir ? path.resolve(o.figuresDir) : out ? path.join(from!, `${path.parse(out).name}_figures`) : undefined;
  if (!dir) return undefined;
  // Linked from the output's folder when there is one; by absolute path when printed.
  const href = from ? path.relative(from, dir).split(path.sep).join('/') || '.' : dir;
  return { dir, href };
}

/** Throws a UsageError when `--figures-dir` names something that is not a folder. */
function checkFiguresDir(dir: string | undefined): void {
  if (dir === undefined) return;
  if (dir === '') throw new UsageError('--figures-dir needs the path of a folder.');
  let existing;
  try {
    existing = statSync(path.resolve(dir), { throwIfNoEntry: false });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENAMETOOLONG') throw new UsageError(`--figures-dir ${dir}: the name is too long for this disk; choose a shorter one.`);
    throw err;
  }
  if (existing && !existing.isDirectory()) throw new UsageError(`--figures-dir ${dir} is a file, not a folder: give a folder (it is made when missing).`);
}

function writeStdout(parts: Array<Uint8Array | string>): Promise<void> {
  return new Promise((resolve, reject) => {
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      process.stdout.write(part, (err) => {
        if (err) reject(err);
        else if (last) resolve();
      });
    });
  });
}

/** Runs the parse command; returns the process exit code. */
export async function parseCommand(file: string, o: ParseCliOptions): Promise<number> {
  if (file === '') throw new UsageError('No file was given: name the document to parse.');
  checkFileNames([file]);
  const config = configFromOptions(o);
  checkOutPath(o.out, [file]);
  checkFiguresDir(o.figuresDir);
  const figures = figureOutput(o);
  // The NAME_figures folder beside --out is the run's own: staged, and swapped in with the output.
  const staged = figures && o.figuresDir === undefined ? stageFiguresFolder(figures.dir) : undefined;
  if (!figures || !staged) return (await parseAndWrite(file, config, o, figures, undefined)).code;
  let run: { code: number; replaced: boolean } | undefined;
  try {
    run = await parseAndWrite(file, config, o, figures, staged.dir);
  } finally {
    // A run that failed, or whose file could not be written, leaves the earlier output in place:
    // and the pictures it links.
    if (!run?.replaced) staged.discard();
  }
  if (!run.replaced) return run.code;
  try {
    await staged.commit();
  } catch (err) {
    const reason = isFsError(err) ? diskSentence(err, figures.dir) : err instanceof Error ? err.message : String(err);
    process.stderr.write(`perfectparser: The figures' pictures could not be put in ${figures.dir}: ${reason}\n`);
    return 1;
  }
  return run.code;
}

/** Stages the figures folder beside `--out`, refusing one that is a file (before parsing). */
function stageFiguresFolder(dir: string): StagedFolder {
  // Staged as `.NAME_figures.xxxxxxxx.partial` beside it.
  if (nameTooLong(partialPath(dir, '00000000'))) {
    throw new UsageError(`${dir}: the name of this folder for the figures' pictures is too long for this disk; choose a shorter --out name, or give --figures-dir or --no-figure-images.`);
  }
  const existing = statSync(dir, { throwIfNoEntry: false });
  if (existing && !existing.isDirectory()) {
    throw new UsageError(`${dir} is a file, where this run puts its figures' pictures: move it, or give --figures-dir or --no-figure-images.`);
  }
  return stageFolder(dir);
}

/** Parses and prints or writes the output (a failed run's too with --json): the exit code, and
 *  whether the `--out` file was replaced. Pictures written to `stagedDir` instead of the figures
 *  folder are named in the JSON under the folder they are moved to. */
async function parseAndWrite(
  file: string,
  config: ParseConfigInput,
  o: ParseCliOptions,
  figures: FigureFiles | undefined,
  stagedDir: string | undefined,
): Promise<{ code: number; replaced: boolean }> {
  const progress = process.stderr.isTTY && !o.json;
  let result: RenderedResult;
  try {
    // JSON is indented for a person at a terminal, compact when written to a file or a pipe.
    const pretty = o.out === undefined && process.stdout.isTTY === true;
    result = await parseFileRendered(file, config, o.json ? (pretty ? 'json-pretty' : 'json') : 'text', {
      ...(o.maxFileSize !== undefined ? { maxFileSize: o.maxFileSize * 1024 * 1024 } : {}),
      figures: figures && stagedDir ? { ...figures, dir: stagedDir, pathDir: figures.dir } : figures,
      onProgress: progress ? (done, total) => process.stderr.write(`\rParsing page ${done} of ${total}…`) : undefined,
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (progress) process.stderr.write('\r\x1b[K');
  const { summary } = result;
  let replaced = false;
  if (o.json || summary.status === 'PROCESSED') {
    const { output } = result;
    if (!o.out) await writeStdout([output, '\n']);
    else {
      replaced = await writeOutFile(o.out, (out) => {
        out.write(output);
        out.end('\n');
      });
      if (!replaced) return { code: 1, replaced };
    }
  }
  if (summary.status === 'FAILED') {
    if (!o.json || o.out) process.stderr.write(`Could not parse ${file}: ${summary.failureMessage} (${summary.failureReason})\n`);
    return { code: 1, replaced };
  }
  for (const warning of summary.warnings ?? []) process.stderr.write(`perfectparser: warning: ${file}: ${warning}\n`);
  return { code: 0, replaced };
}
