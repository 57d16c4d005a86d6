// What every group of RPC handlers shares: the app core, the host transport, and the facts of
// files recently scanned (so creating a job right after a scan does not hash every file again).
import type { App } from '../app.js';
import type { FileFacts } from './file-facts.js';
import type { RpcHost } from './types.js';

/** A scanned file's facts and where it sits below the folder it was added with. */
export interface ScannedFile {
  facts: FileFacts;
  relativePath: string;
}

/** Scanned files remembered, at most (the oldest are forgotten first). */
const SCAN_CACHE_SIZE = 50_000;

export class ScanCache {
  private readonly entries = new Map<string, ScannedFile>();

  remember(filePath: string, file: ScannedFile): void {
    this.entries.delete(filePath);
    this.entries.set(filePath, file);
    if (this.entries.size > SCAN_CACHE_SIZE) this.entries.delete(this.entries.keys().next().value!);
  }

  /** The file as scanned, if it has not changed since (same size and modification time). */
  lookup(filePath: string, size: number, mtimeMs: number): ScannedFile | undefined {
    const hit = this.entries.get(filePath);
    return hit && hit.facts.size === size && hit.facts.mtimeMs === mtimeMs ? hit : undefined;
  }

  /** Where the file sits below its folder, as last scanned (even if it changed since). */
  relativePath(filePath: string): string | undefined {
    return this.entries.get(filePath)?.relativePath;
  }
}

export interface RpcContext {
  app: App;
  host: RpcHost;
  scans: ScanCache;
}

/** Files probed (stat, type, hash) at once. */
export const FILE_CONCURRENCY = 8;
