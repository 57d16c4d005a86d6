// A fake of the parts of the electron module that the main-process shell uses, recording what
// the shell asks for. Tests mock 'electron' with it (see main.test.ts).
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
  windowOpenHandler: ((details: { url: string }) => unknown) | undefined;
  setWindowOpenHandler(handler: (details: { url: string }) => unknown): void {
    this.windowOpenHandler = handler;
  }
}

export function createFakeElectron() {
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
  });

  class FakeBrowserWindow extends Emitter {
    readonly webContents = new FakeWebContents();
    readonly loadFile = vi.fn(async (_path: string) => undefined);
    readonly loadURL = vi.fn(async (_url: string) => undefined);
    readonly show = vi.fn();
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
      return windows;
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

  const dialog = { showOpenDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: false, filePaths: [] as string[] })) };

  const nativeTheme = { shouldUseDarkColors: false };

  return { app, BrowserWindow: FakeBrowserWindow, ipcMain, session, dialog, nativeTheme, windows };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
export type FakeBrowserWindow = InstanceType<FakeElectron['BrowserWindow']>;
