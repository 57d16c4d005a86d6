// Child-process body of the offline test: a full local batch with sync off, through the built
// app core (dist/): a parser, jobs.create over the files named on the command line, the job
// followed to its end, a CSV export; sync.status and a refused sync.process; then a control
// connection attempt (after a marker) that the recorder must catch.
import { appendFileSync } from 'node:fs';
import net from 'node:net';
import { PassThrough } from 'node:stream';
import { openApp } from '../../../dist/main/services/app.js';
import { createRpcService } from '../../../dist/main/services/rpc/index.js';
import { closeEnginePool } from '../../../dist/main/jobs/parse-worker-host.js';

const [dataDir, ...files] = process.argv.slice(2);
const app = await openApp({ dataDir, log: () => undefined });
const rpc = createRpcService(app, { mode: 'desktop', api: { status: () => ({ enabled: false, url: null }) } });
const h = rpc.handlers;
const status = await h['sync.status'](undefined);
const parser = await h['parsers.create']({
  name: 'Invoices',
  result_mode: 'one_per_file',
  fields: [
    { name: 'invoice_number', type: 'string' },
    { name: 'total', type: 'number' },
  ],
});
const created = await h['jobs.create']({ parser_id: parser.parser_id, files: files.map((p) => ({ kind: 'path', path: p })) });
let job;
for (;;) {
  job = await h['jobs.get']({ extraction_id: created.extraction_id });
  if (['completed', 'failed', 'partial'].includes(job.status)) break;
  await new Promise((r) => setTimeout(r, 100));
}
const target = await app.services.exports.extraction(job.extraction_id, { format: 'csv', line_items: 'rows' });
const out = new PassThrough();
let csv = '';
out.on('data', (c) => (csv += c));
await target.write(out);
let refused = null;
try {
  await h['sync.process']({ parser_id: parser.parser_id, files: [{ kind: 'path', path: files[0] }] });
} catch (err) {
  refused = err.message;
}
await app.close();
await closeEnginePool();
appendFileSync(process.env.PP_SOCKET_LOG, `${JSON.stringify({ type: 'control' })}\n`);
let control = null;
try {
  net.connect(9, '127.0.0.1');
} catch (err) {
  control = err.message;
}
process.stdout.write(
  `${JSON.stringify({ status, job: { status: job.status, documents: job.documents.map((d) => [d.filename, d.status, d.error_message]) }, csv, refused, control })}\n`,
);
