// File names given on the command line that cannot be opened as given: a name that is not
// UTF-8 text reaches the command with each undecodable byte replaced by U+FFFD (shown as "�"),
// so the file it names is never found; saying "not found" would send the user looking for it.
import { existsSync } from 'node:fs';
import { UsageError } from './usage-error.js';

/** Throws a UsageError for the first of `files` whose name is not UTF-8 text and so cannot be
 *  opened (a file really named with "�" is left alone). */
export function checkFileNames(files: readonly string[]): void {
  for (const file of files) {
    if (file.includes('\uFFFD') && !existsSync(file)) {
      throw new UsageError(`${file}: this name is not UTF-8 text (the "\uFFFD" marks stand for the bytes that are not), and PerfectParser cannot open a file by such a name. Rename the file and try again.`);
    }
  }
}
