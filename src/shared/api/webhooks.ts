// Webhooks: subscriptions, their events and the log of delivery attempts.
import { z } from 'zod';
import { timestampSchema } from './common.js';

export const WEBHOOK_EVENTS = ['extraction.document_completed', 'extraction.job_completed'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

const webhookUrlSchema = z
  .string()
  .max(2048)
  .refine((u) => {
    try {
      const p = new URL(u).protocol;
      return p === 'http:' || p === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http or https URL');

export const webhookCreateSchema = z
  .object({
    url: webhookUrlSchema,
    events: z.array(z.enum(WEBHOOK_EVENTS)).min(1),
    secret: z.string().min(1).max(256).optional(),
    enabled: z.boolean().default(true),
  })
  .strict();
export type WebhookCreate = z.output<typeof webhookCreateSchema>;

export const webhookPatchSchema = z
  .object({
    url: webhookUrlSchema.optional(),
    events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).optional(),
    secret: z.string().min(1).max(256).nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export type WebhookPatch = z.output<typeof webhookPatchSchema>;

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
