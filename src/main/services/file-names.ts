// File names that cannot be opened as they were read: Node reads a name that is not UTF-8 text
// (Latin-1 names from an old archive, say) with each undecodable byte replaced by U+FFFD ("�"),
// and the file it then names is never found. Saying "not found" or "moved" would send the user
// looking for a file that is there: each place that meets such a name says this instead.
import { existsSync } from 'node:fs';

/** Why such a file is left out, as the end of a sentence about it. */
export const UNDECODABLE_NAME_REASON = 'its name is not UTF-8 text (the "\uFFFD" marks stand for the bytes that are not), so it cannot be opened by that name: rename it';

/** True when `file` was named by bytes that are not UTF-8 text and so cannot be opened (a file
 *  really named with "\uFFFD" exists and is left alone). */
export function hasUndecodableName(file: string): boolean {
  return file.includes('\uFFFD') && !existsSync(file);
}
