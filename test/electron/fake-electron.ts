// A fake of the parts of the electron module that the main-process shell uses, recording what
// the shell asks for. Tests mock 'electron' with it (see main.test.ts).
import { pathToFileURL } from 'node:url';
import { vi } from 'vitest';

type Listener = (...args: never[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  emit(event: string, ...args: unknown[]): unknown[] {
    return (this.listeners.get(event) ?? []).map((l) => (l as (...a: unknown[]) => unknown)(...args));
  }
}

let nextId = 1;

export class FakeWebContents extends Emitter {
  readonly id = nextId++;
  url = '';
  destroyed = false;
  readonly send = vi.fn((_channel: string, _payload: unknown) => undefined);
  windowOpenHandler: ((details: { url: string }) => unknown) | undefined;
  setWindowOpenHandler(handler: (details: { url: string }) => unknown): void {
    this.windowOpenHandler = handler;
  }
  getURL(): string {
    return this.url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** What Electron does when the window closes. */
  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
}

export interface FakeElectronOptions {
  /** app.getPath('userData') */
  userData: string;
  /** app.getPath('documents') */
  documents?: string;
  /** app.getAppPath() */
  appPath?: string;
}

export function createFakeElectron(options: FakeElectronOptions) {
  const windows: FakeBrowserWindow[] = [];
  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    hasLock: true,
    requestSingleInstanceLock: vi.fn((): boolean => app.hasLock),
    quit: vi.fn(),
    exit: vi.fn(),
    enableSandbox: vi.fn(),
    setAppUserModelId: vi.fn(),
    whenReady: vi.fn(() => Promise.resolve()),
    getPath: vi.fn((name: string): string => {
      if (name === 'userData') return options.userData;
      if (name === 'documents') return options.documents ?? options.userData;
      throw new Error(`unexpected getPath(${name})`);
    }),
    getAppPath: vi.fn(() => options.appPath ?? options.userData),
  });

  class FakeBrowserWindow extends Emitter {
    readonly webContents = new FakeWebContents();
    readonly loadFile = vi.fn(async (path: string) => {
      this.webContents.url = pathToFileURL(path).href;
    });
    readonly loadURL = vi.fn(async (url: string) => {
      this.webContents.url = url;
    });
    readonly show = vi.fn();
    readonly hide = vi.fn();
    readonly focus = vi.fn();
    readonly restore = vi.fn();
    constructor(readonly options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>) {
      super();
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    isMinimized(): boolean {
      return false;
    }
    static getAllWindows(): FakeBrowserWindow[] {
      return windows.filter((w) => !w.webContents.destroyed);
    }
    static fromWebContents(contents: unknown): FakeBrowserWindow | null {
      return windows.find((w) => w.webContents === contents) ?? null;
    }
  }

  const ipcMain = {
    handlers: new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>(),
    handle(channel: string, listener: (event: unknown, ...args: unknown[]) => Promise<unknown>) {
      if (ipcMain.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      ipcMain.handlers.set(channel, listener);
    },
    removeHandler(channel: string) {
      ipcMain.handlers.delete(channel);
    },
  };

  const session = {
    defaultSession: {
      webRequest: { onHeadersReceived: vi.fn() },
      setPermissionRequestHandler: vi.fn(),
    },
  };

  const dialog = {
    showOpenDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: false, filePaths: [] as string[] })),
    showSaveDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePath: '' })),
    showErrorBox: vi.fn((_title: string, _content: string) => undefined),
    /** The button chosen in a message box (0: the first). */
    messageBoxChoice: 0,
    showMessageBoxSync: vi.fn((..._args: unknown[]): number => dialog.messageBoxChoice),
  };

  const nativeTheme = { shouldUseDarkColors: false };

  // A keychain that "encrypts" by reversing bytes: enough to see that main hands it to the core.
  const safeStorage = {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString: (plain: string) => Buffer.from(plain, 'utf8').reverse(),
    decryptString: (data: Buffer) => Buffer.from(data).reverse().toString('utf8'),
  };

  return { app, BrowserWindow: FakeBrowserWindow, ipcMain, session, dialog, nativeTheme, safeStorage, windows };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
export type FakeBrowserWindow = InstanceType<FakeElectron['BrowserWindow']>;
