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
  /** Permits free across the process, as last heard from the broker (undefined: not known). A
   *  page is read in two bands at once only when two are free: otherwise its bands would wait
   *  for each other's permits while other pages could use the cores, and the overlap read
   *  twice would be work for nothing. */
  readonly free?: number | undefined;
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
export function messagePermits(
  send: (msg: { type: 'ocr-permit'; op: 'acquire' | 'release' }) => void,
): OcrPermits & { granted(): void; heard(free: number): void } {
  const waiting: Array<() => void> = [];
  let free: number | undefined;
  return {
    get free() {
      return free;
    },
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
    heard(count: number): void {
      free = count;
    },
  };
}

/** The broker's side: hands out at most `capacity` permits at once, in the order they were
 *  asked for, and takes back every permit of an owner that goes away. `changed` hears the
 *  number of free permits whenever it changes. */
export class PermitBroker<T> {
  private readonly held = new Map<T, number>();
  private readonly waiting: T[] = [];
  private total = 0;
  private told: number;

  constructor(
    private readonly capacity: number,
    private readonly grant: (owner: T) => void,
    private readonly changed: (free: number) => void = () => undefined,
  ) {
    this.told = capacity;
  }

  /** Permits held now, by everyone. */
  get inUse(): number {
    return this.total;
  }

  /** Permits nobody holds now. */
  get free(): number {
    return this.capacity - this.total;
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
    if (this.free !== this.told) {
      this.told = this.free;
      this.changed(this.told);
    }
  }
}
