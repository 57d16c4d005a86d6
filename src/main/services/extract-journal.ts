// The journal of a headless extraction batch written to a file (`extract --out`): each file's
// result is kept as it completes, so a batch that is stopped is taken up where it stopped.
import { createHash } from 'node:crypto';
import { createReadStream, type Stats } from 'node:fs';
import { open, rm, stat, truncate, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { FileExtraction, ResolvedParser } from './extract-files.js';
import { diskSentence, isFsError } from './output-file.js';
import { mapLimit } from './rpc/concurrency.js';

/** One line of a journal after its first: a file as it was read, and its result. */
interface JournalEntry {
  path: string;
  size: number;
  mtimeMs: number;
  result: FileExtraction;
}

/** The journal's first line: what it is, and the parser its results come from. */
const JOURNAL_FORMAT = 'perfectparser extract journal';
const JOURNAL_VERSION = 1;

/** Files `reusable` stats at once. */
const STAT_CONCURRENCY = 32;

/** What reading an earlier journal gave: its results, where its last whole line ends and how many
 *  of its lines could not be read; or why it cannot be used. */
type JournalRead =
  | { entries: Map<string, JournalEntry>; end: number; size: number; damaged: number }
  | { problem: 'missing' | 'another parser' | 'unreadable' };

export interface JournalOptions {
  /** Starts a new journal even when one of the same batch is there. */
  fresh?: boolean | undefined;
  /** Told each problem with the journal, as a sentence; none stops the batch. */
  warn: (sentence: string) => void;
}

/** The journal of a batch written to a file: each file's result is appended as it completes, as
 *  one line flushed to the disk before the call returns, so a run that is stopped (Ctrl-C, a kill,
 *  a power cut) loses at most the line being written, which a later read leaves out. A rerun of
 *  the same batch reuses the result of each file whose path, size and modification time are
 *  unchanged. The first line names the parser (a digest of its fields or templates): a journal of
 *  another parser, or one that cannot be read, is replaced, with a warning. It is read as a stream
 *  (one line at a time), never whole. */
export class ExtractJournal {
  /** Results kept in the journal: reusable ones found by `reusable`, and the ones recorded since. */
  private reused = 0;
  private appended = 0;
  private writes: Promise<void> = Promise.resolve();
  private broken = false;

  private constructor(
    readonly file: string,
    private readonly handle: FileHandle,
    private readonly entries: Map<string, JournalEntry>,
    private readonly warn: (sentence: string) => void,
  ) {}

  /** Opens the journal `file` for a batch with `parser`: the earlier one's results when it is of
   *  the same parser, else a new one. Undefined (with a warning) when it cannot be written. */
  static async open(file: string, parser: ResolvedParser, options: JournalOptions): Promise<ExtractJournal | undefined> {
    const digest = parserDigest(parser);
    const earlier: JournalRead = options.fresh ? { problem: 'missing' } : await readJournal(file, digest).catch(() => ({ problem: 'unreadable' }) as const);
    try {
      if ('entries' in earlier) {
        if (earlier.damaged > 0) options.warn(`${count(earlier.damaged)} ${earlier.damaged === 1 ? 'line' : 'lines'} of ${file} could not be read; ${earlier.damaged === 1 ? 'its file is' : 'their files are'} extracted again.`);
        // The last line, torn by a stop while it was written, goes before new lines follow.
        if (earlier.end < earlier.size) await truncate(file, earlier.end);
        return new ExtractJournal(file, await open(file, 'a'), earlier.entries, options.warn);
      }
      if (earlier.problem === 'another parser') options.warn(`The results kept in ${file} were extracted with another parser (or another version of it): they are not used, and the file is started again.`);
      if (earlier.problem === 'unreadable') options.warn(`${file} cannot be read as the results of an earlier run: it is not used, and the file is started again.`);
      const handle = await open(file, 'w');
      try {
        await handle.appendFile(`${JSON.stringify({ format: JOURNAL_FORMAT, version: JOURNAL_VERSION, parser: digest })}\n`);
        await handle.datasync();
      } catch (err) {
        await handle.close();
        await rm(file, { force: true });
        throw err;
      }
      await syncFolder(path.dirname(file));
      return new ExtractJournal(file, handle, new Map(), options.warn);
    } catch (err) {
      options.warn(`${journalProblem(err, file)} This run goes on, but what it extracts is not kept if it is stopped.`);
      return undefined;
    }
  }

  /** How many of `files` have a result here that holds for them as they are now. */
  async reusable(files: readonly string[]): Promise<number> {
    const held = await mapLimit(files, STAT_CONCURRENCY, async (file) => {
      const info = await stat(file).catch(() => undefined);
      return info !== undefined && this.lookup(file, info) !== undefined;
    });
    const found = held.filter(Boolean).length;
    this.reused = found;
    return found;
  }

  /** The result kept for `file`, when it has the same size and modification time as then. */
  lookup(file: string, info: Stats): FileExtraction | undefined {
    const entry = this.entries.get(path.resolve(file));
    return entry && entry.size === info.size && entry.mtimeMs === info.mtimeMs ? entry.result : undefined;
  }

  /** Appends a file's result (in turn with the others; `flush` waits for them). */
  record(file: string, info: Stats, result: FileExtraction): void {
    const line = `${JSON.stringify({ path: path.resolve(file), size: info.size, mtimeMs: info.mtimeMs, result } satisfies JournalEntry)}\n`;
    this.writes = this.writes.then(() => this.append(line));
  }

  /** Results kept: reusable ones and the ones written since. */
  get kept(): number {
    return this.reused + this.appended;
  }

  /** Waits until every result recorded is on the disk (or told as not written). */
  flush(): Promise<void> {
    return this.writes;
  }

  /** Writes what is recorded and closes the file (it stays, for a rerun). */
  async close(): Promise<void> {
    await this.flush();
    await this.handle.close().catch(() => undefined);
  }

  /** Closes and removes the journal (the batch's output is written). */
  async remove(): Promise<void> {
    await this.close();
    await rm(this.file, { force: true });
  }

  private async append(line: string): Promise<void> {
    if (this.broken) return;
    try {
      await this.handle.appendFile(line);
      await this.handle.datasync();
      this.appended++;
    } catch (err) {
      this.broken = true;
      this.warn(`${journalProblem(err, this.file)} This run goes on, but what it extracts from now on is not kept if it is stopped.`);
    }
  }
}

/** A digest of what a parser extracts (its fields and mode, or its templates), not its name. */
function parserDigest(parser: ResolvedParser): string {
  return createHash('sha256').update(JSON.stringify(parser.spec)).digest('hex');
}

/** Reads a journal line by line (never the whole file at once). */
async function readJournal(file: string, digest: string): Promise<JournalRead> {
  const entries = new Map<string, JournalEntry>();
  let header = false;
  let damaged = 0;
  let offset = 0;
  let end = 0;
  let carry: Buffer[] = [];
  try {
    for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
      let from = 0;
      for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, from)) {
        const line = Buffer.concat([...carry, chunk.subarray(from, nl)]).toString('utf8');
        carry = [];
        from = nl + 1;
        end = offset + from;
        if (!header) {
          const read = parseLine(line) as { format?: unknown; version?: unknown; parser?: unknown } | undefined;
          if (read?.format !== JOURNAL_FORMAT || read.version !== JOURNAL_VERSION) return { problem: 'unreadable' };
          if (read.parser !== digest) return { problem: 'another parser' };
          header = true;
          continue;
        }
        const entry = parseLine(line);
        if (isJournalEntry(entry)) entries.set(entry.path, entry);
        else damaged++;
      }
      if (from < chunk.length) carry.push(chunk.subarray(from));
      offset += chunk.length;
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { problem: 'missing' };
    throw err;
  }
  if (!header) return { problem: 'unreadable' };
  return { entries, end, size: offset, damaged };
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}

function isJournalEntry(value: unknown): value is JournalEntry {
  if (!value || typeof value !== 'object') return false;
  const e = value as Partial<JournalEntry>;
  const r = e.result as Partial<FileExtraction> | undefined;
  return typeof e.path === 'string' && typeof e.size === 'number' && typeof e.mtimeMs === 'number' && !!r && typeof r === 'object' && (r.status === 'completed' || r.status === 'failed');
}

/** Makes a file just created in `dir` outlast a power cut (where the system allows it). */
async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  await handle?.sync().catch(() => undefined);
  await handle?.close();
}

/** Why the journal cannot be written, as a sentence. */
function journalProblem(err: unknown, file: string): string {
  if (isFsError(err)) return diskSentence(err, file);
  return `The results extracted cannot be kept in ${file} (${err instanceof Error ? err.message : String(err)}).`;
}

/** A count as the user reads it (1,640). */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}
