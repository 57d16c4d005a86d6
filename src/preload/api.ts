// The API the preload hands to the page: one named verb per IPC channel, one object argument
// per call. Built from an injected bridge so it can be tested without Electron.
import type { IpcArgs, IpcChannel, IpcResult } from '../shared/ipc-contract.js';

/** What the preload needs from Electron: a typed invoke and the path behind a dropped File. */
export interface PreloadBridge {
  invoke(channel: IpcChannel, ...args: unknown[]): Promise<unknown>;
  getPathForFile(file: File): string;
}

/** The object exposed as window.api. */
export function createApi(bridge: PreloadBridge) {
  // The channel name picks the argument and result types, so a verb cannot drift from the contract.
  const invoke = <C extends IpcChannel>(channel: C, ...arg: IpcArgs<C> extends undefined ? [] : [IpcArgs<C>]) =>
    bridge.invoke(channel, ...arg) as Promise<IpcResult<C>>;

  return {
    /** Parses a file on disk; resolves with the parser_run, PROCESSED or FAILED. */
    parseFile: (args: IpcArgs<'parse:file'>) => invoke('parse:file', args),
    /** Shows the system dialog for choosing documents; [] when cancelled. */
    openFiles: () => invoke('dialog:open-files'),
    /** The path on disk of a File from a drop or an <input type="file">; '' when it has none. */
    pathForFile: (file: File) => bridge.getPathForFile(file),
  };
}

export type DesktopApi = ReturnType<typeof createApi>;
