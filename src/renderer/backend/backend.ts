// The renderer's one door to the app. Screens and stores call a Backend and never know whether
// it is the desktop IPC bridge (ipc-backend.ts) or HTTP to `perfectparser serve` (http-backend.ts).
import type { ExportFormat } from '../../shared/api/extractions.js';
import type { FileTypeFilter, JobEvent, RpcArgs, RpcMethod, RpcResult, StageResult } from '../../shared/rpc-contract.js';

/** The parts of a dropped `FileSystemEntry` the backends read (a folder is walked through its reader). */
export interface DroppedEntry {
  readonly isFile: boolean;
  readonly isDirectory: boolean;
  readonly name: string;
  readonly fullPath: string;
}

/** What the user dropped or picked: plain files, plus (from a drop) the entries that may be folders. */
export interface AddedItems {
  /** Files from an <input type="file"> (with `webkitRelativePath` for a folder input) or a drop. */
  files: File[];
  /** From a drop: `DataTransferItem.webkitGetAsEntry()` of each item, so folders can be walked. */
  entries?: DroppedEntry[] | undefined;
  /** From a drop: the files of items that had no entry (some sources drop plain files), which a
   *  walk of `entries` would miss. */
  looseFiles?: File[] | undefined;
}

/** Progress while files are staged (scanned, uploaded, hashed). */
export type StageProgress = (done: number, total: number) => void;

export interface Backend {
  /** 'desktop' inside the app, 'browser' when served by `perfectparser serve`. */
  readonly kind: 'desktop' | 'browser';
  /** Calls a method of the shared contract; rejects with an Error whose message is a sentence. */
  call<M extends RpcMethod>(method: M, ...args: RpcArgs<M> extends undefined ? [] : [RpcArgs<M>]): Promise<RpcResult<M>>;
  /** Turns dropped or picked files and folders into staged files (folders walked recursively,
   *  filtered by type, probed, hashed, checked against earlier jobs). Desktop: by path; browser: uploaded. */
  stage(items: AddedItems, filter: FileTypeFilter, onProgress?: StageProgress): Promise<StageResult>;
  /** Job progress as it happens; returns a function that stops the subscription. */
  subscribe(listener: (event: JobEvent) => void): () => void;
  /** Browser mode: called with false when the server stops answering (so what the screens show
   *  may be out of date) and with true when it answers again; returns a function that stops
   *  listening. The desktop has no connection to lose. */
  onConnection?: ((listener: (connected: boolean) => void) => () => void) | undefined;
  /** Saves an extraction's export where the user chooses (desktop: save dialog; browser: a download
   *  named `name` plus the format's extension, when given). Resolves with where it went, or null
   *  when the user cancelled. */
  exportResults(extractionId: string, format: ExportFormat, lineItems: 'rows' | 'json', name?: string): Promise<{ saved_to: string | null }>;
  /** The native "open files/folder" dialog (desktop only); returns staged files, or null where there is none. */
  pickWithDialog?: ((kind: 'files' | 'folder', filter: FileTypeFilter) => Promise<StageResult>) | undefined;
  /** The access key, where the page must hold one (browser mode); the desktop has none. */
  access?: KeyAccess | undefined;
}

/** The access key a browser page sends with every request (see api-key.ts). */
export interface KeyAccess {
  /** True when the page has a key to send. */
  hasKey(): boolean;
  /** Tries `key` against the server: true (and it is used and kept from now on) when accepted,
   *  false when refused; rejects with a sentence when the server cannot be reached. */
  tryKey(key: string): Promise<boolean>;
  /** Called when the server refuses the key the page holds (replaced in another tab, a server
   *  started with another key); returns a function that stops listening. */
  onRefused(listener: () => void): () => void;
}
