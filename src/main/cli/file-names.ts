// File names given on the command line that cannot be opened as given (services/file-names.ts).
import { hasUndecodableName, UNDECODABLE_NAME_REASON } from '../services/file-names.js';
import { UsageError } from './usage-error.js';

/** Throws a UsageError for the first of `files` whose name is not UTF-8 text and so cannot be
 *  opened. */
export function checkFileNames(files: readonly string[]): void {
  const file = files.find(hasUndecodableName);
  if (file !== undefined) throw new UsageError(`${file}: ${UNDECODABLE_NAME_REASON} and try again.`);
}
