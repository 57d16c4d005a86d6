// Entry point of the Electron main process: a thin shell around the service layer. It owns the
// app lifecycle (one instance, one window), the security settings and IPC registration.
import { app, BrowserWindow, ipcMain, session } from 'electron';
import { fileURLToPath } from 'node:url';
import { createHandlers } from './handlers.js';
import { registerIpc } from './ipc.js';
import { rendererLocation } from './renderer-location.js';
import { lockDownWebContents, secureSession } from './security.js';
import { createMainWindow } from './window.js';

// electron-vite sets ELECTRON_RENDERER_URL while `electron-vite dev` runs; a packaged app never
// loads from a dev server, whatever its environment says.
const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const indexHtmlPath = fileURLToPath(new URL('../renderer/index.html', import.meta.url));

const location = rendererLocation(devServerUrl, indexHtmlPath);
const trustedIds = new Set<number>();
let mainWindow: BrowserWindow | null = null;

function openMainWindow(): void {
  mainWindow = createMainWindow({ preloadPath, location, trustedIds });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

if (!app.requestSingleInstanceLock()) {
  // Another PerfectParser is running; it receives 'second-instance' and comes to the front.
  app.quit();
} else {
  app.enableSandbox();
  app.setAppUserModelId('com.perfectparser.desktop');
  lockDownWebContents();
  app.on('second-instance', focusMainWindow);

  void app.whenReady().then(() => {
    secureSession(session.defaultSession, devServerUrl);
    registerIpc({ ipcMain, trustedIds, isTrustedUrl: location.isTrustedUrl, handlers: createHandlers() });
    openMainWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openMainWindow();
    });
  }).catch((err: unknown) => {
    console.error(`PerfectParser could not start: ${err instanceof Error ? err.message : String(err)}`);
    app.exit(1);
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
