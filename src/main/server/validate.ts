// Request validation: every body, query and path parameter goes through a shared zod schema, and
// a failure becomes a 400 INVALID_PAYLOAD whose message names the offending field.
import type { z } from 'zod';
import { ApiError } from '../../shared/api/errors.js';

/** Where a value came from; used as the field name when a whole value (not one field) is wrong. */
export type InputLocation = 'body' | 'query' | 'params' | 'headers';

const MAX_ISSUES_IN_MESSAGE = 3;

/** Parses `input` with `schema`, or throws INVALID_PAYLOAD naming the first bad field
 *  (e.g. `fields.0.type: Invalid option: expected one of "string"|"number"…`). */
export function validate<T>(schema: z.ZodType<T>, input: unknown, where: InputLocation): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw invalidPayloadFromIssues(result.error.issues, where);
}

/** Turns zod issues into one INVALID_PAYLOAD error: `path: message` for up to three issues. */
export function invalidPayloadFromIssues(issues: readonly z.core.$ZodIssue[], where: InputLocation): ApiError {
  const parts = issues.slice(0, MAX_ISSUES_IN_MESSAGE).map((issue) => `${issuePath(issue, where)}: ${issue.message}`);
  if (issues.length > MAX_ISSUES_IN_MESSAGE) parts.push(`and ${issues.length - MAX_ISSUES_IN_MESSAGE} more`);
  const first = issues[0];
  return new ApiError('INVALID_PAYLOAD', parts.join('; ') || `${where}: invalid`, first ? issuePath(first, where) : where);
}

function issuePath(issue: z.core.$ZodIssue, where: InputLocation): string {
  return issue.path.length ? issue.path.map((p) => String(p)).join('.') : where;
}
