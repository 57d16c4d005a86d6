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

/** A font as pdf.js's worker exports it: FONT_INFO's two-bit booleans first (black, bold,
 *  disableFontFace, ...; 1 false, 2 true). */
function exportedFont(disableFontFace: boolean): { buffer: ArrayBuffer } {
  const bytes = new Uint8Array(16);
  bytes[0] = 0b01 | (0b10 << 2) | ((disableFontFace ? 0b10 : 0b01) << 4) | (0b01 << 6);
  return { buffer: bytes.buffer };
}
const fontFaceBits = (font: { buffer: ArrayBuffer }): number => (new Uint8Array(font.buffer)[0]! >> 4) & 3;
const names = { sourceName: 'd0', targetName: 'd0_worker' };

/** A port pair whose display side has asked for a document, with or without font faces. */
function openedPair(disableFontFace: boolean) {
  const { main, worker } = portPair();
  const atWorker = received(worker);
  const atMain = received(main);
  main.postMessage({ action: 'GetDocRequest', data: { evaluatorOptions: { disableFontFace, isEvalSupported: false } } });
  return { main, worker, atWorker, atMain };
}

describe('glyph outlines over the port pair', () => {
  it('has the worker build none until the first render, marking each font it sends as drawn from outlines', async () => {
    const { main, worker, atWorker, atMain } = openedPair(true);
    await tick();
    const options = Object.freeze((atWorker[0] as { data: { evaluatorOptions: { disableFontFace: boolean } } }).data.evaluatorOptions);
    expect(options.disableFontFace).toBe(false);
    const font = exportedFont(false);
    worker.postMessage({ ...names, action: 'commonobj', data: ['g_d0_f1', 'Font', font] }, [font.buffer]);
    await tick();
    const sent = (atMain[0] as { data: [string, string, { buffer: ArrayBuffer }] }).data[2];
    expect(fontFaceBits(sent)).toBe(2);
    // The other booleans are left as they were.
    expect(new Uint8Array(sent.buffer)[0]! & 0b11001111).toBe(0b01 | (0b10 << 2) | (0b01 << 6));
    // Analysis reads change nothing.
    main.postMessage({ ...names, action: 'GetOperatorList', streamId: 1, data: { pageIndex: 0, intent: 2 | OPLIST } });
    await tick();
    expect(options.disableFontFace).toBe(false);
    expect((atWorker[1] as { action: string }).action).toBe('GetOperatorList');
  });

  it('on the first render, has the worker build the outlines of fonts sent without them before the render goes on', async () => {
    const { main, worker, atWorker, atMain } = openedPair(true);
    worker.postMessage({ ...names, action: 'commonobj', data: ['g_d0_f1', 'Font', exportedFont(false)] });
    worker.postMessage({ ...names, action: 'commonobj', data: ['g_d0_f2', 'Font', { error: 'bad font' }] });
    worker.postMessage({ ...names, action: 'commonobj', data: ['g_d0_f3', 'Font', exportedFont(false)] });
    await tick();
    const options = (atWorker[0] as { data: { evaluatorOptions: { disableFontFace: boolean } } }).data.evaluatorOptions;
    main.postMessage({ ...names, action: 'GetOperatorList', streamId: 2, data: { pageIndex: 0, intent: 1 } });
    main.postMessage({ ...names, action: 'GetTextContent', streamId: 3, data: { pageIndex: 1 } });
    await tick();
    expect(options.disableFontFace).toBe(true);
    const fallbacks = atWorker.slice(1) as Array<{ action: string; callbackId: number; data: { id: string }; sourceName: string; targetName: string }>;
    expect(fallbacks.map((m) => [m.action, m.data.id, m.sourceName, m.targetName])).toEqual([
      ['FontFallback', 'g_d0_f1', 'd0', 'd0_worker'],
      ['FontFallback', 'g_d0_f3', 'd0', 'd0_worker'],
    ]);
    // The render request and what follows it wait for both answers; the answers stay in the channel.
    worker.postMessage({ sourceName: 'd0_worker', targetName: 'd0', callback: 1, callbackId: fallbacks[0]!.callbackId, data: undefined });
    await tick();
    expect(atWorker).toHaveLength(3);
    worker.postMessage({ sourceName: 'd0_worker', targetName: 'd0', callback: 2, callbackId: fallbacks[1]!.callbackId, reason: {} });
    await tick();
    expect(atWorker.slice(3).map((m) => (m as { action: string }).action)).toEqual(['GetOperatorList', 'GetTextContent']);
    expect(atMain).toHaveLength(3);
    // Further renders are not held; a font loaded after the switch goes as pdf.js sent it.
    main.postMessage({ ...names, action: 'GetOperatorList', streamId: 4, data: { pageIndex: 1, intent: 1 } });
    worker.postMessage({ sourceName: 'd0_worker', targetName: 'd0', action: 'commonobj', data: ['g_d0_f4', 'Font', exportedFont(true)] });
    await tick();
    expect((atWorker[5] as { streamId: number }).streamId).toBe(4);
    expect(fontFaceBits((atMain[3] as { data: [string, string, { buffer: ArrayBuffer }] }).data[2])).toBe(2);
  });

  it('holds a font loaded before the first render but sent after it, and what follows it, until its outlines are built', async () => {
    const { main, worker, atWorker, atMain } = openedPair(true);
    main.postMessage({ ...names, action: 'GetOperatorList', streamId: 1, data: { pageIndex: 0, intent: 1 } });
    await tick();
    expect(atWorker).toHaveLength(2);
    worker.postMessage({ sourceName: 'd0_worker', targetName: 'd0', action: 'commonobj', data: ['g_d0_f1', 'Font', exportedFont(false)] });
    worker.postMessage({ stream: ENQUEUE, streamId: 1, chunk: { fnArray: [1], argsArray: [null], lastChunk: true } });
    await tick();
    expect(atMain).toEqual([]);
    const ask = atWorker[2] as { action: string; callbackId: number; data: { id: string }; sourceName: string; targetName: string };
    expect([ask.action, ask.data.id, ask.sourceName, ask.targetName]).toEqual(['FontFallback', 'g_d0_f1', 'd0', 'd0_worker']);
    worker.postMessage({ sourceName: 'd0_worker', targetName: 'd0', action: 'commonobj', data: ['g_d0_f1_path_65', 'FontPath', new Float32Array(2)] });
    worker.postMessage({ sourceName: 'd0_worker', targetName: 'd0', callback: 1, callbackId: ask.callbackId, data: undefined });
    await tick();
    const got = atMain as Array<{ action?: string; stream?: number; data?: [string, string, { buffer: ArrayBuffer }] }>;
    expect(got.map((m) => m.action ?? m.stream)).toEqual(['commonobj', ENQUEUE, 'commonobj']);
    expect(fontFaceBits(got[0]!.data![2])).toBe(2);
  });

  it('leaves a document opened with font faces allowed alone', async () => {
    const { main, worker, atWorker, atMain } = openedPair(false);
    worker.postMessage({ ...names, action: 'commonobj', data: ['g_d0_f1', 'Font', exportedFont(false)] });
    main.postMessage({ ...names, action: 'GetOperatorList', streamId: 1, data: { pageIndex: 0, intent: 1 } });
    await tick();
    expect((atWorker[0] as { data: { evaluatorOptions: { disableFontFace: boolean } } }).data.evaluatorOptions.disableFontFace).toBe(false);
    expect(fontFaceBits((atMain[0] as { data: [string, string, { buffer: ArrayBuffer }] }).data[2])).toBe(1);
    expect(atWorker.map((m) => (m as { action: string }).action)).toEqual(['GetDocRequest', 'GetOperatorList']);
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

  it('render the same pixels as pdf.js\'s own channel, whether a font was first sent before the first render, after it, or read only as text before it', async () => {
    const { loadDocument } = await import('../../../../src/main/engine/pdf/pdfjs.js');
    const { pdfAssetPaths } = await import('../../../../src/main/engine/pdf/assets.js');
    const { renderPageGray } = await import('../../../../src/main/engine/ocr/render-pdf-page.js');
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const line = (text: string, y: number, bold = false) => ({ text, x: 60, y, size: 14, bold });
    const bytes = makePdf({
      pages: [
        { width: 300, height: 200, items: [line('Regular glyphs AEIOU 0123', 150), line('more regular text', 120)] },
        { width: 300, height: 200, items: [line('Bold only here XYZ', 150, true), line('and regular qwerty', 110)] },
        { width: 300, height: 200, items: [line('Bold again: jump', 150, true), line('fresh regular glyphs: vbnm', 100)] },
      ],
    });
    const params = { ...pdfAssetPaths(), cMapPacked: true, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, fontExtraProperties: true, verbosity: 0 };
    const outlines = (page: { commonObjs: Iterable<[string, unknown]> }): number => [...page.commonObjs].filter(([id]) => id.includes('_path_')).length;
    const read = async (task: ReturnType<typeof loadDocument>) => {
      const doc = await task.promise;
      const pages = await Promise.all([1, 2, 3].map((n) => doc.getPage(n)));
      // The engine's order: page 1's text and operators, page 2's text, then renders.
      await pages[0]!.getTextContent();
      await pages[0]!.getOperatorList({ annotationMode: pdfjs.AnnotationMode.DISABLE });
      await pages[1]!.getTextContent();
      const before = outlines(pages[0] as never);
      const rendered = [];
      for (const page of pages) rendered.push((await renderPageGray(page, 144)).gray);
      const after = outlines(pages[0] as never);
      await task.destroy();
      return { before, after, rendered };
    };
    const ours = await read(loadDocument({ data: bytes.slice(), ...params }));
    const theirs = await read(pdfjs.getDocument({ data: bytes.slice(), ...params }));
    expect(ours.before).toBe(0);
    expect(theirs.before).toBeGreaterThan(10);
    expect(ours.after).toBeGreaterThan(10);
    for (let i = 0; i < 3; i++) {
      const dark = ours.rendered[i]!.data.filter((v) => v < 128).length;
      expect(dark).toBeGreaterThan(500);
      expect(Buffer.from(ours.rendered[i]!.data).equals(Buffer.from(theirs.rendered[i]!.data))).toBe(true);
    }
  });
});
