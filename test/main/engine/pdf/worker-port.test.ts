// The in-thread channel between pdf.js's two sides: asynchronous, in-order delivery, a deep
// copy for everything but the chunks whose sender is known to leave them alone, and the same
// text and operators as pdf.js's own channel gives.
import { describe, expect, it } from 'vitest';
import { portPair } from '../../../../src/main/engine/pdf/worker-port.js';
import { makePdf } from '../../../helpers/make-pdf.js';

const ENQUEUE = 4;
const CLOSE = 3;
const OPLIST = 0x100;

function received(port: { addEventListener: (t: string, l: (e: { data: unknown }) => void) => void }): unknown[] {
  const out: unknown[] = [];
  port.addEventListener('message', (e) => out.push(e.data));
  return out;
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('worker port pair', () => {
  it('delivers asynchronously and in order, each way', async () => {
    const { main, worker } = portPair();
    const atWorker = received(worker);
    const atMain = received(main);
    main.postMessage({ action: 'a', n: 1 });
    main.postMessage({ action: 'b', n: 2 });
    worker.postMessage({ action: 'c', n: 3 });
    expect(atWorker).toEqual([]);
    await tick();
    expect(atWorker).toEqual([{ action: 'a', n: 1 }, { action: 'b', n: 2 }]);
    expect(atMain).toEqual([{ action: 'c', n: 3 }]);
  });

  it('stops delivering to a removed listener, an aborted one, and after terminate', async () => {
    const { main, worker } = portPair();
    const got: unknown[] = [];
    const listener = (e: { data: unknown }): void => void got.push(e.data);
    worker.addEventListener('message', listener);
    worker.removeEventListener('message', listener);
    const controller = new AbortController();
    worker.addEventListener('message', listener, { signal: controller.signal });
    controller.abort();
    main.postMessage({ x: 1 });
    await tick();
    expect(got).toEqual([]);
    worker.addEventListener('message', listener);
    main.terminate();
    main.postMessage({ x: 2 });
    await tick();
    expect(got).toEqual([]);
  });

  it('deep-copies a message holding objects, and detaches what it transfers', async () => {
    const { main, worker } = portPair();
    const atWorker = received(worker);
    const data = { list: [1, 2, 3], nested: { a: 'x' } };
    const buffer = new Uint8Array([1, 2, 3]).buffer;
    main.postMessage({ action: 'GetPage', data });
    main.postMessage({ action: 'Bytes', data: buffer }, [buffer]);
    data.list.length = 0;
    data.nested.a = 'changed';
    await tick();
    expect(atWorker[0]).toEqual({ action: 'GetPage', data: { list: [1, 2, 3], nested: { a: 'x' } } });
    expect(buffer.byteLength).toBe(0);
    expect(new Uint8Array((atWorker[1] as { data: ArrayBuffer }).data)).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('copies an analysis operator chunk\'s arrays, which the sender empties after sending', async () => {
    const { main, worker } = portPair();
    const atMain = received(main);
    main.postMessage({ action: 'GetOperatorList', streamId: 7, data: { intent: 2 | OPLIST } });
    const operand = [1, 2];
    const chunk = { fnArray: [44], argsArray: [operand], lastChunk: false, length: 1 };
    worker.postMessage({ stream: ENQUEUE, streamId: 7, chunk });
    chunk.fnArray.length = 0;
    chunk.argsArray.length = 0;
    await tick();
    const got = atMain[0] as { chunk: typeof chunk };
    expect(got.chunk.fnArray).toEqual([44]);
    expect(got.chunk.argsArray).toEqual([[1, 2]]);
    // The operands themselves are handed over, not copied.
    expect(got.chunk.argsArray[0]).toBe(operand);
  });

  it('deep-copies the operators a render draws (the canvas rewrites them in place)', async () => {
    const { main, worker } = portPair();
    const atMain = received(main);
    main.postMessage({ action: 'GetOperatorList', streamId: 3, data: { intent: 2 } });
    const operand = [1, 2];
    worker.postMessage({ stream: ENQUEUE, streamId: 3, chunk: { fnArray: [44], argsArray: [operand], length: 1 } });
    await tick();
    const got = atMain[0] as { chunk: { argsArray: unknown[] } };
    expect(got.chunk.argsArray[0]).toEqual(operand);
    expect(got.chunk.argsArray[0]).not.toBe(operand);
  });

  it('hands a text chunk\'s items over, keeping them when the sender sets new ones', async () => {
    const { main, worker } = portPair();
    const atMain = received(main);
    main.postMessage({ action: 'GetTextContent', streamId: 1, data: { pageIndex: 0 } });
    const items = [{ str: 'Hello' }];
    const chunk: { items: unknown[]; styles: object } = { items, styles: {} };
    worker.postMessage({ stream: ENQUEUE, streamId: 1, chunk });
    chunk.items = [];
    chunk.styles = {};
    await tick();
    const got = atMain[0] as { chunk: { items: unknown[] } };
    expect(got.chunk.items).toBe(items);
    // Once the stream closes, its id no longer marks chunks to hand over.
    worker.postMessage({ stream: CLOSE, streamId: 1 });
    worker.postMessage({ stream: ENQUEUE, streamId: 1, chunk: { items, styles: {} } });
    await tick();
    const later = atMain[2] as { chunk: { items: unknown[] } };
    expect(later.chunk.items).toEqual(items);
    expect(later.chunk.items).not.toBe(items);
  });
});

describe('documents loaded over the port pair', () => {
  it('read the same text and operators as over pdf.js\'s own channel', async () => {
    const { loadDocument } = await import('../../../../src/main/engine/pdf/pdfjs.js');
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const bytes = makePdf({
      pages: [
        {
          items: Array.from({ length: 400 }, (_, i) => ({ text: `Line ${i} of a long page`, x: 72 + (i % 3) * 150, y: 750 - Math.floor(i / 3) * 5, size: 4 })),
          graphics: '0 0 1 rg 72 72 200 100 re f 1 w 72 300 m 500 300 l S',
        },
      ],
    });
    const read = async (task: ReturnType<typeof loadDocument>) => {
      const doc = await task.promise;
      const page = await doc.getPage(1);
      const text = await page.getTextContent();
      const ops = await page.getOperatorList({ annotationMode: pdfjs.AnnotationMode.DISABLE });
      await task.destroy();
      return { text, ops: { fnArray: ops.fnArray, argsArray: ops.argsArray } };
    };
    const ours = await read(loadDocument({ data: bytes.slice(), isEvalSupported: false, verbosity: 0 }));
    const theirs = await read(pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false, verbosity: 0 }));
    expect(ours.text.items.length).toBeGreaterThan(400);
    // Font names carry the document's number (g_d0_f1): documents loaded apart differ only there.
    const plain = (v: unknown): string => JSON.stringify(v).replace(/g_d\d+_/g, 'g_d_');
    expect(ours.ops.fnArray.length).toBeGreaterThan(3);
    expect(plain(ours)).toBe(plain(theirs));
  });
});
