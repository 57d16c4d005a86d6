// Entry point of the Electron main process: a thin shell around the service layer. It owns the
// app lifecycle (one instance, one window, an orderly quit), the security settings, the native
// dialogs and IPC registration; everything else is the headless core it opens on ready.
import { app, BrowserWindow, dialog, ipcMain, safeStorage, session, type IpcMainInvokeEvent } from 'electron';
import { fileURLToPath } from 'node:url';
import { openDesktopCore, type DesktopCore } from './core.js';
import { createDesktopHandlers } from './desktop-handlers.js';
import { registerIpc } from './ipc.js';
import { forwardJobEvents } from './job-events.js';
import { rendererLocation } from './renderer-location.js';
import { Secrets } from './secrets.js';
import { lockDownWebContents, secureSession } from './security.js';
import { createMainWindow } from './window.js';

// electron-vite sets ELECTRON_RENDERER_URL while `electron-vite dev` runs; a packaged app never
// loads from a dev server, whatever its environment says.
const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const indexHtmlPath = fileURLToPath(new URL('../renderer/index.html', import.meta.url));
/** Longest wait for running documents to stop and the store to close before quitting anyway. */
const SHUTDOWN_TIMEOUT_MS = 15_000;

const location = rendererLocation(devServerUrl, indexHtmlPath);
const trustedIds = new Set<number>();
const log = (message: string) => console.error(`PerfectParser: ${message}`);
let mainWindow: BrowserWindow | null = null;
let opening: Promise<DesktopCore | null> | null = null;
let quitState: 'running' | 'closing' | 'closed' = 'running';

function openMainWindow(core: DesktopCore): void {
  const win = createMainWindow({ preloadPath, location, trustedIds });
  forwardJobEvents(win.webContents, core.app.services.events, location.isTrustedUrl);
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  mainWindow = win;
}

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

/** Opens the core; on failure says why in a native box and quits. */
async function openCore(): Promise<DesktopCore | null> {
  try {
    return await openDesktopCore({
      userDataDir: app.getPath('userData'),
      isPackaged: app.isPackaged,
      resourcesPath: process.resourcesPath,
      appPath: app.getAppPath(),
      // The hosted-sync key lives in the OS keychain (safeStorage), never in plain text.
      secrets: new Secrets(safeStorage, app.getPath('userData')),
      log,
    });
  } catch (err) {
    dialog.showErrorBox('PerfectParser could not start', err instanceof Error ? err.message : String(err));
    quitState = 'closed';
    app.exit(1);
    return null;
  }
}

async function start(): Promise<void> {
  secureSession(session.defaultSession, devServerUrl);
  opening = openCore();
  const core = await opening;
  if (!core || quitState !== 'running') return;
  registerIpc<IpcMainInvokeEvent>({
    ipcMain,
    trustedIds,
    isTrustedUrl: location.isTrustedUrl,
    rpc: core.rpc.handlers,
    desktop: createDesktopHandlers<IpcMainInvokeEvent>({
      dialog,
      windowOf: (event) => BrowserWindow.fromWebContents(event.sender),
      exports: core.app.services.exports,
      defaultSaveDir: () => app.getPath('documents'),
    }),
  });
  openMainWindow(core);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && quitState === 'running') openMainWindow(core);
  });
}

/** Closes the API server, then the core (running documents go back to the queue), bounded in time. */
async function shutdown(): Promise<void> {
  for (const win of BrowserWindow.getAllWindows()) win.hide();
  const core = await opening;
  if (!core) return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      log(`Closing took longer than ${SHUTDOWN_TIMEOUT_MS / 1000} s; quitting anyway (the queue resumes at the next start).`);
      resolve();
    }, SHUTDOWN_TIMEOUT_MS);
  });
  await Promise.race([core.close().catch((err: unknown) => log(`Closing failed: ${err instanceof Error ? err.message : String(err)}`)), timeout]);
  clearTimeout(timer);
}

if (!app.requestSingleInstanceLock()) {
  // Another PerfectParser is running; it receives 'second-instance' and comes to the front.
  app.quit();
} else {
  app.enableSandbox();
  app.setAppUserModelId('com.perfectparser.desktop');
  lockDownWebContents();
  app.on('second-instance', focusMainWindow);

  // Quitting waits for the core to close: preventDefault until it has, then quit for real.
  app.on('before-quit', (event: { preventDefault(): void }) => {
    if (quitState === 'closed') return;
    event.preventDefault();
    if (quitState === 'closing') return;
    quitState = 'closing';
    void shutdown().finally(() => {
      quitState = 'closed';
      app.quit();
    });
  });

  void app.whenReady().then(start).catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    log(`could not start: ${message}`);
    dialog.showErrorBox('PerfectParser could not start', message);
    app.exit(1);
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
