// The local account: who the key belongs to and (unlimited) credits.
import { z } from 'zod';

export const userSchema = z.object({
  user_id: z.string(),
  email: z.string().nullable(),
  name: z.string(),
  credits_available: z.number().nullable(),
  key_name: z.string(),
  key_expires_at: z.string().nullable(),
  member_since: z.string(),
});
export type User = z.infer<typeof userSchema>;

export const creditsSchema = z.object({
  available: z.number().nullable(),
  purchases: z.array(z.unknown()),
});
export type Credits = z.infer<typeof creditsSchema>;
