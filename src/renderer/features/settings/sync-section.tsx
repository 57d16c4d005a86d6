// Sync with the hosted PerfectParser service: off by default, and visibly so. When off, a form to
// connect (address and API key, checked by the hosted service before anything is kept); when on,
// the account, its credits, where the key is kept, and Disconnect.
import { useId, type FormEvent } from 'react';
import type { SyncStatus } from '../../../shared/rpc-contract.js';
import { ConfirmButton } from '../../components/confirm-button.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { formatCount } from '../../components/format.js';
import { hostOf } from '../../stores/sync-store.js';
import { useAppStores, useSync } from '../../stores/stores-provider.js';

/** "1,250 credits", "1 credit", or "unlimited" when the hosted service sets no limit. */
export function creditsText(available: number | null): string {
  if (available === null) return 'unlimited';
  return `${formatCount(available)} ${available === 1 ? 'credit' : 'credits'}`;
}

/** Where the key is kept, in words. */
export function keyStorageText(storage: SyncStatus['key_storage']): string {
  return storage === 'keychain' ? 'In this computer’s keychain' : 'In a file in the data folder that only you can read';
}

export function SyncSection() {
  const stores = useAppStores();
  const status = useSync((s) => s.status);
  const statusLoad = useSync((s) => s.statusLoad);
  const statusError = useSync((s) => s.statusError);
  const headingId = useId();

  return (
    <section className="settings-card settings-card--sync" aria-labelledby={headingId} data-testid="sync-section">
      <h3 id={headingId} className="settings-card__title">
        Sync with the hosted service
      </h3>
      {statusError ? (
        <ErrorBanner
          message={statusError}
          action={
            <button type="button" className="button button--secondary button--small" onClick={() => void stores.sync.getState().loadStatus()}>
              Try again
            </button>
          }
        />
      ) : null}
      {status?.enabled ? (
        <SyncOn status={status} />
      ) : status || statusLoad === 'error' ? (
        <SyncOff />
      ) : (
        <p className="loading" role="status">
          Loading the sync settings…
        </p>
      )}
    </section>
  );
}

function SyncOff() {
  const stores = useAppStores();
  const actions = stores.sync.getState();
  const baseUrl = useSync((s) => s.baseUrl);
  const apiKey = useSync((s) => s.apiKey);
  const connecting = useSync((s) => s.connecting);
  const error = useSync((s) => s.connectError);
  const urlId = useId();
  const keyId = useId();
  const keyHintId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void actions.connect();
  };

  return (
    <>
      <p className="sync-state sync-state--off" role="status">
        <span className="sync-state__dot" aria-hidden="true" />
        Off — nothing is sent anywhere
      </p>
      <p className="settings-card__lead">
        Connect your PerfectParser account to copy parsers between this computer and the hosted service, and to process chosen documents
        there. Only what you choose is sent, and every request is logged below.
      </p>
      <form className="sync-form" onSubmit={submit} noValidate aria-label="Connect to the hosted service">
        <div className="field sync-form__url">
          <label htmlFor={urlId} className="field__label">
            Hosted service address
          </label>
          <input id={urlId} type="url" className="input" value={baseUrl} autoComplete="off" spellCheck={false} onChange={(e) => actions.setBaseUrl(e.currentTarget.value)} />
        </div>
        <div className="field sync-form__key">
          <label htmlFor={keyId} className="field__label">
            Hosted API key
          </label>
          <input
            id={keyId}
            type="password"
            className="input"
            value={apiKey}
            autoComplete="off"
            spellCheck={false}
            aria-describedby={keyHintId}
            onChange={(e) => actions.setApiKey(e.currentTarget.value)}
          />
          <p id={keyHintId} className="field__hint">
            From your account’s API keys page. It is checked with the hosted service first, then kept on this computer only.
          </p>
        </div>
        <button type="submit" className="button" disabled={connecting}>
          {connecting ? 'Connecting…' : 'Connect'}
        </button>
      </form>
      {error ? <ErrorBanner message={error} onDismiss={actions.dismissErrors} /> : null}
    </>
  );
}

function SyncOn({ status }: { status: SyncStatus }) {
  const stores = useAppStores();
  const actions = stores.sync.getState();
  const disconnecting = useSync((s) => s.disconnecting);
  const error = useSync((s) => s.disconnectError);
  const account = status.account;

  return (
    <>
      <p className="sync-state sync-state--on" role="status">
        <span className="sync-state__dot" aria-hidden="true" />
        On — connected to {hostOf(status.base_url)}
      </p>
      <p className="settings-card__lead">
        Files you choose to process on the hosted service, and parsers you send, leave this computer. Everything else stays here.
      </p>
      {status.last_error ? <ErrorBanner message={`The last request to the hosted service failed. ${status.last_error}`} /> : null}
      <dl className="sync-facts">
        <dt>Account</dt>
        <dd>{account ? `${account.name}${account.email ? ` (${account.email})` : ''}` : 'Unknown'}</dd>
        {account ? (
          <>
            <dt>Key name</dt>
            <dd>{account.key_name}</dd>
          </>
        ) : null}
        <dt>Credits</dt>
        <dd data-testid="sync-credits">{creditsText(status.credits_available)}</dd>
        <dt>Address</dt>
        <dd>
          <code className="path">{status.base_url}</code>
        </dd>
        <dt>Key kept</dt>
        <dd>{keyStorageText(status.key_storage)}</dd>
      </dl>
      <div className="settings-form__actions">
        <ConfirmButton
          label={disconnecting ? 'Disconnecting…' : 'Disconnect'}
          question="Disconnect? The key is forgotten and nothing more is sent; jobs processed on the hosted service stay here."
          confirmLabel="Yes, disconnect"
          disabled={disconnecting}
          onConfirm={() => void actions.disconnect()}
        />
      </div>
      {error ? <ErrorBanner message={error} onDismiss={actions.dismissErrors} /> : null}
    </>
  );
}
