// Browser mode's uploads: each spooled file is probed and hashed, then kept under
// `<dataDir>/uploads/<upload_id>` until a job or a parser uses it (it then moves into the
// content-addressed file store) or it grows stale and is removed.
import { copyFile, link, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { StageResult } from '../../../shared/rpc-contract.js';
import { newId } from '../../store/queries/common.js';
import type { UploadRow } from '../../store/queries/uploads.js';
import { diskError, storeUpload } from '../intake.js';
import type { IncomingFile } from '../types.js';
import type { RpcContext } from './context.js';
import { examineFile } from './file-facts.js';
import type { UploadInput } from './types.js';

/** The prefix of staged upload ids. */
const UPLOAD_PREFIX = 'upl_';

function uploadsDir(ctx: RpcContext): string {
  return path.join(ctx.app.dataDir, 'uploads');
}

/** A relative path as the browser gave it, with forward slashes and no leading slash. */
function cleanRelative(relativePath: string, filename: string): string {
  const cleaned = relativePath.replace(/\\/g, '/').replace(/^\/+/, '').trim();
  return cleaned === '' ? filename : cleaned.slice(0, 1000);
}

async function moveFile(from: string, to: string): Promise<void> {
  await rename(from, to).catch(async () => {
    // A temporary folder on another device: copy, then remove.
    await copyFile(from, to);
    await rm(from, { force: true });
  });
}

/** Takes over a spooled upload: kept as a staged upload, or skipped (and removed) with a reason. */
export async function stageUpload(ctx: RpcContext, input: UploadInput): Promise<StageResult> {
  const relative_path = cleanRelative(input.relativePath, input.filename);
  const examined = await examineFile(input.tempPath, { filter: 'supported', maxFileSize: ctx.app.maxFileSize, hash: input.sha256 });
  if (!examined.ok) {
    await rm(input.tempPath, { force: true });
    return { files: [], skipped: [{ name: input.filename, relative_path, reason: examined.refusal.reason }] };
  }
  const { facts } = examined;
  const id = newId(UPLOAD_PREFIX);
  const target = path.join(uploadsDir(ctx), id);
  try {
    await mkdir(uploadsDir(ctx), { recursive: true });
    await moveFile(input.tempPath, target);
  } catch (err) {
    await rm(input.tempPath, { force: true });
    throw diskError(err);
  }
  await ctx.app.store.call('insertUpload', {
    id,
    filename: input.filename,
    relative_path,
    path: target,
    file_type: facts.kind,
    mime: facts.mime,
    file_size: facts.size,
    content_hash: facts.hash,
  });
  const before = await ctx.app.store.call('processedBefore', { hashes: [facts.hash] });
  return {
    files: [
      {
        ref: { kind: 'upload', upload_id: id },
        name: input.filename,
        relative_path,
        size: facts.size,
        hash: facts.hash,
        file_type: facts.kind,
        processed_before: before[facts.hash] ?? null,
      },
    ],
    skipped: [],
  };
}

/** A staged upload ready for use: on first use its file moves into the file store (where jobs
 *  keep their files), so it no longer counts as stale. Null when the id is unknown or its file
 *  is gone. */
export async function useUpload(ctx: RpcContext, uploadId: string): Promise<UploadRow | null> {
  const row = await ctx.app.store.call('getUpload', { upload_id: uploadId });
  if (!row) return null;
  if (!(await stat(row.path).then((s) => s.isFile(), () => false))) return null;
  if (row.used_at !== null) return row;
  const stored = await storeUpload(ctx.app.dataDir, {
    filename: row.filename,
    bytes: new Uint8Array(0),
    hash: row.content_hash,
    size: row.file_size,
    sourcePath: null,
    tempPath: row.path,
  });
  await ctx.app.store.call('markUploadUsed', { upload_id: uploadId, path: stored });
  return { ...row, path: stored, used_at: new Date().toISOString() };
}

/** A staged upload handed to a service that takes uploads over (moves or removes them): it
 *  gets a second name for the file, so the staged upload itself stays usable. Null when gone. */
export async function uploadForService(ctx: RpcContext, uploadId: string): Promise<IncomingFile | null> {
  const upload = await useUpload(ctx, uploadId);
  if (!upload) return null;
  // Named like an upload but not recorded: a crash leaves it for purgeStaleUploads.
  const second = path.join(uploadsDir(ctx), newId(UPLOAD_PREFIX));
  try {
    await mkdir(uploadsDir(ctx), { recursive: true });
    await link(upload.path, second).catch(() => copyFile(upload.path, second));
  } catch (err) {
    throw diskError(err);
  }
  return { kind: 'upload', filename: upload.filename, tempPath: second, mime: upload.mime, sha256: upload.content_hash };
}

/** Removes staged uploads no job used, older than `maxAgeMs` (and stray files a crash left in
 *  the uploads folder); returns how many files were removed. */
export async function purgeStaleUploads(ctx: RpcContext, maxAgeMs: number): Promise<number> {
  const cutoff = Date.now() - maxAgeMs;
  const stale = await ctx.app.store.call('takeStaleUploads', { before: new Date(cutoff).toISOString() });
  let removed = 0;
  for (const upload of stale) {
    await rm(upload.path, { force: true });
    removed++;
  }
  const names = await readdir(uploadsDir(ctx)).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(UPLOAD_PREFIX)) continue;
    const file = path.join(uploadsDir(ctx), name);
    const info = await stat(file).catch(() => null);
    if (!info || info.mtimeMs > cutoff) continue;
    if (await ctx.app.store.call('getUpload', { upload_id: name })) continue;
    await rm(file, { force: true });
    removed++;
  }
  return removed;
}
