// A batch of PDFs through one engine thread, one after another, as the app and `serve` parse a
// folder's documents (one long-lived engine thread per core; here one). Runs the built engine
// (dist/, as shipped) and prints, as JSON, each file's time from submission to result and the
// engine's own time for it.
// Usage: node test/bench/engine-batch.mjs FILE...
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { EnginePool } = await import(pathToFileURL(path.join(repoRoot, 'dist/main/jobs/engine-pool.js')).href);

const pool = new EnginePool({ size: 1 });
const files = [];
try {
  for (const file of process.argv.slice(2)) {
    const bytes = new Uint8Array(readFileSync(file));
    const started = performance.now();
    const run = await pool.parse(bytes, {});
    files.push({ file: path.basename(file), status: run.status, pages: run.metrics.pageCount, ms: performance.now() - started, engineMs: run.metrics.processingTimeMs });
  }
} finally {
  await pool.close();
}
process.stdout.write(`${JSON.stringify({ files })}\n`);
