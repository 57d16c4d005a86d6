// The channel between pdf.js's display side and its worker side, both running in this thread.
// pdf.js's own in-thread channel (its "fake worker") deep-copies every message with
// structuredClone, as a real worker boundary would: on a text PDF that is a tenth of the parse
// (about 190 messages a page, mostly text and operator chunks). This channel copies only what
// the sending side goes on to change:
// - a text-content chunk is copied shallowly: pdf.js then sets new items and styles on the
//   same chunk object, and never touches the sent items again;
// - an operator-list chunk read for analysis (getOperatorList) gets copies of its two arrays,
//   which pdf.js empties and refills for the next chunk; the operands inside are handed over;
// - a message of plain values only (the streams' pull and close signals) is copied shallowly;
// - everything else (fonts, images, requests, errors, the operators a canvas render draws,
//   which the canvas rewrites in place) goes through structuredClone as before.
// Delivery is asynchronous, in order, like a worker's.
import type { PDFWorker as PdfWorkerType } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** pdf.js's MessageHandler stream kinds (src/shared/message_handler.js). */
const enum StreamKind {
  CancelComplete = 2,
  Close = 3,
  Enqueue = 4,
  Error = 5,
}
/** pdf.js's RenderingIntentFlag.OPLIST: set on the intent of every getOperatorList() call. */
const OPLIST_INTENT = 0x100;

type Listener = (event: { data: unknown }) => void;

interface Message {
  action?: string;
  stream?: number;
  streamId?: number;
  data?: { intent?: number };
  chunk?: { fnArray?: unknown[]; argsArray?: unknown[] };
}

/** Which of the display side's streams carry chunks that may be handed over without a deep copy. */
interface Streams {
  text: Set<number>;
  operators: Set<number>;
}

export class PortEnd {
  peer: PortEnd | undefined;
  private readonly listeners = new Map<Listener, (() => void) | undefined>();

  constructor(
    private readonly side: 'main' | 'worker',
    private readonly streams: Streams,
  ) {}

  postMessage(message: unknown, transfer?: ArrayBuffer[]): void {
    const peer = this.peer;
    if (!peer) return;
    const event = { data: this.copy(message as Message, transfer) };
    queueMicrotask(() => {
      for (const listener of [...peer.listeners.keys()]) listener.call(peer, event);
    });
  }

  addEventListener(_type: string, listener: Listener, options?: { signal?: AbortSignal }): void {
    const signal = options?.signal;
    if (signal?.aborted) return;
    const onAbort = (): void => this.removeEventListener(_type, listener);
    signal?.addEventListener('abort', onAbort);
    this.listeners.set(listener, signal ? () => signal.removeEventListener('abort', onAbort) : undefined);
  }

  removeEventListener(_type: string, listener: Listener): void {
    this.listeners.get(listener)?.();
    this.listeners.delete(listener);
  }

  terminate(): void {
    for (const listener of [...this.listeners.keys()]) this.removeEventListener('message', listener);
    this.peer = undefined;
  }

  private copy(message: Message, transfer: ArrayBuffer[] | undefined): unknown {
    if (message === null || typeof message !== 'object') return message;
    const { streams } = this;
    const id = message.streamId;
    if (this.side === 'main' && id !== undefined) {
      if (message.action === 'GetTextContent') streams.text.add(id);
      else if (message.action === 'GetOperatorList' && ((message.data?.intent ?? 0) & OPLIST_INTENT) !== 0) {
        streams.operators.add(id);
      }
    }
    if (this.side === 'worker' && id !== undefined && message.stream !== undefined) {
      if (message.stream === StreamKind.Enqueue) {
        const chunk = message.chunk;
        // pdf.js then gives the same chunk object a new items array and styles object.
        if (streams.text.has(id) && chunk) return { ...message, chunk: { ...chunk } };
        if (streams.operators.has(id) && chunk && Array.isArray(chunk.fnArray) && Array.isArray(chunk.argsArray)) {
          return { ...message, chunk: { ...chunk, fnArray: chunk.fnArray.slice(), argsArray: chunk.argsArray.slice() } };
        }
      } else if (message.stream === StreamKind.Close || message.stream === StreamKind.Error || message.stream === StreamKind.CancelComplete) {
        streams.text.delete(id);
        streams.operators.delete(id);
      }
    }
    if (plainValues(message)) return { ...message };
    return structuredClone(message, transfer ? { transfer } : undefined);
  }
}

function plainValues(message: object): boolean {
  for (const key in message) {
    const value = (message as Record<string, unknown>)[key];
    if (value !== null && typeof value === 'object') return false;
    if (typeof value === 'function' || typeof value === 'symbol') return false;
  }
  return true;
}

/** A connected pair of ends: what one posts, the other's listeners receive. */
export function portPair(): { main: PortEnd; worker: PortEnd } {
  const streams: Streams = { text: new Set(), operators: new Set() };
  const main = new PortEnd('main', streams);
  const worker = new PortEnd('worker', streams);
  main.peer = worker;
  worker.peer = main;
  return { main, worker };
}

interface WorkerMessageHandlerType {
  initializeFromPort(port: PortEnd): void;
}

/** A pdf.js worker for one document, running in this thread over a port pair. pdf.js's classes
 *  are passed in: pdf.js is loaded only through ./pdfjs.ts, which puts back the built-ins it
 *  replaces. */
export function inThreadWorker(
  PDFWorker: typeof PdfWorkerType,
  WorkerMessageHandler: WorkerMessageHandlerType,
): PdfWorkerType {
  const { main, worker } = portPair();
  WorkerMessageHandler.initializeFromPort(worker);
  // pdf.js types the port as a DOM Worker; it uses only postMessage and the listener methods.
  return new PDFWorker({ port: main, verbosity: 0 } as unknown as ConstructorParameters<typeof PdfWorkerType>[0]);
}
