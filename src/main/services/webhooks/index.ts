// Outbound webhooks: signing, one attempt, the retry policy and the background dispatcher.
export { buildHeaders, DEFAULT_TIMEOUT_MS, deliverOnce, sendTestDelivery, USER_AGENT } from './deliver.js';
export type { AttemptOutcome, DeliveryRequest, SignableDelivery } from './deliver.js';
export { WebhookDispatcher } from './dispatcher.js';
export type { WebhookDispatcherOptions } from './dispatcher.js';
export type { AttemptRecord, DeliveryQueue, PendingDelivery } from './queue.js';
export { DEFAULT_RETRY_SCHEDULE, MAX_ATTEMPTS, nextAttemptAt, nextAttemptDelayMs, shouldRetry } from './retry-policy.js';
export type { RetrySchedule } from './retry-policy.js';
export { SIGNATURE_HEADER, signBody, verifySignature } from './signing.js';
