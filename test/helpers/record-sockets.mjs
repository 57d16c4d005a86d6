// Preloaded (node --import) into a test process and, through the inherited execArgv, into every
// worker thread it starts (store, engine, OCR): records each network connection attempt (TCP, TLS,
// UDP, DNS, IPC paths included) as a JSON line in $PP_SOCKET_LOG and refuses it, and records the
// threads it was loaded in, so a test can prove that nothing connected anywhere.
import { appendFileSync } from 'node:fs';
import dgram from 'node:dgram';
import dns from 'node:dns';
import net from 'node:net';
import tls from 'node:tls';
import { threadId } from 'node:worker_threads';

const logFile = process.env.PP_SOCKET_LOG;
function note(entry) {
  if (logFile) appendFileSync(logFile, `${JSON.stringify({ threadId, ...entry })}\n`);
}
function describe(args) {
  const [first, second] = args;
  if (first && typeof first === 'object') return { path: first.path ?? null, host: first.host ?? null, port: first.port ?? null };
  if (typeof first === 'string' && Number.isNaN(Number(first))) return { path: first };
  return { port: first ?? null, host: typeof second === 'string' ? second : null };
}
function refuse(kind) {
  return function recorded(...args) {
    note({ type: 'attempt', kind, target: describe(args) });
    const err = new Error(`connection refused by the test's socket recorder: ${kind}`);
    err.code = 'ECONNREFUSED';
    throw err;
  };
}

net.Socket.prototype.connect = refuse('net.Socket.connect');
tls.connect = refuse('tls.connect');
dgram.createSocket = refuse('dgram.createSocket');
dns.lookup = refuse('dns.lookup');
dns.promises.lookup = refuse('dns.promises.lookup');
note({ type: 'loaded' });
