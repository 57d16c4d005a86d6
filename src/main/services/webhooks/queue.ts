// The persisted delivery queue the dispatcher drains. The store implements it over SQLite, so a
// delivery still pending when the app quits is attempted again after a restart.

/** A delivery waiting for its next attempt, with what is needed to send and sign it. */
export interface PendingDelivery {
  delivery_id: string; webhook_id: string; url: string; event: string;
  body: string;               // the exact JSON body to send (signed as-is)
  signing_secret: string; static_secret: string | null;
  /** A rotated-out signing secret still in its grace period (deliveries are signed with both). */
  previous_signing_secret?: string | null | undefined;
  attempts: number;           // attempts made so far
}

/** One attempt, as logged in the delivery log. */
export interface AttemptRecord {
  delivery_id: string; webhook_id: string; event: string; attempt: number; // 1-based number of this attempt
  status_code: number | null; success: boolean; error: string | null; duration_ms: number; attempted_at: string; // ISO
  /** When to try again (ISO), or null when the delivery is finished (delivered, or given up). */
  next_attempt_at: string | null;
}

/** Storage of pending deliveries and their attempt log. */
export interface DeliveryQueue {
  /** Deliveries whose next attempt is due at or before `now` (ISO), at most `limit`, taking turns
   *  between webhooks: each webhook's oldest, then each one's second oldest, and so on (within a
   *  turn, oldest first), so one webhook's backlog never hides another's deliveries. */
  due(now: string, limit: number): Promise<PendingDelivery[]>;
  /** Logs an attempt and reschedules or finishes its delivery, atomically. */
  recordAttempt(record: AttemptRecord): Promise<void>;
  /** The earliest pending next-attempt time (ISO), or null when nothing is pending. */
  nextDueAt(): Promise<string | null>;
  /** Removes up to `limit` finished deliveries the delivery log no longer keeps (by age and by
   *  count per webhook), with their attempts, as of `now` (ISO); returns how many. Optional: a
   *  queue without it keeps everything. */
  prune?(now: string, limit: number): Promise<number>;
}
