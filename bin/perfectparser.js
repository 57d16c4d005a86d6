#!/usr/bin/env node
// Entry point of the `perfectparser` command: runs the compiled CLI from dist/.
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
