// Settings: plain key-value pairs, and the local API key made once on first use.
import { randomBytes } from 'node:crypto';
import { nowIso, type Db } from '../db.js';

/** A setting's value, or null when unset. */
export function getSetting(db: Db, args: { key: string }): string | null {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(args.key) as { value: string } | undefined;
  return row?.value ?? null;
}

/** Sets (or replaces) a setting. */
export function setSetting(db: Db, args: { key: string; value: string }): void {
  db.prepare(
    'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
  ).run(args.key, args.value, nowIso());
}

/** The local API key (`pp_local_…`), generated and kept on first call. */
export function ensureApiKey(db: Db): { key: string; created_at: string } {
  return db.transaction(() => {
    const row = db.prepare("SELECT value, updated_at FROM settings WHERE key = 'api_key'").get() as
      | { value: string; updated_at: string }
      | undefined;
    if (row) return { key: row.value, created_at: row.updated_at };
    const key = `pp_local_${randomBytes(24).toString('base64url')}`;
    const now = nowIso();
    db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('api_key', ?, ?)").run(key, now);
    return { key, created_at: now };
  })();
}
