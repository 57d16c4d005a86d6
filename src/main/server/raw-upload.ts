// One file sent as the raw request body (browser mode's `POST /rpc/upload`), spooled to a
// temporary file in a folder made for the request, with the per-file size limit enforced while
// streaming. Its name and its path below a dropped folder arrive URI-encoded in the X-Filename
// and X-Relative-Path headers. Over the limit (by Content-Length, or once the bytes pass it) the
// answer is 413 with a sentence, and nothing is left on disk.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../../shared/api/errors.js';
import { ApiErrorWithStatus } from './errors.js';
import { diskError } from '../services/intake.js';
import { cleanFilename, formatBytes, hashing, isDiskError, safeExtension, spoolFolder } from './multipart.js';

const MAX_RELATIVE_PATH = 1024;

export interface RawUpload {
  tempPath: string;
  filename: string;
  relativePath: string;
  size: number;
  /** The content's sha256 (hex), hashed on its way to disk. */
  sha256: string;
  /** Removes the request's folder and the file in it (the request failed before a service took over). */
  discard(): Promise<void>;
  /** Removes the request's folder once the service has moved the file out of it. */
  release(): Promise<void>;
}

/** Reads the body of `request` into a temporary file under `root`. Throws INVALID_PAYLOAD for
 *  missing or malformed headers and 413 when the file is larger than `maxFileBytes`. */
export async function spoolRawUpload(request: FastifyRequest, root: string, maxFileBytes: number): Promise<RawUpload> {
  const filename = cleanFilename(decodeHeader(request, 'x-filename', true), 0);
  const relativePath = cleanRelativePath(decodeHeader(request, 'x-relative-path', false), filename);
  const declared = Number(request.headers['content-length'] ?? Number.NaN);
  if (declared > maxFileBytes) throw tooLarge(filename, maxFileBytes);

  const dir = await spoolFolder(root);
  const tempPath = path.join(dir, `000${safeExtension(filename)}`);
  const discard = () => rm(dir, { recursive: true, force: true });
  const counter = new ByteLimit(maxFileBytes);
  const hash = createHash('sha256');
  // The request is piped rather than put in the pipeline: a failed pipeline destroys its streams,
  // and destroying the request would close the socket before the 413 could be sent.
  const source = request.raw;
  const onSourceError = (err: Error) => counter.destroy(err);
  const onSourceClose = () => {
    if (!source.complete) counter.destroy(new Error('the client went away'));
  };
  source.on('error', onSourceError);
  source.on('close', onSourceClose);
  source.pipe(counter);
  try {
    await pipeline(counter, hashing(hash), createWriteStream(tempPath, { flags: 'wx' }));
  } catch (err) {
    source.unpipe(counter);
    await discard();
    if (counter.exceeded) throw tooLarge(filename, maxFileBytes);
    if (isDiskError(err)) throw diskError(err);
    if ((err as NodeJS.ErrnoException).syscall !== undefined) throw err;
    throw new ApiError('INVALID_PAYLOAD', `body: the upload of "${filename}" was interrupted.`);
  } finally {
    source.off('error', onSourceError);
    source.off('close', onSourceClose);
  }
  return { tempPath, filename, relativePath, size: counter.bytes, sha256: hash.digest('hex'), discard, release: () => rmdir(dir).catch(() => undefined) };
}

/** Counts bytes passing through and fails once they pass the limit. */
class ByteLimit extends Transform {
  bytes = 0;
  exceeded = false;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) {
      this.exceeded = true;
      callback(new Error('upload limit exceeded'));
      return;
    }
    callback(null, chunk);
  }
}

function tooLarge(filename: string, maxFileBytes: number): ApiError {
  return new ApiErrorWithStatus('INVALID_PAYLOAD', 413, `"${filename}" is larger than the upload limit of ${formatBytes(maxFileBytes)}.`);
}

function decodeHeader(request: FastifyRequest, name: string, required: boolean): string | undefined {
  const raw = request.headers[name];
  if (raw === undefined || raw === '') {
    if (required) throw new ApiError('INVALID_PAYLOAD', `${name}: missing; send the file's name, URI-encoded.`, name);
    return undefined;
  }
  if (typeof raw !== 'string') throw new ApiError('INVALID_PAYLOAD', `${name}: send it once.`, name);
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new ApiError('INVALID_PAYLOAD', `${name}: not a URI-encoded value.`, name);
  }
}

/** "march/../inv-1.pdf" → "march/inv-1.pdf": forward slashes, no empty, "." or ".." parts, no
 *  control characters; the file name alone when nothing usable is left. */
function cleanRelativePath(value: string | undefined, filename: string): string {
  if (value === undefined) return filename;
  const parts = value
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .split(/[\\/]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '' && part !== '.' && part !== '..');
  const joined = parts.join('/');
  return joined === '' || joined.length > MAX_RELATIVE_PATH ? filename : joined;
}
