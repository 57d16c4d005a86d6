// GET /v1/events: job progress as server-sent events (`event: <type>` + `data: <json>`), with a
// comment heartbeat every 15 s so proxies and clients keep the stream open. The subscription
// ends when the client goes away or the server closes.
import { PassThrough } from 'node:stream';
import type { JobEvent } from '../../services/types.js';
import { defineRoute, type Route } from '../route-spec.js';
import type { RouteDeps } from './deps.js';

const HEARTBEAT_MS = 15_000;

/** Stoppers of the open event streams; the server calls them all when it closes. */
export type OpenStreams = Set<() => void>;

/** The events route; `heartbeatMs` is shortened by tests. */
export function eventRoutes({ services }: RouteDeps, open: OpenStreams, heartbeatMs = HEARTBEAT_MS): Route[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/v1/events',
      operationId: 'streamEvents',
      summary: 'Job progress as server-sent events (document.status, document.progress, extraction.status)',
      tag: 'Events',
      responses: [{ status: 200, description: 'An endless event stream', contentType: 'text/event-stream' }],
      handler: async ({ reply }) => {
        const out = new PassThrough();
        const controller = new AbortController();
        const heartbeat = setInterval(() => out.write(': heartbeat\n\n'), heartbeatMs);
        heartbeat.unref();
        const stop = () => {
          if (controller.signal.aborted) return;
          controller.abort();
          clearInterval(heartbeat);
          open.delete(stop);
          out.end();
        };
        open.add(stop);
        reply.raw.on('close', stop);
        reply.header('content-type', 'text/event-stream; charset=utf-8');
        reply.header('cache-control', 'no-cache');
        reply.header('x-accel-buffering', 'no');
        out.write(': connected\n\n');
        services.events.subscribe((event: JobEvent) => {
          if (!controller.signal.aborted) out.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
        }, controller.signal);
        return reply.send(out);
      },
    }),
  ];
}
