// Webhooks: where job news is sent. The signing secret is shown once, right after adding one;
// a test delivery shows what the receiving end answered.
import { useId, useState, type FormEvent } from 'react';
import { WEBHOOK_EVENTS, type Webhook, type WebhookEvent } from '../../../shared/api/webhooks.js';
import { ConfirmButton } from '../../components/confirm-button.js';
import { CopyButton } from '../../components/copy-button.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { formatDuration } from '../../components/format.js';
import type { WebhookTest } from '../../stores/settings-store.js';
import { useAppStores, useSettings } from '../../stores/stores-provider.js';

const EVENT_LABELS: Record<WebhookEvent, string> = {
  'extraction.document_completed': 'A document finished',
  'extraction.job_completed': 'A job finished',
};

function TestResult({ test }: { test: WebhookTest | undefined }) {
  if (!test) return null;
  if (test.state === 'running') return <span className="webhook__test">Sending a test…</span>;
  if (test.state === 'error') return <span className="webhook__test webhook__test--bad">{test.message}</span>;
  const a = test.attempt;
  const time = formatDuration(a.duration_ms);
  return a.success ? (
    <span className="webhook__test webhook__test--good">
      Delivered: the receiver answered {a.status_code ?? 'OK'} in {time}.
    </span>
  ) : (
    <span className="webhook__test webhook__test--bad">
      Not delivered{a.status_code ? `: the receiver answered ${a.status_code}` : ''}
      {a.error ? `${a.status_code ? '; ' : ': '}${a.error.replace(/\.$/, '')}` : ''} ({time}).
    </span>
  );
}

function WebhookRow({ webhook }: { webhook: Webhook }) {
  const stores = useAppStores();
  const actions = stores.settings.getState();
  const test = useSettings((s) => s.tests[webhook.webhook_id]);
  return (
    <li className="webhook">
      <div className="webhook__main">
        <code className="path webhook__url">{webhook.url}</code>
        <span className="webhook__events">
          {webhook.events.map((e) => EVENT_LABELS[e] ?? e).join(' · ')}
          {webhook.enabled ? '' : ' · turned off'}
        </span>
        <span role="status">
          <TestResult test={test} />
        </span>
      </div>
      <div className="webhook__actions">
        <button
          type="button"
          className="button button--secondary button--small"
          aria-label={`Send a test to ${webhook.url}`}
          disabled={test?.state === 'running'}
          onClick={() => void actions.testWebhook(webhook.webhook_id)}
        >
          Test
        </button>
        <ConfirmButton
          label="Remove"
          ariaLabel={`Remove the webhook to ${webhook.url}`}
          question="Remove this webhook? Nothing more is sent to it."
          confirmLabel="Yes, remove"
          size="small"
          onConfirm={() => void actions.removeWebhook(webhook.webhook_id)}
        />
      </div>
    </li>
  );
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
          <p className="secret-box__title">Signing secret for {secret.url}</p>
          <p className="field__hint">Copy it now: it is shown only this once. The receiver uses it to check the X-PerfectParser-Signature header.</p>
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
        <fieldset className="fieldset">
          <legend className="field__label">When</legend>
          <div className="checks">
            {WEBHOOK_EVENTS.map((e) => (
              <label key={e} className="check">
                <input
                  type="checkbox"
                  checked={events.includes(e)}
                  onChange={(event) => {
                    const on = event.currentTarget.checked;
                    setEvents((list) => (on ? [...list.filter((x) => x !== e), e] : list.filter((x) => x !== e)));
                  }}
                />
                <span>{EVENT_LABELS[e]}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <button type="submit" className="button button--secondary" disabled={creating}>
          {creating ? 'Adding…' : 'Add webhook'}
        </button>
      </form>
    </section>
  );
}
