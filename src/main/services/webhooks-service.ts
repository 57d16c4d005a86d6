// Webhooks: CRUD over the store, the test event, rotating the signing secret, and the
// store-backed queue the dispatcher drains (which also prunes the delivery log).
import { ApiError } from '../../shared/api/errors.js';
import { DEFAULT_ROTATION_GRACE_SECONDS } from '../../shared/api/webhooks.js';
import type { Store } from '../store/store-client.js';
import { sendTestDelivery, type DeliveryQueue } from './webhooks/index.js';
import type { WebhooksService } from './types.js';

function notFound(id: string): ApiError {
  return new ApiError('RESOURCE_NOT_FOUND', `No webhook with id ${id}.`, 'webhook_id');
}

/** The webhooks service. */
export function createWebhooksService(store: Store): WebhooksService {
  return {
    list: (query) => store.call('listWebhooks', { limit: query.limit ?? 20, cursor: query.cursor }),
    create: (body) => store.call('insertWebhook', { url: body.url, events: body.events, secret: body.secret, enabled: body.enabled ?? true }),
    async get(webhookId) {
      const hook = await store.call('getWebhook', { webhook_id: webhookId });
      if (!hook) throw notFound(webhookId);
      return hook;
    },
    async update(webhookId, patch) {
      const hook = await store.call('updateWebhook', { webhook_id: webhookId, ...patch });
      if (!hook) throw notFound(webhookId);
      return hook;
    },
    async remove(webhookId) {
      if (!(await store.call('deleteWebhook', { webhook_id: webhookId }))) throw notFound(webhookId);
    },
    async rotateSecret(webhookId, options = {}) {
      const rotated = await store.call('rotateWebhookSecret', {
        webhook_id: webhookId,
        grace_seconds: options.grace_period_seconds ?? DEFAULT_ROTATION_GRACE_SECONDS,
      });
      if (!rotated) throw notFound(webhookId);
      return rotated;
    },
    async test(webhookId) {
      const target = await store.call('webhookTarget', { webhook_id: webhookId });
      if (!target) throw notFound(webhookId);
      const event = 'webhook.test';
      const created_at = new Date().toISOString();
      const { delivery_id, body } = await store.call('insertImmediateDelivery', {
        webhook_id: webhookId,
        event,
        body_without_id: { event, created_at, data: { webhook_id: webhookId, message: 'This is a test event from PerfectParser Desktop.' } },
      });
      const attempt = await sendTestDelivery({ ...target, delivery_id, event, body });
      await store.call('recordDeliveryAttempt', {
        delivery_id,
        webhook_id: webhookId,
        event,
        attempt: 1,
        status_code: attempt.status_code,
        success: attempt.success,
        error: attempt.error,
        duration_ms: attempt.duration_ms,
        attempted_at: attempt.attempted_at,
        next_attempt_at: null,
      });
      return attempt;
    },
  };
}

/** The dispatcher's queue, persisted in the store. */
export function storeDeliveryQueue(store: Store): DeliveryQueue {
  return {
    due: (now, limit) => store.call('dueDeliveries', { now, limit }),
    recordAttempt: (record) => store.call('recordDeliveryAttempt', record),
    nextDueAt: () => store.call('nextDeliveryDueAt'),
    prune: (now, limit) => store.call('pruneDeliveryLog', { now, limit }),
  };
}
