// A small fault-injecting reverse proxy for sync tests: it forwards every request to a target
// server, and answers the next request matching a rule with a fault instead: a 429 with
// Retry-After (the target never sees the request), or a connection destroyed mid-response
// (the target did handle the request; its answer is cut off after the headers and a few bytes).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault = { kind: '429'; retryAfter?: number } | { kind: 'drop' };

interface Rule {
  method: string;
  path: RegExp;
  fault: Fault;
  /** Matching requests let through before the fault fires. */
  skip: number;
}

export interface FaultProxy {
  url: string;
  /** Every request seen: method, path, and the fault applied (if any). */
  seen: Array<{ method: string; path: string; fault: Fault['kind'] | null }>;
  /** Applies `fault` to the next request matching (after letting `skip` of them through). */
  inject(method: string, path: RegExp, fault: Fault, skip?: number): void;
  /** Faults not yet fired. */
  pending(): number;
  close(): Promise<void>;
}

/** Starts the proxy on 127.0.0.1 (a free port) in front of `target` (e.g. http://127.0.0.1:4321). */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const rules: Rule[] = [];
  const seen: FaultProxy['seen'] = [];
  const server = http.createServer((req, res) => {
    const method = req.method ?? 'GET';
    const pathname = (req.url ?? '/').split('?')[0]!;
    const index = rules.findIndex((r) => r.method === method && r.path.test(pathname));
    let fault: Fault | null = null;
    if (index >= 0) {
      const rule = rules[index]!;
      if (rule.skip > 0) rule.skip -= 1;
      else {
        fault = rule.fault;
        rules.splice(index, 1);
      }
    }
    seen.push({ method, path: req.url ?? '/', fault: fault?.kind ?? null });
    if (fault?.kind === '429') {
      req.resume();
      const body = JSON.stringify({ error: { code: 'RATE_LIMITED', message: 'Injected rate limit.', requestId: 'req_fault', retryable: true } });
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(fault.retryAfter ?? 1), 'x-ratelimit-remaining': '0' });
      res.end(body);
      return;
    }
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        if (fault?.kind === 'drop') {
          // The target handled it; the client sees the headers and a few bytes, then a reset.
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.once('data', (chunk: Buffer) => {
            res.write(chunk.subarray(0, Math.min(5, chunk.length)), () => res.socket?.destroy());
            answer.resume();
          });
          answer.once('end', () => res.socket?.destroy());
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.socket?.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    inject(method, path, fault, skip = 0) {
      rules.push({ method, path, fault, skip });
    },
    pending: () => rules.length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
