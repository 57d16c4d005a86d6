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
//
// Glyph outlines. In Node there is no FontFace, so documents are opened with disableFontFace
// and a canvas draws text from glyph outlines; pdf.js then builds the outline of every glyph
// of every operator list it reads, analysis reads included, and keeps them for the document's
// life (on a 1,000-page text PDF: 50-60 MB of peak memory). Outlines are
// only drawn by a render, so until the display side first asks for a render's operators this
// channel has the worker build none: the worker side's options say fonts may be loaded as font
// faces (so it skips outlines), while every font it sends the display side is marked as drawn
// from outlines (so the display side never tries a font face). The first render request
// switches outlines on for the rest of the document: the worker is asked (pdf.js's own
// FontFallback request, which builds a font's outlines so far and marks it) for each font sent
// without them, and the render request, with everything the display side sends after it, is
// held until those answers are in. A font loaded before the switch but sent after it is marked
// the same way and its outlines asked for, and what the worker sends from it on is held until
// they are built (pdf.js's own fallback would leave the display side drawing it as a face that
// Node never loaded).
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
  sourceName?: unknown;
  targetName?: unknown;
  stream?: number;
  streamId?: number;
  data?: unknown;
  chunk?: { fnArray?: unknown[]; argsArray?: unknown[] };
}

/** The bit pair of FONT_INFO.bools' "disableFontFace" (third of its two-bit fields, pdf.js's
 *  src/shared/obj_bin_transform_utils.js): 1 false, 2 true. */
const FONT_FACE_BITS = { byte: 0, shift: 4 } as const;

/** What the two ends of one document's channel share. */
interface Channel {
  /** The display side's streams whose chunks may be handed over without a deep copy. */
  text: Set<number>;
  operators: Set<number>;
  /** 'unmanaged': the document was opened with font faces allowed; pdf.js is left alone. */
  outlines: 'unmanaged' | 'deferred' | 'on';
  /** Fonts sent to the display side marked as drawn from outlines while the worker built none. */
  deferredFonts: string[];
  /** This channel's own FontFallback requests still unanswered (negative callback ids). */
  pendingFallbacks: Set<number>;
  nextCallbackId: number;
}

type Event = { data: unknown };

export class PortEnd {
  peer: PortEnd | undefined;
  private readonly listeners = new Map<Listener, (() => void) | undefined>();
  /** What this end posted while the worker builds outlines it was asked for (null: not holding). */
  private held: Event[] | null = null;

  constructor(
    private readonly side: 'main' | 'worker',
    private readonly channel: Channel,
  ) {}

  postMessage(message: unknown, transfer?: ArrayBuffer[]): void {
    const peer = this.peer;
    if (!peer) return;
    const channel = this.channel;
    if (this.side === 'worker' && isOwnAnswer(message, channel)) {
      channel.pendingFallbacks.delete((message as { callbackId: number }).callbackId);
      if (channel.pendingFallbacks.size === 0) {
        this.release();
        peer.release();
      }
      return;
    }
    const event: Event = { data: this.copy(message as Message, transfer) };
    if (this.side === 'main') {
      if ((message as Message).action === 'GetDocRequest') deferOutlines(event.data as Message, channel);
      if (!this.held && channel.outlines === 'deferred' && isRenderRequest(message as Message)) {
        // The first render: outlines from now on, built for the fonts sent without them first.
        channel.outlines = 'on';
        const fonts = channel.deferredFonts.splice(0);
        for (const id of fonts) this.askForOutlines(id, message as Message);
        if (fonts.length > 0) this.held = [];
      }
    } else if (channel.outlines !== 'unmanaged') {
      const font = markDrawnFromOutlines(event.data as Message);
      if (font !== undefined && channel.outlines === 'deferred') channel.deferredFonts.push(font);
      else if (font !== undefined) {
        // Loaded before the first render, sent after it: its outlines are built before the
        // display side hears of the font (a render waits for its fonts).
        const { sourceName, targetName } = message as Message;
        this.askForOutlines(font, { sourceName: targetName, targetName: sourceName });
        this.held ??= [];
      }
    }
    if (this.held) this.held.push(event);
    else this.deliver(event);
  }

  private deliver(event: Event): void {
    const peer = this.peer;
    if (!peer) return;
    queueMicrotask(() => {
      for (const listener of [...peer.listeners.keys()]) listener.call(peer, event);
    });
  }

  /** Sends on what this end posted while the worker was building outlines. */
  private release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const event of held) this.deliver(event);
  }

  /** pdf.js's FontFallback request, sent to the worker under this channel's own callback id: the
   *  worker builds the outlines of every glyph of the font met so far, and of every glyph met
   *  later. `names` are the display side's document-level sender and recipient. */
  private askForOutlines(id: string, names: Pick<Message, 'sourceName' | 'targetName'>): void {
    const toWorker = this.side === 'main' ? this : this.peer;
    const callbackId = this.channel.nextCallbackId--;
    this.channel.pendingFallbacks.add(callbackId);
    toWorker?.deliver({
      data: { sourceName: names.sourceName, targetName: names.targetName, action: 'FontFallback', callbackId, data: { id } },
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
    const channel = this.channel;
    const id = message.streamId;
    if (this.side === 'main' && id !== undefined) {
      if (message.action === 'GetTextContent') channel.text.add(id);
      else if (message.action === 'GetOperatorList' && ((intentOf(message) ?? 0) & OPLIST_INTENT) !== 0) {
        channel.operators.add(id);
      }
    }
    if (this.side === 'worker' && id !== undefined && message.stream !== undefined) {
      if (message.stream === StreamKind.Enqueue) {
        const chunk = message.chunk;
        // pdf.js then gives the same chunk object a new items array and styles object.
        if (channel.text.has(id) && chunk) return { ...message, chunk: { ...chunk } };
        if (channel.operators.has(id) && chunk && Array.isArray(chunk.fnArray) && Array.isArray(chunk.argsArray)) {
          return { ...message, chunk: { ...chunk, fnArray: chunk.fnArray.slice(), argsArray: chunk.argsArray.slice() } };
        }
      } else if (message.stream === StreamKind.Close || message.stream === StreamKind.Error || message.stream === StreamKind.CancelComplete) {
        channel.text.delete(id);
        channel.operators.delete(id);
      }
    }
    if (plainValues(message)) return { ...message };
    return structuredClone(message, transfer ? { transfer } : undefined);
  }
}

/** The worker's options for a document opened without font faces: fonts loaded before the
 *  first render may be loaded as faces (no outlines built), those after it may not. */
function deferOutlines(request: Message, channel: Channel): void {
  const options = (request.data as { evaluatorOptions?: Record<string, unknown> } | undefined)?.evaluatorOptions;
  if (!options || options.disableFontFace !== true) return;
  channel.outlines = 'deferred';
  // pdf.js freezes the options object; an accessor still answers from the channel after that.
  Object.defineProperty(options, 'disableFontFace', {
    get: () => channel.outlines === 'on',
    enumerable: true,
    configurable: false,
  });
}

/** A font the worker sends as loadable as a face: the display side is told to draw it from
 *  outlines, as the document asked. Returns the font's id when it was changed. */
function markDrawnFromOutlines(message: Message): string | undefined {
  if (message.action !== 'commonobj' || !Array.isArray(message.data)) return undefined;
  const [id, type, exported] = message.data as [unknown, unknown, { buffer?: unknown } | undefined];
  if (type !== 'Font' || typeof id !== 'string' || !(exported?.buffer instanceof ArrayBuffer)) return undefined;
  const bytes = new Uint8Array(exported.buffer);
  const { byte, shift } = FONT_FACE_BITS;
  if (bytes.length <= byte || ((bytes[byte]! >> shift) & 3) !== 1) return undefined;
  bytes[byte] = (bytes[byte]! & ~(3 << shift)) | (2 << shift);
  return id;
}

/** A request for the operators a canvas render draws (getOperatorList() reads carry OPLIST). */
function isRenderRequest(message: Message): boolean {
  const intent = intentOf(message);
  return message.action === 'GetOperatorList' && intent !== undefined && (intent & OPLIST_INTENT) === 0;
}

function intentOf(message: Message): number | undefined {
  const intent = (message.data as { intent?: unknown } | undefined)?.intent;
  return typeof intent === 'number' ? intent : undefined;
}

/** The worker's answer to one of this channel's own FontFallback requests. */
function isOwnAnswer(message: unknown, channel: Channel): boolean {
  if (message === null || typeof message !== 'object') return false;
  const { callback, callbackId } = message as { callback?: unknown; callbackId?: unknown };
  return callback !== undefined && typeof callbackId === 'number' && channel.pendingFallbacks.has(callbackId);
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
  const channel: Channel = {
    text: new Set(),
    operators: new Set(),
    outlines: 'unmanaged',
    deferredFonts: [],
    pendingFallbacks: new Set(),
    nextCallbackId: -1,
  };
  const main = new PortEnd('main', channel);
  const worker = new PortEnd('worker', channel);
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
