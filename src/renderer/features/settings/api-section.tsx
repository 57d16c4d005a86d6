// The local REST API: on or off, where it listens, and its key (shown on request, copied,
// replaced with a confirmation because programs using the old key stop working). In browser mode
// a new key also ends the link `perfectparser serve` printed, so the new link is shown to copy.
import { useId, useState } from 'react';
import { browserLink } from '../../backend/api-key.js';
import { useBackend } from '../../backend/backend-context.js';
import { ConfirmButton } from '../../components/confirm-button.js';
import { CopyButton } from '../../components/copy-button.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { Switch } from '../../components/switch.js';
import { useAppStores, useSettings } from '../../stores/stores-provider.js';

export function ApiSection() {
  const backend = useBackend();
  const stores = useAppStores();
  const actions = stores.settings.getState();
  const api = useSettings((s) => s.settings?.api ?? null);
  const busy = useSettings((s) => s.apiBusy);
  const error = useSettings((s) => s.apiError);
  const [showKey, setShowKey] = useState(false);
  /** Browser mode, after a new key was made here: the link that now opens the app. */
  const [newLink, setNewLink] = useState<string | null>(null);
  const headingId = useId();
  const toggleHintId = useId();
  const keyId = useId();
  if (!api) return null;

  return (
    <section className="settings-card" aria-labelledby={headingId}>
      <h3 id={headingId} className="settings-card__title">
        Local API
      </h3>
      <p className="settings-card__lead">
        Lets programs on this computer (scripts, automation tools) send documents and read results at <code>127.0.0.1</code>. It never
        accepts connections from other computers.
      </p>
      <div className="switch-row">
        <Switch checked={api.enabled} disabled={!api.can_toggle || busy} describedBy={toggleHintId} onChange={(on) => void actions.setApiEnabled(on)}>
          Local API {api.enabled ? 'on' : 'off'}
        </Switch>
        <p id={toggleHintId} className="field__hint">
          {api.can_toggle
            ? api.enabled
              ? 'Programs with the key below can use it.'
              : 'Turn it on to let programs on this computer use PerfectParser.'
            : 'This page is served by the local API itself, so it cannot be switched off from here. Stop perfectparser serve, or use the desktop app, to turn it off.'}
        </p>
      </div>
      {error ? <ErrorBanner message={error} onDismiss={actions.dismissErrors} /> : null}

      {api.enabled && api.url ? (
        <div className="kv">
          <span className="kv__key">Address</span>
          <span className="kv__value">
            <code className="path">{api.url}</code>
            <CopyButton text={api.url} label="Copy the API address" />
          </span>
        </div>
      ) : null}
      <div className="kv">
        <span className="kv__key" id={keyId}>
          API key
        </span>
        <span className="kv__value">
          <code className="path secret" aria-labelledby={keyId}>
            {showKey ? api.key : '•'.repeat(Math.min(Math.max(api.key.length, 12), 32))}
          </code>
          <button type="button" className="button button--secondary button--small" aria-pressed={showKey} onClick={() => setShowKey(!showKey)}>
            {showKey ? 'Hide' : 'Show'}
          </button>
          <CopyButton text={api.key} label="Copy the API key" />
          <ConfirmButton
            label="New key"
            question="Make a new key? Programs using the current key stop working until they get the new one."
            confirmLabel="Yes, make a new key"
            size="small"
            disabled={busy}
            onConfirm={() =>
              void actions.rotateApiKey().then(() => {
                const { settings, apiError } = stores.settings.getState();
                if (backend.kind === 'browser' && settings && !apiError) setNewLink(browserLink(settings.api.key));
              })
            }
          />
        </span>
      </div>
      {newLink ? (
        <div className="settings-newlink" role="status">
          <p className="settings-newlink__text">
            A new key is in use. The link <code>perfectparser serve</code> printed when it started no longer works, nor do other tabs opened with it. To open
            PerfectParser in another tab or browser, use this link:
          </p>
          <span className="kv__value">
            <code className="path settings-newlink__link">{newLink}</code>
            <CopyButton text={newLink} label="Copy the new link" />
          </span>
        </div>
      ) : null}
      <p className="field__hint">Send it with every request as the <code>X-API-Key</code> header.</p>
    </section>
  );
}
