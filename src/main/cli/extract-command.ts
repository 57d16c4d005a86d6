// `perfectparser extract FILE... --parser PARSER` and `perfectparser detect-fields FILE`:
// thin adapters over the headless extraction service. Exit 0 when every file was extracted,
// 1 when any failed (the output still lists them), 2 on usage errors.
import path from 'node:path';
import { PassThrough, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { writeExport, type ExportRow } from '../services/exports/index.js';
import {
  DetectFailure,
  detectFieldsInFile,
  expandInputs,
  ExtractInputError,
  extractFiles,
  fieldsFromResults,
  resolveParser,
  type FileExtraction,
} from '../services/extract-files.js';
import { count, ExtractJournal } from '../services/extract-journal.js';
import { openDataFolder } from './data-folder.js';
import { checkFileNames } from './file-names.js';
import { checkOutPath, outIsRegularFile, writeOutFile } from './out-file.js';
import { UsageError } from './usage-error.js';

export interface ExtractCliOptions {
  parser: string;
  json?: boolean;
  csv?: boolean;
  xlsx?: boolean;
  lineItems?: 'rows' | 'json';
  out?: string;
  dataDir?: string;
  password?: string;
  /** False (`--no-resume`): extract every file again, leaving out the results an earlier,
   *  stopped run kept. */
  resume?: boolean;
}

/** `detect-fields` options. */
export interface DetectCliOptions {
  name?: string;
  out?: string;
  password?: string;
}

function asRow(r: FileExtraction, i: number): ExportRow {
  const now = new Date().toISOString();
  const row: ExportRow = {
    document_id: `file_${i + 1}`,
    filename: r.filename,
    page_count: r.page_count,
    credits_used: 0,
    status: r.status,
    error_message: r.error_message,
    extracted_data: r.extracted_data,
    confidence: r.confidence,
    processing_time_ms: null,
    created_at: now,
    completed_at: now,
    path: displayPath(r.path),
  };
  return row;
}

/** A file's path as the user would type it: relative to the current folder when inside it. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

/** Writes to `--out`, or standard output without it; false when the file could not be written.
 *  Standard output is written through a pass-through stream: it never emits 'finish' (Node
 *  never ends it), so a writer that waits for its stream to finish (the XLSX one) would wait for
 *  ever; the pass-through finishes, and the pipeline hands everything to stdout. */
async function output(out: string | undefined, write: (stream: Writable) => Promise<void> | void): Promise<boolean> {
  if (out) return writeOutFile(out, write);
  const pass = new PassThrough();
  const piped = pipeline(pass, process.stdout);
  try {
    await write(pass);
    if (!pass.writableEnded) pass.end();
  } catch (err) {
    pass.destroy();
    await piped.catch(() => undefined);
    throw err;
  }
  await piped;
  return true;
}

/** The journal beside `--out` that keeps each file's result as it completes, for a rerun. */
function journalPath(out: string): string {
  return `${out}.partial.jsonl`;
}

/** Runs `extract`; resolves with the exit code. With `--out` (a file), each result is kept in a
 *  journal beside it as it completes: a run that is stopped (Ctrl-C, a kill, a power cut) is
 *  taken up by running the same command again, which extracts only the files not yet done. */
export async function extractCommand(inputs: string[], o: ExtractCliOptions): Promise<number> {
  const formats = [o.json, o.csv, o.xlsx].filter(Boolean).length;
  if (formats > 1) throw new UsageError('Choose one of --json, --csv and --xlsx.');
  if (o.lineItems && !o.csv) throw new UsageError(`--line-items shapes CSV output only (${o.xlsx ? 'an XLSX workbook has its own Line items sheet' : 'JSON keeps line items as lists'}): give --csv with it, or leave it out.`);
  if (o.xlsx && !o.out && process.stdout.isTTY) throw new UsageError('--xlsx writes a binary file: give --out PATH (or redirect the output).');
  if (o.resume === false && !o.out) throw new UsageError('--no-resume concerns a run written to a file: give --out PATH with it, or leave it out.');
  if (inputs.some((input) => input === '')) throw new UsageError('An empty file name was given: name the files or folders to extract from.');
  checkFileNames(inputs);
  checkOutPath(o.out, inputs);
  // A device or a pipe (/dev/null) as --out has no folder to keep a journal in.
  const journalFile = o.out && outIsRegularFile(o.out) ? journalPath(o.out) : undefined;
  const warn = (sentence: string) => process.stderr.write(`perfectparser: warning: ${sentence}\n`);
  let journal: ExtractJournal | undefined;
  try {
    const parser = await resolveParser(o.parser, o.dataDir, (dir) => openDataFolder(dir, { runJobs: false }));
    // A path where nothing is found fails as a document; the rest of the batch still runs.
    const missing = new Set<string>();
    const files = await expandInputs(inputs, {
      exclude: [o.out, journalFile].filter((file) => file !== undefined),
      keepMissing: true,
      onMissing: (file) => missing.add(file),
      onSkip: (skipped) => process.stderr.write(`perfectparser: skipped ${skipped.path}: ${skipped.reason}.\n`),
    });
    if (journalFile) journal = await ExtractJournal.open(journalFile, parser, { fresh: o.resume === false, warn });
    const reused = (await journal?.reusable(files)) ?? 0;
    if (reused > 0) {
      const rest = files.length - reused;
      process.stderr.write(
        rest === 0
          ? `Resuming: all ${count(files.length)} files were already extracted; writing ${o.out}.\n`
          : `Resuming: ${count(reused)} of ${count(files.length)} files ${reused === 1 ? 'was' : 'were'} already extracted; extracting the other ${count(rest)}.\n`,
      );
    }
    const progress = process.stderr.isTTY ? (done: number, total: number) => process.stderr.write(`\rExtracting ${done}/${total}…`) : undefined;
    // Only a run that keeps a journal stops on Ctrl-C, keeping what it extracted.
    const stop = journal ? { journal, ...stopOnInterrupt() } : undefined;
    let results: FileExtraction[];
    try {
      results = await extractFiles(files, parser, progress, { password: o.password, journal, signal: stop?.signal, missing });
    } catch (err) {
      if (!stop?.signal.aborted) throw err;
      await stop.journal.flush();
      if (progress) process.stderr.write('\n');
      const kept = stop.journal.kept;
      process.stderr.write(
        kept === 0
          ? `perfectparser: Stopped before any file was extracted; run the same command again to extract them and write ${o.out}.\n`
          : `perfectparser: Stopped. The ${count(kept)} ${kept === 1 ? 'file' : 'files'} extracted so far ${kept === 1 ? 'is' : 'are'} kept in ${stop.journal.file}; run the same command again to extract the rest and write ${o.out}.\n`,
      );
      return 130;
    } finally {
      stop?.release();
    }
    if (progress) process.stderr.write('\n');
    // Every result is on the disk before the output is written (and the journal goes with it).
    await journal?.flush();
    const failed = results.filter((r) => r.status === 'failed');
    for (const f of failed) process.stderr.write(`perfectparser: ${f.filename}: ${f.error_message ?? 'failed'}\n`);
    for (const r of results) {
      if (r.status === 'completed') for (const warning of r.warnings ?? []) process.stderr.write(`perfectparser: warning: ${r.filename}: ${warning}\n`);
    }
    let written: boolean;
    if (o.csv || o.xlsx) {
      const fields = parser.spec.templates ? fieldsFromResults(results) : parser.spec.fields;
      // Same-named files from different folders are told apart by a path column.
      const paths = new Set(results.map((r) => r.filename)).size < results.length;
      const header = { extraction_id: 'local', parser_id: 'local', parser_name: parser.name, fields, paths };
      const rows = async function* () {
        for (const [i, r] of results.entries()) yield asRow(r, i);
      };
      written = await output(o.out, (stream) => writeExport(o.xlsx ? 'xlsx' : 'csv', header, rows, stream, { lineItems: o.lineItems ?? 'rows' }));
    } else {
      const json = `${JSON.stringify(results.length === 1 ? { document: results[0] } : { documents: results }, null, 2)}\n`;
      written = await output(o.out, (stream) => void stream.write(json));
    }
    if (!written) {
      if (journal) process.stderr.write(`perfectparser: The results extracted are kept in ${journal.file}: once ${o.out} can be written, run the same command again to write it without extracting them again.\n`);
      return 1;
    }
    await journal?.remove();
    journal = undefined;
    return failed.length > 0 ? 1 : 0;
  } catch (err) {
    if (err instanceof ExtractInputError) throw new UsageError(err.message);
    throw err;
  } finally {
    await journal?.close();
  }
}

/** Ctrl-C (SIGINT) stops the batch through the signal (a second one ends the process at once);
 *  `release` gives the signal back to its default. */
function stopOnInterrupt(): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const onInterrupt = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  process.on('SIGINT', onInterrupt);
  return { signal: controller.signal, release: () => void process.off('SIGINT', onInterrupt) };
}

/** Runs `detect-fields`: prints a parser (PerfectParser JSON) proposed from the file's layout. */
export async function detectFieldsCommand(file: string, o: DetectCliOptions): Promise<number> {
  if (file === '') throw new UsageError('No file was given: name a sample document.');
  if (o.name !== undefined && o.name.trim() === '') throw new UsageError('--name needs a name for the parser (without it, the file name is used).');
  checkFileNames([file]);
  checkOutPath(o.out, [file]);
  try {
    const parser = await detectFieldsInFile(file, o.name, { password: o.password });
    const json = `${JSON.stringify(parser, null, 2)}\n`;
    if (!(await output(o.out, (stream) => void stream.write(json)))) return 1;
    if (parser.parser.fields.length > 0) return 0;
    process.stderr.write(`perfectparser: no fields were found in ${file}: it has no labelled values (such as "Invoice No: 123") to propose.\n`);
    return 1;
  } catch (err) {
    if (err instanceof ExtractInputError) throw new UsageError(err.message);
    if (err instanceof DetectFailure) {
      process.stderr.write(`perfectparser: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
