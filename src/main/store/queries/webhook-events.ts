// Builds and queues webhook deliveries for job events, inside the transaction that caused them
// (so an event is never lost between "document completed" and "delivery queued").
import { ID_PREFIX } from '../../../shared/api/common.js';
import type { WebhookEvent } from '../../../shared/api/webhooks.js';
import type { Db } from '../db.js';
import { newId } from './common.js';
import { documentDetail, getExtraction } from './extractions.js';

/** An `extraction.job_completed` body lists at most this many documents (the first ones, in
 *  submission order). A job of thousands of documents would otherwise send megabytes, which many
 *  receivers refuse with 413 (not retried), and the integrator would never learn the job ended. */
export const MAX_DOCUMENTS_IN_JOB_EVENT = 100;

/** The body a job event carries: `{id, event, created_at, data}`. A job event's data also says
 *  whether its document list was cut (`documents_truncated`) and where the whole job's results
 *  are on the local API (`results_path`). */
export function eventBody(db: Db, args: { event: WebhookEvent; extraction_id: string; document_id?: string | undefined; now: string }): object {
  if (args.event === 'extraction.document_completed' && args.document_id) {
    return { event: args.event, created_at: args.now, data: { document: documentDetail(db, { extraction_id: args.extraction_id, document_id: args.document_id }) } };
  }
  const extraction = getExtraction(db, { extraction_id: args.extraction_id, document_limit: MAX_DOCUMENTS_IN_JOB_EVENT });
  const data = {
    extraction,
    documents_truncated: extraction !== null && extraction.document_summary.total > MAX_DOCUMENTS_IN_JOB_EVENT,
    results_path: `/v1/extractions/${args.extraction_id}/results`,
  };
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
