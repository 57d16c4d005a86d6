// Engine worker thread: receives parse tasks, runs the pure engine, posts progress and results.
import { parentPort } from 'node:worker_threads';
import { parseDocument } from '../engine/parse.js';
import type { WorkerRequest, WorkerResponse } from './worker-protocol.js';

if (!parentPort) throw new Error('engine-worker must run in a worker thread');
const port = parentPort;

port.on('message', (msg: WorkerRequest) => {
  if (msg.type !== 'parse') return;
  const post = (m: WorkerResponse) => port.postMessage(m);
  void parseDocument(msg.bytes, msg.config, {
    maxFileSize: msg.maxFileSize,
    onProgress: (done, total) => post({ type: 'progress', taskId: msg.taskId, done, total }),
  })
    .then((run) => post({ type: 'result', taskId: msg.taskId, run }))
    .catch((err: unknown) =>
      post({
        type: 'error',
        taskId: msg.taskId,
        error: { name: 'Error', message: err instanceof Error ? err.message : String(err), code: 'INTERNAL_ERROR' },
      }),
    );
});
