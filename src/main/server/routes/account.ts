// GET /v1/me and GET /v1/credits: the local account (credits are unlimited locally).
import { creditsSchema, userSchema } from '../../../shared/api/account.js';
import { defineRoute, type Route } from '../route-spec.js';
import { envelope } from '../schemas.js';
import type { RouteDeps } from './deps.js';

/** The account routes. */
export function accountRoutes({ services }: RouteDeps): Route[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/v1/me',
      operationId: 'getMe',
      summary: 'The user the API key belongs to',
      tag: 'Account',
      responses: [{ status: 200, description: 'The user', schema: envelope('user', userSchema) }],
      handler: async () => ({ user: await services.account.me() }),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/credits',
      operationId: 'getCredits',
      summary: 'Credits available (unlimited locally: available is null)',
      tag: 'Account',
      responses: [{ status: 200, description: 'The credits', schema: envelope('credits', creditsSchema) }],
      handler: async () => ({ credits: await services.account.credits() }),
    }),
  ];
}
