// The thread of one OCR worker: tesseract.js's own worker (its message handlers, from the
// package) with our adapter in place of the one its Node script sets up. The differences:
//   - the WebAssembly core is the LSTM-only build. tesseract.js 7 asks for it (we use only the
//     LSTM engine), but its Node adapter compares the flag it receives with engine numbers and
//     always loads the full core, whose larger module takes ~90 ms more to compile per worker;
//   - there is no network: language data is read from local files only, and `fetch` refuses
//     (the stock script takes the global fetch, loading Node's fetch implementation too);
//   - a worker whose start fails ends its thread (the scheduler reports the failure);
//   - a page's `blocks` are read by our walk of tesseract's result iterator
//     (tesseract-blocks.ts): the fields the engine uses, a third of the time of the core's JSON.
import { createRequire } from 'node:module';
import { access, readFile, unlink } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';
import { lstmCoreModule } from './tesseract-core.js';
import { pageBlocks, type ResultIterator, type TesseractCore } from './tesseract-blocks.js';

const require = createRequire(import.meta.url);

interface TesseractWorkerScript {
  setAdapter(adapter: Record<string, unknown>): void;
  dispatchHandlers(packet: unknown, send: (message: unknown) => void): void;
}

const port = parentPort;
if (!port) throw new Error('tesseract-worker.js runs as an OCR worker thread.');
type CoreFactory = (options: Record<string, unknown>) => Promise<TesseractCore & { TessBaseAPI: { prototype: object } }>;
let core: CoreFactory | undefined;

/** The core's factory, with each API's JSON output (which tesseract.js reads its `blocks` from)
 *  written by pageBlocks. */
function leanCore(factory: CoreFactory): CoreFactory {
  return async (options) => {
    const module = await factory(options);
    Object.defineProperty(module.TessBaseAPI.prototype, 'GetJSONText', {
      value(this: { GetIterator(): ResultIterator }) {
        const it = this.GetIterator();
        // No results (nothing was recognised): no blocks, as tesseract.js's JSON has none.
        if (module.getPointer(it) === 0) return '{"blocks":[]}';
        try {
          return JSON.stringify({ blocks: pageBlocks(module, it) });
        } finally {
          module.destroy(it);
        }
      },
    });
    return module;
  };
}
const worker = require('tesseract.js/src/worker-script/index.js') as TesseractWorkerScript;
worker.setAdapter({
  getCore: () => (core ??= leanCore(require(lstmCoreModule()) as CoreFactory)),
  gunzip: gunzipSync,
  fetch: (url: string) => Promise.reject(new Error(`OCR reads language data from local files only, not ${url}.`)),
  // tesseract.js's file functions (its "cache"): reading is how local language data is
  // loaded; the scheduler asks for no cache writes.
  readCache: (file: string) => readFile(file),
  writeCache: () => Promise.reject(new Error('OCR writes no language data.')),
  deleteCache: (file: string) => unlink(file).catch(() => undefined),
  checkCache: (file: string) => access(file).then(
    () => true,
    () => false,
  ),
});
/** Steps of a worker's start: after one fails the worker can do nothing. */
const START = new Set(['load', 'loadLanguage', 'initialize']);

port.on('message', (packet: unknown) =>
  worker.dispatchHandlers(packet, (message) => {
    port.postMessage(message);
    // The thread ends after telling (its language data could not be read, say), rather than
    // staying alive unusable: tesseract.js keeps no handle by which it could be ended.
    const m = message as { status?: string; action?: string };
    if (m.status === 'reject' && START.has(m.action ?? '')) port.close();
  }),
);
