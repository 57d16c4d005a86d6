// The one main window: sandboxed, context-isolated, no Node in the page, shown once painted.
// Its webContents id joins the trusted set for as long as the window lives.
import { BrowserWindow, dialog, nativeTheme } from 'electron';
import type { RendererLocation } from './renderer-location.js';

export interface MainWindowOptions {
  preloadPath: string;
  location: RendererLocation;
  /** Ids of windows whose IPC calls are answered; this window adds and removes its own. */
  trustedIds: Set<number>;
}

/** Creates the main window and starts loading the renderer. */
export function createMainWindow({ preloadPath, location, trustedIds }: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1100,
    height: 780,
    minWidth: 640,
    minHeight: 480,
    show: false,
    title: 'PerfectParser',
    // The page's own background (styles.css), so no flash of the wrong colour before it paints.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#14171d' : '#f6f7f9',
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  const id = win.webContents.id;
  trustedIds.add(id);
  win.webContents.once('destroyed', () => trustedIds.delete(id));
  win.once('ready-to-show', () => win.show());
  // The page refuses to unload while it holds unsaved work (use-unload-guard.ts). A browser asks
  // "Leave site?" then; a window would only refuse to close or reload, so the question is asked here.
  win.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(win, {
      type: 'question',
      buttons: ['Leave', 'Stay'],
      defaultId: 1,
      cancelId: 1,
      title: 'Unsaved work',
      message: 'Leave without saving?',
      detail: 'Parser edits that are not saved, and files staged in the Inbox, are lost if you leave now.',
    });
    // Preventing the event lets the page go after all.
    if (choice === 0) event.preventDefault();
  });

  const load = location.load;
  const loading = load.kind === 'url' ? win.loadURL(load.url) : win.loadFile(load.path);
  loading.catch((err: unknown) => {
    console.error(`PerfectParser could not load its window: ${err instanceof Error ? err.message : String(err)}`);
  });
  return win;
}
