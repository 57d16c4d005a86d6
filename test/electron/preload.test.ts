import { describe, expect, it, vi } from 'vitest';
import { createApi } from '../../src/preload/api.js';

const electron = vi.hoisted(() => ({
  exposeInMainWorld: vi.fn(),
  invoke: vi.fn(async (..._args: unknown[]) => 'answer'),
  getPathForFile: vi.fn((_file: unknown) => '/home/ada/a.pdf'),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: electron.exposeInMainWorld },
  ipcRenderer: { invoke: electron.invoke, on: vi.fn(), send: vi.fn() },
  webUtils: { getPathForFile: electron.getPathForFile },
}));

describe('preload API', () => {
  it('maps each verb to its channel with one object argument', async () => {
    const invoke = vi.fn(async () => 'ok');
    const api = createApi({ invoke, getPathForFile: () => '/x.pdf' });
    await api.parseFile({ path: '/home/ada/a.pdf', config: { target: 'spatial' } });
    await api.openFiles();
    expect(invoke.mock.calls).toEqual([['parse:file', { path: '/home/ada/a.pdf', config: { target: 'spatial' } }], ['dialog:open-files']]);
  });

  it('exposes window.api with named functions only, never ipcRenderer', async () => {
    await import('../../src/preload/index.js');
    expect(electron.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [name, api] = electron.exposeInMainWorld.mock.calls[0] as [string, Record<string, unknown>];
    expect(name).toBe('api');
    expect(Object.keys(api).sort()).toEqual(['openFiles', 'parseFile', 'pathForFile']);
    for (const value of Object.values(api)) expect(typeof value).toBe('function');

    const verbs = api as { parseFile: (a: unknown) => Promise<unknown>; pathForFile: (f: unknown) => string };
    await expect(verbs.parseFile({ path: '/home/ada/a.pdf' })).resolves.toBe('answer');
    expect(electron.invoke).toHaveBeenCalledWith('parse:file', { path: '/home/ada/a.pdf' });
    const file = { name: 'a.pdf' };
    expect(verbs.pathForFile(file)).toBe('/home/ada/a.pdf');
    expect(electron.getPathForFile).toHaveBeenCalledWith(file);
  });
});
