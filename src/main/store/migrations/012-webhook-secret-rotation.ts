// 012: a webhook keeps its previous signing secret for a while after a rotation (deliveries are
// signed with both until it expires), and its deliveries are found by webhook in order, so the
// delivery log can be pruned, and each webhook's due deliveries read, without scanning every
// delivery.
import type { Migration } from './index.js';

export const m012WebhookSecretRotation: Migration = {
  version: 12,
  name: 'webhook-secret-rotation',
  up(db) {
    db.exec(`
      ALTER TABLE webhooks ADD COLUMN previous_signing_secret TEXT;
      ALTER TABLE webhooks ADD COLUMN previous_secret_expires_at TEXT;
      CREATE INDEX IF NOT EXISTS deliveries_webhook ON deliveries(webhook_id, seq);
      CREATE INDEX IF NOT EXISTS deliveries_webhook_due ON deliveries(webhook_id, status, next_attempt_at, seq);
    `);
  },
};
