// Drains the persisted delivery queue: sends what is due, a few at a time, records every
// attempt with its next retry, and sleeps until the next one is due or the job runner calls
// notify(). The queue is the source of truth, so a restart picks up where the last run stopped.
import { buildHeaders, DEFAULT_TIMEOUT_MS, deliverOnce, type AttemptOutcome } from './deliver.js';
import type { AttemptRecord, DeliveryQueue, PendingDelivery } from './queue.js';
import { DEFAULT_RETRY_SCHEDULE, nextAttemptAt, shouldRetry, type RetrySchedule } from './retry-policy.js';

export interface WebhookDispatcherOptions {
  queue: DeliveryQueue;
  /** Back-off and attempt limit; DEFAULT_RETRY_SCHEDULE when absent. */
  schedule?: RetrySchedule | undefined;
  /** Deliveries attempted at once (default 4). */
  concurrency?: number | undefined;
  /** Deliveries attempted at once to one webhook (default: half of `concurrency`, at least 1), so
   *  a receiver that hangs or fails cannot take every slot and hold up the other webhooks. */
  perWebhook?: number | undefined;
  /** Per-attempt timeout (default 10 s). */
  timeoutMs?: number | undefined;
  /** The clock used for due times and the attempt log. */
  now?: (() => Date) | undefined;
  /** Receives one line per attempt and per queue error. */
  log?: ((message: string) => void) | undefined;
  /** Jitter source in [0, 1) (default Math.random). */
  random?: (() => number) | undefined;
  /** Longest sleep between two looks at the queue (default 60 s). */
  maxIdleMs?: number | undefined;
  /** Pause after the queue throws, before trying it again (default 5 s). */
  queueErrorRetryMs?: number | undefined;
  /** How often the delivery log is pruned (default hourly; the first time a minute after start). */
  pruneIntervalMs?: number | undefined;
  /** Deliveries removed per store call while pruning (default 500), so a long backlog is removed
   *  in small steps between which deliveries are recorded as usual. */
  pruneBatch?: number | undefined;
}

/** The first prune runs this long after start, or after one interval when that is shorter. */
const FIRST_PRUNE_AFTER_MS = 60_000;

const defaultLog = (message: string): void => console.error(`[webhooks] ${message}`);

/** Sends pending webhook deliveries in the background; start() once, notify() after enqueueing,
 *  stop() on shutdown. */
export class WebhookDispatcher {
  readonly #queue: DeliveryQueue;
  readonly #schedule: RetrySchedule;
  readonly #concurrency: number;
  readonly #perWebhook: number;
  readonly #timeoutMs: number;
  readonly #now: () => Date;
  readonly #logSink: (message: string) => void;
  readonly #random: () => number;
  readonly #maxIdleMs: number;
  readonly #queueErrorRetryMs: number;
  readonly #pruneIntervalMs: number;
  readonly #pruneBatch: number;

  #running = false;
  #pruneTimer: NodeJS.Timeout | null = null;
  #pruneDone: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | null = null;
  /** Attempts under way, by delivery id, with their webhook: a delivery is never sent twice at once. */
  readonly #inFlight = new Map<string, { webhookId: string; done: Promise<void> }>();
  #pumpActive = false;
  #pumpDone: Promise<void> = Promise.resolve();
  #wakeAgain = false;
  /** Deliveries whose attempt ended while a due() query was out: its answer may predate them. */
  #finishedDuringPoll: Set<string> | null = null;
  /** After a queue error, the queue is left alone until then (performance.now(), not the clock). */
  #pausedUntil = 0;

  constructor(options: WebhookDispatcherOptions) {
    this.#queue = options.queue;
    this.#schedule = options.schedule ?? DEFAULT_RETRY_SCHEDULE;
    this.#concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
    this.#perWebhook = Math.min(this.#concurrency, Math.max(1, Math.floor(options.perWebhook ?? this.#concurrency / 2)));
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#now = options.now ?? (() => new Date());
    this.#logSink = options.log ?? defaultLog;
    this.#random = options.random ?? Math.random;
    this.#maxIdleMs = Math.max(1, options.maxIdleMs ?? 60_000);
    this.#queueErrorRetryMs = Math.max(1, options.queueErrorRetryMs ?? 5_000);
    this.#pruneIntervalMs = Math.max(1, options.pruneIntervalMs ?? 60 * 60 * 1000);
    this.#pruneBatch = Math.max(1, Math.floor(options.pruneBatch ?? 500));
  }

  /** Begins draining: deliveries already due (say, left from the last run) go out now. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.notify();
    this.#schedulePrune(Math.min(FIRST_PRUNE_AFTER_MS, this.#pruneIntervalMs));
  }

  /** Looks at the queue now; the job runner calls this after enqueueing deliveries. */
  notify(): void {
    if (!this.#running) return;
    this.#wakeAgain = true;
    if (this.#pumpActive) return;
    this.#pumpActive = true;
    this.#pumpDone = this.#pump();
  }

  /** Stops polling and resolves once the attempts under way have been sent and recorded. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#clearTimer();
    if (this.#pruneTimer !== null) clearTimeout(this.#pruneTimer);
    this.#pruneTimer = null;
    await this.#pruneDone;
    await this.#pumpDone;
    await Promise.allSettled([...this.#inFlight.values()].map((entry) => entry.done));
    this.#clearTimer();
  }

  async #pump(): Promise<void> {
    try {
      while (this.#running && this.#wakeAgain) {
        this.#wakeAgain = false;
        await this.#pollOnce();
      }
    } finally {
      this.#pumpActive = false;
    }
  }

  /** Starts what is due (up to the free slots) and arms the timer for the next due time. */
  async #pollOnce(): Promise<void> {
    const pauseLeft = this.#pausedUntil - performance.now();
    if (pauseLeft > 0) {
      this.#setTimer(pauseLeft);
      return;
    }
    const nowMs = this.#now().getTime();
    try {
      let started = 0;
      if (this.#inFlight.size < this.#concurrency) {
        const finished = new Set<string>();
        this.#finishedDuringPoll = finished;
        let due: PendingDelivery[];
        try {
          // Ask for enough to fill every free slot even if some answers are already in flight or
          // belong to a webhook that has its share of the slots; the queue takes turns between
          // webhooks, so a long backlog of one webhook does not hide the others.
          const limit = this.#inFlight.size + this.#concurrency * (this.#perWebhook + 1);
          due = await this.#queue.due(new Date(nowMs).toISOString(), limit);
        } finally {
          this.#finishedDuringPoll = null;
        }
        for (const delivery of due) {
          if (!this.#running || this.#inFlight.size >= this.#concurrency) break;
          if (this.#inFlight.has(delivery.delivery_id) || finished.has(delivery.delivery_id)) continue;
          if (this.#inFlightTo(delivery.webhook_id) >= this.#perWebhook) continue;
          this.#startAttempt(delivery);
          started += 1;
        }
      }
      if (this.#running) await this.#armTimer(started);
    } catch (err) {
      this.#queueFailed('reading due deliveries', err);
    }
  }

  async #armTimer(started: number): Promise<void> {
    const next = await this.#queue.nextDueAt();
    if (!this.#running) return;
    let delay = next === null ? this.#maxIdleMs : Date.parse(next) - this.#now().getTime();
    if (Number.isNaN(delay)) delay = this.#maxIdleMs;
    if (delay <= 0) {
      // Overdue yet not started: it is in flight, every slot is busy or its webhook has its
      // share of them, and each finishing attempt polls again. With nothing running, poll again soon, not in a tight loop.
      if (this.#inFlight.size > 0) delay = this.#maxIdleMs;
      else delay = started > 0 ? 0 : Math.min(1_000, this.#maxIdleMs);
    }
    this.#setTimer(Math.min(delay, this.#maxIdleMs));
  }

  #startAttempt(delivery: PendingDelivery): void {
    // Registered before the attempt begins, so its own completion always finds the entry.
    this.#inFlight.set(delivery.delivery_id, {
      webhookId: delivery.webhook_id,
      done: Promise.resolve().then(() => this.#attempt(delivery)),
    });
  }

  /** Attempts under way to one webhook (a count over at most `concurrency` entries). */
  #inFlightTo(webhookId: string): number {
    let count = 0;
    for (const entry of this.#inFlight.values()) if (entry.webhookId === webhookId) count += 1;
    return count;
  }

  /** Sends one attempt and records it; never rejects. */
  async #attempt(delivery: PendingDelivery): Promise<void> {
    const attempt = delivery.attempts + 1;
    const sentAt = this.#now();
    const attemptedAt = sentAt.toISOString();
    let outcome: AttemptOutcome;
    try {
      outcome = await deliverOnce({
        url: delivery.url,
        body: delivery.body,
        headers: buildHeaders(delivery, sentAt),
        timeoutMs: this.#timeoutMs,
      });
    } catch (err) {
      outcome = { statusCode: null, success: false, error: `could not send: ${messageOf(err)}`, durationMs: 0 };
    }
    const next = nextAttemptAt(outcome, attempt, this.#now(), this.#schedule, this.#random);
    const record: AttemptRecord = {
      delivery_id: delivery.delivery_id,
      webhook_id: delivery.webhook_id,
      event: delivery.event,
      attempt,
      status_code: outcome.statusCode,
      success: outcome.success,
      error: outcome.error,
      duration_ms: outcome.durationMs,
      attempted_at: attemptedAt,
      next_attempt_at: next === null ? null : next.toISOString(),
    };
    this.#log(describeAttempt(record, this.#schedule.maxAttempts));
    try {
      await this.#queue.recordAttempt(record);
    } catch (err) {
      this.#queueFailed(`recording attempt ${attempt} of delivery ${delivery.delivery_id}`, err);
    } finally {
      this.#finishedDuringPoll?.add(delivery.delivery_id);
      this.#inFlight.delete(delivery.delivery_id);
      this.notify();
    }
  }

  #schedulePrune(delayMs: number): void {
    const prune = this.#queue.prune?.bind(this.#queue);
    if (!this.#running || prune === undefined) return;
    this.#pruneTimer = setTimeout(() => {
      this.#pruneTimer = null;
      this.#pruneDone = this.#prune(prune).finally(() => this.#schedulePrune(this.#pruneIntervalMs));
    }, delayMs);
    this.#pruneTimer.unref();
  }

  /** Prunes the delivery log in batches until a batch comes back short; never rejects. Each
   *  batch is one store call, so attempts are recorded between them as usual. */
  async #prune(prune: NonNullable<DeliveryQueue['prune']>): Promise<void> {
    let total = 0;
    try {
      while (this.#running) {
        const removed = await prune(this.#now().toISOString(), this.#pruneBatch);
        total += removed;
        if (removed < this.#pruneBatch) break;
      }
    } catch (err) {
      this.#log(`could not prune the delivery log: ${messageOf(err)}`);
    }
    if (total > 0) this.#log(`pruned ${total} old deliveries from the delivery log`);
  }

  /** Logs a queue failure and leaves the queue alone for a while; nothing is thrown. */
  #queueFailed(what: string, err: unknown): void {
    this.#pausedUntil = performance.now() + this.#queueErrorRetryMs;
    this.#log(`queue error while ${what}: ${messageOf(err)}; trying again in ${this.#queueErrorRetryMs / 1000} s`);
    if (this.#running) this.#setTimer(this.#queueErrorRetryMs);
  }

  #setTimer(delayMs: number): void {
    this.#clearTimer();
    if (!this.#running) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.notify();
    }, Math.max(0, delayMs));
    this.#timer.unref();
  }

  #clearTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #log(message: string): void {
    try {
      this.#logSink(message);
    } catch {
      // A broken logger must not stop deliveries.
    }
  }
}

/** One log line per attempt: what was sent, what came back, and what happens next. */
function describeAttempt(record: AttemptRecord, maxAttempts: number): string {
  const head = `delivery ${record.delivery_id} (${record.event}, webhook ${record.webhook_id}) attempt ${record.attempt}/${maxAttempts}`;
  if (record.success) return `${head}: delivered, HTTP ${record.status_code ?? '?'} in ${record.duration_ms} ms`;
  const why = record.error ?? 'failed';
  if (record.next_attempt_at !== null) return `${head}: ${why}; next attempt at ${record.next_attempt_at}`;
  if (!shouldRetry({ statusCode: record.status_code })) return `${head}: ${why}; not retried`;
  return `${head}: ${why}; giving up after ${record.attempt} attempts`;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
