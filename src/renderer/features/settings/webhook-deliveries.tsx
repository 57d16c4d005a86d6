// A webhook's recent deliveries: the last 10 attempts the delivery log keeps for it, newest first,
// each with its time, event, attempt number, the receiver's status, the outcome in words and how
// long it took. Folded away until asked for; loaded when opened and on Refresh.
import { useId } from 'react';
import type { DeliveryAttempt, Webhook } from '../../../shared/api/webhooks.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { formatDateTime, formatDuration, formatFullDateTime } from '../../components/format.js';
import type { WebhookDeliveries } from '../../stores/settings-store.js';

/** An attempt's outcome as a sentence: "Delivered.", "Not delivered: timed out after 10 s." or the
 *  log's own sentence ("Not sent: the webhook was disabled before this attempt."). */
export function attemptOutcome(attempt: DeliveryAttempt): string {
  if (attempt.success) return 'Delivered.';
  const error = attempt.error?.trim();
  if (!error) return attempt.status_code ? `Not delivered: the receiver answered ${attempt.status_code}.` : 'Not delivered.';
  if (/^[A-Z].*\.$/.test(error)) return error;
  return `Not delivered: ${error.replace(/\.$/, '')}.`;
}

export interface DeliveriesPanelProps {
  webhook: Webhook;
  deliveries: WebhookDeliveries | undefined;
  onRefresh(): void;
}

/** The table of recent attempts (shown when the row's "Recent deliveries" is open). */
export function DeliveriesPanel({ webhook, deliveries, onRefresh }: DeliveriesPanelProps) {
  const captionId = useId();
  const status = deliveries?.status ?? 'loading';
  const items = deliveries?.items ?? [];
  return (
    <div className="webhook-deliveries">
      <div className="webhook-deliveries__head">
        <p id={captionId} className="field__hint">
          The last 10 attempts to send to this address, newest first.
        </p>
        <button
          type="button"
          className="button button--secondary button--small"
          aria-label={`Refresh the recent deliveries to ${webhook.url}`}
          disabled={status === 'loading'}
          onClick={onRefresh}
        >
          {status === 'loading' ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      {deliveries?.error ? <ErrorBanner message={deliveries.error} /> : null}
      {items.length > 0 ? (
        <table className="webhook-deliveries__table" aria-labelledby={captionId}>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Event</th>
              <th scope="col" className="num">
                Attempt
              </th>
              <th scope="col" className="num">
                Status
              </th>
              <th scope="col">Result</th>
              <th scope="col" className="num">
                Took
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={`${a.delivery_id}:${a.attempt}:${a.attempted_at}`} className={a.success ? 'is-good' : 'is-bad'}>
                <td>
                  <time dateTime={a.attempted_at} title={formatFullDateTime(a.attempted_at)}>
                    {formatDateTime(a.attempted_at)}
                  </time>
                </td>
                <td>
                  <code>{a.event}</code>
                </td>
                <td className="num">{a.attempt}</td>
                <td className="num">{a.status_code ?? '—'}</td>
                <td className="webhook-deliveries__result">{attemptOutcome(a)}</td>
                <td className="num">{formatDuration(a.duration_ms)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : status === 'ready' ? (
        <p className="muted webhook-deliveries__empty">Nothing has been sent to this address yet. A test or a finished document or job shows here.</p>
      ) : status === 'loading' ? (
        <p className="loading" role="status">
          Loading the recent deliveries…
        </p>
      ) : null}
    </div>
  );
}
