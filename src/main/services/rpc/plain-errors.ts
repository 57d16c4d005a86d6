// Failure reasons in plain words. The engine's messages are already sentences for people; a
// bare reason code, or a message that reads like a program's, gets the sentence for its code.
import { NEEDS_PASSWORD_WORDS } from '../../../shared/password-words.js';

const SENTENCES: Record<string, string> = {
  CORRUPT_FILE: 'This file is damaged and cannot be read.',
  PASSWORD_PROTECTED_FILE: `This file is ${NEEDS_PASSWORD_WORDS}, so it cannot be opened.`,
  FILE_TYPE_NOT_SUPPORTED: 'This kind of file cannot be processed. Supported files are PDF documents, images and plain text.',
  FILE_SIZE_TOO_LARGE: 'This file is too large to process.',
  OCR_ERROR: 'Reading the text of the page images failed.',
  FAILED_TO_CONVERT_TO_PDF: 'This file could not be converted to be read.',
  FAILED_TO_GENERATE_TARGET_FORMAT: 'The content of this file could not be written out.',
  INVALID_CONFIG_OPTIONS: 'The processing settings are not valid for this file.',
  INTERNAL_ERROR: 'Something went wrong while processing this file; retrying may help.',
  FILE_NOT_FOUND: 'The file was moved or deleted before it could be read.',
  FILE_CHANGED: 'The file changed after it was added, so it was not processed; retry it to process the new version.',
  UPLOAD_MISSING: 'This upload is no longer available; add the file again.',
  CANCELLED: 'Cancelled.',
  TIMEOUT: 'Processing took too long and was stopped.',
};

/** Looks like a sentence for a person: a capital first, a full stop last, no program noise. */
function isSentence(message: string): boolean {
  const m = message.trim();
  if (!/^[\p{Lu}“"‘(]/u.test(m) || !/[.!?)”]$/u.test(m)) return false;
  return !/^(?:Error|TypeError|RangeError|ReferenceError)\b|Unexpected error|\bat \S+:\d+:\d+|\bE[A-Z]{3,}\b:/.test(m);
}

/** The failure as a person reads it, or null when there is none. */
export function plainError(code: string | null, message: string | null): string | null {
  if (code === null && message === null) return null;
  if (message && isSentence(message)) return message;
  return (code && SENTENCES[code]) ?? message ?? 'This file could not be processed.';
}
