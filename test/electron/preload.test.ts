import { describe, expect, it, vi } from 'vitest';
import { createApi, type BridgeListener, type PreloadBridge } from '../../src/preload/api.js';
import { JOB_EVENT_CHANNEL } from '../../src/preload/channels.js';
import type { JobEvent } from '../../src/shared/rpc-contract.js';

const electron = vi.hoisted(() => {
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  return {
    listeners,
    exposeInMainWorld: vi.fn(),
    invoke: vi.fn(async (..._args: unknown[]) => 'answer'),
    on: vi.fn((channel: string, l: (...args: unknown[]) => void) => {
      listeners.set(channel, (listeners.get(channel) ?? new Set()).add(l));
    }),
    removeListener: vi.fn((channel: string, l: (...args: unknown[]) => void) => {
      listeners.get(channel)?.delete(l);
    }),
    getPathForFile: vi.fn((_file: unknown) => '/home/ada/a.pdf'),
  };
});

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: electron.exposeInMainWorld },
  ipcRenderer: { invoke: electron.invoke, on: electron.on, removeListener: electron.removeListener, send: vi.fn() },
  webUtils: { getPathForFile: electron.getPathForFile },
}));

/** A bridge that keeps its listeners, so a test can emit and count them. */
function fakeBridge() {
  const listeners = new Set<BridgeListener>();
  const bridge = {
    invoke: vi.fn(async (_channel: string, _arg: unknown): Promise<unknown> => 'ok'),
    on: vi.fn((_channel: string, l: BridgeListener) => void listeners.add(l)),
    removeListener: vi.fn((_channel: string, l: BridgeListener) => void listeners.delete(l)),
    getPathForFile: vi.fn((_file: File) => '/x.pdf'),
  } satisfies PreloadBridge;
  const emit = (event: JobEvent) => {
    for (const l of [...listeners]) l({ sender: 'ipc' }, event);
  };
  return { bridge, listeners, emit };
}

const progress: JobEvent = { type: 'document.progress', extraction_id: 'ext_1', document_id: 'doc_1', pages_done: 2, page_count: 9 };

describe('preload API', () => {
  it('invokes rpc:<method> and desktop:<method> with the one argument', async () => {
    const { bridge } = fakeBridge();
    const api = createApi(bridge);
    await api.call('jobs.get', { extraction_id: 'ext_1' });
    await api.call('settings.get');
    await api.desktop('dialog.open', { kind: 'folder' });
    expect(bridge.invoke.mock.calls).toEqual([
      ['rpc:jobs.get', { extraction_id: 'ext_1' }],
      ['rpc:settings.get', undefined],
      ['desktop:dialog.open', { kind: 'folder' }],
    ]);
  });

  it('refuses a method name outside the contract without calling main', async () => {
    const { bridge } = fakeBridge();
    const api = createApi(bridge);
    const untyped = api as unknown as { call: (m: unknown, a?: unknown) => Promise<unknown>; desktop: (m: unknown, a?: unknown) => Promise<unknown> };
    await expect(untyped.call('store.exec', { sql: 'DROP TABLE jobs' })).rejects.toThrow(/"store\.exec" is not something PerfectParser can be asked to do/);
    await expect(untyped.call('dialog.open', { kind: 'files' })).rejects.toThrow(/not something/);
    await expect(untyped.desktop('jobs.get', { extraction_id: 'ext_1' })).rejects.toThrow(/not something/);
    await expect(untyped.call('__proto__')).rejects.toThrow(/not something/);
    await expect(untyped.call({ toString: () => 'jobs.get' })).rejects.toThrow(/not something/);
    await expect(untyped.desktop('rpc:jobs.get')).rejects.toThrow(/not something/);
    expect(bridge.invoke).not.toHaveBeenCalled();
  });

  it('delivers job events, and the disposer removes exactly its own listener, once', () => {
    const { bridge, listeners, emit } = fakeBridge();
    const api = createApi(bridge);
    const first = vi.fn();
    const second = vi.fn();
    const stopFirst = api.onJobEvent(first);
    const stopSecond = api.onJobEvent(second);
    expect(bridge.on).toHaveBeenCalledWith(JOB_EVENT_CHANNEL, expect.any(Function));
    emit(progress);
    expect(first).toHaveBeenCalledWith(progress);
    expect(second).toHaveBeenCalledWith(progress);

    stopFirst();
    emit(progress);
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(2);
    expect(listeners.size).toBe(1);

    stopFirst();
    expect(bridge.removeListener).toHaveBeenCalledTimes(1);
    expect(listeners.size).toBe(1);
    stopSecond();
    expect(listeners.size).toBe(0);
    // The listener removed is the one that was added, not some other function.
    expect(bridge.removeListener.mock.calls.map((c) => c[1])).toEqual(bridge.on.mock.calls.map((c) => c[1]));
  });

  it('gives each subscription of the same function its own disposer', () => {
    const { bridge, listeners, emit } = fakeBridge();
    const api = createApi(bridge);
    const listener = vi.fn();
    const stopA = api.onJobEvent(listener);
    api.onJobEvent(listener);
    stopA();
    emit(progress);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listeners.size).toBe(1);
  });

  it('refuses a job-event listener that is not a function', () => {
    const api = createApi(fakeBridge().bridge);
    expect(() => api.onJobEvent('nope' as unknown as () => void)).toThrow(TypeError);
  });

  it('returns "" for a file without a path instead of throwing', () => {
    const { bridge } = fakeBridge();
    bridge.getPathForFile.mockImplementationOnce(() => {
      throw new TypeError('not a File');
    });
    const api = createApi(bridge);
    expect(api.pathForFile({} as File)).toBe('');
    expect(api.pathForFile({} as File)).toBe('/x.pdf');
  });

  it('exposes window.api with named functions only, never ipcRenderer', async () => {
    await import('../../src/preload/index.js');
    expect(electron.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [name, api] = electron.exposeInMainWorld.mock.calls[0] as [string, Record<string, unknown>];
    expect(name).toBe('api');
    expect(Object.keys(api).sort()).toEqual(['call', 'desktop', 'onJobEvent', 'pathForFile']);
    for (const value of Object.values(api)) expect(typeof value).toBe('function');

    const verbs = api as unknown as ReturnType<typeof createApi>;
    await expect(verbs.call('jobs.get', { extraction_id: 'ext_1' })).resolves.toBe('answer');
    expect(electron.invoke).toHaveBeenCalledWith('rpc:jobs.get', { extraction_id: 'ext_1' });
    const file = { name: 'a.pdf' } as File;
    expect(verbs.pathForFile(file)).toBe('/home/ada/a.pdf');
    expect(electron.getPathForFile).toHaveBeenCalledWith(file);

    const listener = vi.fn();
    const stop = verbs.onJobEvent(listener);
    const held = [...(electron.listeners.get('events:job') ?? [])];
    expect(held).toHaveLength(1);
    held[0]!({ senderId: 0 }, progress);
    expect(listener).toHaveBeenCalledWith(progress);
    stop();
    expect(electron.listeners.get('events:job')?.size).toBe(0);
  });
});
