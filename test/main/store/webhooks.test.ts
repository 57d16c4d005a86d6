// Webhook queries and the deliveries that job events queue.
import { describe, expect, it } from 'vitest';
import type { WebhookEvent } from '../../../src/shared/api/webhooks.js';
import { cancelExtraction, claimNextDocument, failDocument } from '../../../src/main/store/queries/queue.js';
import {
  deleteWebhook,
  dueDeliveries,
  getWebhook,
  insertImmediateDelivery,
  insertWebhook,
  listWebhooks,
  nextDeliveryDueAt,
  pruneDeliveryLog,
  recordDeliveryAttempt,
  rotateWebhookSecret,
  SKIPPED_WHEN_DISABLED,
  updateWebhook,
  webhookTarget,
} from '../../../src/main/store/queries/webhooks.js';
import { MAX_DOCUMENTS_IN_JOB_EVENT } from '../../../src/main/store/queries/webhook-events.js';
import { claimAndComplete, job, memoryDb, setColumn, type Db } from './fixtures.js';

const BOTH: WebhookEvent[] = ['extraction.document_completed', 'extraction.job_completed'];

function hook(db: Db, events: WebhookEvent[] = BOTH, enabled = true, url = 'http://127.0.0.1:9/hook') {
  return insertWebhook(db, { url, events, enabled });
}

interface DeliveryRow {
  id: string;
  webhook_id: string;
  event: string;
  body: string;
  status: string;
  attempts: number;
  next_attempt_at: string | null;
}

function deliveries(db: Db): DeliveryRow[] {
  return db.prepare('SELECT id, webhook_id, event, body, status, attempts, next_attempt_at FROM deliveries ORDER BY seq').all() as DeliveryRow[];
}

function attempt(delivery: { delivery_id: string; webhook_id: string; event: string }, n: number, extra: Partial<Parameters<typeof recordDeliveryAttempt>[1]> = {}) {
  return {
    delivery_id: delivery.delivery_id,
    webhook_id: delivery.webhook_id,
    event: delivery.event,
    attempt: n,
    status_code: 500,
    success: false,
    error: 'HTTP 500',
    duration_ms: 12.4,
    attempted_at: `2024-03-15T10:00:0${n % 10}.000Z`,
    next_attempt_at: null,
    ...extra,
  };
}

describe('webhook subscriptions', () => {
  it('insertWebhook returns the webhook with its signing secret once; reads never show it', () => {
    const db = memoryDb();
    const w = insertWebhook(db, { url: 'https://example.test/h', events: ['extraction.job_completed', 'extraction.job_completed'], secret: 'static', enabled: true });
    expect(w).toMatchObject({ url: 'https://example.test/h', events: ['extraction.job_completed'], enabled: true, has_secret: true });
    expect(w.webhook_id).toMatch(/^wh_[0-9a-v]{24}$/);
    expect(w.signing_secret).toMatch(/^wh_sec_[A-Za-z0-9_-]{32}$/);
    const read = getWebhook(db, { webhook_id: w.webhook_id });
    expect(read).not.toHaveProperty('signing_secret');
    expect(read).toMatchObject({ webhook_id: w.webhook_id, has_secret: true, deliveries: [] });
    expect(webhookTarget(db, { webhook_id: w.webhook_id })).toEqual({
      url: 'https://example.test/h',
      signing_secret: w.signing_secret,
      static_secret: 'static',
      previous_signing_secret: null,
    });
    expect(webhookTarget(db, { webhook_id: 'wh_nope' })).toBeNull();
    expect(getWebhook(db, { webhook_id: 'wh_nope' })).toBeNull();
  });

  it('updateWebhook patches, removes the static secret with null, and returns null when missing', () => {
    const db = memoryDb();
    const w = insertWebhook(db, { url: 'http://a.test/', events: BOTH, secret: 's', enabled: true });
    const u = updateWebhook(db, { webhook_id: w.webhook_id, url: 'http://b.test/', events: ['extraction.job_completed'], secret: null, enabled: false });
    expect(u).toMatchObject({ url: 'http://b.test/', events: ['extraction.job_completed'], has_secret: false, enabled: false });
    const kept = updateWebhook(db, { webhook_id: w.webhook_id });
    expect(kept).toMatchObject({ url: 'http://b.test/', events: ['extraction.job_completed'], has_secret: false, enabled: false });
    expect(updateWebhook(db, { webhook_id: 'wh_nope', enabled: true })).toBeNull();
  });

  it('listWebhooks pages newest first; deleteWebhook removes it with its deliveries', () => {
    const db = memoryDb();
    const ids = [1, 2, 3].map((i) => hook(db, BOTH, true, `http://h${i}.test/`).webhook_id);
    const p1 = listWebhooks(db, { limit: 2 });
    expect(p1.items.map((w) => w.webhook_id)).toEqual([ids[2], ids[1]]);
    const p2 = listWebhooks(db, { limit: 2, cursor: p1.pagination.next_cursor! });
    expect(p2.items.map((w) => w.webhook_id)).toEqual([ids[0]]);
    expect(p2.pagination.has_next_page).toBe(false);
    expect(() => listWebhooks(db, { limit: 2, cursor: '???' })).toThrow(expect.objectContaining({ code: 'INVALID_PAYLOAD', field: 'cursor' }) as Error);

    job(db, [1]);
    claimAndComplete(db);
    expect(deliveries(db)).toHaveLength(6);
    expect(deleteWebhook(db, { webhook_id: ids[0]! })).toBe(true);
    expect(deleteWebhook(db, { webhook_id: ids[0]! })).toBe(false);
    expect(deliveries(db).map((d) => d.webhook_id)).not.toContain(ids[0]);
    expect(deliveries(db)).toHaveLength(4);
  });
});

describe('deliveries queued by job events', () => {
  it('completing the last document queues one document_completed and one job_completed delivery', () => {
    const db = memoryDb();
    const w = hook(db);
    const id = job(db, [2]);
    const { claim, outcome } = claimAndComplete(db, { invoice_number: 'A-1' });
    expect(outcome.deliveries).toBe(2);
    const rows = deliveries(db);
    expect(rows.map((r) => [r.webhook_id, r.event, r.status, r.attempts])).toEqual([
      [w.webhook_id, 'extraction.document_completed', 'pending', 0],
      [w.webhook_id, 'extraction.job_completed', 'pending', 0],
    ]);
    const [docBody, jobBody] = rows.map((r) => JSON.parse(r.body) as { id: string; event: string; created_at: string; data: Record<string, unknown> });
    expect(Object.keys(docBody!).sort()).toEqual(['created_at', 'data', 'event', 'id']);
    expect(docBody!.id).toBe(rows[0]!.id);
    expect(docBody!.id).toMatch(/^dlv_/);
    expect(docBody!.event).toBe('extraction.document_completed');
    expect(docBody!.created_at).toBe(rows[0]!.next_attempt_at);
    expect(docBody!.data).toMatchObject({
      document: { document_id: claim.document_id, extraction_id: id, status: 'completed', extracted_data: { invoice_number: 'A-1' }, credits_used: 2 },
    });
    expect(jobBody!.id).toBe(rows[1]!.id);
    expect(jobBody!.event).toBe('extraction.job_completed');
    expect(jobBody!.data).toMatchObject({
      extraction: { extraction_id: id, status: 'completed', credits_used: 2, document_summary: { total: 1, completed: 1, failed: 0, processing: 0 } },
    });
  });

  it('a document that is not the last queues only document_completed', () => {
    const db = memoryDb();
    hook(db);
    job(db, [1, 1]);
    expect(claimAndComplete(db).outcome.deliveries).toBe(1);
    expect(deliveries(db).map((d) => d.event)).toEqual(['extraction.document_completed']);
  });

  it('a failed last document also finishes the job for webhooks', () => {
    const db = memoryDb();
    hook(db);
    job(db, [1]);
    const c = claimNextDocument(db, { lease: 'L' })!;
    const out = failDocument(db, { document_id: c.document_id, lease: 'L', error_code: 'CORRUPT_FILE', error_message: 'bad', retry: false, max_attempts: 3 });
    expect(out.deliveries).toBe(2);
    const jobBody = JSON.parse(deliveries(db)[1]!.body) as { data: { extraction: { status: string } } };
    expect(jobBody.data.extraction.status).toBe('failed');
  });

  it('a disabled webhook gets none; a job_completed-only webhook gets only that', () => {
    const db = memoryDb();
    const off = hook(db, BOTH, false);
    const jobOnly = hook(db, ['extraction.job_completed']);
    job(db, [1]);
    expect(claimAndComplete(db).outcome.deliveries).toBe(1);
    const rows = deliveries(db);
    expect(rows.map((r) => [r.webhook_id, r.event])).toEqual([[jobOnly.webhook_id, 'extraction.job_completed']]);
    expect(rows.some((r) => r.webhook_id === off.webhook_id)).toBe(false);
  });

  it('cancelling a job queues document_completed per cancelled document and one job_completed', () => {
    const db = memoryDb();
    hook(db);
    const id = job(db, [1, 1]);
    expect(cancelExtraction(db, { extraction_id: id }).deliveries).toBe(3);
    const rows = deliveries(db);
    expect(rows.map((r) => r.event)).toEqual(['extraction.document_completed', 'extraction.document_completed', 'extraction.job_completed']);
    const docBody = JSON.parse(rows[0]!.body) as { data: { document: { status: string; error_message: string } } };
    expect(docBody.data.document).toMatchObject({ status: 'failed', error_message: 'Cancelled before processing.' });
    const jobBody = JSON.parse(rows[2]!.body) as { data: { extraction: { status: string } } };
    expect(jobBody.data.extraction.status).toBe('failed');
  });

  it('no webhooks, no deliveries', () => {
    const db = memoryDb();
    job(db, [1]);
    expect(claimAndComplete(db).outcome.deliveries).toBe(0);
    expect(deliveries(db)).toEqual([]);
  });

  it('each webhook gets its own delivery id, written into its body', () => {
    const db = memoryDb();
    hook(db, ['extraction.job_completed']);
    hook(db, ['extraction.job_completed']);
    job(db, [1]);
    claimAndComplete(db);
    const rows = deliveries(db);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.id).not.toBe(rows[1]!.id);
    for (const r of rows) expect((JSON.parse(r.body) as { id: string }).id).toBe(r.id);
  });
});

describe('the delivery queue', () => {
  it('dueDeliveries returns pending deliveries due by now, oldest first, with the target', () => {
    const db = memoryDb();
    const w = hook(db, ['extraction.job_completed']);
    job(db, [1], undefined, 'a');
    job(db, [1], undefined, 'b');
    claimAndComplete(db);
    claimAndComplete(db);
    const [first, second] = deliveries(db);
    db.prepare('UPDATE deliveries SET next_attempt_at = ? WHERE id = ?').run('2024-01-01T00:00:00.000Z', first!.id);
    db.prepare('UPDATE deliveries SET next_attempt_at = ? WHERE id = ?').run('2024-01-01T00:05:00.000Z', second!.id);

    expect(dueDeliveries(db, { now: '2023-12-31T23:59:59.999Z', limit: 10 })).toEqual([]);
    expect(dueDeliveries(db, { now: '2024-01-01T00:00:00.000Z', limit: 10 }).map((d) => d.delivery_id)).toEqual([first!.id]);
    const due = dueDeliveries(db, { now: '2024-01-01T01:00:00.000Z', limit: 10 });
    expect(due.map((d) => d.delivery_id)).toEqual([first!.id, second!.id]);
    expect(due[0]).toEqual({
      delivery_id: first!.id,
      webhook_id: w.webhook_id,
      url: 'http://127.0.0.1:9/hook',
      event: 'extraction.job_completed',
      body: first!.body,
      signing_secret: w.signing_secret,
      static_secret: null,
      previous_signing_secret: null,
      attempts: 0,
    });
    expect(dueDeliveries(db, { now: '2024-01-01T01:00:00.000Z', limit: 1 }).map((d) => d.delivery_id)).toEqual([first!.id]);
    expect(nextDeliveryDueAt(db)).toBe('2024-01-01T00:00:00.000Z');
  });

  it('dueDeliveries takes turns between webhooks, so one backlog never hides another webhook', () => {
    const db = memoryDb();
    const a = hook(db, ['extraction.job_completed']);
    const b = hook(db, ['extraction.job_completed']);
    for (const name of ['x', 'y', 'z']) {
      job(db, [1], undefined, name);
      claimAndComplete(db);
    }
    const rows = deliveries(db);
    const ofA = rows.filter((d) => d.webhook_id === a.webhook_id);
    const ofB = rows.filter((d) => d.webhook_id === b.webhook_id);
    // Every delivery of A is older than every delivery of B.
    [...ofA, ...ofB].forEach((d, i) => db.prepare('UPDATE deliveries SET next_attempt_at = ? WHERE id = ?').run(`2024-01-01T00:0${i}:00.000Z`, d.id));
    const now = '2024-01-01T01:00:00.000Z';
    expect(dueDeliveries(db, { now, limit: 2 }).map((d) => d.delivery_id)).toEqual([ofA[0]!.id, ofB[0]!.id]);
    expect(dueDeliveries(db, { now, limit: 10 }).map((d) => d.delivery_id)).toEqual([ofA[0]!.id, ofB[0]!.id, ofA[1]!.id, ofB[1]!.id, ofA[2]!.id, ofB[2]!.id]);
  });

  it('skips deliveries of a webhook disabled after they were queued, and those no longer pending', () => {
    const db = memoryDb();
    const w = hook(db, ['extraction.job_completed']);
    const other = hook(db, ['extraction.job_completed']);
    job(db, [1]);
    claimAndComplete(db);
    const later = new Date(Date.now() + 60_000).toISOString();
    expect(dueDeliveries(db, { now: later, limit: 10 })).toHaveLength(2);
    updateWebhook(db, { webhook_id: w.webhook_id, enabled: false });
    expect(dueDeliveries(db, { now: later, limit: 10 }).map((d) => d.webhook_id)).toEqual([other.webhook_id]);
    const [due] = dueDeliveries(db, { now: later, limit: 10 });
    recordDeliveryAttempt(db, attempt(due!, 1, { success: true, status_code: 200, error: null }));
    expect(dueDeliveries(db, { now: later, limit: 10 })).toEqual([]);
    expect(nextDeliveryDueAt(db)).toBeNull();
  });

  it('recordDeliveryAttempt: success delivers; a retry time keeps it pending; null fails it', () => {
    const db = memoryDb();
    hook(db, BOTH);
    job(db, [1]);
    claimAndComplete(db);
    const [a, b] = dueDeliveries(db, { now: new Date(Date.now() + 1000).toISOString(), limit: 10 });

    recordDeliveryAttempt(db, attempt(a!, 1, { next_attempt_at: '2030-01-01T00:00:00.000Z' }));
    expect(deliveries(db)[0]).toMatchObject({ status: 'pending', attempts: 1, next_attempt_at: '2030-01-01T00:00:00.000Z' });
    // b is due sooner than a's retry.
    expect(nextDeliveryDueAt(db)).toBe(deliveries(db)[1]!.next_attempt_at);
    expect(nextDeliveryDueAt(db)! < '2030-01-01T00:00:00.000Z').toBe(true);
    recordDeliveryAttempt(db, attempt(a!, 2, { success: true, status_code: 204, error: null, next_attempt_at: '2031-01-01T00:00:00.000Z' }));
    expect(deliveries(db)[0]).toMatchObject({ status: 'delivered', attempts: 2, next_attempt_at: null });

    recordDeliveryAttempt(db, attempt(b!, 1, { status_code: null, error: 'ECONNREFUSED' }));
    expect(deliveries(db)[1]).toMatchObject({ status: 'failed', attempts: 1, next_attempt_at: null });
    expect(nextDeliveryDueAt(db)).toBeNull();

    const log = db.prepare('SELECT delivery_id, attempt, status_code, success, error, duration_ms FROM delivery_attempts ORDER BY seq').all();
    expect(log).toEqual([
      { delivery_id: a!.delivery_id, attempt: 1, status_code: 500, success: 0, error: 'HTTP 500', duration_ms: 12 },
      { delivery_id: a!.delivery_id, attempt: 2, status_code: 204, success: 1, error: null, duration_ms: 12 },
      { delivery_id: b!.delivery_id, attempt: 1, status_code: null, success: 0, error: 'ECONNREFUSED', duration_ms: 12 },
    ]);
  });

  it('an attempt on a delivery that was deleted meanwhile is dropped quietly', () => {
    const db = memoryDb();
    const w = hook(db, ['extraction.job_completed']);
    job(db, [1]);
    claimAndComplete(db);
    const [due] = dueDeliveries(db, { now: new Date(Date.now() + 1000).toISOString(), limit: 10 });
    deleteWebhook(db, { webhook_id: w.webhook_id });
    expect(() => recordDeliveryAttempt(db, attempt(due!, 1))).not.toThrow();
    expect(db.prepare('SELECT COUNT(*) AS n FROM delivery_attempts').get()).toEqual({ n: 0 });
  });

  it('getWebhook shows the last 10 attempts, newest first', () => {
    const db = memoryDb();
    const w = hook(db, ['extraction.job_completed']);
    job(db, [1]);
    claimAndComplete(db);
    const [due] = dueDeliveries(db, { now: new Date(Date.now() + 1000).toISOString(), limit: 1 });
    for (let n = 1; n <= 12; n++) recordDeliveryAttempt(db, attempt(due!, n, { next_attempt_at: '2030-01-01T00:00:00.000Z' }));
    const detail = getWebhook(db, { webhook_id: w.webhook_id })!;
    expect(detail.deliveries.map((d) => d.attempt)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
    expect(detail.deliveries[0]).toEqual({
      delivery_id: due!.delivery_id,
      event: 'extraction.job_completed',
      attempt: 12,
      status_code: 500,
      success: false,
      error: 'HTTP 500',
      duration_ms: 12,
      attempted_at: '2024-03-15T10:00:02.000Z',
    });
  });

  it('an immediate delivery (the test event) is logged but never picked up by the queue', () => {
    const db = memoryDb();
    const w = hook(db);
    const { delivery_id, body } = insertImmediateDelivery(db, { webhook_id: w.webhook_id, event: 'webhook.test', body_without_id: { event: 'webhook.test', data: {} } });
    expect(JSON.parse(body)).toEqual({ id: delivery_id, event: 'webhook.test', data: {} });
    expect(dueDeliveries(db, { now: '9999-12-31T00:00:00.000Z', limit: 10 })).toEqual([]);
    recordDeliveryAttempt(db, attempt({ delivery_id, webhook_id: w.webhook_id, event: 'webhook.test' }, 1, { success: true, status_code: 200, error: null }));
    expect(getWebhook(db, { webhook_id: w.webhook_id })?.deliveries.map((d) => [d.delivery_id, d.success])).toEqual([[delivery_id, true]]);
  });
});

describe('deleting a webhook with a long history', () => {
  it('finds each delivery\'s attempts by index (a cascade does not scan every attempt)', () => {
    const db = memoryDb();
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT seq FROM delivery_attempts WHERE delivery_id = ?').all('d') as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX delivery_attempts_delivery/);
  });
});

describe('rotating the signing secret', () => {
  it('gives a new secret; the previous one signs beside it until its grace period ends', () => {
    const db = memoryDb();
    const w = hook(db, ['extraction.job_completed']);
    job(db, [1]);
    claimAndComplete(db);
    const rotated = rotateWebhookSecret(db, { webhook_id: w.webhook_id, grace_seconds: 3600 })!;
    expect(rotated.signing_secret).toMatch(/^wh_sec_[A-Za-z0-9_-]{32}$/);
    expect(rotated.signing_secret).not.toBe(w.signing_secret);
    expect(rotated).toMatchObject({ webhook_id: w.webhook_id, url: w.url, events: w.events, enabled: true });
    const left = Date.parse(rotated.previous_secret_expires_at!) - Date.now();
    expect(left).toBeGreaterThan(3590_000);
    expect(left).toBeLessThanOrEqual(3600_000);
    expect(getWebhook(db, { webhook_id: w.webhook_id })).not.toHaveProperty('signing_secret');

    // A delivery queued before the rotation is sent with the new secret and the previous one.
    const [due] = dueDeliveries(db, { now: new Date(Date.now() + 1000).toISOString(), limit: 10 });
    expect(due).toMatchObject({ signing_secret: rotated.signing_secret, previous_signing_secret: w.signing_secret });
    expect(webhookTarget(db, { webhook_id: w.webhook_id })).toMatchObject({ signing_secret: rotated.signing_secret, previous_signing_secret: w.signing_secret });

    // Once the grace period is over, only the new secret signs.
    db.prepare('UPDATE webhooks SET previous_secret_expires_at = ? WHERE id = ?').run(new Date(Date.now() - 1000).toISOString(), w.webhook_id);
    expect(dueDeliveries(db, { now: new Date(Date.now() + 1000).toISOString(), limit: 10 })[0]!.previous_signing_secret).toBeNull();
    expect(webhookTarget(db, { webhook_id: w.webhook_id })!.previous_signing_secret).toBeNull();
  });

  it('with no grace period the previous secret stops at once; a second rotation keeps only the one it replaced', () => {
    const db = memoryDb();
    const w = hook(db);
    const first = rotateWebhookSecret(db, { webhook_id: w.webhook_id, grace_seconds: 0 })!;
    expect(first.previous_secret_expires_at).toBeNull();
    expect(webhookTarget(db, { webhook_id: w.webhook_id })).toMatchObject({ signing_secret: first.signing_secret, previous_signing_secret: null });
    const second = rotateWebhookSecret(db, { webhook_id: w.webhook_id, grace_seconds: 60 })!;
    expect(webhookTarget(db, { webhook_id: w.webhook_id })).toMatchObject({ signing_secret: second.signing_secret, previous_signing_secret: first.signing_secret });
    expect(rotateWebhookSecret(db, { webhook_id: 'wh_nope', grace_seconds: 0 })).toBeNull();
  });
});

describe('disabling a webhook', () => {
  it('ends its deliveries waiting for a retry, logs why, and re-enabling sends none of them', () => {
    const db = memoryDb();
    const w = hook(db, ['extraction.job_completed']);
    const other = hook(db, ['extraction.job_completed']);
    job(db, [1]);
    claimAndComplete(db);
    const later = new Date(Date.now() + 60_000).toISOString();
    const mine = dueDeliveries(db, { now: later, limit: 10 }).find((d) => d.webhook_id === w.webhook_id)!;
    recordDeliveryAttempt(db, attempt(mine, 1, { next_attempt_at: new Date(Date.now() + 30_000).toISOString() }));

    updateWebhook(db, { webhook_id: w.webhook_id, enabled: false });
    expect(deliveries(db).find((d) => d.id === mine.delivery_id)).toMatchObject({ status: 'failed', attempts: 1, next_attempt_at: null });
    expect(getWebhook(db, { webhook_id: w.webhook_id })!.deliveries[0]).toMatchObject({
      delivery_id: mine.delivery_id,
      attempt: 2,
      status_code: null,
      success: false,
      error: SKIPPED_WHEN_DISABLED,
      duration_ms: 0,
    });
    // The other webhook's delivery is untouched.
    expect(deliveries(db).find((d) => d.webhook_id === other.webhook_id)).toMatchObject({ status: 'pending' });

    // Events while disabled are not queued; re-enabling sends neither those nor the skipped one.
    job(db, [1], undefined, 'off');
    claimAndComplete(db);
    updateWebhook(db, { webhook_id: w.webhook_id, enabled: true });
    expect(dueDeliveries(db, { now: later, limit: 10 }).map((d) => d.webhook_id)).toEqual([other.webhook_id, other.webhook_id]);
    // Disabling again, or patching a disabled webhook, logs nothing more.
    updateWebhook(db, { webhook_id: w.webhook_id, enabled: false });
    updateWebhook(db, { webhook_id: w.webhook_id, url: 'http://elsewhere.test/' });
    expect(getWebhook(db, { webhook_id: w.webhook_id })!.deliveries).toHaveLength(2);
  });

  it('an attempt under way when the webhook is disabled is recorded but not retried', () => {
    const db = memoryDb();
    const w = hook(db, ['extraction.job_completed']);
    job(db, [1]);
    claimAndComplete(db);
    const [due] = dueDeliveries(db, { now: new Date(Date.now() + 1000).toISOString(), limit: 10 });
    updateWebhook(db, { webhook_id: w.webhook_id, enabled: false });
    recordDeliveryAttempt(db, attempt(due!, 1, { next_attempt_at: '2030-01-01T00:00:00.000Z' }));
    expect(deliveries(db)[0]).toMatchObject({ status: 'failed', attempts: 1, next_attempt_at: null });
    // The attempt that was made replaces the "not sent" line the disabling wrote for it.
    expect(getWebhook(db, { webhook_id: w.webhook_id })!.deliveries.map((d) => [d.attempt, d.status_code, d.error])).toEqual([[1, 500, 'HTTP 500']]);
    updateWebhook(db, { webhook_id: w.webhook_id, enabled: true });
    expect(dueDeliveries(db, { now: '2031-01-01T00:00:00.000Z', limit: 10 })).toEqual([]);
  });

  it('an attempt under way while the webhook is disabled and enabled again is not retried either', () => {
    const db = memoryDb();
    const w = hook(db, ['extraction.job_completed']);
    job(db, [1]);
    claimAndComplete(db);
    const [due] = dueDeliveries(db, { now: new Date(Date.now() + 1000).toISOString(), limit: 10 });
    updateWebhook(db, { webhook_id: w.webhook_id, enabled: false });
    updateWebhook(db, { webhook_id: w.webhook_id, enabled: true });
    recordDeliveryAttempt(db, attempt(due!, 1, { next_attempt_at: '2030-01-01T00:00:00.000Z' }));
    expect(deliveries(db)[0]).toMatchObject({ status: 'failed', attempts: 1, next_attempt_at: null });
    expect(dueDeliveries(db, { now: '2031-01-01T00:00:00.000Z', limit: 10 })).toEqual([]);
  });
});

describe('pruning the delivery log', () => {
  /** `n` finished deliveries of webhook `w` (with one attempt each), last updated at `updatedAt`. */
  function finished(db: Db, webhookId: string, n: number, updatedAt: string, status: 'delivered' | 'failed' = 'delivered'): string[] {
    return Array.from({ length: n }, () => {
      const { delivery_id } = insertImmediateDelivery(db, { webhook_id: webhookId, event: 'webhook.test', body_without_id: { event: 'webhook.test' } });
      recordDeliveryAttempt(db, attempt({ delivery_id, webhook_id: webhookId, event: 'webhook.test' }, 1, { success: status === 'delivered', status_code: 200, error: null }));
      setColumn(db, 'deliveries', delivery_id, 'updated_at', updatedAt);
      return delivery_id;
    });
  }
  const count = (db: Db, table: string): number => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

  it('removes finished deliveries older than the age limit with their attempts, never pending ones', () => {
    const db = memoryDb();
    const w = hook(db, ['extraction.job_completed']);
    const now = '2026-06-30T12:00:00.000Z';
    const old = finished(db, w.webhook_id, 3, '2026-05-01T00:00:00.000Z', 'failed');
    const recent = finished(db, w.webhook_id, 2, '2026-06-29T00:00:00.000Z');
    // A pending delivery from long ago (its retry is still to come) stays.
    job(db, [1]);
    claimAndComplete(db);
    const pending = deliveries(db).find((d) => d.status === 'pending')!;
    setColumn(db, 'deliveries', pending.id, 'updated_at', '2026-01-01T00:00:00.000Z');

    expect(pruneDeliveryLog(db, { now, limit: 100, max_age_days: 30 })).toBe(3);
    expect(deliveries(db).map((d) => d.id)).toEqual([...recent, pending.id]);
    expect(count(db, 'delivery_attempts')).toBe(2);
    expect(getWebhook(db, { webhook_id: w.webhook_id })!.deliveries.map((d) => d.delivery_id)).toEqual([...recent].reverse());
    expect(old.every((id) => !deliveries(db).some((d) => d.id === id))).toBe(true);
    expect(pruneDeliveryLog(db, { now, limit: 100, max_age_days: 30 })).toBe(0);
  });

  it('keeps at most the newest N deliveries per webhook, in batches of `limit`', () => {
    const db = memoryDb();
    const a = hook(db);
    const b = hook(db);
    const now = new Date().toISOString();
    const ofA = finished(db, a.webhook_id, 12, now);
    const ofB = finished(db, b.webhook_id, 4, now);
    expect(pruneDeliveryLog(db, { now, limit: 5, max_per_webhook: 5 })).toBe(5);
    expect(pruneDeliveryLog(db, { now, limit: 5, max_per_webhook: 5 })).toBe(2);
    expect(pruneDeliveryLog(db, { now, limit: 5, max_per_webhook: 5 })).toBe(0);
    expect(deliveries(db).map((d) => d.id)).toEqual([...ofA.slice(7), ...ofB]);
    expect(count(db, 'delivery_attempts')).toBe(9);
  });

  it('uses the deliveries-by-webhook index', () => {
    const db = memoryDb();
    const plan = db
      .prepare("EXPLAIN QUERY PLAN SELECT id FROM deliveries WHERE webhook_id = ? AND status != 'pending' AND (seq < ? OR updated_at < ?) ORDER BY seq LIMIT 5")
      .all('w', 1, 'x') as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/INDEX deliveries_webhook/);
  });
});

describe('the extraction.job_completed body of a large job', () => {
  it(`lists at most ${MAX_DOCUMENTS_IN_JOB_EVENT} documents, says it cut the list, and where the results are`, () => {
    const db = memoryDb();
    hook(db, ['extraction.job_completed']);
    const big = job(db, Array.from({ length: MAX_DOCUMENTS_IN_JOB_EVENT + 50 }, () => 1));
    cancelExtraction(db, { extraction_id: big });
    const body = JSON.parse(deliveries(db)[0]!.body) as {
      data: { extraction: { document_summary: { total: number; failed: number }; documents: Array<{ filename: string }> }; documents_truncated: boolean; results_path: string };
    };
    expect(body.data.documents_truncated).toBe(true);
    expect(body.data.results_path).toBe(`/v1/extractions/${big}/results`);
    expect(body.data.extraction.document_summary).toMatchObject({ total: MAX_DOCUMENTS_IN_JOB_EVENT + 50, failed: MAX_DOCUMENTS_IN_JOB_EVENT + 50 });
    expect(body.data.extraction.documents).toHaveLength(MAX_DOCUMENTS_IN_JOB_EVENT);
    expect(body.data.extraction.documents[0]!.filename).toBe('f1.pdf');

    const small = job(db, [1, 1], undefined, 's');
    cancelExtraction(db, { extraction_id: small });
    const smallBody = JSON.parse(deliveries(db)[1]!.body) as { data: { extraction: { documents: unknown[] }; documents_truncated: boolean } };
    expect(smallBody.data.documents_truncated).toBe(false);
    expect(smallBody.data.extraction.documents).toHaveLength(2);
  });
});
