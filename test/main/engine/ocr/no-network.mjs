// Preloaded (node --import) into every thread of an OCR test process: every network entry
// point throws and reports the attempt on stderr, so a test can prove OCR stays offline.
import dgram from 'node:dgram';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { threadId } from 'node:worker_threads';

function blocked(name) {
  return () => {
    process.stderr.write(`NET_ATTEMPT ${name}\n`);
    throw new Error(`network disabled in this test: ${name}`);
  };
}
globalThis.fetch = blocked('fetch');
for (const [mod, names, label] of [
  [http, ['request', 'get'], 'http'],
  [https, ['request', 'get'], 'https'],
  [net, ['connect', 'createConnection'], 'net'],
  [tls, ['connect'], 'tls'],
  [dns, ['lookup', 'resolve', 'resolve4', 'resolve6'], 'dns'],
  [dns.promises, ['lookup', 'resolve'], 'dns.promises'],
  [dgram, ['createSocket'], 'dgram'],
]) {
  for (const n of names) mod[n] = blocked(`${label}.${n}`);
}
net.Socket.prototype.connect = blocked('net.Socket.connect');
process.stderr.write(`NET_STUB_ACTIVE ${threadId}\n`);
