// Documents of a remote job from files on this machine: each examined (type, size, hash) as the
// inbox does; a file that cannot be processed becomes a document failed at once, with its reason.
import path from 'node:path';
import type { NewJobDocument } from '../store/queries/jobs.js';
import { examineFile } from '../services/rpc/file-facts.js';

/** One document per path (pages are counted by the hosted service). */
export async function documentsFromPaths(paths: string[], maxFileSize: number, relativePath?: (filePath: string) => string | undefined): Promise<NewJobDocument[]> {
  const out: NewJobDocument[] = [];
  for (const p of paths) {
    const filePath = path.resolve(p);
    const name = path.basename(filePath);
    const relative = relativePath?.(filePath) ?? name;
    const examined = await examineFile(filePath, { filter: 'supported', maxFileSize });
    if (!examined.ok) {
      out.push({
        filename: name,
        relative_path: relative,
        source_path: filePath,
        stored_path: null,
        content_hash: '',
        file_size: 0,
        mime: 'application/octet-stream',
        page_count: 0,
        failure: { code: examined.refusal.code, message: examined.refusal.reason },
      });
      continue;
    }
    const f = examined.facts;
    out.push({ filename: name, relative_path: relative, source_path: filePath, stored_path: null, content_hash: f.hash, file_size: f.size, mime: f.mime, page_count: 0 });
  }
  return out;
}
