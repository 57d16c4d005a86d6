// Rotating the local API key: a new `pp_local_…` key replaces the old one at once.
import { randomBytes } from 'node:crypto';
import { nowIso, type Db } from '../db.js';

/** Makes and stores a new local API key; the old one stops working. */
export function rotateApiKey(db: Db): { key: string; created_at: string } {
  const key = `pp_local_${randomBytes(24).toString('base64url')}`;
  const now = nowIso();
  db.prepare(
    "INSERT INTO settings (key, value, updated_at) VALUES ('api_key', ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
  ).run(key, now);
  return { key, created_at: now };
}
