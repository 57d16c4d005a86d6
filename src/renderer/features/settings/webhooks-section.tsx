// Webhooks: where job news is sent. The signing secret is shown once, right after adding one or
// making a new one; each webhook can be switched off, edited, tested and removed, and shows its
// recent deliveries (see webhook-row.tsx).
import { useId, useState, type FormEvent } from 'react';
import { WEBHOOK_EVENTS, type WebhookEvent } from '../../../shared/api/webhooks.js';
import { CopyButton } from '../../components/copy-button.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { formatFullDateTime } from '../../components/format.js';
import type { ShownSecret } from '../../stores/settings-store.js';
import { useAppStores, useSettings } from '../../stores/stores-provider.js';
import { EventChecks, WebhookRow } from './webhook-row.js';

/** What a shown secret's box says under its title. */
function secretHint(secret: ShownSecret): string {
  const once = 'Copy it now: it is shown only this once. The receiver uses it to check the X-PerfectParser-Signature header.';
  if (!secret.rotated) return once;
  const until = secret.rotated.previous_secret_expires_at;
  return until
    ? `${once} The previous secret keeps signing deliveries beside it until ${formatFullDateTime(until)}, so switch the receiver to this one before then.`
    : `${once} The previous secret no longer signs deliveries.`;
}

export function WebhooksSection() {
  const stores = useAppStores();
  const actions = stores.settings.getState();
  const webhooks = useSettings((s) => s.webhooks);
  const status = useSettings((s) => s.webhooksStatus);
  const error = useSettings((s) => s.webhooksError);
  const secret = useSettings((s) => s.createdSecret);
  const creating = useSettings((s) => s.creating);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>([...WEBHOOK_EVENTS]);
  const headingId = useId();
  const urlId = useId();
  const urlHintId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await actions.createWebhook(url, events)) setUrl('');
  };

  return (
    <section className="settings-card" aria-labelledby={headingId}>
      <h3 id={headingId} className="settings-card__title">
        Webhooks
      </h3>
      <p className="settings-card__lead">
        PerfectParser can tell another program when documents or jobs finish, by sending a signed request to an address you give.
        Only the addresses listed here receive anything.
      </p>
      {error ? <ErrorBanner message={error} onDismiss={actions.dismissErrors} /> : null}

      {secret ? (
        <div className="secret-box" role="status">
          <p className="secret-box__title">
            {secret.rotated ? 'New signing secret' : 'Signing secret'} for {secret.url}
          </p>
          <p className="field__hint">{secretHint(secret)}</p>
          <span className="kv__value">
            <code className="path secret">{secret.signing_secret}</code>
            <CopyButton text={secret.signing_secret} label="Copy the signing secret" />
            <button type="button" className="button button--quiet button--small" onClick={actions.dismissSecret}>
              Done
            </button>
          </span>
        </div>
      ) : null}

      {status === 'ready' && webhooks.length === 0 ? (
        <EmptyState title="No webhooks.">
          <p>Nothing is sent anywhere. Add one below if another program should hear about finished jobs.</p>
        </EmptyState>
      ) : status === 'loading' ? (
        <p className="loading" role="status">
          Loading webhooks…
        </p>
      ) : webhooks.length > 0 ? (
        <ul className="webhooks" aria-label="Webhooks">
          {webhooks.map((w) => (
            <WebhookRow key={w.webhook_id} webhook={w} />
          ))}
        </ul>
      ) : null}

      <form className="webhook-form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="field webhook-form__url">
          <label htmlFor={urlId} className="field__label">
            Send to
          </label>
          <input
            id={urlId}
            type="url"
            className="input"
            placeholder="https://example.com/hooks/perfectparser"
            value={url}
            aria-describedby={urlHintId}
            onChange={(event) => setUrl(event.currentTarget.value)}
          />
          <p id={urlHintId} className="field__hint">
            The receiver gets a POST with the job as JSON.
          </p>
        </div>
        <EventChecks events={events} onChange={setEvents} />
        <button type="submit" className="button button--secondary" disabled={creating}>
          {creating ? 'Adding…' : 'Add webhook'}
        </button>
      </form>
    </section>
  );
}
