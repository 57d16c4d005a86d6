// Taking files in: uploads are moved into the data folder's content-addressed file store
// (one copy per distinct content), local paths are read in place. Every file is probed in an
// engine worker for its type and page count before a job is created.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, copyFile } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../../shared/api/errors.js';
import { EngineError } from '../engine/errors.js';
import type { EnginePool } from '../jobs/engine-pool.js';
import type { RunSummary } from '../jobs/worker-protocol.js';
import type { IncomingFile } from './types.js';
import { WRONG_PASSWORD_WORDS } from '../../shared/password-words.js';

export interface IntakeFile {
  filename: string;
  bytes: Uint8Array;
  hash: string;
  size: number;
  /** For local files: where it stays. */
  sourcePath: string | null;
  /** For uploads: the spooled temporary file, until it is stored. */
  tempPath: string | null;
}

export interface ProbedFile extends IntakeFile {
  mime: string;
  pageCount: number;
}

/** Reads an incoming file (checking size and that it is a file) and hashes it (unless the
 *  upload was hashed as it was spooled). */
export async function readIncoming(file: IncomingFile, maxFileSize: number): Promise<IntakeFile> {
  const filePath = file.kind === 'local' ? path.resolve(file.path) : file.tempPath;
  const filename = file.kind === 'local' ? path.basename(filePath) : file.filename;
  let info;
  try {
    info = await stat(filePath);
  } catch {
    throw new ApiError('INVALID_PAYLOAD', `${filename}: file not found (${filePath})`, 'paths');
  }
  if (!info.isFile()) throw new ApiError('INVALID_PAYLOAD', `${filename}: not a file (${filePath})`, 'paths');
  if (info.size > maxFileSize) {
    throw new ApiError('INVALID_PAYLOAD', `${filename}: the file is ${(info.size / 1048576).toFixed(1)} MB, above the limit of ${(maxFileSize / 1048576).toFixed(0)} MB`, 'files');
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(filePath));
  } catch (err) {
    throw new ApiError('INVALID_PAYLOAD', `${filename}: the file could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, 'files');
  }
  return {
    filename,
    bytes,
    hash: (file.kind === 'upload' ? file.sha256 : undefined) ?? createHash('sha256').update(bytes).digest('hex'),
    size: bytes.length,
    sourcePath: file.kind === 'local' ? filePath : null,
    tempPath: file.kind === 'upload' ? filePath : null,
  };
}

/** Type and page count from an engine worker (an encrypted PDF opened with `password`); an
 *  unreadable file is a 400 naming it, and a password that does not open it says so. */
export async function probeFile(pool: EnginePool, file: IntakeFile, maxFileSize: number, password?: string): Promise<ProbedFile> {
  try {
    const probe = await pool.probe(file.bytes.slice(), { maxFileSize, password });
    return { ...file, mime: probe.mime, pageCount: probe.pageCount };
  } catch (err) {
    const e = err instanceof EngineError ? err : new EngineError('INTERNAL_ERROR', String(err));
    if (password !== undefined && isLocked(e)) throw wrongPassword(file.filename);
    if (e.reason === 'FILE_TYPE_NOT_SUPPORTED') throw new ApiError('UNSUPPORTED_FILE_TYPE', `${file.filename}: ${e.message}`, 'files');
    throw new ApiError('PAGE_COUNT_FAILED', `${file.filename}: the pages could not be counted. ${e.message}`, 'files');
  }
}

/** An encrypted PDF the password given does not open. */
export function wrongPassword(filename: string): ApiError {
  return new ApiError('INVALID_PAYLOAD', `${WRONG_PASSWORD_WORDS} “${filename}”.`, 'password');
}

/** True for an engine error, or a failed run's summary, of a PDF that did not open for want of
 *  its password. */
export function isLocked(failure: EngineError | RunSummary): boolean {
  return failure instanceof EngineError ? failure.reason === 'PASSWORD_PROTECTED_FILE' : failure.failureReason === 'PASSWORD_PROTECTED_FILE';
}

/** A failure to write the data folder as a sentence for the user (a full disk first). */
export function diskError(err: unknown): ApiError {
  const code = (err as NodeJS.ErrnoException).code ?? 'error';
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new ApiError('SERVICE_UNAVAILABLE', 'The disk holding the data folder is full; free some space and send the files again.');
  }
  return new ApiError('SERVICE_UNAVAILABLE', `The data folder cannot be written (${code}); check its permissions and free space.`);
}

/** Moves an upload into the file store (or drops it when that content is already stored)
 *  and returns the stored path; a data folder that cannot be written is SERVICE_UNAVAILABLE. */
export async function storeUpload(dataDir: string, file: IntakeFile): Promise<string> {
  try {
    return await moveIntoStore(dataDir, file);
  } catch (err) {
    throw diskError(err);
  }
}

async function moveIntoStore(dataDir: string, file: IntakeFile): Promise<string> {
  const dir = path.join(dataDir, 'files', file.hash.slice(0, 2));
  await mkdir(dir, { recursive: true });
  const target = path.join(dir, file.hash);
  const exists = await stat(target).then(
    (s) => s.size === file.size,
    () => false,
  );
  if (file.tempPath) {
    if (exists) await rm(file.tempPath, { force: true });
    else await rename(file.tempPath, target).catch(async () => {
      // A temp folder on another device: copy, then remove.
      await copyFile(file.tempPath!, target);
      await rm(file.tempPath!, { force: true });
    });
  }
  return target;
}

/** Removes uploads that will not be kept (a refused request, a replayed key). */
export async function discardUploads(files: IncomingFile[]): Promise<void> {
  await Promise.all(files.map((f) => (f.kind === 'upload' ? rm(f.tempPath, { force: true }) : undefined)));
}
