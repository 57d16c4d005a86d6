// Helpers every store shares: turning a rejection into a sentence for the user, a throttle
// for refetches that pushed events trigger, and one store per backend. Store factories live in
// their own *-store.ts files.
import type { Backend } from '../backend/backend.js';

/** "Context. Reason." — the backend rejects with sentences; this adds what the user was doing. */
export function failure(context: string, err: unknown): string {
  const reason = reasonOf(err);
  const head = endSentence(context);
  return reason ? `${head} ${reason}` : head;
}

/** The rejection's own message as one tidy sentence, or '' when it has none. */
export function reasonOf(err: unknown): string {
  const raw = err instanceof Error ? err.message : typeof err === 'string' ? err : '';
  const text = raw.trim();
  if (!text) return '';
  return endSentence(text.charAt(0).toUpperCase() + text.slice(1));
}

/** True when a lookup by id failed because nothing is there: deleted, or an address mistyped or cut
 *  off (an id the server refuses outright is as missing as one it does not know). */
export function isNotFound(err: unknown): boolean {
  const code = err !== null && typeof err === 'object' ? (err as { code?: unknown }).code : undefined;
  return code === 'RESOURCE_NOT_FOUND' || code === 'PARSER_NOT_FOUND' || code === 'INVALID_PAYLOAD';
}

function endSentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

/** Runs `fn` at most once per `ms` (leading call delayed by 0 ms, later calls coalesced into one
 *  trailing run). `cancel` drops a pending run. Uses setTimeout so tests can fake the clock. */
export function throttle(fn: () => void, ms: () => number): { (): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = Number.NEGATIVE_INFINITY;
  const run = () => {
    if (timer) return;
    const wait = Math.max(0, last + ms() - Date.now());
    timer = setTimeout(() => {
      timer = null;
      last = Date.now();
      fn();
    }, wait);
  };
  run.cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return run;
}

/** One store per backend, made on first use: screens of the same window share it, while tests
 *  (each with its own fake backend) get their own. */
export function perBackend<S>(create: (backend: Backend) => S): (backend: Backend) => S {
  const stores = new WeakMap<Backend, S>();
  return (backend) => {
    let store = stores.get(backend);
    if (!store) {
      store = create(backend);
      stores.set(backend, store);
    }
    return store;
  };
}
