// Shutdown help: Node's server.close() waits for every open connection, and
// closeIdleConnections() does not count a connection that has not yet sent a request (HTTP
// clients open spare ones, e.g. after an aborted stream) — so such a connection could hold a
// shutdown until the headers timeout. Those carry no work; they are destroyed when closing.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** Tracks connections that have not carried a request; returns a function destroying them. */
export function trackUnusedConnections(server: Server): () => void {
  const unused = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    unused.add(socket);
    socket.once('close', () => unused.delete(socket));
  });
  server.on('request', (request: { socket: Socket }) => {
    unused.delete(request.socket);
  });
  return () => {
    for (const socket of unused) socket.destroy();
    unused.clear();
  };
}
