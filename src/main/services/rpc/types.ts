// What the desktop transports (Electron IPC, `serve`'s /rpc routes) get from the service layer:
// one handler per method of the shared RPC contract, plus the upload intake browser mode needs.
import type { RpcHandlers, StageResult } from '../../../shared/rpc-contract.js';

/** What the transport hosting the UI tells the handlers about itself. */
export interface RpcHost {
  /** 'desktop' for the Electron app, 'browser' for `perfectparser serve`. */
  mode: 'desktop' | 'browser';
  /** The local REST API: whether it listens and where; the desktop can switch it on and off. */
  api: {
    status(): { enabled: boolean; url: string | null };
    /** Absent when the UI is served by the API itself (it cannot switch itself off). */
    setEnabled?: ((enabled: boolean) => Promise<void>) | undefined;
    /** The key the API checks, when it is not the store's (PERFECTPARSER_API_KEY): it cannot be rotated here. */
    fixedKey?: string | undefined;
    /** Called after the store's key was rotated, so the running server checks the new one. */
    keyChanged?: ((key: string) => void) | undefined;
  };
}

/** An upload already spooled to a temporary file by the transport. */
export interface UploadInput {
  tempPath: string;
  /** The file's name as the browser gave it. */
  filename: string;
  /** Its path below the dropped folder ("march/inv-1.pdf"), or the name. */
  relativePath: string;
  /** The content's sha256 (hex), when the transport hashed it while spooling it. */
  sha256?: string | undefined;
}

export interface RpcService {
  handlers: RpcHandlers;
  /** Takes over an uploaded file: probes and hashes it, keeps it as a staged upload (its
   *  `upload_id` then works as a FileRef), or reports why it was skipped (and removes it). */
  stageUpload(input: UploadInput): Promise<StageResult>;
  /** Removes staged uploads never used by a job, older than `maxAgeMs`. */
  purgeStaleUploads(maxAgeMs: number): Promise<number>;
}
