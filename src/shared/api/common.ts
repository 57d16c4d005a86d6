// Shapes shared by every /v1 resource: ids, timestamps, pagination.
import { z } from 'zod';

/** ID prefixes of the contract. */
export const ID_PREFIX = {
  parser: 'prs_',
  extraction: 'ext_',
  document: 'doc_',
  sample: 'smp_',
  webhook: 'wh_',
  signingSecret: 'wh_sec_',
  user: 'usr_',
  delivery: 'dlv_',
} as const;

/** ISO 8601 UTC with milliseconds. */
export const timestampSchema = z.string();

export const paginationSchema = z.object({
  limit: z.number().int(),
  has_next_page: z.boolean(),
  next_cursor: z.string().nullable(),
});
export type Pagination = z.infer<typeof paginationSchema>;

/** `?limit=&cursor=` with the resource's default limit; at most 100. */
export function listQuerySchema(defaultLimit: number) {
  return z.object({
    limit: z.coerce.number().int().min(1).max(100).default(defaultLimit),
    cursor: z.string().min(1).max(200).optional(),
  });
}

/** One page of a list, as every list query returns it. */
export interface Page<T> {
  items: T[];
  pagination: Pagination;
}
