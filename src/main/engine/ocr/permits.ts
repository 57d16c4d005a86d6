// Permits to run one page recognition, shared by every engine thread of a process. Each engine
// thread has as many OCR workers as there are cores, so a document parsed alone has all of
// them; the permits keep the recognitions running at once across threads within the cores. The
// engine pool hands them out (it sees every thread, and takes back the permits of a thread that
// stops); without a broker (the main thread, tests) recognition is not limited here.
import { cancelledError } from '../errors.js';

export interface OcrPermits {
  /** Resolves once a recognition may start; rejects when `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Gives back a permit acquire granted. */
  release(): void;
}

let current: OcrPermits | undefined;

/** Sets (or clears) the process's permit broker for this thread's OCR. */
export function setOcrPermits(permits: OcrPermits | undefined): void {
  current = permits;
}

export function ocrPermits(): OcrPermits | undefined {
  return current;
}

/** The engine thread's side of the broker: one request message per acquire, granted in order. */
export function messagePermits(send: (msg: { type: 'ocr-permit'; op: 'acquire' | 'release' }) => void): OcrPermits & { granted(): void } {
  const waiting: Array<() => void> = [];
  return {
    acquire(signal?: AbortSignal): Promise<void> {
      return new Promise((resolve, reject) => {
        const onAbort = () => reject(cancelledError());
        signal?.addEventListener('abort', onAbort, { once: true });
        waiting.push(() => {
          signal?.removeEventListener('abort', onAbort);
          // Cancelled while waiting: the permit goes straight back.
          if (signal?.aborted) send({ type: 'ocr-permit', op: 'release' });
          else resolve();
        });
        send({ type: 'ocr-permit', op: 'acquire' });
      });
    },
    release(): void {
      send({ type: 'ocr-permit', op: 'release' });
    },
    granted(): void {
      waiting.shift()?.();
    },
  };
}

/** The broker's side: hands out at most `capacity` permits at once, in the order they were
 *  asked for, and takes back every permit of an owner that goes away. */
export class PermitBroker<T> {
  private readonly held = new Map<T, number>();
  private readonly waiting: T[] = [];
  private total = 0;

  constructor(
    private readonly capacity: number,
    private readonly grant: (owner: T) => void,
  ) {}

  /** Permits held now, by everyone. */
  get inUse(): number {
    return this.total;
  }

  /** Whether `owner` is waiting for a permit. */
  isWaiting(owner: T): boolean {
    return this.waiting.includes(owner);
  }

  request(owner: T): void {
    this.waiting.push(owner);
    this.pump();
  }

  release(owner: T): void {
    const n = this.held.get(owner) ?? 0;
    if (n === 0) return;
    if (n === 1) this.held.delete(owner);
    else this.held.set(owner, n - 1);
    this.total--;
    this.pump();
  }

  /** Forgets an owner: its permits come back and its requests are dropped. */
  drop(owner: T): void {
    this.total -= this.held.get(owner) ?? 0;
    this.held.delete(owner);
    for (let i = this.waiting.indexOf(owner); i >= 0; i = this.waiting.indexOf(owner)) this.waiting.splice(i, 1);
    this.pump();
  }

  private pump(): void {
    while (this.total < this.capacity && this.waiting.length > 0) {
      const owner = this.waiting.shift()!;
      this.held.set(owner, (this.held.get(owner) ?? 0) + 1);
      this.total++;
      this.grant(owner);
    }
  }
}
