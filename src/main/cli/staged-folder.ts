// The figures folder beside an `--out` file (`report_figures/`) is the run's own: the run writes
// its pictures into a hidden folder beside it, swapped in whole once the output file is written.
// A finished run's folder then holds exactly the pictures its output links (none left from an
// earlier, longer run), and a run that fails or is interrupted (Ctrl-C) leaves the earlier
// output and its folder as they were.
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { lstat, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { partialPath } from '../services/output-file.js';

export interface StagedFolder {
  /** Where the run writes (made when the first picture is written). */
  dir: string;
  /** Puts what the run wrote in place of the folder (removes the folder when it wrote nothing). */
  commit(): Promise<void>;
  /** Removes what the run wrote; the folder is left as it was. */
  discard(): void;
}

/** Signals that end the command (exit codes 130 and 143, as the shell reports them). */
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/** Stages a replacement for the folder `final`; until commit or discard, the process exiting (a
 *  signal included) removes the staged pictures. */
export function stageFolder(final: string): StagedFolder {
  const parent = path.dirname(final);
  const name = path.basename(final);
  const tag = randomBytes(4).toString('hex');
  const dir = partialPath(final, tag);
  function release(): void {
    process.off('exit', discard);
    for (const signal of SIGNALS) process.off(signal, onSignal);
  }
  function discard(): void {
    release();
    rmSync(dir, { recursive: true, force: true });
  }
  function onSignal(signal: NodeJS.Signals): void {
    discard();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  }
  process.on('exit', discard);
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return {
    dir,
    discard,
    async commit() {
      release();
      const wrote = existsSync(dir);
      const earlier = await lstat(final).catch(() => undefined);
      const aside = earlier ? path.join(parent, `.${name}.${tag}.old`) : undefined;
      try {
        if (aside) await rename(final, aside);
        try {
          if (wrote) await rename(dir, final);
        } catch (err) {
          if (aside) await rename(aside, final).catch(() => undefined);
          throw err;
        }
      } catch (err) {
        await rm(dir, { recursive: true, force: true }).catch(() => undefined);
        throw err;
      }
      if (aside) await rm(aside, { recursive: true, force: true });
    },
  };
}
