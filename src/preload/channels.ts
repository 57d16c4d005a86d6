// The IPC channel names, declared once and derived from the shared contract: `rpc:<method>` for
// each RPC method, `desktop:<method>` for each desktop-only call, and the one push channel for
// job progress. Main registers from these and the preload invokes them; nothing else names a channel.
import type { DesktopMethod, RpcMethod } from '../shared/rpc-contract.js';

/** The invoke channel of an RPC method. */
export const rpcChannel = <M extends RpcMethod>(method: M) => `rpc:${method}` as const;

/** The invoke channel of a desktop-only method (dialogs, saving where the user chose). */
export const desktopChannel = <M extends DesktopMethod>(method: M) => `desktop:${method}` as const;

/** Main → renderer: every job event, pushed to the app's own windows. */
export const JOB_EVENT_CHANNEL = 'events:job';
