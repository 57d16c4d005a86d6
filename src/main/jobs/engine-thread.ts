// Starting an engine worker thread. Kept apart from the pool (and free of heavy imports) so the
// command line can start the first worker before it loads its own modules: the worker's ~0.3 s
// of module loading then runs on another core beside the CLI's, instead of after it.
import { Worker } from 'node:worker_threads';
import { workerScriptPath } from '../worker-script.js';

/** Path of the compiled worker script, beside this module (dist/ or the app bundle). */
export function engineWorkerPath(): string {
  return workerScriptPath(import.meta.url, 'engine-worker.js', 'jobs');
}

/** Young-generation size of each worker's V8 heap (see startEngineWorker). */
const WORKER_YOUNG_GENERATION_MB = 24;

/** V8 heap limit of an engine worker unless the pool is told otherwise. */
export const DEFAULT_WORKER_HEAP_MB = 256;

/** Commands of the CLI whose work runs in the engine pool. */
const ENGINE_COMMANDS = new Set(['parse', 'extract', 'detect-fields']);

let early: { worker: Worker; heapMb: number } | undefined;

/** A new engine worker with the given V8 heap limit. */
export function startEngineWorker(heapMb: number): Worker {
  return new Worker(engineWorkerPath(), {
    // A bounded young generation: a parse makes a lot of short-lived garbage (pdf.js operator
    // lists and text items). On a 1,000-page PDF, 24 MB against 12 MB: about 9% less time in
    // four alternating runs, peak RSS 316-329 MB against 314-329 MB; V8's default (48 MB)
    // peaked 30-40 MB higher than 12 MB did, for no measurable gain in speed.
    resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    // What libraries print (tesseract's and leptonica's diagnostics, from their own threads)
    // is not for the user's terminal: it is kept back unless PERFECTPARSER_DEBUG is set.
    stdout: true,
    stderr: true,
  });
}

/** Starts one engine worker now when the command line `args` (after the program name) run an
 *  engine command, and returns it; the pool's first spawn takes it. It never keeps the process
 *  alive. */
export function startEngineWorkerEarly(args: readonly string[]): Worker | undefined {
  if (early || !ENGINE_COMMANDS.has(args[0] ?? '') || args.some((a) => a === '--help' || a === '-h')) return undefined;
  const worker = startEngineWorker(DEFAULT_WORKER_HEAP_MB);
  worker.unref();
  // A worker that fails to start before the pool takes it is forgotten; the pool starts another.
  const forget = (): void => {
    if (early?.worker === worker) early = undefined;
  };
  worker.on('error', forget);
  worker.on('exit', forget);
  early = { worker, heapMb: DEFAULT_WORKER_HEAP_MB };
  return worker;
}

/** The early-started worker if it has the given heap limit (taken once), else a new worker. */
export function takeEngineWorker(heapMb: number): Worker {
  const started = early;
  early = undefined;
  if (started && started.heapMb === heapMb) return started.worker;
  void started?.worker.terminate();
  return startEngineWorker(heapMb);
}
