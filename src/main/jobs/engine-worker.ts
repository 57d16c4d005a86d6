// Engine worker thread: receives parse tasks, runs the pure engine, posts progress and the
// result serialised here, so the host never rebuilds a large run's object graph.
import { parentPort } from 'node:worker_threads';
import { parseDocumentCompact } from '../engine/parse.js';
import { compactRunJsonPieces, compactRunText, type CompactRun } from '../engine/run-output.js';
import { stringsToBytes } from './serialize.js';
import type { OutputFormat, WorkerRequest, WorkerResponse } from './worker-protocol.js';

if (!parentPort) throw new Error('engine-worker must run in a worker thread');
const port = parentPort;

function render(run: CompactRun, format: OutputFormat): Uint8Array {
  if (format === 'text') return stringsToBytes([compactRunText(run)]);
  return stringsToBytes(compactRunJsonPieces(run, format === 'json-pretty'));
}

port.on('message', (msg: WorkerRequest) => {
  if (msg.type !== 'parse') return;
  const post = (m: WorkerResponse) => port.postMessage(m);
  post({ type: 'started', taskId: msg.taskId });
  void parseDocumentCompact(msg.bytes, msg.config, {
    maxFileSize: msg.maxFileSize,
    onProgress: (done, total) => post({ type: 'progress', taskId: msg.taskId, done, total }),
  })
    .then((run) => {
      // Serialising a long run takes a moment: tell the watchdog the worker is alive.
      post({ type: 'progress', taskId: msg.taskId, done: run.metrics.pageCount, total: run.metrics.pageCount });
      const output = render(run, msg.format);
      const result: WorkerResponse = {
        type: 'result',
        taskId: msg.taskId,
        output,
        summary: {
          status: run.status,
          failureReason: run.failureReason,
          failureMessage: run.failureMessage,
          pageCount: run.metrics.pageCount,
        },
      };
      port.postMessage(result, [output.buffer as ArrayBuffer]);
    })
    .catch((err: unknown) =>
      post({
        type: 'error',
        taskId: msg.taskId,
        error: { name: 'Error', message: err instanceof Error ? err.message : String(err), code: 'INTERNAL_ERROR' },
      }),
    );
});
