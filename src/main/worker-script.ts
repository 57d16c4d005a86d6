// Where a worker thread's compiled script lives: beside the module that starts it (dist/, or the
// app bundle, where every worker is built next to index.js and shared code sits in chunks/ one
// folder below), or, when running from the TypeScript sources (tests), in the compiled build
// under dist/.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The path of `fileName` beside the calling module (or beside the bundle's entries when the
 *  caller is one of its chunks), else at `dist/main/<distDir>/`. */
export function workerScriptPath(callerUrl: string, fileName: string, distDir: string): string {
  const here = fileURLToPath(callerUrl);
  const dir = path.dirname(here);
  const beside = path.join(dir, fileName);
  if (existsSync(beside)) return beside;
  if (path.basename(dir) === 'chunks') {
    const entries = path.join(path.dirname(dir), fileName);
    if (existsSync(entries)) return entries;
  }
  const srcAt = here.lastIndexOf(`${path.sep}src${path.sep}`);
  if (srcAt < 0) return beside;
  return path.join(here.slice(0, srcAt), 'dist', 'main', distDir, fileName);
}
