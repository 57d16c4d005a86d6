// Migration 009: extractions' origin, sync batches (idempotency keys stored before sending) and
// the sync request log.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../src/main/store/migrations/index.js';
import { columns, indexColumns, migratedTo, sqliteError, tables, userVersion } from './schema.js';

const NOW = '2024-03-15T10:00:00.000Z';

function job(db: ReturnType<typeof migratedTo>['db'], id: string): void {
  db.prepare(
    "INSERT INTO extractions (id, parser_id, parser_name, parser_snapshot, status, file_count, page_count, created_at, updated_at) VALUES (?, 'prs_1', 'P', '{}', 'queued', 1, 1, ?, ?)",
  ).run(id, NOW, NOW);
}

describe('migration 009 sync', () => {
  it('adds origin to extractions, sync_batches and sync_log, and sets user_version 9', () => {
    const { db, before } = migratedTo(9);
    expect(columns(db, 'extractions').at(-1)).toEqual(['origin', 'TEXT', true, "'local'", 0]);
    expect(tables(db).filter((t) => !before.includes(t))).toEqual(['sync_batches', 'sync_log']);
    expect(indexColumns(db, 'sync_batches_status')).toEqual(['status']);
    expect(userVersion(db)).toBe(9);
  });

  it('keeps earlier jobs local and checks origin, batch status and unique idempotency keys', () => {
    const { db } = migratedTo(8);
    job(db, 'ext_1');
    migrate(db, 9);
    expect(db.prepare('SELECT origin FROM extractions').all()).toEqual([{ origin: 'local' }]);
    expect(sqliteError(() => db.prepare("UPDATE extractions SET origin = 'cloud'").run())).toBe('SQLITE_CONSTRAINT_CHECK');
    const insert = db.prepare(
      "INSERT INTO sync_batches (extraction_id, batch_index, idempotency_key, remote_parser_id, status, documents, created_at, updated_at) VALUES ('ext_1', ?, ?, 'prs_r', ?, '[]', ?, ?)",
    );
    insert.run(0, 'k1', 'pending', NOW, NOW);
    expect(sqliteError(() => insert.run(1, 'k1', 'pending', NOW, NOW))).toBe('SQLITE_CONSTRAINT_UNIQUE');
    expect(sqliteError(() => insert.run(1, 'k2', 'lost', NOW, NOW))).toBe('SQLITE_CONSTRAINT_CHECK');
    db.prepare("DELETE FROM extractions WHERE id = 'ext_1'").run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM sync_batches').get()).toEqual({ n: 0 });
  });
});
