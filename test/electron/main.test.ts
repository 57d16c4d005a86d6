// Drives the real main-process entry against a fake electron module: these machines have no
// Electron binary, so this is where the shell's wiring (security settings, the core, IPC, job
// events, quitting) is proven. The core's own pieces (store, server, RPC service) are fakes here.
import { mkdtemp, readFile, rm, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RENDERER_CSP } from '../../src/main/electron/csp.js';
import { JobEvents } from '../../src/main/services/events.js';
import type { RpcHost } from '../../src/main/services/rpc/types.js';
import { RPC_METHODS, type JobEvent } from '../../src/shared/rpc-contract.js';
import type { FakeElectron } from './fake-electron.js';

const core = vi.hoisted(() => ({
  openApp: vi.fn(),
  createRpcService: vi.fn(),
  startServer: vi.fn(),
}));

vi.mock('../../src/main/services/app.js', () => ({ openApp: core.openApp }));
vi.mock('../../src/main/services/rpc/index.js', () => ({ createRpcService: core.createRpcService }));
vi.mock('../../src/main/server/app.js', () => ({ startServer: core.startServer }));

type Handler = (event: unknown, ...args: unknown[]) => Promise<unknown>;

function fakeApp(dataDir: string) {
  const events = new JobEvents();
  return {
    dataDir,
    events,
    services: {
      events,
      exports: {
        extraction: vi.fn(async (id: string, query: { format: string; line_items: string }) => ({
          contentType: 'text/csv',
          filename: `${id}.${query.format}`,
          suggestedName: 'Invoices 2026-11-24',
          write: async (out: Writable) => {
            out.write('document_id,total\n');
            out.end('doc_1,42\n');
          },
        })),
      },
    },
    apiKey: vi.fn(async () => 'pp_local_test'),
    close: vi.fn(async (_options?: { abort?: boolean }) => undefined),
  };
}
type FakeApp = ReturnType<typeof fakeApp>;

let userData: string;
let hosts: RpcHost[];
let apps: FakeApp[];

beforeEach(async () => {
  delete process.env['ELECTRON_RENDERER_URL'];
  delete process.env['PERFECTPARSER_DATA_DIR'];
  userData = await mkdtemp(path.join(tmpdir(), 'pp-shell-'));
  hosts = [];
  apps = [];
  core.openApp.mockReset().mockImplementation(async (options: { dataDir: string }) => {
    const app = fakeApp(options.dataDir);
    apps.push(app);
    return app;
  });
  core.createRpcService.mockReset().mockImplementation((_app: unknown, host: RpcHost) => {
    hosts.push(host);
    const handlers = Object.fromEntries(RPC_METHODS.map((m) => [m, vi.fn(async (args: unknown) => ({ method: m, args }))]));
    return { handlers, stageUpload: vi.fn(), purgeStaleUploads: vi.fn() };
  });
  core.startServer.mockReset().mockImplementation(async (_services: unknown, options: { host: string; port: number }) => ({
    url: `http://${options.host}:${options.port}`,
    port: options.port,
    close: vi.fn(async () => undefined),
  }));
});

afterEach(async () => {
  await rm(userData, { recursive: true, force: true });
});

async function startMain(options: { hasLock?: boolean; packaged?: boolean; appPath?: string } = {}): Promise<FakeElectron> {
  const { createFakeElectron } = await import('./fake-electron.js');
  const electron = createFakeElectron({ userData, documents: path.join(userData, 'Documents'), appPath: options.appPath });
  electron.app.hasLock = options.hasLock ?? true;
  electron.app.isPackaged = options.packaged ?? false;
  vi.resetModules();
  vi.doMock('electron', () => electron);
  await import('../../src/main/electron/main.js');
  if (electron.app.hasLock) {
    await vi.waitFor(() => {
      if (electron.windows.length === 0 && electron.dialog.showErrorBox.mock.calls.length === 0) throw new Error('still starting');
    });
  }
  return electron;
}

/** Runs `fn` as in a packaged app: process.resourcesPath set, and the environment restored after. */
async function packaged(resources: string, fn: () => Promise<void>): Promise<void> {
  const before = { resourcesPath: process.resourcesPath, env: process.env['PERFECTPARSER_RESOURCES'] };
  Object.defineProperty(process, 'resourcesPath', { value: resources, configurable: true, writable: true });
  delete process.env['PERFECTPARSER_RESOURCES'];
  try {
    await fn();
  } finally {
    Object.defineProperty(process, 'resourcesPath', { value: before.resourcesPath, configurable: true, writable: true });
    if (before.env === undefined) delete process.env['PERFECTPARSER_RESOURCES'];
    else process.env['PERFECTPARSER_RESOURCES'] = before.env;
  }
}

function theWindow(electron: FakeElectron) {
  expect(electron.windows).toHaveLength(1);
  return electron.windows[0]!;
}

function ours(electron: FakeElectron) {
  const win = theWindow(electron);
  return { sender: win.webContents, senderFrame: { url: pathToFileURL(win.loadFile.mock.calls[0]![0]).href, parent: null } };
}

function handler(electron: FakeElectron, channel: string): Handler {
  const h = electron.ipcMain.handlers.get(channel);
  if (!h) throw new Error(`no handler for ${channel}`);
  return h;
}

describe('main process shell', () => {
  it('opens the core on the userData data folder, then one sandboxed, isolated window', async () => {
    const electron = await startMain();
    expect(core.openApp).toHaveBeenCalledTimes(1);
    expect(core.openApp.mock.calls[0]![0]).toMatchObject({ dataDir: path.join(userData, 'data'), nativeBinding: undefined });
    expect(hosts[0]).toMatchObject({ mode: 'desktop' });
    expect(electron.app.requestSingleInstanceLock).toHaveBeenCalledTimes(1);
    expect(electron.app.enableSandbox).toHaveBeenCalledTimes(1);
    const win = theWindow(electron);
    expect(win.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(String(win.options.webPreferences?.['preload'])).toMatch(/[\\/]preload[\\/]index\.cjs$/);
    expect(win.loadFile.mock.calls[0]![0]).toMatch(/[\\/]renderer[\\/]index\.html$/);
    expect(win.loadURL).not.toHaveBeenCalled();
  });

  it('asks before a window holding unsaved work closes or reloads, and lets it go only when told to', async () => {
    const electron = await startMain();
    const win = theWindow(electron);
    const refused = { preventDefault: vi.fn() };
    electron.dialog.messageBoxChoice = 1;
    win.webContents.emit('will-prevent-unload', refused);
    expect(electron.dialog.showMessageBoxSync).toHaveBeenCalledWith(win, expect.objectContaining({ buttons: ['Leave', 'Stay'], cancelId: 1, message: 'Leave without saving?' }));
    expect(refused.preventDefault).not.toHaveBeenCalled();
    const left = { preventDefault: vi.fn() };
    electron.dialog.messageBoxChoice = 0;
    win.webContents.emit('will-prevent-unload', left);
    expect(left.preventDefault).toHaveBeenCalledTimes(1);
  });

  it('uses the data folder chosen in config.json and the Electron-ABI SQLite build of development', async () => {
    const chosen = path.join(userData, 'elsewhere');
    await writeFile(path.join(userData, 'config.json'), JSON.stringify({ dataDir: chosen }));
    const appPath = path.join(userData, 'project');
    await mkdir(path.join(appPath, 'build', 'electron-native'), { recursive: true });
    await writeFile(path.join(appPath, 'build', 'electron-native', 'better_sqlite3.node'), '');
    await startMain({ appPath });
    expect(core.openApp.mock.calls[0]![0]).toMatchObject({
      dataDir: chosen,
      nativeBinding: path.join(appPath, 'build', 'electron-native', 'better_sqlite3.node'),
    });
  });

  it('in a packaged app, takes the SQLite build from resources/native and points the engine at resources', async () => {
    const resources = path.join(userData, 'resources');
    await mkdir(path.join(resources, 'native'), { recursive: true });
    await writeFile(path.join(resources, 'native', 'better_sqlite3.node'), '');
    await packaged(resources, async () => {
      await startMain({ packaged: true });
      expect(core.openApp.mock.calls[0]![0]).toMatchObject({ nativeBinding: path.join(resources, 'native', 'better_sqlite3.node') });
      expect(process.env['PERFECTPARSER_RESOURCES']).toBe(resources);
    });
  });

  it('shows why it cannot open in a native box, then quits without a window', async () => {
    core.openApp.mockRejectedValueOnce(new Error('The data folder was written by a newer version of PerfectParser (schema 99); please update the app.'));
    const electron = await startMain();
    expect(electron.dialog.showErrorBox).toHaveBeenCalledWith('PerfectParser could not start', expect.stringContaining('newer version of PerfectParser'));
    expect(electron.app.exit).toHaveBeenCalledWith(1);
    expect(electron.windows).toHaveLength(0);
    expect(electron.ipcMain.handlers.size).toBe(0);
  });

  it('turns a full disk and a Node-ABI SQLite build into sentences', async () => {
    core.openApp.mockRejectedValueOnce(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }));
    const full = await startMain();
    expect(full.dialog.showErrorBox.mock.calls[0]![1]).toMatch(/^The disk holding PerfectParser’s data folder .* is full\. Free some space/);

    core.openApp.mockRejectedValueOnce(new Error('The module was compiled against a different Node.js version using NODE_MODULE_VERSION 115.'));
    const abi = await startMain();
    expect(abi.dialog.showErrorBox.mock.calls[0]![1]).toMatch(/npm run rebuild:electron/);
  });

  it('quits at once when another instance holds the lock, and focuses that one instead', async () => {
    const second = await startMain({ hasLock: false });
    expect(second.app.quit).toHaveBeenCalledTimes(1);
    expect(second.windows).toHaveLength(0);
    expect(second.ipcMain.handlers.size).toBe(0);
    expect(core.openApp).not.toHaveBeenCalled();

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
    onHeaders({ url: ours(electron).senderFrame.url, responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] } }, callback);
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

  it('answers RPC from its own window only, through the service layer, with the validated argument', async () => {
    const electron = await startMain();
    const win = theWindow(electron);
    const scan = handler(electron, 'rpc:inbox.scan');
    const event = ours(electron);

    await expect(scan(event, { paths: ['/home/ada/inbox'] })).resolves.toEqual({
      method: 'inbox.scan',
      args: { paths: ['/home/ada/inbox'], filter: 'supported' },
    });
    await expect(scan({ ...event, sender: { id: 4242 } }, { paths: ['/home/ada/inbox'] })).rejects.toThrow(/did not open/);
    await expect(scan({ ...event, senderFrame: { url: 'https://evil.example/', parent: null } }, { paths: ['/etc'] })).rejects.toThrow(
      /not part of PerfectParser/,
    );
    await expect(scan(event, { paths: ['relative'] })).rejects.toThrow(/absolute path/);

    win.webContents.destroy();
    await expect(scan(event, { paths: ['/home/ada/inbox'] })).rejects.toThrow(/did not open/);
  });

  it('shows the open dialog over the calling window: documents filtered by type, or a folder', async () => {
    const electron = await startMain();
    const win = theWindow(electron);
    const open = handler(electron, 'desktop:dialog.open');

    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/home/ada/a.pdf', '/home/ada/b.png'] });
    await expect(open(ours(electron), { kind: 'files' })).resolves.toEqual(['/home/ada/a.pdf', '/home/ada/b.png']);
    const [owner, options] = electron.dialog.showOpenDialog.mock.calls[0] as [unknown, { properties: string[]; filters: Array<{ extensions: string[] }> }];
    expect(owner).toBe(win);
    expect(options.properties).toEqual(['openFile', 'multiSelections']);
    expect(options.filters[0]!.extensions).toEqual(expect.arrayContaining(['pdf', 'png', 'jpg', 'tiff']));

    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: ['/ignored'] });
    await expect(open(ours(electron), { kind: 'folder' })).resolves.toEqual([]);
    expect((electron.dialog.showOpenDialog.mock.calls[1]![1] as { properties: string[] }).properties).toEqual(['openDirectory']);
  });

  it('saves an export where the user chooses, and reports a cancelled dialog as saved_to null', async () => {
    const electron = await startMain();
    const save = handler(electron, 'desktop:results.export');
    const target = path.join(userData, 'out.csv');

    electron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target });
    await expect(save(ours(electron), { extraction_id: 'ext_1', format: 'csv' })).resolves.toEqual({ saved_to: target });
    expect(await readFile(target, 'utf8')).toBe('document_id,total\ndoc_1,42\n');
    expect(apps[0]!.services.exports.extraction).toHaveBeenCalledWith('ext_1', { format: 'csv', line_items: 'rows', bom: true });
    const options = electron.dialog.showSaveDialog.mock.calls[0]![1] as { defaultPath: string };
    expect(options.defaultPath).toBe(path.join(userData, 'Documents', 'Invoices 2026-11-24.csv'));

    electron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' });
    await expect(save(ours(electron), { extraction_id: 'ext_1', format: 'xlsx', line_items: 'json' })).resolves.toEqual({ saved_to: null });
  });

  it('forwards every job event to its window until the window is gone', async () => {
    const electron = await startMain();
    const win = theWindow(electron);
    const event: JobEvent = { type: 'extraction.status', extraction_id: 'ext_1', status: 'completed' };
    apps[0]!.events.publish(event);
    expect(win.webContents.send).toHaveBeenCalledWith('events:job', event);

    win.webContents.url = 'https://evil.example/';
    apps[0]!.events.publish(event);
    expect(win.webContents.send).toHaveBeenCalledTimes(1);

    win.webContents.destroy();
    apps[0]!.events.publish(event);
    expect(win.webContents.send).toHaveBeenCalledTimes(1);
  });

  it('switches the local API on and off through the RPC host, remembering the choice', async () => {
    await startMain();
    const host = hosts[0]!;
    expect(host.api.status()).toEqual({ enabled: false, url: null });
    await host.api.setEnabled!(true);
    expect(core.startServer).toHaveBeenCalledTimes(1);
    const [, options] = core.startServer.mock.calls[0] as [unknown, { host: string; port: number; apiKey: () => string }];
    expect(options).toMatchObject({ host: '127.0.0.1', port: 4780 });
    expect(options.apiKey()).toBe('pp_local_test');
    expect(host.api.status()).toEqual({ enabled: true, url: 'http://127.0.0.1:4780' });
    host.api.keyChanged!('pp_local_rotated');
    expect(options.apiKey()).toBe('pp_local_rotated');
    expect(JSON.parse(await readFile(path.join(userData, 'config.json'), 'utf8'))).toEqual({ apiEnabled: true });

    await host.api.setEnabled!(false);
    expect(host.api.status()).toEqual({ enabled: false, url: null });
    expect(JSON.parse(await readFile(path.join(userData, 'config.json'), 'utf8'))).toEqual({ apiEnabled: false });
  });

  it('starts the local API at launch when the user left it on', async () => {
    await writeFile(path.join(userData, 'config.json'), JSON.stringify({ apiEnabled: true }));
    await startMain();
    expect(core.startServer).toHaveBeenCalledTimes(1);
    expect(hosts[0]!.api.status().enabled).toBe(true);
  });

  it('quits in order: holds the quit, closes the API, then the core with running documents requeued', async () => {
    await writeFile(path.join(userData, 'config.json'), JSON.stringify({ apiEnabled: true }));
    const electron = await startMain();
    const server = (await core.startServer.mock.results[0]!.value) as { close: ReturnType<typeof vi.fn> };
    const order: string[] = [];
    server.close.mockImplementation(async () => void order.push('server'));
    apps[0]!.close.mockImplementation(async () => void order.push('core'));

    const first = { preventDefault: vi.fn() };
    electron.app.emit('before-quit', first);
    expect(first.preventDefault).toHaveBeenCalledTimes(1);
    const again = { preventDefault: vi.fn() };
    electron.app.emit('before-quit', again);
    expect(again.preventDefault).toHaveBeenCalledTimes(1);

    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalledTimes(1));
    expect(order).toEqual(['server', 'core']);
    expect(apps[0]!.close).toHaveBeenCalledWith({ abort: true });
    expect(theWindow(electron).hide).toHaveBeenCalled();

    const last = { preventDefault: vi.fn() };
    electron.app.emit('before-quit', last);
    expect(last.preventDefault).not.toHaveBeenCalled();
  });

  it('loads the dev server when electron-vite dev provides one, but never in a packaged app', async () => {
    process.env['ELECTRON_RENDERER_URL'] = 'http://localhost:5173/';
    const dev = await startMain();
    expect(theWindow(dev).loadURL).toHaveBeenCalledWith('http://localhost:5173/');
    expect(theWindow(dev).loadFile).not.toHaveBeenCalled();

    await packaged(userData, async () => {
      const app = await startMain({ packaged: true });
      expect(theWindow(app).loadFile).toHaveBeenCalledTimes(1);
      expect(theWindow(app).loadURL).not.toHaveBeenCalled();
    });
  });
});
