// Numbered schema migrations. Each is one small, forward-only step recorded in
// PRAGMA user_version; each has its own test under test/main/store/migrations.
import type Database from 'better-sqlite3';
import { m001Settings } from './001-settings.js';
import { m002Parsers } from './002-parsers.js';
import { m003Extractions } from './003-extractions.js';
import { m004Results } from './004-results.js';
import { m005Webhooks } from './005-webhooks.js';
import { m006Idempotency } from './006-idempotency.js';
import { m007FieldDetails } from './007-field-details.js';
import { m008DesktopJobs } from './008-desktop-jobs.js';
import { m009Sync } from './009-sync.js';
import { m010IdempotencyFingerprint } from './010-idempotency-fingerprint.js';
import { m011DeliveryAttemptsIndex } from './011-delivery-attempts-index.js';
import { m012WebhookSecretRotation } from './012-webhook-secret-rotation.js';
import { m013SpatialPages } from './013-spatial-pages.js';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

export const MIGRATIONS: readonly Migration[] = [m001Settings, m002Parsers, m003Extractions, m004Results, m005Webhooks, m006Idempotency, m007FieldDetails, m008DesktopJobs, m009Sync, m010IdempotencyFingerprint, m011DeliveryAttemptsIndex, m012WebhookSecretRotation, m013SpatialPages];

/** The schema version this build writes. */
export const LATEST_VERSION = MIGRATIONS.length;

/** Applies every migration above the file's version, each in its own transaction. A file
 *  written by a newer build is refused rather than damaged. */
export function migrate(db: Database.Database, target = LATEST_VERSION): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > LATEST_VERSION) {
    throw new Error(`The data folder was written by a newer version of PerfectParser (schema ${current}); please update the app.`);
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current || m.version > target) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
