// What the inbox learns about a file before it is queued, cheaply: its type from its first
// bytes (the engine's own detection), its size, and its SHA-256 read as a stream (never the
// whole file in memory). A file that cannot be taken gets a reason as a sentence.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { IMAGE_FILE_TYPES, passesFileTypeFilter, type FileTypeFilter } from '../../../shared/rpc-contract.js';
import { detectFileType, type DetectedType, type FileKind } from '../../engine/detect.js';

/** What the engine reads: PDF documents, images and plain text. */
export const SUPPORTED_KINDS: ReadonlySet<FileKind> = new Set(['pdf', ...(IMAGE_FILE_TYPES as ReadonlySet<FileKind>), 'text']);

/** Bytes read for type detection (text detection looks at the first 4 KiB). */
const HEAD_BYTES = 4096;

export interface FileFacts {
  size: number;
  mtimeMs: number;
  /** SHA-256, hex. */
  hash: string;
  kind: FileKind;
  mime: string;
}

/** Why a file was not taken: a reason code as the engine names failures, and a sentence. */
export interface FileRefusal {
  code: string;
  reason: string;
}

export type Examined = { ok: true; facts: FileFacts } | { ok: false; refusal: FileRefusal };

/** The refusal for a file that could not be opened or read. */
export function unreadable(err: unknown): FileRefusal {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { code: 'FILE_NOT_FOUND', reason: 'Nothing is at this path any more; the file was moved or deleted.' };
  if (code === 'EACCES' || code === 'EPERM') return { code: 'FILE_NOT_FOUND', reason: 'This file cannot be read: permission denied.' };
  return { code: 'FILE_NOT_FOUND', reason: `This file could not be read (${code ?? 'error'}).` };
}

/** Null when a file of this type passes the filter, else why it was left out. */
export function filterRefusal(type: DetectedType, filter: FileTypeFilter): FileRefusal | null {
  if (!SUPPORTED_KINDS.has(type.kind)) {
    return {
      code: 'FILE_TYPE_NOT_SUPPORTED',
      reason: `This is a ${type.label}, which cannot be processed. Supported files are PDF documents, images (PNG, JPEG, TIFF, WebP, BMP, GIF) and plain text.`,
    };
  }
  if (passesFileTypeFilter(type.kind, filter)) return null;
  return { code: 'FILTERED', reason: `This is a ${type.label}; only ${filter === 'pdf' ? 'PDF documents' : 'images'} were asked for.` };
}

function sizeRefusal(size: number, maxFileSize: number): FileRefusal | null {
  if (size === 0) return { code: 'CORRUPT_FILE', reason: 'This file is empty (0 bytes); there is nothing to read.' };
  if (size > maxFileSize) {
    return {
      code: 'FILE_SIZE_TOO_LARGE',
      reason: `This file is ${(size / 1048576).toFixed(1)} MB, above the limit of ${(maxFileSize / 1048576).toFixed(0)} MB.`,
    };
  }
  return null;
}

/** SHA-256 of a file, read as a stream. */
export function hashFile(filePath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(filePath, { highWaterMark: 1 << 20 })
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** A file's first bytes, enough for type detection. */
export async function readHead(filePath: string): Promise<Uint8Array> {
  const handle = await open(filePath, 'r');
  try {
    const buffer = new Uint8Array(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Stats, types and hashes a file (unless its `hash` is already known); a file that is missing,
 *  unreadable, empty, too large, of an unsupported type or left out by the filter is refused with
 *  its reason. */
export async function examineFile(
  filePath: string,
  options: { filter: FileTypeFilter; maxFileSize: number; hash?: string | undefined },
): Promise<Examined> {
  let info;
  try {
    info = await stat(filePath);
  } catch (err) {
    return { ok: false, refusal: unreadable(err) };
  }
  if (!info.isFile()) return { ok: false, refusal: { code: 'FILE_NOT_FOUND', reason: 'This is not a file.' } };
  const tooBig = sizeRefusal(info.size, options.maxFileSize);
  if (tooBig) return { ok: false, refusal: tooBig };
  try {
    const type = detectFileType(await readHead(filePath));
    const refused = filterRefusal(type, options.filter);
    if (refused) return { ok: false, refusal: refused };
    const hash = options.hash ?? (await hashFile(filePath));
    return { ok: true, facts: { size: info.size, mtimeMs: info.mtimeMs, hash, kind: type.kind, mime: type.mime } };
  } catch (err) {
    return { ok: false, refusal: unreadable(err) };
  }
}
