// Headless extraction of files on disk (the CLI's `extract` and `detect-fields`): a parser from
// a PerfectParser JSON file, the local store, or invoice2data templates; files and folders in;
// one result per file, processed in the engine pool.
import { existsSync, statSync, type Stats } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { fieldListSchema, fieldsToJsonSchema, RESULT_MODES, type FieldDefinition, type ResultMode } from '../../shared/api/parsers.js';
import type { FieldDetail } from '../../shared/api/extractions.js';
import { loadTemplate, loadTemplates, TemplateError, type Invoice2DataTemplate } from '../engine/extract/invoice2data/index.js';
import type { ExtractionSpec } from '../engine/extract/index.js';
import { enginePool } from '../jobs/parse-worker-host.js';
import { detectFileType } from '../engine/detect.js';
import { EngineError, fileTooLarge } from '../engine/errors.js';
import { isRetryable, type FailureReason } from '../../shared/parse-values.js';
import { storeFile } from '../store/db.js';
import type { App } from './app.js';
import { resolveDataDir } from './data-dir.js';
import type { ExtractJournal } from './extract-journal.js';
import { configuredMaxFileSize } from './limits.js';
import { readHead, SUPPORTED_KINDS } from './rpc/file-facts.js';
import { hasUndecodableName, UNDECODABLE_NAME_REASON } from './file-names.js';

/** A parser ready to run: its name, fields and, for invoice2data, its templates. */
export interface ResolvedParser {
  name: string;
  spec: ExtractionSpec;
}

/** What extracting one file gave. */
export interface FileExtraction {
  filename: string;
  path: string;
  status: 'completed' | 'failed';
  error_message: string | null;
  page_count: number;
  template?: string | null | undefined;
  extracted_data: unknown;
  confidence: number | null;
  fields: Record<string, FieldDetail>;
  /** What a damaged file's result leaves out (the parse run's warnings); absent when nothing is. */
  warnings?: string[];
}

/** A user-facing problem with the parser or the files (exit code 2 in the CLI). */
export class ExtractInputError extends Error {}

function parserFromJson(json: unknown, source: string): ResolvedParser | null {
  const body = (json as { parser?: unknown }).parser ?? json;
  if (!body || typeof body !== 'object' || !('fields' in body)) return null;
  const b = body as { name?: unknown; fields: unknown; result_mode?: unknown };
  const fields = fieldListSchema.safeParse(b.fields);
  if (!fields.success) {
    const issue = fields.error.issues[0];
    throw new ExtractInputError(`${source}: fields.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  const mode = RESULT_MODES.includes(b.result_mode as ResultMode) ? (b.result_mode as ResultMode) : 'one_per_file';
  return { name: typeof b.name === 'string' ? b.name : path.basename(source), spec: { fields: fields.data, result_mode: mode } };
}

function templatesParser(templates: Invoice2DataTemplate[], source: string): ResolvedParser {
  if (templates.length === 0) throw new ExtractInputError(`${source}: no invoice2data templates (.yml, .yaml, .json) found.`);
  return { name: path.basename(source), spec: { fields: [], result_mode: 'one_per_file', templates } };
}

/** What is wrong with a template file, without its name (which its message starts with) and on
 *  one line (a YAML error quotes the lines around it). */
function templateProblem(err: unknown): string {
  const reason = err instanceof TemplateError ? err.reason : err instanceof Error ? err.message : String(err);
  const line = (reason.split('\n')[0] ?? '').trim().replace(/[:.]$/, '');
  return err instanceof TemplateError && err.key ? `"${err.key}" ${line}` : line;
}

/** A `--parser` that names a file rather than a saved parser: a parser or template file name, or
 *  a path with a folder in it. */
function namesAFile(ref: string): boolean {
  return /\.(json|ya?ml)$/i.test(ref) || ref.includes('/') || ref.includes(path.sep);
}

/** Opens the app over a data folder to look a saved parser up (the command line's own opener
 *  turns a folder it cannot use into a usage error). */
export type OpenDataFolder = (dataDir: string) => Promise<App>;

/** Resolves `--parser`: a parser JSON file, an invoice2data template file or folder, or the
 *  name or id of a parser in the local store. A parser without fields (from a file or saved) is
 *  refused: it would extract nothing. The store is opened only for a lookup by name, and only
 *  when the data folder already holds one: a lookup never makes a data folder. */
export async function resolveParser(ref: string, dataDir: string | undefined, open: OpenDataFolder): Promise<ResolvedParser> {
  const parser = await parserFromRef(ref, dataDir, open);
  if (!parser.spec.templates && parser.spec.fields.length === 0) throw new ExtractInputError(`The parser "${parser.name}" has no fields yet; add fields or run detect-fields first.`);
  return parser;
}

async function parserFromRef(ref: string, dataDir: string | undefined, open: OpenDataFolder): Promise<ResolvedParser> {
  if (ref === '') throw new ExtractInputError("--parser needs a parser file, a template folder or a saved parser's name.");
  const info = await stat(ref).catch(() => null);
  if (info?.isDirectory()) return templatesParser(loadTemplates(ref), ref);
  if (info?.isFile()) {
    const text = await readFile(ref, 'utf8');
    const json = /\.json$/i.test(ref);
    if (json) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (err) {
        throw new ExtractInputError(`${ref}: not valid JSON (${(err as Error).message}).`);
      }
      const parser = parserFromJson(value, ref);
      if (parser) return parser;
    }
    try {
      return templatesParser([loadTemplate(text, ref)], ref);
    } catch (err) {
      if (json) {
        throw new ExtractInputError(`${ref} is neither a parser (it has no "fields" list) nor an invoice2data template (${templateProblem(err)}).`);
      }
      throw new ExtractInputError(`${ref} is not a valid invoice2data template: ${templateProblem(err)}.`);
    }
  }
  let dir: string;
  try {
    dir = resolveDataDir(dataDir);
  } catch (err) {
    throw new ExtractInputError((err as Error).message);
  }
  const folder = statSync(dir, { throwIfNoEntry: false });
  const stored = folder?.isDirectory() === true && existsSync(storeFile(dir));
  if (!stored) {
    if (namesAFile(ref)) throw new ExtractInputError(`The parser file ${ref} does not exist.`);
    const why = !folder ? 'does not exist' : folder.isDirectory() ? 'holds no saved parsers' : 'is a file, not a folder';
    throw new ExtractInputError(`No parser file, template folder or saved parser is named "${ref}": there is no such file, and the data folder ${dir} ${why}.`);
  }
  const app = await open(dir);
  try {
    const parser = await app.store.call('findParser', { ref });
    if (!parser) {
      if (namesAFile(ref)) throw new ExtractInputError(`The parser file ${ref} does not exist.`);
      throw new ExtractInputError(`No parser file, template folder or saved parser is named "${ref}" (data folder ${dir}).`);
    }
    return { name: parser.name, spec: { fields: parser.fields, result_mode: parser.result_mode } };
  } finally {
    await app.close();
  }
}

/** A file a folder walk left out, and why (a sentence). */
export interface SkippedFile {
  path: string;
  reason: string;
}

export interface ExpandOptions {
  /** Files never taken (the command's own `--out` and its journal, which a later run would
   *  read back). */
  exclude?: readonly string[] | undefined;
  /** Told of each file left out: by a folder walk, or as a second name for a file already taken. */
  onSkip?: ((skipped: SkippedFile) => void) | undefined;
  /** Named paths where nothing is found are kept, to fail as documents (`extract`: the rest of
   *  the batch still runs); without it they are an ExtractInputError. Either way, a call where
   *  none of the paths exists is one. */
  keepMissing?: boolean | undefined;
  /** Told of each named path kept where nothing is found (with `keepMissing`). */
  onMissing?: ((path: string) => void) | undefined;
}

/** Folder walks take only what reads as a document: plain text only from `.txt` files (a CSV,
 *  JSON or markdown file beside the invoices, an earlier run's output among them, is data). */
const TEXT_DOCUMENT = /\.txt$/i;

/** Files named on the command line and the documents inside folders named there (all the way
 *  down, links followed, hidden files and folders left out), each folder's sorted by path. A file named
 *  directly is always taken; a folder's files are taken when their first bytes read as a
 *  supported document. A file reached twice (named twice, or also found in a folder named, by
 *  device and inode) is taken once. */
export async function expandInputs(inputs: string[], options: ExpandOptions = {}): Promise<string[]> {
  const exclude = await Promise.all((options.exclude ?? []).map((file) => stat(file).catch(() => undefined)));
  const out: string[] = [];
  const missing: string[] = [];
  const taken = new Map<string, string>();
  /** False (with the skip told) when the file was already taken under another name. */
  const first = (file: string, info: Stats): boolean => {
    const key = `${info.dev}:${info.ino}`;
    const earlier = taken.get(key);
    if (earlier === undefined) {
      taken.set(key, file);
      return true;
    }
    options.onSkip?.({ path: file, reason: earlier === file ? 'given more than once (it is read once)' : `the same file as ${earlier} (it is read once)` });
    return false;
  };
  for (const input of inputs) {
    const info = await stat(input).catch(() => null);
    if (!info) {
      if (missing.includes(input)) options.onSkip?.({ path: input, reason: 'given more than once' });
      else if (options.keepMissing) {
        out.push(input);
        options.onMissing?.(input);
      }
      missing.push(input);
      continue;
    }
    if (!info.isDirectory()) {
      if (first(input, info)) out.push(input);
      continue;
    }
    const seen = new Set<string>();
    for (const file of (await walk(input, seen, options.onSkip)).sort()) {
      const own = await stat(file).catch(() => undefined);
      if (!own) {
        options.onSkip?.({ path: file, reason: 'it could not be read (moved or deleted while its folder was read)' });
        continue;
      }
      if (exclude.some((e) => e && own.dev === e.dev && own.ino === e.ino)) continue;
      const type = detectFileType(await readHead(file).catch(() => new Uint8Array()));
      const reason = !SUPPORTED_KINDS.has(type.kind)
        ? `a ${type.label}, not a document`
        : type.kind === 'text' && !TEXT_DOCUMENT.test(file)
          ? 'plain text not named .txt (data, not a document)'
          : null;
      if (reason) options.onSkip?.({ path: file, reason });
      else if (first(file, own)) out.push(file);
    }
  }
  if (missing.length === inputs.length) {
    const names = [...new Set(missing)];
    throw new ExtractInputError(names.length === 1 ? `File not found: ${names[0]}` : `None of these files exist: ${names.join(', ')}.`);
  }
  if (missing.length > 0 && !options.keepMissing) throw new ExtractInputError(`File not found: ${missing[0]}`);
  if (out.length === 0) throw new ExtractInputError('No files to extract from.');
  return out;
}

/** The files under `dir`, following links to files and folders (each real folder once, so a
 *  link back up does not loop), leaving out hidden names; a folder that cannot be listed is told
 *  as skipped. */
async function walk(dir: string, seen: Set<string>, onSkip: ExpandOptions['onSkip']): Promise<string[]> {
  const real = await realpath(dir).catch(() => dir);
  if (seen.has(real)) return [];
  seen.add(real);
  let listed;
  try {
    listed = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    onSkip?.({ path: dir, reason: `a folder that cannot be read (${(err as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : ((err as NodeJS.ErrnoException).code ?? 'error')})` });
    return [];
  }
  const entries = listed.filter((e) => !e.name.startsWith('.'));
  const files: string[] = [];
  const folders: string[] = [];
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (hasUndecodableName(full)) {
      onSkip?.({ path: full, reason: UNDECODABLE_NAME_REASON });
      continue;
    }
    const kind = e.isSymbolicLink() ? await stat(full).catch(() => undefined) : e;
    if (kind?.isDirectory()) folders.push(full);
    else if (kind?.isFile()) files.push(full);
  }
  for (const folder of folders) files.push(...(await walk(folder, seen, onSkip)));
  return files;
}

/** How files are opened for extraction and field detection. */
export interface OpenOptions {
  /** Opens every encrypted PDF given (a wrong one fails that file as PASSWORD_PROTECTED_FILE);
   *  never written into a result. */
  password?: string | undefined;
}

/** How a batch is run. */
export interface ExtractOptions extends OpenOptions {
  /** Results kept by an earlier run of the batch (reused for files unchanged since), and where
   *  this run keeps each of its own as it completes. */
  journal?: ExtractJournal | undefined;
  /** Stops the batch: no file is started once it fires, files being extracted are stopped, and
   *  extractFiles rejects with the signal's reason (what was kept in the journal stays there). */
  signal?: AbortSignal | undefined;
  /** The files among those given that were not there when the batch was listed: any other that
   *  is not found was moved or deleted since, and is said to be. */
  missing?: ReadonlySet<string> | undefined;
}

/** Extracts every file in the engine pool, a few at a time (each worker has its next file read,
 *  never the whole batch in memory); a file above the size limit fails without being read.
 *  `onDone` reports progress. */
export async function extractFiles(
  files: string[],
  parser: ResolvedParser,
  onDone?: (done: number, total: number) => void,
  options: ExtractOptions = {},
): Promise<FileExtraction[]> {
  const pool = enginePool();
  const maxFileSize = configuredMaxFileSize();
  const { journal, signal } = options;
  const results: FileExtraction[] = [];
  let next = 0;
  let done = 0;
  const one = async (file: string): Promise<FileExtraction> => {
    const base = { filename: path.basename(file), path: path.resolve(file) };
    let info: Stats | undefined;
    try {
      info = await stat(file);
      const kept = journal?.lookup(file, info);
      if (kept) return kept;
      if (info.size > maxFileSize) throw fileTooLarge(info.size, maxFileSize);
      const bytes = new Uint8Array(await readFile(file));
      const r = await pool.extract(bytes, parser.spec, { maxFileSize, password: options.password, signal });
      const noTemplate = parser.spec.templates?.length && r.summary.status === 'PROCESSED' && !r.template;
      const result: FileExtraction = {
        ...base,
        status: r.summary.status === 'PROCESSED' && !noTemplate ? 'completed' : 'failed',
        error_message: noTemplate ? 'No template matches this document.' : r.summary.failureMessage,
        page_count: r.summary.pageCount,
        ...(parser.spec.templates ? { template: r.template ?? null } : {}),
        extracted_data: r.data,
        confidence: r.confidence,
        fields: r.fields,
        ...(r.summary.warnings?.length ? { warnings: r.summary.warnings } : {}),
      };
      // A failure that another try, a password or a larger size limit may undo is not kept.
      if (r.summary.status === 'PROCESSED' || (r.summary.failureReason && lasting(r.summary.failureReason))) journal?.record(file, info, result);
      return result;
    } catch (err) {
      const message = err instanceof EngineError ? err.message : readFailure(err, info !== undefined || (options.missing !== undefined && !options.missing.has(file)));
      const result: FileExtraction = { ...base, status: 'failed', error_message: message, page_count: 0, extracted_data: null, confidence: null, fields: {} };
      if (info && err instanceof EngineError && lasting(err.reason)) journal?.record(file, info, result);
      return result;
    }
  };
  const lanes = Math.min(files.length, pool.size + 1);
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < files.length && !signal?.aborted) {
        const i = next++;
        results[i] = await one(files[i]!);
        if (signal?.aborted) break;
        onDone?.(++done, files.length);
      }
    }),
  );
  signal?.throwIfAborted();
  return results;
}

/** Whether a failure is the file's own, the same however often it is tried: not one another try
 *  may undo (retryable), nor one a password or a larger size limit would. */
function lasting(reason: FailureReason): boolean {
  return !isRetryable(reason) && reason !== 'PASSWORD_PROTECTED_FILE' && reason !== 'FILE_SIZE_TOO_LARGE';
}

/** Why a file named for extraction could not be read, as a sentence (`found`: it was there
 *  earlier in the batch). */
function readFailure(err: unknown, found = false): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return found ? 'This file was moved or deleted while the batch was running.' : 'No file was found at this path.';
  if (code === 'EACCES' || code === 'EPERM') return 'This file cannot be read: permission denied.';
  if (code === 'ELOOP') return 'This path is a link that leads back to itself.';
  return `This file could not be read (${code ?? (err as Error).message}).`;
}

/** Fields for export columns when a template decided them: the union of the keys found. */
export function fieldsFromResults(results: FileExtraction[]): FieldDefinition[] {
  const scalar = new Map<string, FieldDefinition>();
  const items = new Map<string, Map<string, FieldDefinition>>();
  for (const r of results) {
    if (!r.extracted_data || typeof r.extracted_data !== 'object' || Array.isArray(r.extracted_data)) continue;
    for (const [key, value] of Object.entries(r.extracted_data)) {
      if (Array.isArray(value)) {
        const subs = items.get(key) ?? new Map<string, FieldDefinition>();
        for (const item of value) {
          if (item && typeof item === 'object') for (const [k, v] of Object.entries(item)) if (!subs.has(k)) subs.set(k, { name: k, type: typeOf(v) });
        }
        items.set(key, subs);
      } else if (!scalar.has(key)) {
        scalar.set(key, { name: key, type: typeOf(value) });
      }
    }
  }
  return [...scalar.values(), ...[...items].map(([name, subs]) => ({ name, type: 'array' as const, fields: [...subs.values()] }))];
}

function typeOf(v: unknown): FieldDefinition['type'] {
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return 'date';
  return 'string';
}

/** A sample file the engine could not read (damaged, protected, unsupported): the command's
 *  failure, not a usage error. */
export class DetectFailure extends Error {}

/** A PerfectParser-shaped parser proposed from a sample file's layout. */
export async function detectFieldsInFile(file: string, name?: string, options: OpenOptions = {}): Promise<{ parser: { name: string; result_mode: ResultMode; fields: FieldDefinition[]; schema: Record<string, unknown> | null } }> {
  const info = await stat(file).catch(() => null);
  if (!info) throw new ExtractInputError(`File not found: ${file}`);
  if (!info.isFile()) throw new ExtractInputError(`${file} is a folder: detect-fields reads one sample file.`);
  const maxFileSize = configuredMaxFileSize();
  if (info.size > maxFileSize) throw new DetectFailure(`${file}: ${fileTooLarge(info.size, maxFileSize).message}`);
  const bytes = new Uint8Array(
    await readFile(file).catch((err: NodeJS.ErrnoException) => {
      throw new ExtractInputError(`The file could not be read: ${file} (${err.code ?? 'error'})`);
    }),
  );
  const { summary, fields } = await enginePool().detect(bytes, { maxFileSize, password: options.password });
  if (summary.status === 'FAILED') throw new DetectFailure(`${file}: ${summary.failureMessage ?? summary.failureReason}`);
  return {
    parser: { name: name ?? path.basename(file).replace(/\.[^.]+$/, ''), result_mode: 'one_per_file', fields, schema: fieldsToJsonSchema(fields) },
  };
}
