// Where a worker thread's compiled script lives: beside the module that starts it (dist/ or
// the app bundle, where every worker is built next to index.js), or, when running from the
// TypeScript sources (tests), in the compiled build under dist/.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The path of `fileName` beside the calling module, else at `dist/main/<distDir>/`. */
export function workerScriptPath(callerUrl: string, fileName: string, distDir: string): string {
  const here = fileURLToPath(callerUrl);
  const beside = path.join(path.dirname(here), fileName);
  const srcAt = here.lastIndexOf(`${path.sep}src${path.sep}`);
  if (existsSync(beside) || srcAt < 0) return beside;
  return path.join(here.slice(0, srcAt), 'dist', 'main', distDir, fileName);
}
