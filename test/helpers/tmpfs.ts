// A small disk of its own for a test (a read-only one, a full one): a tmpfs mounted at `dir`,
// which needs Linux and root. Where mounting is not allowed, the case cannot be made and the
// caller skips it.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

/** Mounts a tmpfs with these options (`size=1m,ro`) at `dir`, made first; false when not allowed. */
export function mountTmpfs(dir: string, options: string): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  try {
    mkdirSync(dir, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Unmounts what mountTmpfs mounted at `dir`. */
export function unmountTmpfs(dir: string): void {
  execFileSync('umount', [dir]);
}
