// Settings: the privacy statement first, sync with the hosted service under it, then reading
// (OCR, workers), the data folder, the local API, webhooks and the log of requests sync sent.
// Changes to reading are saved together; switches act at once.
import { useEffect, useId } from 'react';
import { CopyButton } from '../../components/copy-button.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { useAppStores, useSettings } from '../../stores/stores-provider.js';
import { ApiSection } from './api-section.js';
import { ProcessingSection } from './processing-section.js';
import { SyncLog } from './sync-log.js';
import { SyncSection } from './sync-section.js';
import { useSyncOn } from './use-sync-on.js';
import { WebhooksSection } from './webhooks-section.js';
import './settings.css';
import { ScreenHeader } from '../../components/index.js';

export const PRIVACY_STATEMENT = 'Nothing leaves this computer. Documents, results and settings stay in the data folder; sync with the hosted service is off.';
/** The privacy statement while sync with the hosted service is on. */
export const SYNC_PRIVACY_STATEMENT = 'Sync is on: files you send to the hosted service leave this computer; everything else stays here.';

export function SettingsScreen() {
  const stores = useAppStores();
  const settings = useSettings((s) => s.settings);
  const status = useSettings((s) => s.status);
  const loadError = useSettings((s) => s.loadError);
  const syncOn = useSyncOn();
  const headingId = useId();
  const privacyId = useId();
  const dataId = useId();

  useEffect(() => {
    void stores.settings.getState().load();
    void stores.settings.getState().loadWebhooks();
    // Reading the sync status sends nothing anywhere while sync is off.
    void stores.sync.getState().loadStatus();
    void stores.sync.getState().loadLog();
  }, [stores]);

  return (
    <section className="screen settings" aria-labelledby={headingId}>
      <ScreenHeader id={headingId} title="Settings" lead="How documents are read, where your data lives, and which programs may talk to PerfectParser." />

      {loadError ? (
        <ErrorBanner
          message={loadError}
          action={
            <button type="button" className="button button--secondary button--small" onClick={() => void stores.settings.getState().load()}>
              Try again
            </button>
          }
        />
      ) : null}

      <section className={`settings-card settings-card--privacy${syncOn ? ' settings-card--sync-on' : ''}`} aria-labelledby={privacyId}>
        <h3 id={privacyId} className="settings-card__title">
          <svg viewBox="0 0 20 20" aria-hidden="true" className="settings-card__icon">
            <rect x="4.5" y="9" width="11" height="8" rx="1.5" />
            <path d="M7 9V6.5a3 3 0 0 1 6 0V9" />
          </svg>
          Privacy
        </h3>
        <p className="privacy-statement">{syncOn ? SYNC_PRIVACY_STATEMENT : PRIVACY_STATEMENT}</p>
      </section>
      <SyncSection />

      {settings ? (
        <>
          <ProcessingSection />
          <section className="settings-card" aria-labelledby={dataId}>
            <h3 id={dataId} className="settings-card__title">
              Data folder
            </h3>
            <span className="kv__value">
              <code className="path">{settings.data_dir}</code>
              <CopyButton text={settings.data_dir} label="Copy the data folder's path" />
            </span>
            <p className="field__hint">
              The database of jobs and results, your parsers and copies of uploaded files live here. Back it up like any folder. To use another
              folder, quit PerfectParser and start it with the <code>PERFECTPARSER_DATA_DIR</code> environment variable set to that folder
              (for the server: <code>perfectparser serve --data-dir FOLDER</code>).
            </p>
          </section>
          <ApiSection />
          <WebhooksSection />
          <SyncLog />
        </>
      ) : status === 'loading' || status === 'idle' ? (
        <p className="loading" role="status">
          Loading settings…
        </p>
      ) : null}
    </section>
  );
}
