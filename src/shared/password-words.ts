// The words each sentence about an encrypted PDF carries: the engine's for one opened without
// its password, the plain-words one for that failure, and the service's for a wrong password.
// Errors reach the app as a code shared with other failures and a sentence, so the app tells a
// file that needs its password (and asks for it) by these words; they are written from here.

/** In every sentence about a PDF that needs its password. */
export const NEEDS_PASSWORD_WORDS = 'protected by a password';

/** At the start of the sentence for a password that does not open the file. */
export const WRONG_PASSWORD_WORDS = 'This password does not open';

/** Whether an error's sentence says the file needs its password (or was given a wrong one). */
export function saysPasswordNeeded(sentence: string): boolean {
  return sentence.includes(NEEDS_PASSWORD_WORDS) || sentence.startsWith(WRONG_PASSWORD_WORDS);
}
