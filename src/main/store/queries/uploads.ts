// Files uploaded in browser mode, staged until a job (or a parser's sample) uses them.
import { nowIso, type Db } from '../db.js';

export interface UploadRow {
  id: string;
  filename: string;
  relative_path: string;
  /** Where the bytes are: uploads/<id> until first used, then the file store. */
  path: string;
  file_type: string;
  mime: string;
  file_size: number;
  content_hash: string;
  created_at: string;
  used_at: string | null;
}

/** Records a staged upload. */
export function insertUpload(db: Db, args: Omit<UploadRow, 'created_at' | 'used_at'>): UploadRow {
  const created_at = nowIso();
  db.prepare(
    `INSERT INTO uploads (id, filename, relative_path, path, file_type, mime, file_size, content_hash, created_at)
     VALUES (@id, @filename, @relative_path, @path, @file_type, @mime, @file_size, @content_hash, @created_at)`,
  ).run({ ...args, created_at });
  return { ...args, created_at, used_at: null };
}

/** A staged upload, or null. */
export function getUpload(db: Db, args: { upload_id: string }): UploadRow | null {
  return (db.prepare('SELECT * FROM uploads WHERE id = ?').get(args.upload_id) as UploadRow | undefined) ?? null;
}

/** Notes that a job used the upload, and where its bytes now live. */
export function markUploadUsed(db: Db, args: { upload_id: string; path: string }): void {
  db.prepare('UPDATE uploads SET path = ?, used_at = COALESCE(used_at, ?) WHERE id = ?').run(args.path, nowIso(), args.upload_id);
}

/** Forgets uploads staged at or before `before`: returns the never-used ones (their files are the
 *  caller's to remove); used ones already live in the file store. */
export function takeStaleUploads(db: Db, args: { before: string }): UploadRow[] {
  return db.transaction(() => {
    const unused = db.prepare('SELECT * FROM uploads WHERE used_at IS NULL AND created_at <= ?').all(args.before) as UploadRow[];
    db.prepare('DELETE FROM uploads WHERE created_at <= ?').run(args.before);
    return unused;
  })();
}
