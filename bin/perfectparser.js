#!/usr/bin/env -S node --v8-pool-size=2
// Entry point of the `perfectparser` command: runs the compiled CLI from dist/.
//
// Node's V8 keeps 4 threads for its background work (TurboFan compiling, garbage collection);
// the engine does its work on one thread per document, and on a 2-core machine those 4 threads
// took cores from it: with 2, GeoTopo (117 pages) parsed in 5.11 s instead of 5.92 s and a
// 300-dpi scan in 8.71 s instead of 9.59 s (alternating runs at a slow hour of a 2-core VM).
// npm's shims on Windows read the same line. `node bin/perfectparser.js` runs without it.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../dist/main/cli/index.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('perfectparser: the command is not built yet. Run `npm run build` in the project folder first.\n');
  process.exit(2);
}
const args = process.argv.slice(2);
// An engine command's first worker starts loading now, on another core, while the CLI loads.
const thread = fileURLToPath(new URL('../dist/main/jobs/engine-thread.js', import.meta.url));
const { startEngineWorkerEarly } = await import(pathToFileURL(thread).href);
startEngineWorkerEarly(args);
const { main } = await import(pathToFileURL(cli).href);
process.exitCode = await main(args);
