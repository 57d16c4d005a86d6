// Webhooks: subscriptions, their events and the log of delivery attempts.
import { z } from 'zod';
import { timestampSchema } from './common.js';

export const WEBHOOK_EVENTS = ['extraction.document_completed', 'extraction.job_completed'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

// user:password in the address cannot be delivered (fetch refuses such URLs), and would be stored
// and listed in clear: a receiver that wants a shared secret gets `secret` (X-Webhook-Secret).
const webhookUrlSchema = z
  .string()
  .max(2048)
  .refine((u) => ['http:', 'https:'].includes(parseUrl(u)?.protocol ?? ''), 'must be an http or https URL')
  .refine((u) => {
    const url = parseUrl(u);
    return !url || (url.username === '' && url.password === '');
  }, 'credentials in the address are not supported; use secret');

// The static secret is sent as the X-Webhook-Secret header, so it must be a valid header value
// that arrives unchanged: visible ASCII, spaces only between other characters.
const webhookSecretSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/, 'use visible ASCII characters only (spaces only between them): it is sent as the X-Webhook-Secret header');

export const webhookCreateSchema = z
  .object({
    url: webhookUrlSchema,
    events: z.array(z.enum(WEBHOOK_EVENTS)).min(1),
    secret: webhookSecretSchema.optional(),
    enabled: z.boolean().default(true),
  })
  .strict();
export type WebhookCreate = z.output<typeof webhookCreateSchema>;

export const webhookPatchSchema = z
  .object({
    url: webhookUrlSchema.optional(),
    events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).optional(),
    secret: webhookSecretSchema.nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export type WebhookPatch = z.output<typeof webhookPatchSchema>;

/** How long a rotated-out signing secret keeps signing deliveries when the caller does not say: a day. */
export const DEFAULT_ROTATION_GRACE_SECONDS = 24 * 60 * 60;

/** The longest grace period a rotation may give the previous signing secret: a week. */
export const MAX_GRACE_PERIOD_SECONDS = 7 * 24 * 60 * 60;

/** How long the previous signing secret keeps signing after a rotation (seconds; 0 ends it at
 *  once; the service's default when absent). */
export const gracePeriodSecondsSchema = z.number().int().min(0).max(MAX_GRACE_PERIOD_SECONDS);

export const deliveryAttemptSchema = z.object({
  delivery_id: z.string(),
  event: z.string(),
  attempt: z.number().int(),
  status_code: z.number().int().nullable(),
  success: z.boolean(),
  error: z.string().nullable(),
  duration_ms: z.number().int(),
  attempted_at: timestampSchema,
});
export type DeliveryAttempt = z.infer<typeof deliveryAttemptSchema>;

export const webhookSchema = z.object({
  webhook_id: z.string(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  enabled: z.boolean(),
  has_secret: z.boolean(),
  created_at: timestampSchema,
  updated_at: timestampSchema,
});
export type Webhook = z.infer<typeof webhookSchema>;

/** Create returns the signing secret, once. */
export type WebhookCreated = Webhook & { signing_secret: string };
/** GET of one webhook shows its last 10 delivery attempts. */
export type WebhookDetail = Webhook & { deliveries: DeliveryAttempt[] };

/** A webhook after a rotation: its new signing secret (returned only then), and when the
 *  previous one stops signing (null: it already has). */
export const webhookRotatedSchema = webhookSchema.extend({ signing_secret: z.string(), previous_secret_expires_at: z.string().nullable() });
export type WebhookRotated = z.infer<typeof webhookRotatedSchema>;
