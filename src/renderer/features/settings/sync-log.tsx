// "Requests sent": every request sync made to the hosted service (what, when, how big, the answer),
// kept on this computer. Empty, and saying so, while sync has never been on.
import { useId } from 'react';
import type { SyncLogEntry } from '../../../shared/rpc-contract.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { formatBytes, formatDateTime, formatDuration, formatFullDateTime } from '../../components/format.js';
import { VirtualTable, type VirtualColumn } from '../../components/virtual-table.js';
import { useAppStores, useSync } from '../../stores/stores-provider.js';

const COLUMNS: VirtualColumn<SyncLogEntry>[] = [
  { id: 'at', header: 'Time', width: '128px', render: (e) => <span title={formatFullDateTime(e.at)}>{formatDateTime(e.at)}</span> },
  { id: 'method', header: 'Method', width: '64px', render: (e) => <code>{e.method}</code> },
  { id: 'path', header: 'Path', width: 'minmax(0, 2fr)', render: (e) => <code className="sync-log__path" title={e.path}>{e.path}</code> },
  { id: 'sent', header: 'Sent', width: '76px', align: 'end', render: (e) => formatBytes(e.request_bytes) },
  { id: 'received', header: 'Received', width: '84px', align: 'end', render: (e) => formatBytes(e.response_bytes) },
  { id: 'status', header: 'Status', width: '60px', align: 'end', render: (e) => (e.status === null ? '—' : String(e.status)) },
  { id: 'duration', header: 'Took', width: '68px', align: 'end', render: (e) => formatDuration(e.duration_ms) },
  {
    id: 'error',
    header: 'Problem',
    width: 'minmax(0, 1.5fr)',
    render: (e) => (e.error ? <span className="sync-log__error" title={e.error}>{e.error}</span> : <span className="muted">—</span>),
  },
];

export function SyncLog() {
  const stores = useAppStores();
  const actions = stores.sync.getState();
  const log = useSync((s) => s.log);
  const status = useSync((s) => s.logStatus);
  const error = useSync((s) => s.logError);
  const hasMore = useSync((s) => s.logHasMore);
  const headingId = useId();

  return (
    <section className="settings-card" aria-labelledby={headingId}>
      <div className="sync-log__head">
        <h3 id={headingId} className="settings-card__title">
          Requests sent
        </h3>
        <button type="button" className="button button--secondary button--small" disabled={status === 'loading'} onClick={() => void actions.loadLog()}>
          Refresh
        </button>
      </div>
      <p className="settings-card__lead">Every request sync sent to the hosted service, newest first. The API key is never shown or logged.</p>
      {error ? <ErrorBanner message={error} onDismiss={actions.dismissErrors} /> : null}
      {status === 'ready' && log.length === 0 ? (
        <EmptyState title="No requests sent.">
          <p>Nothing has been sent to the hosted service from this computer.</p>
        </EmptyState>
      ) : status === 'loading' ? (
        <p className="loading" role="status">
          Loading the request log…
        </p>
      ) : log.length > 0 ? (
        <>
          <VirtualTable rows={log} columns={COLUMNS} rowKey={(e) => e.id} rowHeight={36} label="Requests sent" maxHeight="360px" rowTestId="sync-log-row" />
          {hasMore ? (
            <button type="button" className="button button--secondary button--small sync-log__more" onClick={() => void actions.loadMoreLog()}>
              Show older requests
            </button>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
