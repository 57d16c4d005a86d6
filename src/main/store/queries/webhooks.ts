// Webhook subscriptions and the delivery queue the dispatcher drains.
import { randomBytes } from 'node:crypto';
import { ApiError } from '../../../shared/api/errors.js';
import { ID_PREFIX } from '../../../shared/api/common.js';
import type { DeliveryAttempt, Webhook, WebhookDetail, WebhookEvent, WebhookRotated } from '../../../shared/api/webhooks.js';
import { nowIso, type Db } from '../db.js';
import { decodeCursor, listKey, newId, pageOf } from './common.js';

interface WebhookRow {
  seq: number;
  id: string;
  url: string;
  events: string;
  signing_secret: string;
  static_secret: string | null;
  enabled: number;
  created_at: string;
  updated_at: string;
}

function toWebhook(row: WebhookRow): Webhook {
  return {
    webhook_id: row.id,
    url: row.url,
    events: JSON.parse(row.events) as WebhookEvent[],
    enabled: row.enabled === 1,
    has_secret: row.static_secret !== null,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

interface AttemptRow {
  delivery_id: string;
  event: string;
  attempt: number;
  status_code: number | null;
  success: number;
  error: string | null;
  duration_ms: number;
  attempted_at: string;
}

function toAttempt(row: AttemptRow): DeliveryAttempt {
  return { ...row, success: row.success === 1 };
}

const WEBHOOKS_LIST = listKey('webhooks');

/** Webhooks, newest first. */
export function listWebhooks(db: Db, args: { limit: number; cursor?: string | undefined }) {
  const after = decodeCursor(args.cursor, WEBHOOKS_LIST);
  if (after === null) throw new ApiError('INVALID_PAYLOAD', 'cursor: not a cursor returned by this API', 'cursor');
  const rows = db.prepare('SELECT * FROM webhooks WHERE seq < ? ORDER BY seq DESC LIMIT ?').all(after ?? Number.MAX_SAFE_INTEGER, args.limit + 1) as WebhookRow[];
  return pageOf(rows, args.limit, toWebhook, WEBHOOKS_LIST);
}

/** Creates a webhook with a fresh signing secret (returned here, and only here). */
export function insertWebhook(
  db: Db,
  args: { url: string; events: WebhookEvent[]; secret?: string | undefined; enabled: boolean },
): Webhook & { signing_secret: string } {
  const now = nowIso();
  const id = newId(ID_PREFIX.webhook);
  const signing = newSigningSecret();
  db.prepare(
    'INSERT INTO webhooks (id, url, events, signing_secret, static_secret, enabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(id, args.url, JSON.stringify([...new Set(args.events)]), signing, args.secret ?? null, args.enabled ? 1 : 0, now, now);
  return { ...toWebhook(db.prepare('SELECT * FROM webhooks WHERE id = ?').get(id) as WebhookRow), signing_secret: signing };
}

/** One webhook with its last 10 delivery attempts, or null. */
export function getWebhook(db: Db, args: { webhook_id: string }): WebhookDetail | null {
  const row = db.prepare('SELECT * FROM webhooks WHERE id = ?').get(args.webhook_id) as WebhookRow | undefined;
  if (!row) return null;
  const attempts = db
    .prepare(
      'SELECT delivery_id, event, attempt, status_code, success, error, duration_ms, attempted_at FROM delivery_attempts WHERE webhook_id = ? ORDER BY seq DESC LIMIT 10',
    )
    .all(row.id) as AttemptRow[];
  return { ...toWebhook(row), deliveries: attempts.map(toAttempt) };
}

interface TargetRow {
  url: string;
  signing_secret: string;
  static_secret: string | null;
  previous_signing_secret: string | null;
}

/** A webhook's previous signing secret while its grace period lasts at `@now` (else null). */
const PREVIOUS_SECRET_SQL = 'CASE WHEN previous_secret_expires_at > @now THEN previous_signing_secret END';

/** The secrets and address of a webhook, for sending (never returned by the API); the previous
 *  signing secret only while its grace period lasts. */
export function webhookTarget(db: Db, args: { webhook_id: string }): TargetRow | null {
  return (
    (db
      .prepare(`SELECT url, signing_secret, static_secret, ${PREVIOUS_SECRET_SQL} AS previous_signing_secret FROM webhooks WHERE id = @id`)
      .get({ now: nowIso(), id: args.webhook_id }) as TargetRow | undefined) ?? null
  );
}

/** A fresh signing secret. */
function newSigningSecret(): string {
  return `${ID_PREFIX.signingSecret}${randomBytes(24).toString('base64url')}`;
}

/** Gives a webhook a new signing secret (returned here, and only here). The one it replaces
 *  keeps signing deliveries beside the new one for `grace_seconds` (none when 0), so a receiver
 *  can switch without refusing a delivery; null when the webhook does not exist. */
export function rotateWebhookSecret(
  db: Db,
  args: { webhook_id: string; grace_seconds: number },
): WebhookRotated | null {
  const row = db.prepare('SELECT * FROM webhooks WHERE id = ?').get(args.webhook_id) as WebhookRow | undefined;
  if (!row) return null;
  const now = nowIso();
  const signing = newSigningSecret();
  const expires = args.grace_seconds > 0 ? new Date(Date.parse(now) + args.grace_seconds * 1000).toISOString() : null;
  db.prepare('UPDATE webhooks SET signing_secret = ?, previous_signing_secret = ?, previous_secret_expires_at = ?, updated_at = ? WHERE id = ?').run(
    signing,
    expires === null ? null : row.signing_secret,
    expires,
    now,
    row.id,
  );
  return { ...toWebhook({ ...row, updated_at: now }), signing_secret: signing, previous_secret_expires_at: expires };
}

/** Applies a patch (a null secret removes the static secret); null when missing. */
export function updateWebhook(
  db: Db,
  args: { webhook_id: string; url?: string | undefined; events?: WebhookEvent[] | undefined; secret?: string | null | undefined; enabled?: boolean | undefined },
): Webhook | null {
  const row = db.prepare('SELECT * FROM webhooks WHERE id = ?').get(args.webhook_id) as WebhookRow | undefined;
  if (!row) return null;
  const now = nowIso();
  db.transaction(() => {
    db.prepare('UPDATE webhooks SET url = ?, events = ?, static_secret = ?, enabled = ?, updated_at = ? WHERE id = ?').run(
      args.url ?? row.url,
      args.events ? JSON.stringify([...new Set(args.events)]) : row.events,
      args.secret === undefined ? row.static_secret : args.secret,
      args.enabled === undefined ? row.enabled : args.enabled ? 1 : 0,
      now,
      row.id,
    );
    if (args.enabled === false && row.enabled === 1) skipPendingDeliveries(db, row.id, now);
  })();
  return toWebhook(db.prepare('SELECT * FROM webhooks WHERE id = ?').get(row.id) as WebhookRow);
}

/** What the delivery log says of a delivery that was waiting for a retry when its webhook was
 *  disabled. */
export const SKIPPED_WHEN_DISABLED = 'Not sent: the webhook was disabled before this attempt.';

/** Ends the deliveries still waiting for an attempt to a webhook that was just disabled: each is
 *  marked failed, with a line in the delivery log saying why. Re-enabling the webhook does not
 *  send them (nor the events that happened while it was off, which were never queued). */
function skipPendingDeliveries(db: Db, webhookId: string, now: string): void {
  db.prepare(
    `INSERT INTO delivery_attempts (delivery_id, webhook_id, event, attempt, status_code, success, error, duration_ms, attempted_at)
     SELECT id, webhook_id, event, attempts + 1, NULL, 0, ?, 0, ? FROM deliveries WHERE webhook_id = ? AND status = 'pending' ORDER BY seq`,
  ).run(SKIPPED_WHEN_DISABLED, now, webhookId);
  db.prepare("UPDATE deliveries SET status = 'failed', next_attempt_at = NULL, updated_at = ? WHERE webhook_id = ? AND status = 'pending'").run(now, webhookId);
}

/** Deletes a webhook and its pending deliveries; false when it did not exist. */
export function deleteWebhook(db: Db, args: { webhook_id: string }): boolean {
  return db.prepare('DELETE FROM webhooks WHERE id = ?').run(args.webhook_id).changes > 0;
}

/** Creates a delivery that is sent right away by the caller (the test event). */
export function insertImmediateDelivery(db: Db, args: { webhook_id: string; event: string; body_without_id: object }): { delivery_id: string; body: string } {
  const now = nowIso();
  const id = newId(ID_PREFIX.delivery);
  const body = JSON.stringify({ id, ...args.body_without_id });
  db.prepare(
    "INSERT INTO deliveries (id, webhook_id, event, body, status, attempts, next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, ?, 'failed', 0, NULL, ?, ?)",
  ).run(id, args.webhook_id, args.event, body, now, now);
  return { delivery_id: id, body };
}

export interface PendingDeliveryRow {
  delivery_id: string;
  webhook_id: string;
  url: string;
  event: string;
  body: string;
  signing_secret: string;
  static_secret: string | null;
  previous_signing_secret: string | null;
  attempts: number;
}

/** Deliveries due at or before `now`, taking turns between webhooks: every webhook's oldest due
 *  delivery, then every webhook's second oldest, and so on, oldest first within a turn (so one
 *  webhook's backlog never hides another webhook's deliveries from the dispatcher). Each enabled
 *  webhook's first `limit` due deliveries are read from its index (webhooks are few; a backlog
 *  of thousands is never ranked whole), and the turns are taken from those. */
export function dueDeliveries(db: Db, args: { now: string; limit: number }): PendingDeliveryRow[] {
  const hooks = db
    .prepare(`SELECT id, url, signing_secret, static_secret, ${PREVIOUS_SECRET_SQL} AS previous_signing_secret FROM webhooks WHERE enabled = 1`)
    .all({ now: args.now }) as Array<TargetRow & { id: string }>;
  const due = db.prepare(
    `SELECT id AS delivery_id, event, body, attempts, next_attempt_at AS due_at, seq FROM deliveries
     WHERE webhook_id = @webhook AND status = 'pending' AND next_attempt_at <= @now ORDER BY next_attempt_at, seq LIMIT @limit`,
  );
  type Due = { delivery_id: string; event: string; body: string; attempts: number; due_at: string; seq: number };
  const turns: Array<Array<{ row: Due; hook: (typeof hooks)[number] }>> = [];
  for (const hook of hooks) {
    (due.all({ webhook: hook.id, now: args.now, limit: args.limit }) as Due[]).forEach((row, turn) => (turns[turn] ??= []).push({ row, hook }));
  }
  return turns
    .flatMap((turn) => turn.sort((a, b) => (a.row.due_at < b.row.due_at ? -1 : a.row.due_at > b.row.due_at ? 1 : a.row.seq - b.row.seq)))
    .slice(0, args.limit)
    .map(({ row, hook }) => ({
      delivery_id: row.delivery_id,
      webhook_id: hook.id,
      url: hook.url,
      event: row.event,
      body: row.body,
      signing_secret: hook.signing_secret,
      static_secret: hook.static_secret,
      previous_signing_secret: hook.previous_signing_secret,
      attempts: row.attempts,
    }));
}

/** Logs an attempt and reschedules its delivery (next_attempt_at) or finishes it (null). */
export function recordDeliveryAttempt(
  db: Db,
  args: {
    delivery_id: string;
    webhook_id: string;
    event: string;
    attempt: number;
    status_code: number | null;
    success: boolean;
    error: string | null;
    duration_ms: number;
    attempted_at: string;
    next_attempt_at: string | null;
  },
): void {
  db.transaction(() => {
    // An attempt that was under way when its webhook was disabled replaces the "not sent" line
    // the disabling wrote for it.
    db.prepare('DELETE FROM delivery_attempts WHERE delivery_id = ? AND attempt = ? AND error = ?').run(args.delivery_id, args.attempt, SKIPPED_WHEN_DISABLED);
    db.prepare(
      'INSERT INTO delivery_attempts (delivery_id, webhook_id, event, attempt, status_code, success, error, duration_ms, attempted_at) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM deliveries WHERE id = ?)',
    ).run(args.delivery_id, args.webhook_id, args.event, args.attempt, args.status_code, args.success ? 1 : 0, args.error, Math.round(args.duration_ms), args.attempted_at, args.delivery_id);
    // An attempt that was under way when its webhook was disabled is not retried: the disabling
    // ended the delivery (and re-enabling the webhook does not bring it back).
    const current = db.prepare('SELECT status FROM deliveries WHERE id = ?').get(args.delivery_id) as { status: string } | undefined;
    const retry = !args.success && args.next_attempt_at !== null && current?.status === 'pending';
    const status = args.success ? 'delivered' : retry ? 'pending' : 'failed';
    db.prepare('UPDATE deliveries SET status = ?, attempts = ?, next_attempt_at = ?, updated_at = ? WHERE id = ?').run(
      status,
      args.attempt,
      retry ? args.next_attempt_at : null,
      nowIso(),
      args.delivery_id,
    );
  })();
}

/** The earliest time a pending delivery is due, or null. */
export function nextDeliveryDueAt(db: Db): string | null {
  const row = db
    .prepare("SELECT MIN(d.next_attempt_at) AS at FROM deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE d.status = 'pending' AND w.enabled = 1")
    .get() as { at: string | null };
  return row.at;
}

/** How long finished deliveries (and their attempts) stay in the delivery log. */
export const DELIVERY_LOG_MAX_AGE_DAYS = 30;
/** How many deliveries (with their attempts) the log keeps per webhook at most. */
export const DELIVERY_LOG_MAX_PER_WEBHOOK = 1000;

/** Removes up to `limit` finished deliveries, with their attempts, that the log no longer keeps:
 *  those last updated more than `max_age_days` before `now`, and those older than a webhook's
 *  newest `max_per_webhook` deliveries. Pending deliveries are never removed. Returns how many
 *  were removed; a caller with a long backlog calls again while that equals `limit`, so the
 *  store is never held for long. */
export function pruneDeliveryLog(
  db: Db,
  args: { now: string; limit: number; max_age_days?: number | undefined; max_per_webhook?: number | undefined },
): number {
  const maxAgeDays = args.max_age_days ?? DELIVERY_LOG_MAX_AGE_DAYS;
  const keep = Math.max(1, Math.floor(args.max_per_webhook ?? DELIVERY_LOG_MAX_PER_WEBHOOK));
  const cutoff = new Date(Date.parse(args.now) - maxAgeDays * 86_400_000).toISOString();
  const hooks = db.prepare('SELECT id FROM webhooks ORDER BY seq').pluck().all() as string[];
  const keptFrom = db.prepare('SELECT seq FROM deliveries WHERE webhook_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?').pluck();
  // One statement per webhook; the attempts go with their deliveries (ON DELETE CASCADE), and
  // only the deliveries count as removed.
  const remove = db.prepare(
    `DELETE FROM deliveries WHERE id IN (
       SELECT id FROM deliveries WHERE webhook_id = @webhook AND status != 'pending' AND (seq < @below OR updated_at < @cutoff)
       ORDER BY seq LIMIT @limit)`,
  );
  let removed = 0;
  db.transaction(() => {
    for (const webhook of hooks) {
      if (removed >= args.limit) break;
      const below = (keptFrom.get(webhook, keep - 1) as number | undefined) ?? 0;
      removed += remove.run({ webhook, below, cutoff, limit: args.limit - removed }).changes;
    }
  })();
  return removed;
}
