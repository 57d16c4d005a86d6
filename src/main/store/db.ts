// Opens the job store: one SQLite file in WAL mode with foreign keys on, migrated to the
// latest schema. Only the store's writer worker calls this (the main thread never queries).
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations/index.js';

export type Db = Database.Database;

export interface OpenStoreOptions {
  /** A better-sqlite3 build other than the one in node_modules (the Electron ABI build). */
  nativeBinding?: string | undefined;
}

/** The store's file inside a data folder. */
export function storeFile(dataDir: string): string {
  return path.join(dataDir, 'perfectparser.db');
}

/** Opens (creating if needed) and migrates the store; `:memory:` for tests. */
export function openDb(file: string, options: OpenStoreOptions = {}): Db {
  if (file !== ':memory:') {
    const dir = path.dirname(file);
    if (statSync(dir, { throwIfNoEntry: false })?.isDirectory() === false) {
      throw new Error(`The data folder ${dir} is a file, not a folder: choose a folder (--data-dir or PERFECTPARSER_DATA_DIR).`);
    }
    // The store holds the local API key and every document's results: a new data folder is
    // the user's alone.
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    db.pragma('journal_mode = WAL');
    if (file !== ':memory:') restrictToOwner(file);
    // NORMAL is durable across application crashes in WAL mode (only a power cut can lose the
    // last transactions), and much faster than FULL.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
  } catch (err) {
    db.close();
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_NOTADB') {
      throw new Error(`${file} is not a PerfectParser database (it may be damaged): move it aside and a new one is made.`);
    }
    if (code?.startsWith('SQLITE_CORRUPT')) throw new Error(damagedSentence(file));
    throw err;
  }
  return db;
}

/** A store file SQLite found damaged (cut short, overwritten in part), as a sentence. */
export function damagedSentence(file: string): string {
  return `The store ${file} is damaged (it may have been cut short or partly overwritten): restore it from a backup, or move it aside and a new, empty one is made.`;
}

/** Makes the store file readable by its owner only (its journal files follow its mode). */
function restrictToOwner(file: string): void {
  try {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  } catch {
    // A file system without modes (or not ours to change): left as it is.
  }
}

/** The current time as the contract writes it: ISO 8601 UTC with milliseconds. */
export function nowIso(): string {
  return new Date().toISOString();
}
