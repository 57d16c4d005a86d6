// Error codes of the /v1 contract: each with its HTTP status and whether a retry may help.
// The REST server, the services and the renderer share this one table.
export const API_ERRORS = {
  INVALID_PAYLOAD: { status: 400, retryable: false },
  PARSER_NOT_CONFIGURED: { status: 400, retryable: false },
  UNSUPPORTED_FILE_TYPE: { status: 400, retryable: false },
  PAGE_COUNT_FAILED: { status: 400, retryable: false },
  SCHEMA_ALREADY_EXISTS: { status: 400, retryable: false },
  UNAUTHORIZED: { status: 401, retryable: false },
  INSUFFICIENT_CREDITS: { status: 402, retryable: false },
  PARSER_NOT_FOUND: { status: 404, retryable: false },
  RESOURCE_NOT_FOUND: { status: 404, retryable: false },
  CONFLICT: { status: 409, retryable: false },
  RATE_LIMITED: { status: 429, retryable: true },
  INTERNAL_ERROR: { status: 500, retryable: true },
  SERVICE_UNAVAILABLE: { status: 503, retryable: true },
} as const;

export type ApiErrorCode = keyof typeof API_ERRORS;
export const API_ERROR_CODES = Object.keys(API_ERRORS) as [ApiErrorCode, ...ApiErrorCode[]];

/** The body of every error response. */
export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; requestId: string; retryable: boolean };
}

/** A failure a service reports to its callers: a contract code and a sentence for the user. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  /** The request field the message is about, when there is one (INVALID_PAYLOAD). */
  readonly field: string | undefined;

  constructor(code: ApiErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.field = field;
  }

  get status(): number {
    return API_ERRORS[this.code].status;
  }

  get retryable(): boolean {
    return API_ERRORS[this.code].retryable;
  }
}
