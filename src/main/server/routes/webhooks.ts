// Webhook subscriptions: list, create (returns the signing secret once), read (with the last
// delivery attempts), update, delete, send a test event, and rotate the signing secret.
import { z } from 'zod';
import { listQuerySchema } from '../../../shared/api/common.js';
import {
  DEFAULT_ROTATION_GRACE_SECONDS,
  deliveryAttemptSchema,
  gracePeriodSecondsSchema,
  MAX_GRACE_PERIOD_SECONDS,
  webhookCreateSchema,
  webhookPatchSchema,
  webhookRotatedSchema,
  webhookSchema,
} from '../../../shared/api/webhooks.js';
import { defineRoute, type Route } from '../route-spec.js';
import { deletedSchema, envelope, idParams, listEnvelope } from '../schemas.js';
import type { RouteDeps } from './deps.js';

const webhookEnvelope = envelope('webhook', webhookSchema);

const rotateSecretSchema = z
  .object({
    grace_period_seconds: gracePeriodSecondsSchema.optional(),
  })
  .strict()
  .optional();

/** The webhook routes. */
export function webhookRoutes({ services }: RouteDeps): Route[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/v1/webhooks',
      operationId: 'listWebhooks',
      summary: 'List webhooks',
      tag: 'Webhooks',
      query: listQuerySchema(20),
      responses: [{ status: 200, description: 'A page of webhooks', schema: listEnvelope('webhooks', webhookSchema) }],
      handler: async ({ query }) => {
        const page = await services.webhooks.list(query);
        return { webhooks: page.items, pagination: page.pagination };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/webhooks',
      operationId: 'createWebhook',
      summary: 'Subscribe a URL to events; the signing secret is shown only in this answer',
      tag: 'Webhooks',
      body: webhookCreateSchema,
      responses: [
        {
          status: 201,
          description: 'The new webhook with its signing secret',
          schema: envelope('webhook', webhookSchema.extend({ signing_secret: z.string() })),
        },
      ],
      handler: async ({ body, reply }) => {
        const webhook = await services.webhooks.create(body);
        reply.code(201);
        return { webhook };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/webhooks/:id',
      operationId: 'getWebhook',
      summary: 'Get a webhook with its last 10 delivery attempts',
      tag: 'Webhooks',
      params: idParams,
      responses: [
        {
          status: 200,
          description: 'The webhook',
          schema: envelope('webhook', webhookSchema.extend({ deliveries: z.array(deliveryAttemptSchema) })),
        },
      ],
      handler: async ({ params }) => ({ webhook: await services.webhooks.get(params.id) }),
    }),
    defineRoute({
      method: 'PATCH',
      url: '/v1/webhooks/:id',
      operationId: 'updateWebhook',
      summary: 'Update a webhook',
      tag: 'Webhooks',
      params: idParams,
      body: webhookPatchSchema,
      responses: [{ status: 200, description: 'The updated webhook', schema: webhookEnvelope }],
      handler: async ({ params, body }) => ({ webhook: await services.webhooks.update(params.id, body) }),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/v1/webhooks/:id',
      operationId: 'deleteWebhook',
      summary: 'Delete a webhook',
      tag: 'Webhooks',
      params: idParams,
      responses: [{ status: 200, description: 'Deleted', schema: deletedSchema('webhook_id') }],
      handler: async ({ params }) => {
        await services.webhooks.remove(params.id);
        return { deleted: true, webhook_id: params.id };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/webhooks/:id/test',
      operationId: 'testWebhook',
      summary: 'Send a signed webhook.test event now and report the attempt',
      tag: 'Webhooks',
      params: idParams,
      responses: [{ status: 200, description: 'The delivery attempt', schema: envelope('delivery', deliveryAttemptSchema) }],
      handler: async ({ params }) => ({ delivery: await services.webhooks.test(params.id) }),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/webhooks/:id/rotate-secret',
      operationId: 'rotateWebhookSecret',
      summary: `Give a webhook a new signing secret, shown only in this answer; the previous one keeps signing deliveries beside it for grace_period_seconds (default ${DEFAULT_ROTATION_GRACE_SECONDS}, 0 to stop at once, at most ${MAX_GRACE_PERIOD_SECONDS})`,
      tag: 'Webhooks',
      params: idParams,
      body: rotateSecretSchema,
      responses: [
        {
          status: 200,
          description: 'The webhook with its new signing secret, and when the previous one stops signing (null: it already has)',
          schema: envelope('webhook', webhookRotatedSchema),
        },
      ],
      handler: async ({ params, body }) => ({ webhook: await services.webhooks.rotateSecret(params.id, { grace_period_seconds: body?.grace_period_seconds }) }),
    }),
  ];
}
