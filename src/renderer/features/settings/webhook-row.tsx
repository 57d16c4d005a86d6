// One webhook in Settings: its address and events, a switch that turns sending on or off, a test
// delivery, editing the address and events in place, a new signing secret (asked first, with the
// grace period explained), removing it, and its recent deliveries.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { WEBHOOK_EVENTS, type Webhook, type WebhookEvent } from '../../../shared/api/webhooks.js';
import { ConfirmButton } from '../../components/confirm-button.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { formatDuration } from '../../components/format.js';
import { Switch } from '../../components/switch.js';
import type { WebhookTest } from '../../stores/settings-store.js';
import { useAppStores, useSettings } from '../../stores/stores-provider.js';
import { DeliveriesPanel } from './webhook-deliveries.js';

const EVENT_LABELS: Record<WebhookEvent, string> = {
  'extraction.document_completed': 'A document finished',
  'extraction.job_completed': 'A job finished',
};

/** What turning a webhook off does, said next to its switch. */
export const SWITCH_HINT_ON = 'Turning it off stops sending: events that happen while it is off are never sent, and deliveries waiting for a retry end.';
export const SWITCH_HINT_OFF = 'Off: nothing is sent. Events that happen while it is off are not sent later, and deliveries that were waiting for a retry have ended.';

/** The checkboxes choosing which events are sent (for a new webhook and an edit). */
export function EventChecks({ events, onChange, legend = 'When' }: { events: WebhookEvent[]; onChange(events: WebhookEvent[]): void; legend?: string }) {
  return (
    <fieldset className="fieldset">
      <legend className="field__label">{legend}</legend>
      <div className="checks">
        {WEBHOOK_EVENTS.map((e) => (
          <label key={e} className="check">
            <input
              type="checkbox"
              checked={events.includes(e)}
              onChange={(event) => {
                const on = event.currentTarget.checked;
                const rest = events.filter((x) => x !== e);
                onChange(on ? [...rest, e] : rest);
              }}
            />
            <span>{EVENT_LABELS[e]}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

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

export interface WebhookEditFormProps {
  webhook: Webhook;
  saving: boolean;
  error: string | undefined;
  onSave(edit: { url: string; events: WebhookEvent[] }): void;
  onCancel(): void;
}

/** The address and events of a webhook, edited in place: Enter (or Save) saves, Escape (or Cancel)
 *  leaves it as it was. Problems are the same sentences as when adding one. */
export function WebhookEditForm({ webhook, saving, error, onSave, onCancel }: WebhookEditFormProps) {
  const [url, setUrl] = useState(webhook.url);
  const [events, setEvents] = useState<WebhookEvent[]>(webhook.events);
  const urlRef = useRef<HTMLInputElement>(null);
  const urlId = useId();

  useEffect(() => {
    urlRef.current?.focus();
    urlRef.current?.select();
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave({ url, events });
  };

  return (
    <form
      className="webhook-edit"
      aria-label={`Edit the webhook to ${webhook.url}`}
      noValidate
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onCancel();
        }
      }}
    >
      <div className="field webhook-form__url">
        <label htmlFor={urlId} className="field__label">
          Send to
        </label>
        <input ref={urlRef} id={urlId} type="url" className="input" value={url} onChange={(event) => setUrl(event.currentTarget.value)} />
      </div>
      <EventChecks events={events} onChange={setEvents} />
      {error ? <ErrorBanner message={error} /> : null}
      <div className="webhook-edit__actions">
        <button type="submit" className="button button--small" disabled={saving}>
          {saving ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="button button--quiet button--small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export interface RotateSecretPromptProps {
  webhook: Webhook;
  busy: boolean;
  onConfirm(endPreviousNow: boolean): void;
  onCancel(): void;
}

/** Asks before making a new signing secret, and says what happens to the current one. */
export function RotateSecretPrompt({ webhook, busy, onConfirm, onCancel }: RotateSecretPromptProps) {
  const [endNow, setEndNow] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const questionId = useId();
  const explainId = useId();

  useEffect(() => {
    confirmRef.current?.focus();
  }, []);

  return (
    <div
      className="webhook-rotate"
      role="alertdialog"
      aria-labelledby={questionId}
      aria-describedby={explainId}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onCancel();
        }
      }}
    >
      <p id={questionId} className="webhook-rotate__question">
        Make a new signing secret for {webhook.url}?
      </p>
      <p id={explainId} className="field__hint">
        The new secret is shown once, right after. For a day the current secret keeps signing deliveries beside the new one (each delivery
        carries both signatures), so the receiver can switch to the new secret without refusing a delivery. After that, only the new secret
        signs.
      </p>
      <label className="check">
        <input type="checkbox" checked={endNow} onChange={(event) => setEndNow(event.currentTarget.checked)} />
        <span>Stop signing with the current secret at once (the receiver refuses deliveries until it has the new one)</span>
      </label>
      <div className="webhook-edit__actions">
        <button ref={confirmRef} type="button" className="button button--small" disabled={busy} onClick={() => onConfirm(endNow)}>
          {busy ? 'Making a new secret…' : 'Make a new secret'}
        </button>
        <button type="button" className="button button--quiet button--small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

export function WebhookRow({ webhook }: { webhook: Webhook }) {
  const stores = useAppStores();
  const actions = stores.settings.getState();
  const id = webhook.webhook_id;
  const test = useSettings((s) => s.tests[id]);
  const busy = useSettings((s) => s.webhookBusy[id]);
  const error = useSettings((s) => s.webhookErrors[id]);
  const deliveries = useSettings((s) => s.deliveries[id]);
  const [editing, setEditing] = useState(false);
  const [rotating, setRotating] = useState(false);
  const [showDeliveries, setShowDeliveries] = useState(false);
  const editRef = useRef<HTMLButtonElement>(null);
  const rotateRef = useRef<HTMLButtonElement>(null);
  /** Which button gets the focus back once the edit form or the question closes (the Edit
   *  button is not there while editing, so it is looked up after the row is drawn again). */
  const returnFocus = useRef<'edit' | 'rotate' | null>(null);
  const switchHintId = useId();
  const deliveriesId = useId();

  useEffect(() => {
    if (editing || rotating || !returnFocus.current) return;
    (returnFocus.current === 'edit' ? editRef : rotateRef).current?.focus();
    returnFocus.current = null;
  }, [editing, rotating]);

  const stopEditing = () => {
    returnFocus.current = 'edit';
    actions.dismissWebhookError(id);
    setEditing(false);
  };
  const stopRotating = () => {
    returnFocus.current = 'rotate';
    setRotating(false);
  };
  const toggleDeliveries = () => {
    const open = !showDeliveries;
    setShowDeliveries(open);
    if (open) void actions.loadDeliveries(id);
  };

  return (
    <li className="webhook">
      {editing ? (
        <WebhookEditForm
          webhook={webhook}
          saving={busy === 'saving'}
          error={error}
          onCancel={stopEditing}
          onSave={(edit) =>
            void actions.updateWebhook(id, edit).then((saved) => {
              if (saved) stopEditing();
            })
          }
        />
      ) : (
        <div className="webhook__row">
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
              onClick={() => void actions.testWebhook(id)}
            >
              Test
            </button>
            <button
              ref={editRef}
              type="button"
              className="button button--secondary button--small"
              aria-label={`Edit the webhook to ${webhook.url}`}
              disabled={Boolean(busy)}
              onClick={() => {
                setRotating(false);
                setEditing(true);
              }}
            >
              Edit
            </button>
            <button
              ref={rotateRef}
              type="button"
              className="button button--secondary button--small"
              aria-label={`New signing secret for ${webhook.url}`}
              disabled={Boolean(busy) || rotating}
              onClick={() => setRotating(true)}
            >
              New signing secret
            </button>
            <ConfirmButton
              label="Remove"
              ariaLabel={`Remove the webhook to ${webhook.url}`}
              question="Remove this webhook? Nothing more is sent to it."
              confirmLabel="Yes, remove"
              size="small"
              onConfirm={() => void actions.removeWebhook(id)}
            />
          </div>
        </div>
      )}

      <div className="switch-row webhook__switch">
        <Switch checked={webhook.enabled} disabled={Boolean(busy)} describedBy={switchHintId} onChange={(on) => void actions.updateWebhook(id, { enabled: on })}>
          Send events<span className="visually-hidden"> to {webhook.url}</span>
        </Switch>
        <p id={switchHintId} className="field__hint">
          {webhook.enabled ? SWITCH_HINT_ON : SWITCH_HINT_OFF}
        </p>
      </div>

      {rotating && !editing ? (
        <RotateSecretPrompt
          webhook={webhook}
          busy={busy === 'rotating'}
          onCancel={stopRotating}
          onConfirm={(endNow) =>
            void actions.rotateWebhookSecret(id, endNow).then((made) => {
              if (made) stopRotating();
            })
          }
        />
      ) : null}
      {error && !editing ? <ErrorBanner message={error} onDismiss={() => actions.dismissWebhookError(id)} /> : null}

      <div className="webhook__more">
        <button
          type="button"
          className="button button--quiet button--small webhook__disclosure"
          aria-expanded={showDeliveries}
          aria-controls={deliveriesId}
          aria-label={`Recent deliveries to ${webhook.url}`}
          onClick={toggleDeliveries}
        >
          <span aria-hidden="true">{showDeliveries ? '▾' : '▸'}</span> Recent deliveries
        </button>
        <div id={deliveriesId} hidden={!showDeliveries}>
          {showDeliveries ? <DeliveriesPanel webhook={webhook} deliveries={deliveries} onRefresh={() => void actions.loadDeliveries(id)} /> : null}
        </div>
      </div>
    </li>
  );
}
