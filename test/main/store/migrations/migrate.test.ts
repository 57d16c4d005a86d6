// The migration runner: forward-only, idempotent, one transaction per step, and it refuses a
// file written by a newer build.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION, MIGRATIONS, migrate } from '../../../../src/main/store/migrations/index.js';
import { tables, userVersion } from './schema.js';

function schemaSql(db: Database.Database): string[] {
  return (db.prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name").all() as Array<{ sql: string }>).map((r) => r.sql);
}

describe('migrate', () => {
  it('numbers its migrations 1..N in order, and LATEST_VERSION is N', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(LATEST_VERSION).toBe(13);
  });

  it('brings an empty file to the latest version', () => {
    const db = new Database(':memory:');
    migrate(db);
    expect(userVersion(db)).toBe(LATEST_VERSION);
    expect(tables(db)).toEqual([
      'corrections',
      'deliveries',
      'delivery_attempts',
      'document_results',
      'documents',
      'extractions',
      'idempotency_keys',
      'parsers',
      'samples',
      'settings',
      'sync_batches',
      'sync_log',
      'uploads',
      'webhooks',
    ]);
  });

  it('is idempotent: a second run changes nothing and keeps the data', () => {
    const db = new Database(':memory:');
    migrate(db);
    db.prepare("INSERT INTO settings VALUES ('api_key', 'pp_local_x', '2024-01-01T00:00:00.000Z')").run();
    const before = schemaSql(db);
    expect(() => migrate(db)).not.toThrow();
    expect(() => migrate(db, 3)).not.toThrow();
    expect(schemaSql(db)).toEqual(before);
    expect(userVersion(db)).toBe(LATEST_VERSION);
    expect(db.prepare('SELECT value FROM settings').all()).toEqual([{ value: 'pp_local_x' }]);
  });

  it('stops at the target version and resumes from it', () => {
    const db = new Database(':memory:');
    migrate(db, 2);
    expect(userVersion(db)).toBe(2);
    expect(tables(db)).toEqual(['parsers', 'samples', 'settings']);
    migrate(db);
    expect(userVersion(db)).toBe(LATEST_VERSION);
  });

  it('refuses a file written by a newer build, with a sentence that says so, and leaves it alone', () => {
    const db = new Database(':memory:');
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    expect(() => migrate(db)).toThrow(
      `The data folder was written by a newer version of PerfectParser (schema ${LATEST_VERSION + 1}); please update the app.`,
    );
    expect(tables(db)).toEqual([]);
    expect(userVersion(db)).toBe(LATEST_VERSION + 1);
  });

  it('applies each step atomically: a step that fails half-way leaves no table and no version behind', () => {
    const db = new Database(':memory:');
    migrate(db, 1);
    // 002 creates parsers, then samples: a samples table already there makes it fail after
    // parsers was created.
    db.exec('CREATE TABLE samples (x TEXT)');
    expect(() => migrate(db)).toThrow(/table samples already exists/);
    expect(userVersion(db)).toBe(1);
    expect(tables(db)).toEqual(['samples', 'settings']);
    // Steps before the failing one stay applied: fix the cause, and the run completes.
    db.exec('DROP TABLE samples');
    migrate(db);
    expect(userVersion(db)).toBe(LATEST_VERSION);
  });

  it('keeps the steps already applied when a later one fails', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE document_results (x TEXT)');
    expect(() => migrate(db)).toThrow(/document_results already exists/);
    expect(userVersion(db)).toBe(3);
    expect(tables(db)).toEqual(['document_results', 'documents', 'extractions', 'parsers', 'samples', 'settings']);
  });
});
