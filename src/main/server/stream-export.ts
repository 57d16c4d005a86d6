// Streams an ExportTarget to the client: headers first, then whatever the service writes, piped
// through a PassThrough so nothing is built as one string. If the service fails before writing
// a byte, Fastify still answers with the error envelope; after that the connection is cut.
import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { ExportTarget } from '../services/types.js';

/** Sends `target` as an attachment; resolves to the reply for the route handler to return. */
export function sendExport(reply: FastifyReply, target: ExportTarget): FastifyReply {
  const out = new PassThrough();
  reply.header('content-type', target.contentType);
  reply.header('content-disposition', contentDisposition(target.filename));
  reply.header('cache-control', 'no-store');
  target.write(out).then(
    () => {
      if (!out.writableEnded) out.end();
    },
    (err: unknown) => {
      out.destroy(err instanceof Error ? err : new Error(String(err)));
    },
  );
  return reply.send(out);
}

/** `attachment; filename="plain ascii"; filename*=UTF-8''percent-encoded` (RFC 6266). */
export function contentDisposition(filename: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const clean = filename.replace(/[\u0000-\u001f\u007f/\\]/g, '_');
  const ascii = clean.replace(/[^\x20-\x7e]/g, '_').replace(/["%]/g, '_');
  const encoded = encodeURIComponent(clean).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return ascii === clean ? `attachment; filename="${ascii}"` : `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
