// The API the preload hands to the page, derived from the shared contracts: one verb for RPC
// methods, one for desktop-only calls, a job-event subscription that returns its disposer, and
// the path behind a dropped File. Built from an injected bridge so it runs in Node tests.
import {
  DESKTOP_METHODS,
  RPC_METHODS,
  type DesktopArgs,
  type DesktopMethod,
  type DesktopResult,
  type JobEvent,
  type RpcArgs,
  type RpcMethod,
  type RpcResult,
} from '../shared/rpc-contract.js';
import { desktopChannel, JOB_EVENT_CHANNEL, rpcChannel } from './channels.js';

/** A listener as ipcRenderer.on calls it: the IPC event first, then the payload. */
export type BridgeListener = (event: unknown, payload: unknown) => void;

/** What the preload needs from Electron (ipcRenderer and webUtils), and nothing more. */
export interface PreloadBridge {
  invoke(channel: string, arg: unknown): Promise<unknown>;
  on(channel: string, listener: BridgeListener): void;
  removeListener(channel: string, listener: BridgeListener): void;
  getPathForFile(file: File): string;
}

const rpcMethods: ReadonlySet<string> = new Set(RPC_METHODS);
const desktopMethods: ReadonlySet<string> = new Set(DESKTOP_METHODS);

function unknownMethod(method: unknown): Promise<never> {
  return Promise.reject(new Error(`"${String(method)}" is not something PerfectParser can be asked to do.`));
}

/** The object exposed as window.api. */
export function createApi(bridge: PreloadBridge) {
  return {
    /** Calls a method of the RPC contract; rejects (without calling main) for any other name. */
    // No argument for methods that take none, else exactly one (the same shape as Backend.call).
    call<M extends RpcMethod>(method: M, ...args: RpcArgs<M> extends undefined ? [] : [RpcArgs<M>]): Promise<RpcResult<M>> {
      if (typeof method !== 'string' || !rpcMethods.has(method)) return unknownMethod(method);
      return bridge.invoke(rpcChannel(method), args[0]) as Promise<RpcResult<M>>;
    },
    /** Calls a desktop-only method (native dialogs, saving an export); other names are refused. */
    desktop<M extends DesktopMethod>(method: M, ...args: DesktopArgs<M> extends undefined ? [] : [DesktopArgs<M>]): Promise<DesktopResult<M>> {
      if (typeof method !== 'string' || !desktopMethods.has(method)) return unknownMethod(method);
      return bridge.invoke(desktopChannel(method), args[0]) as Promise<DesktopResult<M>>;
    },
    /** Calls `listener` with every job event; the returned function removes exactly this
     *  subscription (calling it again does nothing). */
    onJobEvent(listener: (event: JobEvent) => void): () => void {
      if (typeof listener !== 'function') throw new TypeError('onJobEvent needs a function.');
      // Our own wrapper is what ipcRenderer holds, so removal never depends on the identity of
      // the page's function (contextBridge hands the preload a new proxy for it on every call).
      const wrapper: BridgeListener = (_event, payload) => listener(payload as JobEvent);
      let subscribed = true;
      bridge.on(JOB_EVENT_CHANNEL, wrapper);
      return () => {
        if (!subscribed) return;
        subscribed = false;
        bridge.removeListener(JOB_EVENT_CHANNEL, wrapper);
      };
    },
    /** The path on disk of a File from a drop or an <input type="file"> (a dropped folder too);
     *  '' when it has none (a file made in memory). */
    pathForFile(file: File): string {
      try {
        return bridge.getPathForFile(file);
      } catch {
        return '';
      }
    },
  };
}

/** The type of window.api, for the renderer. */
export type DesktopApi = ReturnType<typeof createApi>;
