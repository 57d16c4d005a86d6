// Registers every IPC channel of the shared contract in one loop. Each call is refused unless it
// comes from the top frame of a window we created, showing our own page, and its argument passes
// the channel's schema. Written against structural types so tests can drive it without Electron.
import {
  IPC_CHANNELS,
  ipcContract,
  type IpcChannel,
  type IpcParsedArgs,
  type IpcResult,
} from '../../shared/ipc-contract.js';

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

/** One handler per channel; the argument has already been validated. */
export type IpcHandlers<E extends InvokeEventLike> = {
  [C in IpcChannel]: (args: IpcParsedArgs<C>, event: E) => Promise<IpcResult<C>>;
};

export interface RegisterIpcOptions<E extends InvokeEventLike> {
  ipcMain: IpcMainLike<E>;
  /** webContents ids of the windows this process created; the caller keeps it current. */
  trustedIds: ReadonlySet<number>;
  /** Whether a frame URL is our own renderer page (not a page the window was navigated to). */
  isTrustedUrl: (url: string) => boolean;
  handlers: IpcHandlers<E>;
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

/** Parses a channel's argument, or throws an Error whose message names the first problem. */
export function validateArgs<C extends IpcChannel>(channel: C, args: unknown[]): IpcParsedArgs<C> {
  if (args.length > 1) throw new Error(`Invalid request to ${channel}: expected one argument, received ${args.length}.`);
  const parsed = ipcContract[channel].args.safeParse(args[0]);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new Error(`Invalid request to ${channel} — ${where}${issue?.message ?? 'unknown problem'}.`);
  }
  return parsed.data as IpcParsedArgs<C>;
}

/** Registers a handler for every channel; returns a function that removes them all again. */
export function registerIpc<E extends InvokeEventLike>(options: RegisterIpcOptions<E>): () => void {
  const { ipcMain, trustedIds, isTrustedUrl, handlers } = options;
  for (const channel of IPC_CHANNELS) {
    ipcMain.handle(channel, (event, ...args) => {
      const problem = senderProblem(event, trustedIds, isTrustedUrl);
      if (problem) return Promise.reject(new Error(problem));
      let parsed;
      try {
        parsed = validateArgs(channel, args);
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
      return callHandler(handlers, channel, parsed, event);
    });
  }
  return () => {
    for (const channel of IPC_CHANNELS) ipcMain.removeHandler(channel);
  };
}

// A mapped handler table indexed by a union key loses the link between key and argument type;
// this one generic call site restores it.
function callHandler<E extends InvokeEventLike, C extends IpcChannel>(
  handlers: IpcHandlers<E>,
  channel: C,
  args: IpcParsedArgs<C>,
  event: E,
): Promise<IpcResult<C>> {
  const handler = handlers[channel] as (a: IpcParsedArgs<C>, e: E) => Promise<IpcResult<C>>;
  return handler(args, event);
}
