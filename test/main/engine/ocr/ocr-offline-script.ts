// Child-process body of the offline OCR test: parses the files named on the command line and
// prints one JSON line per file (status, text, confidences, page size).
import { readFileSync } from 'node:fs';
import { parseDocument } from '../../../../src/main/engine/parse.js';
import { closeOcrScheduler } from '../../../../src/main/engine/ocr/scheduler.js';

const out = [];
for (const file of process.argv.slice(2)) {
  const run = await parseDocument(new Uint8Array(readFileSync(file)), {});
  const blocks = run.chunks.flatMap((c) => c.blocks);
  out.push({
    file,
    status: run.status,
    failure: run.failureMessage,
    text: run.chunks.map((c) => c.content).join('\n\n'),
    confidences: blocks.map((b) => b.metadata.avgOcrConfidence ?? null),
    page: blocks[0]?.metadata.page ?? null,
  });
}
await closeOcrScheduler();
process.stdout.write(JSON.stringify(out) + '\n');
