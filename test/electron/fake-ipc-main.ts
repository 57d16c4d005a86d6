// A stand-in for Electron's ipcMain and invoke events, so IPC registration runs without Electron.
import type { InvokeEventLike, IpcMainLike } from '../../src/main/electron/ipc.js';

type Listener = (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>;

export class FakeIpcMain implements IpcMainLike<InvokeEventLike> {
  readonly listeners = new Map<string, Listener>();

  handle(channel: string, listener: Listener): void {
    // Electron throws on a second handler for the same channel; so does the fake.
    if (this.listeners.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.listeners.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.listeners.delete(channel);
  }

  /** Calls a channel the way ipcRenderer.invoke would, from the given sender. */
  invoke(event: InvokeEventLike, channel: string, ...args: unknown[]): Promise<unknown> {
    const listener = this.listeners.get(channel);
    if (!listener) return Promise.reject(new Error(`No handler registered for '${channel}'`));
    return listener(event, ...args);
  }
}

export const APP_URL = 'file:///opt/PerfectParser/resources/app/out/renderer/index.html';

/** An invoke event from the top frame of webContents `id`, showing `url`. */
export function eventFrom(id: number, url = APP_URL, parent: unknown = null): InvokeEventLike {
  return { sender: { id }, senderFrame: { url, parent } };
}
