import { describe, expect, it, vi } from 'vitest';
import { registerIpc, type DesktopHandlers, type InvokeEventLike } from '../../src/main/electron/ipc.js';
import { DESKTOP_METHODS, RPC_METHODS, type RpcHandlers } from '../../src/shared/rpc-contract.js';
import { ApiError } from '../../src/shared/api/errors.js';
import { APP_URL, eventFrom, FakeIpcMain } from './fake-ipc-main.js';

const OUR_WINDOW = 7;
const PDF = '/home/ada/Documents/invoice.pdf';

/** Every RPC method answers `{method, args}`, so a test can see what reached the service. */
function fakeRpc(): RpcHandlers {
  const entries = RPC_METHODS.map((method) => [method, vi.fn(async (args: unknown) => ({ method, args }))]);
  return Object.fromEntries(entries) as unknown as RpcHandlers;
}

function setup() {
  const ipcMain = new FakeIpcMain();
  const trustedIds = new Set([OUR_WINDOW]);
  const rpc = fakeRpc();
  const desktop = {
    'dialog.open': vi.fn<DesktopHandlers<InvokeEventLike>['dialog.open']>(async () => [PDF]),
    'results.export': vi.fn<DesktopHandlers<InvokeEventLike>['results.export']>(async () => ({ saved_to: '/home/ada/ext_1.csv' })),
  };
  const dispose = registerIpc({ ipcMain, trustedIds, isTrustedUrl: (url) => url === APP_URL, rpc, desktop });
  const calls = () => [...RPC_METHODS.map((m) => vi.mocked(rpc[m]).mock.calls.length), ...Object.values(desktop).map((d) => d.mock.calls.length)];
  return { ipcMain, trustedIds, rpc, desktop, dispose, calls };
}

describe('registerIpc', () => {
  it('registers one channel per RPC method and per desktop method, from the contracts', () => {
    const { ipcMain } = setup();
    const expected = [...RPC_METHODS.map((m) => `rpc:${m}`), ...DESKTOP_METHODS.map((m) => `desktop:${m}`)];
    expect([...ipcMain.listeners.keys()].sort()).toEqual(expected.sort());
    expect(ipcMain.listeners.has('rpc:inbox.scan')).toBe(true);
    expect(ipcMain.listeners.has('desktop:results.export')).toBe(true);
  });

  it('passes a valid call from our window to the service, with defaults applied', async () => {
    const { ipcMain, rpc } = setup();
    await expect(ipcMain.invoke(eventFrom(OUR_WINDOW), 'rpc:inbox.scan', { paths: [PDF, 'C:\\Users\\ada\\b.pdf'] })).resolves.toEqual({
      method: 'inbox.scan',
      args: { paths: [PDF, 'C:\\Users\\ada\\b.pdf'], filter: 'supported' },
    });
    expect(rpc['inbox.scan']).toHaveBeenCalledTimes(1);
    await expect(ipcMain.invoke(eventFrom(OUR_WINDOW), 'rpc:jobs.list', {})).resolves.toMatchObject({ args: { limit: 100 } });
  });

  it('answers methods that take no argument', async () => {
    const { ipcMain } = setup();
    await expect(ipcMain.invoke(eventFrom(OUR_WINDOW), 'rpc:settings.get')).resolves.toEqual({ method: 'settings.get', args: undefined });
    await expect(ipcMain.invoke(eventFrom(OUR_WINDOW), 'rpc:parsers.list', undefined)).resolves.toMatchObject({ method: 'parsers.list' });
  });

  it('gives desktop handlers the validated argument and the event', async () => {
    const { ipcMain, desktop } = setup();
    const event = eventFrom(OUR_WINDOW);
    await expect(ipcMain.invoke(event, 'desktop:results.export', { extraction_id: 'ext_1', format: 'csv' })).resolves.toEqual({
      saved_to: '/home/ada/ext_1.csv',
    });
    expect(desktop['results.export']).toHaveBeenCalledWith({ extraction_id: 'ext_1', format: 'csv', line_items: 'rows' }, event);
    await ipcMain.invoke(event, 'desktop:dialog.open', { kind: 'folder' });
    expect(desktop['dialog.open']).toHaveBeenCalledWith({ kind: 'folder' }, event);
  });

  describe('refuses a bad argument before calling anything', () => {
    const cases: Array<[string, string, unknown[], RegExp]> = [
      ['no argument', 'rpc:inbox.scan', [], /Invalid request to inbox\.scan/],
      ['a bare string', 'rpc:inbox.scan', [PDF], /Invalid request to inbox\.scan/],
      ['a relative path', 'rpc:inbox.scan', [{ paths: ['../../etc/passwd'] }], /paths\.0: must be an absolute path/],
      ['an empty path list', 'rpc:inbox.scan', [{ paths: [] }], /paths/],
      ['a NUL byte', 'rpc:inbox.scan', [{ paths: ['/tmp/a.pdf\0.txt'] }], /NUL/],
      ['an unknown filter', 'rpc:inbox.scan', [{ paths: [PDF], filter: 'everything' }], /filter/],
      ['an unknown key', 'rpc:jobs.get', [{ extraction_id: 'ext_1', evil: true }], /Invalid request to jobs\.get/],
      ['an argument where none is taken', 'rpc:settings.get', [{ x: 1 }], /Invalid request to settings\.get/],
      ['two arguments', 'rpc:jobs.get', [{ extraction_id: 'ext_1' }, {}], /expected one argument, received 2/],
      ['an unknown export format', 'desktop:results.export', [{ extraction_id: 'ext_1', format: 'pdf' }], /format/],
      ['a dialog with a default path', 'desktop:dialog.open', [{ kind: 'files', defaultPath: '/etc' }], /Invalid request to dialog\.open/],
    ];
    it.each(cases)('%s', async (_name, channel, args, message) => {
      const { ipcMain, calls } = setup();
      const call = ipcMain.invoke(eventFrom(OUR_WINDOW), channel, ...args);
      await expect(call).rejects.toThrow(message);
      await expect(call).rejects.toBeInstanceOf(Error);
      expect(calls().every((n) => n === 0)).toBe(true);
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
      const { ipcMain, calls } = setup();
      await expect(ipcMain.invoke(event, 'rpc:jobs.get', { extraction_id: 'ext_1' })).rejects.toThrow(message);
      await expect(ipcMain.invoke(event, 'desktop:dialog.open', { kind: 'files' })).rejects.toThrow(message);
      expect(calls().every((n) => n === 0)).toBe(true);
    });
  });

  it('stops answering a window once its id leaves the trusted set', async () => {
    const { ipcMain, trustedIds } = setup();
    await expect(ipcMain.invoke(eventFrom(OUR_WINDOW), 'rpc:jobs.get', { extraction_id: 'ext_1' })).resolves.toBeDefined();
    trustedIds.delete(OUR_WINDOW);
    await expect(ipcMain.invoke(eventFrom(OUR_WINDOW), 'rpc:jobs.get', { extraction_id: 'ext_1' })).rejects.toThrow(/did not open/);
  });

  it('lets a service error through with its sentence', async () => {
    const { ipcMain, rpc } = setup();
    vi.mocked(rpc['jobs.get']).mockRejectedValueOnce(new ApiError('RESOURCE_NOT_FOUND', 'No job ext_9.'));
    await expect(ipcMain.invoke(eventFrom(OUR_WINDOW), 'rpc:jobs.get', { extraction_id: 'ext_9' })).rejects.toThrow('No job ext_9.');
    vi.mocked(rpc['jobs.get']).mockRejectedValueOnce('plain text');
    await expect(ipcMain.invoke(eventFrom(OUR_WINDOW), 'rpc:jobs.get', { extraction_id: 'ext_9' })).rejects.toThrow('plain text');
  });

  it('names the error sent to the page after its contract code, so the renderer can rebuild it', async () => {
    const { ipcMain, rpc } = setup();
    vi.mocked(rpc['jobs.get']).mockRejectedValueOnce(new ApiError('RESOURCE_NOT_FOUND', 'No job ext_9.'));
    const notFound = await ipcMain.invoke(eventFrom(OUR_WINDOW), 'rpc:jobs.get', { extraction_id: 'ext_9' }).catch((e: unknown) => e);
    // Electron passes String(error) to the page.
    expect(String(notFound)).toBe('RESOURCE_NOT_FOUND: No job ext_9.');
    const invalid = await ipcMain.invoke(eventFrom(OUR_WINDOW), 'rpc:jobs.get', {}).catch((e: unknown) => e);
    expect(String(invalid)).toMatch(/^INVALID_PAYLOAD: Invalid request to jobs\.get — extraction_id: /);
    vi.mocked(rpc['jobs.get']).mockRejectedValueOnce(Object.assign(new Error('disk gone'), { code: 'ENOENT' }));
    const other = await ipcMain.invoke(eventFrom(OUR_WINDOW), 'rpc:jobs.get', { extraction_id: 'ext_1' }).catch((e: unknown) => e);
    expect(String(other)).toBe('Error: disk gone');
  });

  it('removes every handler when disposed', () => {
    const { ipcMain, dispose } = setup();
    dispose();
    expect(ipcMain.listeners.size).toBe(0);
  });
});
