// Metered credits (PERFECTPARSER_CREDITS / openApp({credits})): a finite balance that lets a
// second local instance stand in for the hosted, metered account in sync tests. Unset means
// unlimited, as the local account always was. Creating a job charges its pages in the same
// transaction that creates it; an idempotent replay charges nothing.
import { ApiError } from '../../../shared/api/errors.js';
import type { Db } from '../db.js';
import { createExtraction, findIdempotentExtraction, type IdempotencyKey, type NewDocument, type ParserSnapshot } from './extractions.js';
import { getSetting, setSetting } from './settings.js';

export const SETTING_CREDITS = 'credits_balance';

/** The balance, or null when credits are unlimited. */
export function getCreditBalance(db: Db): number | null {
  const value = getSetting(db, { key: SETTING_CREDITS });
  return value === null || value === '' ? null : Number(value);
}

/** Sets the balance (null: unlimited). */
export function setCreditBalance(db: Db, args: { available: number | null }): void {
  if (args.available === null) db.prepare('DELETE FROM settings WHERE key = ?').run(SETTING_CREDITS);
  else setSetting(db, { key: SETTING_CREDITS, value: String(Math.max(0, Math.floor(args.available))) });
}

/** Creates a job like createExtraction, charging one credit per page when the balance is finite
 *  (402 INSUFFICIENT_CREDITS, nothing created, when it is short). Returns the balance left. */
export function createChargedExtraction(
  db: Db,
  args: { parser: ParserSnapshot; documents: NewDocument[]; idempotency?: IdempotencyKey | undefined },
): { extraction_id: string; replayed: boolean; credits_remaining: number | null } {
  return db.transaction(() => {
    const balance = getCreditBalance(db);
    const replayOf = args.idempotency ? findIdempotentExtraction(db, args.idempotency) : null;
    if (replayOf) return { extraction_id: replayOf, replayed: true, credits_remaining: balance };
    const cost = args.documents.reduce((n, d) => n + Math.max(1, d.page_count), 0);
    if (balance !== null && balance < cost) {
      throw new ApiError(
        'INSUFFICIENT_CREDITS',
        `Not enough credits: this job needs ${cost} credit${cost === 1 ? '' : 's'} and the account has ${balance}. Buy more credits and try again.`,
      );
    }
    const created = createExtraction(db, args);
    if (balance === null) return { ...created, credits_remaining: null };
    setCreditBalance(db, { available: balance - cost });
    db.prepare('UPDATE extractions SET credits_used = ? WHERE id = ?').run(cost, created.extraction_id);
    return { ...created, credits_remaining: balance - cost };
  })();
}
