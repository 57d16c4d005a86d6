// Registers one IPC handler per method of the shared contracts, in one loop: `rpc:<method>` for
// the RPC methods (answered by the service layer) and `desktop:<method>` for the desktop-only
// calls (answered by the shell). Each call is refused unless it comes from the top frame of a
// window we created, showing our own page, and its one argument passes the method's schema.
// Written against structural types so tests drive it without Electron.
import { API_ERRORS } from '../../shared/api/errors.js';
import {
  DESKTOP_METHODS,
  parseDesktopArgs,
  parseRpcArgs,
  RPC_METHODS,
  type DesktopMethod,
  type DesktopParsedArgs,
  type DesktopResult,
  type RpcHandlers,
  type RpcMethod,
  type RpcParsedArgs,
  RpcArgumentError,
} from '../../shared/rpc-contract.js';
import { desktopChannel, rpcChannel } from '../../preload/channels.js';

/** The parts of Electron's IpcMainInvokeEvent the checks read. */
export interface InvokeEventLike {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

/** The parts of Electron's ipcMain that registration uses. */
export interface IpcMainLike<E extends InvokeEventLike> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** The shell's own handlers; the argument has already been validated. */
export type DesktopHandlers<E extends InvokeEventLike> = {
  [M in DesktopMethod]: (args: DesktopParsedArgs<M>, event: E) => Promise<DesktopResult<M>>;
};

export interface RegisterIpcOptions<E extends InvokeEventLike> {
  ipcMain: IpcMainLike<E>;
  /** webContents ids of the windows this process created; the caller keeps it current. */
  trustedIds: ReadonlySet<number>;
  /** Whether a frame URL is our own renderer page (not a page the window was navigated to). */
  isTrustedUrl: (url: string) => boolean;
  /** The service layer's handlers (createRpcService(...).handlers). */
  rpc: RpcHandlers;
  desktop: DesktopHandlers<E>;
}

/** Why a sender is refused, or null when it is one of ours. */
export function senderProblem(event: InvokeEventLike, trustedIds: ReadonlySet<number>, isTrustedUrl: (url: string) => boolean): string | null {
  if (!trustedIds.has(event.sender.id)) return 'This request came from a window PerfectParser did not open.';
  const frame = event.senderFrame;
  if (!frame) return 'This request came from a page that has already closed.';
  if (frame.parent !== null && frame.parent !== undefined) return 'This request came from an embedded frame, not from PerfectParser.';
  if (!isTrustedUrl(frame.url)) return 'This request came from a page that is not part of PerfectParser.';
  return null;
}

type Route<E> = [channel: string, answer: (arg: unknown, event: E) => Promise<unknown>];

/** Registers a handler for every method of both contracts; returns a function that removes them. */
export function registerIpc<E extends InvokeEventLike>(options: RegisterIpcOptions<E>): () => void {
  const { ipcMain, trustedIds, isTrustedUrl, rpc, desktop } = options;
  const routes: Route<E>[] = [
    ...RPC_METHODS.map((method): Route<E> => [rpcChannel(method), (arg) => callRpc(rpc, method, arg)]),
    ...DESKTOP_METHODS.map((method): Route<E> => [desktopChannel(method), (arg, event) => callDesktop(desktop, method, arg, event)]),
  ];
  for (const [channel, answer] of routes) {
    ipcMain.handle(channel, async (event, ...args) => {
      const problem = senderProblem(event, trustedIds, isTrustedUrl);
      if (problem) throw new Error(problem);
      if (args.length > 1) throw new Error(`Invalid request to ${channel.slice(channel.indexOf(':') + 1)}: expected one argument, received ${args.length}.`);
      try {
        return await answer(args[0], event);
      } catch (err) {
        throw transportError(err);
      }
    });
  }
  return () => {
    for (const [channel] of routes) ipcMain.removeHandler(channel);
  };
}

// A handler table indexed by a union key loses the link between key and argument type; these
// two generic call sites restore it. Parsing throws an Error naming the first problem.
function callRpc<M extends RpcMethod>(handlers: RpcHandlers, method: M, arg: unknown): Promise<unknown> {
  const handler = handlers[method] as (a: RpcParsedArgs<M>) => Promise<unknown>;
  return handler(parseRpcArgs(method, arg));
}

function callDesktop<E extends InvokeEventLike, M extends DesktopMethod>(
  handlers: DesktopHandlers<E>,
  method: M,
  arg: unknown,
  event: E,
): Promise<unknown> {
  const handler = handlers[method] as (a: DesktopParsedArgs<M>, e: E) => Promise<unknown>;
  return handler(parseDesktopArgs(method, arg), event);
}

/** Electron hands the page only `String(error)`, i.e. "<name>: <message>". The error sent is
 *  named after its contract code (RESOURCE_NOT_FOUND, INVALID_PAYLOAD…) when it has one, so the
 *  renderer can rebuild a typed error; the message is always a sentence, never a stack. */
export function transportError(err: unknown): Error {
  const message =
    err instanceof Error && err.message ? err.message : typeof err === 'string' && err ? err : 'Something went wrong in PerfectParser; please try again.';
  const out = new Error(message);
  const code = err instanceof RpcArgumentError ? 'INVALID_PAYLOAD' : (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && Object.hasOwn(API_ERRORS, code)) out.name = code;
  return out;
}

