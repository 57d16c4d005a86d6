// Browser mode: the HTTP backend tells the app when the server stops answering its event stream
// and when it answers again, once per change; the desktop backend has no connection to report.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHttpBackend } from '../../src/renderer/backend/http-backend.js';

/** A server whose event stream is up (an open stream that sends nothing) or down (open streams
 *  break, new ones are refused). */
function flakyServer() {
  let up = true;
  const open = new Set<ReadableStreamDefaultController<Uint8Array>>();
  const fetch = async (_url: string, init?: RequestInit) => {
    if (!up) throw new TypeError('Failed to fetch');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        open.add(controller);
        init?.signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  };
  return {
    fetch,
    goDown() {
      up = false;
      for (const controller of open) controller.error(new TypeError('network error'));
      open.clear();
    },
    comeBack() {
      up = true;
    },
  };
}

describe('the HTTP backend’s connection', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reports a lost and a regained connection once each, and retries within seconds', async () => {
    vi.useFakeTimers();
    const server = flakyServer();
    const backend = createHttpBackend({ apiKey: 'pp_local_key', fetch: server.fetch });
    const seen: boolean[] = [];
    const stopListening = backend.onConnection!((connected) => seen.push(connected));
    const unsubscribe = backend.subscribe(() => undefined);
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual([true]);

    // The server goes away: the open stream breaks, and every retry fails too.
    server.goDown();
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual([true, false]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(seen).toEqual([true, false]);

    // Back: noticed within the longest pause between attempts (5 s).
    server.comeBack();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(seen).toEqual([true, false, true]);

    // A listener that arrives while the connection is lost hears so at once.
    server.goDown();
    await vi.advanceTimersByTimeAsync(0);
    const late: boolean[] = [];
    backend.onConnection!((connected) => late.push(connected));
    expect(late).toEqual([false]);
    unsubscribe();
    stopListening();
  });
});
