// 010: an Idempotency-Key remembers a fingerprint of the request that first used it, so the same
// key sent with a different request (other parser, other files) is refused instead of replayed.
// Keys stored before have none (NULL) and replay as before until they expire (24 h).
import type { Migration } from './index.js';

export const m010IdempotencyFingerprint: Migration = {
  version: 10,
  name: 'idempotency-fingerprint',
  up(db) {
    db.exec('ALTER TABLE idempotency_keys ADD COLUMN fingerprint TEXT;');
  },
};
