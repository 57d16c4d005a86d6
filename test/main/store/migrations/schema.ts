// Looks at a migrated schema: tables, columns and indexes as SQLite itself reports them.
import Database from 'better-sqlite3';
import { migrate } from '../../../../src/main/store/migrations/index.js';

export type Db = Database.Database;

/** A fresh in-memory database with foreign keys on, migrated to `version - 1` and then
 *  `version`; returns it with the tables present before the last step. */
export function migratedTo(version: number): { db: Db; before: string[] } {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, version - 1);
  const before = tables(db);
  migrate(db, version);
  return { db, before };
}

/** User tables, sorted (sqlite_sequence and other internal tables left out). */
export function tables(db: Db): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>).map(
    (r) => r.name,
  );
}

/** Explicitly created indexes, sorted (the automatic ones behind UNIQUE / PRIMARY KEY left out). */
export function indexes(db: Db): Array<{ name: string; table: string }> {
  return (
    db.prepare("SELECT name, tbl_name AS 'table' FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").all() as Array<{
      name: string;
      table: string;
    }>
  ).map((r) => ({ name: r.name, table: r.table }));
}

/** The columns an index covers, in order. */
export function indexColumns(db: Db, index: string): string[] {
  return (db.pragma(`index_info(${index})`) as Array<{ name: string }>).map((r) => r.name);
}

export interface Column {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
}

/** `PRAGMA table_info`, as [name, type, not null, default, pk position]. */
export function columns(db: Db, table: string): Array<[string, string, boolean, string | null, number]> {
  return (db.pragma(`table_info(${table})`) as Column[]).map((c) => [c.name, c.type, c.notnull === 1, c.dflt_value, c.pk]);
}

/** The table's foreign keys as [from column, parent table, parent column, on delete]. */
export function foreignKeys(db: Db, table: string): Array<[string, string, string, string]> {
  return (db.pragma(`foreign_key_list(${table})`) as Array<{ from: string; table: string; to: string; on_delete: string }>).map((f) => [
    f.from,
    f.table,
    f.to,
    f.on_delete,
  ]);
}

export function userVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** The SQLite error code a statement fails with (undefined when it succeeds). */
export function sqliteError(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (err) {
    return (err as { code?: string }).code;
  }
}
