// Opens the job store: one SQLite file in WAL mode with foreign keys on, migrated to the
// latest schema. Only the store's writer worker calls this (the main thread never queries).
import { mkdirSync } from 'node:fs';
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
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  db.pragma('journal_mode = WAL');
  // NORMAL is durable across application crashes in WAL mode (only a power cut can lose the
  // last transactions), and much faster than FULL.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

/** The current time as the contract writes it: ISO 8601 UTC with milliseconds. */
export function nowIso(): string {
  return new Date().toISOString();
}
