// An in-memory DeliveryQueue with the store's semantics, for dispatcher tests: due() answers
// oldest first, taking turns between webhooks, recordAttempt() logs and reschedules or finishes, nextDueAt() the earliest.
import type { AttemptRecord, DeliveryQueue, PendingDelivery } from '../../../../src/main/services/webhooks/queue.js';

interface Entry {
  delivery: PendingDelivery;
  seq: number;
  status: 'pending' | 'delivered' | 'failed';
  nextAttemptAt: string | null;
}

export class MemoryDeliveryQueue implements DeliveryQueue {
  /** Every recorded attempt, in order. */
  readonly attempts: AttemptRecord[] = [];
  readonly #entries = new Map<string, Entry>();
  #seq = 0;

  /** Enqueues a delivery due at `dueAt` (default: now). */
  add(delivery: Partial<PendingDelivery> & { delivery_id: string; url: string }, dueAt: Date = new Date()): PendingDelivery {
    const full: PendingDelivery = {
      webhook_id: 'wh_test',
      event: 'extraction.job_completed',
      body: JSON.stringify({ event: 'extraction.job_completed', delivery_id: delivery.delivery_id }),
      signing_secret: 'wh_sec_test',
      static_secret: null,
      attempts: 0,
      ...delivery,
    };
    this.#entries.set(full.delivery_id, { delivery: full, seq: this.#seq++, status: 'pending', nextAttemptAt: dueAt.toISOString() });
    return full;
  }

  /** The delivery's status: pending, delivered or failed (given up). */
  status(deliveryId: string): Entry['status'] | undefined {
    return this.#entries.get(deliveryId)?.status;
  }

  async due(now: string, limit: number): Promise<PendingDelivery[]> {
    const turns = new Map<string, number>();
    return [...this.#entries.values()]
      .filter((e) => e.status === 'pending' && e.nextAttemptAt !== null && e.nextAttemptAt <= now)
      .sort((a, b) => (a.nextAttemptAt ?? '').localeCompare(b.nextAttemptAt ?? '') || a.seq - b.seq)
      .map((e) => {
        const turn = (turns.get(e.delivery.webhook_id) ?? 0) + 1;
        turns.set(e.delivery.webhook_id, turn);
        return { e, turn };
      })
      .sort((a, b) => a.turn - b.turn || (a.e.nextAttemptAt ?? '').localeCompare(b.e.nextAttemptAt ?? '') || a.e.seq - b.e.seq)
      .slice(0, limit)
      .map(({ e }) => ({ ...e.delivery }));
  }

  async recordAttempt(record: AttemptRecord): Promise<void> {
    const entry = this.#entries.get(record.delivery_id);
    if (entry === undefined) throw new Error(`no delivery ${record.delivery_id}`);
    if (entry.status !== 'pending') throw new Error(`delivery ${record.delivery_id} is already ${entry.status}`);
    this.attempts.push(record);
    entry.delivery = { ...entry.delivery, attempts: record.attempt };
    entry.nextAttemptAt = record.next_attempt_at;
    if (record.next_attempt_at === null) entry.status = record.success ? 'delivered' : 'failed';
  }

  async nextDueAt(): Promise<string | null> {
    let earliest: string | null = null;
    for (const e of this.#entries.values()) {
      if (e.status !== 'pending' || e.nextAttemptAt === null) continue;
      if (earliest === null || e.nextAttemptAt < earliest) earliest = e.nextAttemptAt;
    }
    return earliest;
  }
}

/** Polls `predicate` every 5 ms until it holds; rejects after `timeoutMs`. */
export async function waitUntil(predicate: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
