// What can go wrong talking to the hosted service, as data: the contract's code, the HTTP status
// (null when no answer came), and a sentence for the user. Network losses use SERVICE_UNAVAILABLE
// with `network: true`.
import { API_ERRORS, ApiError, type ApiErrorCode } from '../../shared/api/errors.js';

export class SyncError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly status: number | null,
    readonly network = false,
    readonly requestId: string | null = null,
  ) {
    super(message);
    this.name = 'SyncError';
  }

  /** A retry later may succeed (network, rate limit, the service's own trouble). */
  get retryable(): boolean {
    return this.network || API_ERRORS[this.code].retryable;
  }

  /** The same failure as the services' error type, for transports (IPC, /rpc, CLI). */
  toApiError(): ApiError {
    return new ApiError(this.code, this.message);
  }
}

/** The sentence for a refused key. */
export const REVOKED_KEY_SENTENCE = 'The hosted service refused the API key; it may have been revoked. Connect again in Settings.';

/** The sentence for a job the account cannot pay for: the service's own words when it gave
 *  them (they carry the balance at that moment), else the balance last seen. */
export function insufficientCreditsSentence(balance: number | null, detail?: string): string {
  const why = detail ? ` (${detail.replace(/\.$/, '')})` : balance === null ? '' : ` (the account had ${balance} credit${balance === 1 ? '' : 's'} left)`;
  return `The hosted account does not have enough credits for this job${why}. Buy more credits, then resume the job; nothing was lost.`;
}

/** The sentence for a host that cannot be reached. */
export function unreachableSentence(host: string, cause?: string): string {
  return `Cannot reach ${host}${cause ? ` (${cause})` : ''}. Check the internet connection and try again; nothing was lost.`;
}
