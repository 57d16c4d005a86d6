// The first screen: add files and folders, check what was found (duplicates, files seen before,
// files skipped and why), pick a parser, start a job, and land on it in Jobs.
import { useCallback, useEffect, useId, useMemo } from 'react';
import { FILE_TYPE_FILTERS, type FileTypeFilter } from '../../../shared/rpc-contract.js';
import { useBackend } from '../../backend/backend-context.js';
import { ConfirmButton } from '../../components/confirm-button.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { formatBytes, formatCount, plural } from '../../components/format.js';
import { ProgressBar } from '../../components/progress-bar.js';
import { useNav } from '../../stores/nav-store.js';
import { FILTER_KEEPS, includedFiles } from '../../stores/inbox-store.js';
import { useAppStores, useInbox, useParserOptions, useSync } from '../../stores/stores-provider.js';
import { hostOf } from '../../stores/sync-store.js';
import { useSyncOn } from '../settings/use-sync-on.js';
import { InboxDropZone } from './inbox-drop-zone.js';
import { SkippedList } from './skipped-list.js';
import { StagedTable } from './staged-table.js';
import { StartBar } from './start-bar.js';
import './inbox.css';
import { ScreenHeader } from '../../components/index.js';

const FILTER_LABELS: Record<FileTypeFilter, string> = { supported: 'All supported files', pdf: 'PDFs only', images: 'Images only' };

export function InboxScreen() {
  const backend = useBackend();
  const stores = useAppStores();
  const inbox = stores.inbox.getState();
  const files = useInbox((s) => s.files);
  const duplicates = useInbox((s) => s.duplicates);
  const duplicateCount = Object.keys(duplicates).length;
  const processedBefore = useInbox((s) => s.processedBeforeCount);
  const skipped = useInbox((s) => s.skipped);
  const filter = useInbox((s) => s.filter);
  const staging = useInbox((s) => s.staging);
  const notice = useInbox((s) => s.notice);
  const error = useInbox((s) => s.error);
  const parserId = useInbox((s) => s.parserId);
  const starting = useInbox((s) => s.starting);
  const options = useParserOptions((s) => s.options);
  const optionsStatus = useParserOptions((s) => s.status);
  const optionsError = useParserOptions((s) => s.error);
  const syncOn = useSyncOn();
  const syncLoaded = useSync((s) => s.status !== null);
  const where = useSync((s) => s.processWhere);
  const syncBaseUrl = useSync((s) => s.status?.base_url ?? null);
  const sending = useSync((s) => s.processing);
  const sendError = useSync((s) => s.processError);
  const remote = syncOn && parserId !== null && where === 'remote';
  const headingId = useId();
  const filterId = useId();
  const filterHintId = useId();
  const included = useMemo(() => includedFiles(files, filter), [files, filter]);
  const leftOut = files.length - included.length;

  useEffect(() => {
    void stores.parserOptions.getState().load();
  }, [stores]);
  // The hosted service's address, for the upload warning (only asked for while sync is on).
  useEffect(() => {
    if (syncOn && !syncLoaded) void stores.sync.getState().loadStatus();
  }, [syncOn, syncLoaded, stores]);

  // A parser removed (or emptied) since it was chosen falls back to parse only.
  useEffect(() => {
    if (optionsStatus !== 'ready' || parserId === null) return;
    if (!options.some((o) => o.parser_id === parserId && o.field_count > 0)) stores.inbox.getState().setParser(null);
  }, [options, optionsStatus, parserId, stores]);

  const onRemove = useCallback((key: string) => stores.inbox.getState().remove(key), [stores]);

  const start = async () => {
    if (remote) return startRemote();
    const job = await stores.inbox.getState().start();
    if (!job) return;
    stores.jobs.getState().add(job);
    useNav.getState().go({ screen: 'jobs', extraction_id: job.extraction_id });
  };

  // Parse-only jobs always run here; a parser's job runs on the hosted service when chosen.
  const startRemote = async () => {
    const { files: staged, filter: current, staging: busy } = stores.inbox.getState();
    const chosen = includedFiles(staged, current);
    if (busy || chosen.length === 0 || parserId === null) return;
    const job = await stores.sync.getState().process(parserId, chosen.map((f) => f.ref));
    if (!job) return;
    stores.inbox.getState().takeStarted(chosen);
  };

  const totalSize = included.reduce((sum, f) => sum + f.size, 0);

  return (
    <section className="screen inbox" aria-labelledby={headingId}>
      <ScreenHeader id={headingId} title="Inbox" lead="Add invoices, contracts and receipts — single files or whole folders — then start a job.">
        <div className="inbox__filter">
          <div className="field field--inline">
            <label htmlFor={filterId} className="field__label">
              Include
            </label>
            <select
              id={filterId}
              className="select"
              value={filter}
              aria-describedby={filter !== 'supported' ? filterHintId : undefined}
              onChange={(event) => inbox.setFilter(event.currentTarget.value as FileTypeFilter)}
            >
              {FILE_TYPE_FILTERS.map((f) => (
                <option key={f} value={f}>
                  {FILTER_LABELS[f]}
                </option>
              ))}
            </select>
          </div>
          {filter !== 'supported' ? (
            <p id={filterHintId} className="field__hint inbox__filter-hint">
              Also applies to files already listed: other types stay in the list but are left out of the job.
            </p>
          ) : null}
        </div>
      </ScreenHeader>

      {error ? <ErrorBanner message={error} onDismiss={inbox.dismissError} /> : null}
      {sendError ? <ErrorBanner message={sendError} onDismiss={stores.sync.getState().dismissErrors} /> : null}

      <InboxDropZone
        filter={filter}
        busy={staging !== null}
        compact={files.length > 0}
        onAdd={(items) => void inbox.add(items)}
        onDialog={backend.pickWithDialog ? (kind) => void inbox.addWithDialog(kind) : undefined}
      />

      <div className="inbox__status" role="status">
        {staging ? (
          <div className="inbox__progress">
            <ProgressBar
              label="Reading files"
              value={staging.done}
              max={staging.total}
              indeterminate={staging.total === 0}
              valueText={staging.total > 0 ? `${staging.done} of ${staging.total} files` : undefined}
            />
            <span>{staging.total > 0 ? `Reading ${formatCount(staging.done)} of ${formatCount(staging.total)} files…` : 'Looking for files…'}</span>
          </div>
        ) : notice ? (
          <span>{notice}</span>
        ) : null}
      </div>

      {files.length > 0 ? (
        <>
          <div className="toolbar">
            <p className="toolbar__summary">
              <strong>{plural(included.length, 'file')}</strong> ready · {formatBytes(totalSize)}
              {leftOut > 0 ? (
                <span className="toolbar__flag toolbar__flag--left-out">
                  {' '}
                  · {formatCount(leftOut)} left out ({FILTER_KEEPS[filter]} included)
                </span>
              ) : null}
              {duplicateCount > 0 ? <span className="toolbar__flag toolbar__flag--duplicate"> · {plural(duplicateCount, 'duplicate')}</span> : null}
              {processedBefore > 0 ? <span className="toolbar__flag"> · {formatCount(processedBefore)} processed before</span> : null}
            </p>
            <div className="toolbar__actions">
              {duplicateCount > 0 ? (
                <button type="button" className="button button--secondary button--small" onClick={inbox.removeDuplicates}>
                  Remove duplicates
                </button>
              ) : null}
              {processedBefore > 0 ? (
                <button type="button" className="button button--secondary button--small" onClick={inbox.removeProcessedBefore}>
                  Remove files processed before
                </button>
              ) : null}
              <ConfirmButton
                label="Clear list"
                question={`Remove all ${plural(files.length, 'file')} from the list?`}
                confirmLabel="Yes, clear"
                size="small"
                onConfirm={inbox.clear}
              />
            </div>
          </div>
          <StagedTable files={files} duplicates={duplicates} filter={filter} onRemove={onRemove} />
        </>
      ) : staging ? null : (
        <ol className="steps" aria-label="How it works">
          <li>
            <strong>Add documents.</strong> Drop files or folders above; each file is checked and listed here before anything runs.
          </li>
          <li>
            <strong>Choose what to do.</strong> Parse only, or fill fields with one of your parsers.
          </li>
          <li>
            <strong>Start.</strong> Follow every document in Jobs;{' '}
            {syncOn ? 'nothing is sent anywhere unless you choose the hosted service.' : 'nothing is sent anywhere.'}
          </li>
        </ol>
      )}

      <SkippedList skipped={skipped} />

      {optionsError ? <ErrorBanner message={optionsError} /> : null}
      {files.length > 0 ? (
        <StartBar
          count={included.length}
          leftOut={leftOut}
          parserId={parserId}
          options={options}
          optionsStatus={optionsStatus}
          starting={starting || sending}
          disabled={staging !== null}
          onParser={inbox.setParser}
          onStart={() => void start()}
          remote={
            syncOn
              ? { where, host: syncBaseUrl ? hostOf(syncBaseUrl) : 'the hosted service', onWhere: stores.sync.getState().setProcessWhere }
              : undefined
          }
        />
      ) : null}
    </section>
  );
}
