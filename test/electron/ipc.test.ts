import { describe, expect, it, vi } from 'vitest';
import { registerIpc, type IpcHandlers, type InvokeEventLike } from '../../src/main/electron/ipc.js';
import { IPC_CHANNELS } from '../../src/shared/ipc-contract.js';
import type { ParseRun } from '../../src/shared/parse-contract.js';
import { APP_URL, eventFrom, FakeIpcMain } from './fake-ipc-main.js';

const OUR_WINDOW = 7;
const PDF = '/home/ada/Documents/invoice.pdf';

const run = { object: 'parser_run', id: 'pr_1', status: 'PROCESSED' } as unknown as ParseRun;

function setup() {
  const ipcMain = new FakeIpcMain();
  const trustedIds = new Set([OUR_WINDOW]);
  const handlers = {
    'parse:file': vi.fn<IpcHandlers<InvokeEventLike>['parse:file']>(async () => run),
    'dialog:open-files': vi.fn<IpcHandlers<InvokeEventLike>['dialog:open-files']>(async () => [PDF]),
  };
  const dispose = registerIpc({ ipcMain, trustedIds, isTrustedUrl: (url) => url === APP_URL, handlers });
  return { ipcMain, trustedIds, handlers, dispose };
}

describe('registerIpc', () => {
  it('registers a handler for every channel of the contract', () => {
    const { ipcMain } = setup();
    expect([...ipcMain.listeners.keys()].sort()).toEqual([...IPC_CHANNELS].sort());
    expect(IPC_CHANNELS).toEqual(expect.arrayContaining(['parse:file', 'dialog:open-files']));
  });

  it('passes a valid call from our window to the handler, with config defaults applied', async () => {
    const { ipcMain, handlers } = setup();
    await expect(ipcMain.invoke(eventFrom(OUR_WINDOW), 'parse:file', { path: PDF, config: { target: 'spatial' } })).resolves.toBe(run);
    expect(handlers['parse:file']).toHaveBeenCalledTimes(1);
    const [args] = handlers['parse:file'].mock.calls[0]!;
    expect(args.path).toBe(PDF);
    expect(args.config?.target).toBe('spatial');
    expect(args.config?.chunkingStrategy.type).toBe('page');
  });

  it('accepts a call without config and Windows paths', async () => {
    const { ipcMain, handlers } = setup();
    await ipcMain.invoke(eventFrom(OUR_WINDOW), 'parse:file', { path: 'C:\\Users\\ada\\invoice.pdf' });
    await ipcMain.invoke(eventFrom(OUR_WINDOW), 'parse:file', { path: '\\\\server\\share\\invoice.pdf' });
    expect(handlers['parse:file']).toHaveBeenCalledTimes(2);
    expect(handlers['parse:file'].mock.calls[0]![0].config).toBeUndefined();
  });

  it('answers the dialog channel, which takes no argument', async () => {
    const { ipcMain } = setup();
    await expect(ipcMain.invoke(eventFrom(OUR_WINDOW), 'dialog:open-files')).resolves.toEqual([PDF]);
  });

  describe('refuses a bad argument before calling the service', () => {
    const cases: Array<[string, string, unknown[], RegExp]> = [
      ['no argument', 'parse:file', [], /Invalid request to parse:file/],
      ['a bare string', 'parse:file', [PDF], /Invalid request to parse:file/],
      ['a numeric path', 'parse:file', [{ path: 42 }], /path: .*string/i],
      ['a relative path', 'parse:file', [{ path: '../../etc/passwd' }], /path: must be an absolute path/],
      ['an empty path', 'parse:file', [{ path: '' }], /path: must not be empty/],
      ['a NUL byte', 'parse:file', [{ path: '/tmp/a.pdf\0.txt' }], /NUL/],
      ['an unknown key', 'parse:file', [{ path: PDF, evil: true }], /Invalid request to parse:file/],
      ['an unknown target', 'parse:file', [{ path: PDF, config: { target: 'html' } }], /config\.target/],
      ['section chunks with spatial', 'parse:file', [{ path: PDF, config: { target: 'spatial', chunkingStrategy: { type: 'section' } } }], /section chunking/],
      ['two arguments', 'parse:file', [{ path: PDF }, { path: PDF }], /expected one argument, received 2/],
      ['an argument to the dialog', 'dialog:open-files', [{ defaultPath: '/etc' }], /Invalid request to dialog:open-files/],
    ];
    it.each(cases)('%s', async (_name, channel, args, message) => {
      const { ipcMain, handlers } = setup();
      const call = ipcMain.invoke(eventFrom(OUR_WINDOW), channel, ...args);
      await expect(call).rejects.toThrow(message);
      await expect(call).rejects.toBeInstanceOf(Error);
      expect(handlers['parse:file']).not.toHaveBeenCalled();
      expect(handlers['dialog:open-files']).not.toHaveBeenCalled();
    });
  });

  describe('refuses a sender that is not our window', () => {
    const cases: Array<[string, InvokeEventLike, RegExp]> = [
      ['a window we did not create', eventFrom(99), /did not open/],
      ['our window showing another page', eventFrom(OUR_WINDOW, 'https://evil.example/'), /not part of PerfectParser/],
      ['an iframe inside our window', eventFrom(OUR_WINDOW, APP_URL, { url: APP_URL }), /embedded frame/],
      ['a frame that is gone', { sender: { id: OUR_WINDOW }, senderFrame: null }, /already closed/],
    ];
    it.each(cases)('%s', async (_name, event, message) => {
      const { ipcMain, handlers } = setup();
      await expect(ipcMain.invoke(event, 'parse:file', { path: PDF })).rejects.toThrow(message);
      await expect(ipcMain.invoke(event, 'dialog:open-files')).rejects.toThrow(message);
      expect(handlers['parse:file']).not.toHaveBeenCalled();
      expect(handlers['dialog:open-files']).not.toHaveBeenCalled();
    });
  });

  it('stops answering a window once its id leaves the trusted set', async () => {
    const { ipcMain, trustedIds } = setup();
    await expect(ipcMain.invoke(eventFrom(OUR_WINDOW), 'parse:file', { path: PDF })).resolves.toBe(run);
    trustedIds.delete(OUR_WINDOW);
    await expect(ipcMain.invoke(eventFrom(OUR_WINDOW), 'parse:file', { path: PDF })).rejects.toThrow(/did not open/);
  });

  it('lets a service error through as a plain Error', async () => {
    const { ipcMain, handlers } = setup();
    handlers['parse:file'].mockRejectedValueOnce(new Error(`File not found: ${PDF}`));
    await expect(ipcMain.invoke(eventFrom(OUR_WINDOW), 'parse:file', { path: PDF })).rejects.toThrow(`File not found: ${PDF}`);
  });

  it('removes every handler when disposed, so it can register again', () => {
    const { ipcMain, dispose } = setup();
    dispose();
    expect(ipcMain.listeners.size).toBe(0);
  });
});
