// Builds and queues webhook deliveries for job events, inside the transaction that caused them
// (so an event is never lost between "document completed" and "delivery queued").
import { ID_PREFIX } from '../../../shared/api/common.js';
import type { WebhookEvent } from '../../../shared/api/webhooks.js';
import type { Db } from '../db.js';
import { newId } from './common.js';
import { documentDetail, getExtraction } from './extractions.js';

/** The body a job event carries: `{id, event, created_at, data}`. */
export function eventBody(db: Db, args: { event: WebhookEvent; extraction_id: string; document_id?: string | undefined; now: string }): object {
  const data =
    args.event === 'extraction.document_completed' && args.document_id
      ? { document: documentDetail(db, { extraction_id: args.extraction_id, document_id: args.document_id }) }
      : { extraction: getExtraction(db, { extraction_id: args.extraction_id }) };
  return { event: args.event, created_at: args.now, data };
}

/** Queues one delivery per enabled webhook subscribed to the event; returns how many. */
export function enqueueDeliveries(
  db: Db,
  args: { event: WebhookEvent; extraction_id: string; document_id?: string | undefined; now: string },
): number {
  const hooks = db.prepare('SELECT id, events FROM webhooks WHERE enabled = 1').all() as Array<{ id: string; events: string }>;
  const subscribed = hooks.filter((h) => (JSON.parse(h.events) as string[]).includes(args.event));
  if (subscribed.length === 0) return 0;
  const body = eventBody(db, args);
  const insert = db.prepare(
    "INSERT INTO deliveries (id, webhook_id, event, body, status, attempts, next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?)",
  );
  for (const h of subscribed) {
    const id = newId(ID_PREFIX.delivery);
    insert.run(id, h.id, args.event, JSON.stringify({ id, ...body }), args.now, args.now, args.now);
  }
  return subscribed.length;
}
