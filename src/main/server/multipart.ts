// Multipart uploads, spooled to disk: each file part is piped into its own temporary file in a
// folder made for the request, so a 500 MB upload never sits in memory. The caller hands the
// files to a service, which takes them over; when anything fails first, `discard()` removes
// the folder. Text fields are collected as strings (or the parsed value of a JSON part).
import { createHash, type Hash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../../shared/api/errors.js';
import { diskError } from '../services/intake.js';
import type { IncomingFile } from '../services/types.js';

export interface SpoolOptions {
  /** Folder under which the per-request folder is made (the OS temp folder by default). */
  root: string;
  /** Field names that may carry files. */
  fileFields: readonly string[];
  maxFiles: number;
  maxFileBytes: number;
}

export interface SpooledUpload {
  fields: Map<string, unknown>;
  files: Array<Extract<IncomingFile, { kind: 'upload' }> & { field: string; size: number }>;
  /** Removes the folder and everything in it (the request failed before a service took over). */
  discard(): Promise<void>;
  /** Removes the folder if the service has already moved the files out of it. */
  release(): Promise<void>;
}

const MAX_FIELD_BYTES = 1024 * 1024;
const MAX_FIELDS = 100;

/** Reads the whole multipart body of `request`, spooling file parts to disk. Throws
 *  INVALID_PAYLOAD (after removing what it wrote) for a file too large, too many files,
 *  an unexpected file field, a repeated or oversized text field. (The plugin is registered
 *  with throwFileSizeLimit: false, so an oversized file is seen here through `truncated`.) */
export async function spoolMultipart(request: FastifyRequest, options: SpoolOptions): Promise<SpooledUpload> {
  const dir = await spoolFolder(options.root);
  const upload: SpooledUpload = {
    fields: new Map(),
    files: [],
    discard: () => rm(dir, { recursive: true, force: true }),
    release: () => rmdir(dir).catch(() => undefined),
  };
  try {
    const parts = request.parts({
      limits: { fileSize: options.maxFileBytes, files: options.maxFiles + 1, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES },
    });
    for await (const part of parts) {
      if (part.type === 'field') {
        if (part.valueTruncated) throw invalid(part.fieldname, 'the value is too long.');
        if (upload.fields.has(part.fieldname)) throw invalid(part.fieldname, 'given more than once.');
        upload.fields.set(part.fieldname, part.value);
        continue;
      }
      if (!options.fileFields.includes(part.fieldname)) {
        throw invalid(part.fieldname, `unexpected file; send files as "${options.fileFields[0] ?? 'file'}".`);
      }
      const index = upload.files.length;
      const field = options.fileFields[0] ?? part.fieldname;
      if (index >= options.maxFiles) {
        throw invalid(field, options.maxFiles === 1 ? 'send one file.' : `at most ${options.maxFiles} files per request.`);
      }
      const filename = cleanFilename(part.filename, index);
      const tempPath = path.join(dir, `${String(index).padStart(3, '0')}${safeExtension(filename)}`);
      // Hashed on its way to disk: the service need not read it again to know its content.
      const hash = createHash('sha256');
      await pipeline(part.file, hashing(hash), createWriteStream(tempPath));
      const size = part.file.bytesRead;
      if (part.file.truncated) {
        const name = options.maxFiles === 1 ? field : `${field}.${index}`;
        throw invalid(name, `"${filename}" is larger than the upload limit of ${formatBytes(options.maxFileBytes)}.`);
      }
      upload.files.push({ kind: 'upload', filename, tempPath, mime: part.mimetype || undefined, sha256: hash.digest('hex'), field, size });
    }
    return upload;
  } catch (err) {
    await upload.discard();
    throw asClientError(err);
  }
}

/** A pipeline step that passes chunks through, adding each to `hash`. */
export function hashing(hash: Hash): (source: AsyncIterable<Buffer>) => AsyncGenerator<Buffer> {
  return async function* (source) {
    for await (const chunk of source) {
      hash.update(chunk);
      yield chunk;
    }
  };
}

/** A fresh folder under `root` to spool one request's files into; a data folder that cannot be
 *  written (full, removed, read-only) is SERVICE_UNAVAILABLE with a sentence saying so. */
export async function spoolFolder(root: string): Promise<string> {
  try {
    return await mkdtemp(path.join(root, 'perfectparser-upload-'));
  } catch (err) {
    throw diskError(err);
  }
}

/** Codes only a disk raises: a write stream's failure names no path (`ENOSPC … write`). */
const DISK_CODES = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EFBIG', 'EIO']);

/** A file-system error (it names a path, or is one only a disk raises): the data folder could
 *  not be written. */
export function isDiskError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const e = err as NodeJS.ErrnoException;
  return typeof e.path === 'string' || DISK_CODES.has(e.code ?? '');
}

/** Busboy reports a malformed body with plain Errors; those are the client's, not ours. A disk
 *  error while spooling becomes SERVICE_UNAVAILABLE saying why (a full disk, a folder that is
 *  gone); other errors with a syscall or a code pass through unchanged. */
function asClientError(err: unknown): unknown {
  if (err instanceof ApiError || !(err instanceof Error)) return err;
  if (isDiskError(err)) return diskError(err);
  const e = err as NodeJS.ErrnoException;
  if (e.syscall !== undefined || typeof e.code === 'string') return err;
  return new ApiError('INVALID_PAYLOAD', `body: malformed multipart data (${err.message}).`);
}

/** Runs `use` with the upload, discarding it when `use` throws and releasing it afterwards. */
export async function withUpload<T>(upload: SpooledUpload | undefined, use: () => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await use();
  } catch (err) {
    await upload?.discard();
    throw err;
  }
  await upload?.release();
  return result;
}

function invalid(field: string, message: string): ApiError {
  return new ApiError('INVALID_PAYLOAD', `${field}: ${message}`, field);
}

/** The client's file name without any folder part or control characters. */
export function cleanFilename(name: string | undefined, index: number): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const base = (name ?? '').split(/[\\/]/).pop()?.replace(/[\u0000-\u001f\u007f]/g, '').trim() ?? '';
  return base === '' || base === '.' || base === '..' ? `file-${index + 1}` : base.slice(0, 255);
}

/** The name's extension for a temporary file, when it is a plain one (".pdf"), else "". */
export function safeExtension(filename: string): string {
  const ext = path.extname(filename);
  return /^\.[A-Za-z0-9]{1,10}$/.test(ext) ? ext.toLowerCase() : '';
}

/** 524288000 → "500 MB", 1536 → "1.5 KB". */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}
