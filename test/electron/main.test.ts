// Drives the real main-process entry against a fake electron module: these machines have no
// Electron binary, so this is where the shell's wiring (security settings, IPC, lifecycle) is proven.
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { RENDERER_CSP } from '../../src/main/electron/csp.js';
import type { FakeElectron } from './fake-electron.js';

const parseFile = vi.hoisted(() => vi.fn(async (..._args: unknown[]) => ({ object: 'parser_run', status: 'PROCESSED' })));

vi.mock('../../src/main/services/parse-service.js', () => ({ parseFile }));

async function startMain(options: { hasLock?: boolean } = {}): Promise<FakeElectron> {
  const { createFakeElectron } = await import('./fake-electron.js');
  const electron = createFakeElectron();
  electron.app.hasLock = options.hasLock ?? true;
  vi.resetModules();
  vi.doMock('electron', () => electron);
  await import('../../src/main/electron/main.js');
  await new Promise((resolve) => setTimeout(resolve, 0));
  return electron;
}

function theWindow(electron: FakeElectron) {
  expect(electron.windows).toHaveLength(1);
  return electron.windows[0]!;
}

function pageUrl(electron: FakeElectron): string {
  const loadedPath = theWindow(electron).loadFile.mock.calls[0]![0];
  return pathToFileURL(loadedPath).href;
}

describe('main process shell', () => {
  beforeEach(() => {
    delete process.env['ELECTRON_RENDERER_URL'];
    parseFile.mockClear();
  });

  it('opens one sandboxed, isolated window without Node, loading the built renderer', async () => {
    const electron = await startMain();
    expect(electron.app.requestSingleInstanceLock).toHaveBeenCalledTimes(1);
    expect(electron.app.enableSandbox).toHaveBeenCalledTimes(1);
    const win = theWindow(electron);
    expect(win.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(String(win.options.webPreferences?.['preload'])).toMatch(/[\\/]preload[\\/]index\.cjs$/);
    expect(win.loadFile).toHaveBeenCalledTimes(1);
    expect(win.loadFile.mock.calls[0]![0]).toMatch(/[\\/]renderer[\\/]index\.html$/);
    expect(win.loadURL).not.toHaveBeenCalled();
  });

  it('quits at once when another instance holds the lock, and focuses that one instead', async () => {
    const second = await startMain({ hasLock: false });
    expect(second.app.quit).toHaveBeenCalledTimes(1);
    expect(second.windows).toHaveLength(0);
    expect(second.ipcMain.handlers.size).toBe(0);

    const first = await startMain();
    first.app.emit('second-instance');
    expect(theWindow(first).focus).toHaveBeenCalledTimes(1);
  });

  it('blocks window.open, navigation and <webview>', async () => {
    const electron = await startMain();
    const contents = theWindow(electron).webContents;
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    for (const event of ['will-navigate', 'will-attach-webview']) {
      const preventDefault = vi.fn();
      contents.emit(event, { preventDefault, url: 'https://evil.example/' });
      expect(preventDefault, event).toHaveBeenCalledTimes(1);
    }
  });

  it('sends the strict CSP with every response and refuses permission requests', async () => {
    const electron = await startMain();
    const onHeaders = electron.session.defaultSession.webRequest.onHeadersReceived.mock.calls[0]![0] as (
      details: { url: string; responseHeaders?: Record<string, string[]> },
      callback: (response: { responseHeaders: Record<string, string[]> }) => void,
    ) => void;
    const callback = vi.fn();
    onHeaders({ url: pageUrl(electron), responseHeaders: { 'content-security-policy': ["default-src *"], 'X-Other': ['1'] } }, callback);
    expect(callback).toHaveBeenCalledWith({ responseHeaders: { 'Content-Security-Policy': [RENDERER_CSP], 'X-Other': ['1'] } });

    const onPermission = electron.session.defaultSession.setPermissionRequestHandler.mock.calls[0]![0] as (
      contents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
    ) => void;
    const answers: Record<string, boolean> = {};
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-sanitized-write']) {
      onPermission({}, permission, (granted) => (answers[permission] = granted));
    }
    expect(answers).toEqual({ media: false, geolocation: false, notifications: false, openExternal: false, 'clipboard-sanitized-write': true });
  });

  it('answers IPC from its own window only, and calls the parse service with the validated argument', async () => {
    const electron = await startMain();
    const win = theWindow(electron);
    const parse = electron.ipcMain.handlers.get('parse:file')!;
    const ours = { sender: win.webContents, senderFrame: { url: pageUrl(electron), parent: null } };

    await expect(parse(ours, { path: '/home/ada/invoice.pdf', config: { target: 'spatial' } })).resolves.toMatchObject({ status: 'PROCESSED' });
    expect(parseFile).toHaveBeenCalledTimes(1);
    expect(parseFile.mock.calls[0]![0]).toBe('/home/ada/invoice.pdf');
    expect(parseFile.mock.calls[0]![1]).toMatchObject({ target: 'spatial' });

    await expect(parse({ ...ours, sender: { id: 4242 } }, { path: '/home/ada/invoice.pdf' })).rejects.toThrow(/did not open/);
    await expect(parse({ ...ours, senderFrame: { url: 'https://evil.example/', parent: null } }, { path: '/etc/passwd' })).rejects.toThrow(
      /not part of PerfectParser/,
    );
    await expect(parse(ours, { path: 'relative.pdf' })).rejects.toThrow(/absolute path/);
    expect(parseFile).toHaveBeenCalledTimes(1);

    win.webContents.emit('destroyed');
    await expect(parse(ours, { path: '/home/ada/invoice.pdf' })).rejects.toThrow(/did not open/);
  });

  it('shows the open dialog over the calling window', async () => {
    const electron = await startMain();
    const win = theWindow(electron);
    const open = electron.ipcMain.handlers.get('dialog:open-files')!;
    const ours = { sender: win.webContents, senderFrame: { url: pageUrl(electron), parent: null } };

    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/home/ada/a.pdf', '/home/ada/b.pdf'] });
    await expect(open(ours)).resolves.toEqual(['/home/ada/a.pdf', '/home/ada/b.pdf']);
    expect(electron.dialog.showOpenDialog.mock.calls[0]![0]).toBe(win);

    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: ['/ignored.pdf'] });
    await expect(open(ours)).resolves.toEqual([]);
  });

  it('loads the dev server when electron-vite dev provides one, but never in a packaged app', async () => {
    process.env['ELECTRON_RENDERER_URL'] = 'http://localhost:5173/';
    const dev = await startMain();
    expect(theWindow(dev).loadURL).toHaveBeenCalledWith('http://localhost:5173/');
    expect(theWindow(dev).loadFile).not.toHaveBeenCalled();
  });
});
