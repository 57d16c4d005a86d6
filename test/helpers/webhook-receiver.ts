// A real HTTP server on 127.0.0.1 that plays a webhook receiver in tests: it records every
// request with its exact body and answers from a programmable plan (statuses, delays).
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the receiver saw it. */
export interface ReceivedRequest {
  method: string;
  /** Path and query. */
  path: string;
  /** Node lower-cases header names: `headers['x-perfectparser-signature']`. */
  headers: IncomingHttpHeaders;
  /** The body exactly as received, decoded as UTF-8. */
  rawBody: string;
  receivedAt: Date;
}

/** How to answer one request: a status, or a status with a delay before it and a body. */
export type PlannedResponse = number | { status: number; delayMs?: number; body?: string };

export interface WebhookReceiverOptions {
  /** Answers for the first requests, in order. */
  plan?: PlannedResponse[];
  /** The answer once the plan is used up (default 200). */
  fallback?: PlannedResponse;
  /** The path in `url` (default `/hook`); any path is accepted. */
  path?: string;
}

export interface WebhookReceiver {
  /** Where to deliver, e.g. `http://127.0.0.1:43121/hook`. */
  readonly url: string;
  /** Every request so far, in arrival order. */
  readonly requests: ReceivedRequest[];
  /** Replaces the plan for the next requests; the fallback answers after it. */
  respondWith(plan: PlannedResponse[]): void;
  /** Sets the answer used once the plan is used up. */
  setFallback(response: PlannedResponse): void;
  /** Resolves with the requests once `count` have arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  /** Drops open connections and stops listening. */
  close(): Promise<void>;
}

/** Starts a receiver on an ephemeral port of 127.0.0.1. */
export async function startWebhookReceiver(options: WebhookReceiverOptions = {}): Promise<WebhookReceiver> {
  let plan: PlannedResponse[] = [...(options.plan ?? [])];
  let fallback: PlannedResponse = options.fallback ?? 200;
  const requests: ReceivedRequest[] = [];
  const waiters = new Set<() => void>();
  const delays = new Set<NodeJS.Timeout>();

  const answer = (res: ServerResponse, planned: PlannedResponse): void => {
    const { status, body = '', delayMs = 0 } = typeof planned === 'number' ? { status: planned } : planned;
    const send = (): void => {
      if (res.destroyed || res.writableEnded) return;
      const headers: Record<string, string> = { 'Content-Type': 'text/plain' };
      if (status >= 300 && status < 400) headers['Location'] = '/moved';
      res.writeHead(status, headers);
      res.end(body);
    };
    if (delayMs <= 0) return send();
    const timer = setTimeout(() => {
      delays.delete(timer);
      send();
    }, delayMs);
    delays.add(timer);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        rawBody: Buffer.concat(chunks).toString('utf8'),
        receivedAt: new Date(),
      });
      for (const wake of [...waiters]) wake();
      answer(res, plan.shift() ?? fallback);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${options.path ?? '/hook'}`,
    requests,
    respondWith(next) {
      plan = [...next];
    },
    setFallback(response) {
      fallback = response;
    },
    waitFor(count, timeoutMs = 5_000) {
      if (requests.length >= count) return Promise.resolve(requests.slice());
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (requests.length < count) return;
          cleanup();
          resolve(requests.slice());
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`webhook receiver: ${requests.length} of ${count} requests after ${timeoutMs} ms`));
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
      });
    },
    async close() {
      for (const timer of delays) clearTimeout(timer);
      delays.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
