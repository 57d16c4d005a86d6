// multipart/form-data bodies built as one lazy Blob: file parts are `fs.openAsBlob` handles that
// are read only while the request is sent (and again on a retry), never held in memory, and the
// exact size is known before sending (Content-Length, and the request log's byte count).
import { randomUUID } from 'node:crypto';
import { openAsBlob } from 'node:fs';

/** A file to upload: a path on this machine (read lazily) or bytes in memory. */
export interface UploadFile {
  filename: string;
  path?: string | undefined;
  bytes?: Uint8Array | undefined;
  /** MIME type (application/octet-stream when unknown). */
  type?: string | undefined;
}

export interface MultipartBody {
  body: Blob;
  contentType: string;
}

/** Quotes a value for a Content-Disposition parameter. */
function quoted(value: string): string {
  return value.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
}

/** The Blob of one file, from disk or memory. */
async function fileBlob(file: UploadFile): Promise<Blob> {
  const type = file.type ?? 'application/octet-stream';
  if (file.path !== undefined) return openAsBlob(file.path, { type });
  return new Blob([file.bytes ?? new Uint8Array(0)], { type });
}

/** Builds a form: text fields first, then each file under `fileField`. */
export async function buildMultipart(fields: Array<[string, string]>, files: Array<{ field: string; file: UploadFile }>): Promise<MultipartBody> {
  const boundary = `----perfectparser-${randomUUID()}`;
  const parts: Array<string | Blob> = [];
  for (const [name, value] of fields) {
    parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="${quoted(name)}"\r\n\r\n${value}\r\n`);
  }
  for (const { field, file } of files) {
    const type = file.type ?? 'application/octet-stream';
    parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="${quoted(field)}"; filename="${quoted(file.filename)}"\r\nContent-Type: ${type}\r\n\r\n`);
    parts.push(await fileBlob(file));
    parts.push('\r\n');
  }
  parts.push(`--${boundary}--\r\n`);
  const contentType = `multipart/form-data; boundary=${boundary}`;
  return { body: new Blob(parts, { type: contentType }), contentType };
}
