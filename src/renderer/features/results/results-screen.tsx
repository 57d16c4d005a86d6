// Results of extraction jobs: pick a job, then a grid of its documents × fields with corrections
// in place, line items unfolding, failed documents with their reason, and exports.
import { useEffect } from 'react';
import { useStore } from 'zustand';
import type { EXPORT_FORMATS } from '../../../shared/api/extractions.js';
import type { Backend } from '../../backend/backend.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { formatDateTime, plural } from '../../components/format.js';
import { ScreenHeader } from '../../components/screen-header.js';
import { StatusBadge } from '../../components/status-badge.js';
import { useNav } from '../../stores/nav-store.js';
import { resultsStoreFor, type ResultsStore } from '../../stores/results-store.js';
import { RemoteNote } from './remote-note.js';
import { ResultsGrid } from './results-grid.js';
import './results.css';

/** The Results screen for the route's extraction, or the list of jobs to choose from. */
export function ResultsScreen({ backend }: { backend: Backend }) {
  const route = useNav((s) => s.route);
  const extractionId = route.screen === 'results' ? (route.extraction_id ?? null) : null;
  const store = resultsStoreFor(backend);

  useEffect(() => {
    void store.getState().load(extractionId);
    if (!extractionId) void store.getState().loadJobs();
  }, [store, extractionId]);
  useEffect(() => store.getState().connect(), [store]);

  return (
    <section className="screen screen--wide results-screen" aria-labelledby="results-heading">
      <ScreenHeader id="results-heading" title="Results" lead="The fields each parser found, document by document: correct them in place, then export CSV, JSON or Excel." />
      {extractionId ? <JobResults store={store} /> : <JobPicker store={store} />}
    </section>
  );
}

function JobPicker({ store }: { store: ResultsStore }) {
  const go = useNav((s) => s.go);
  const jobs = useStore(store, (s) => s.jobs);
  const status = useStore(store, (s) => s.jobsStatus);
  const error = useStore(store, (s) => s.jobsError);
  const more = useStore(store, (s) => s.jobsCursor !== null);

  if (status === 'loading' && jobs.length === 0) return <p role="status">Loading jobs…</p>;
  if (error && jobs.length === 0) {
    return (
      <ErrorBanner
        message={`The jobs could not be listed. ${error}`}
        action={
          <button type="button" className="button button--small" onClick={() => void store.getState().loadJobs()}>
            Try again
          </button>
        }
      />
    );
  }
  if (status === 'ready' && jobs.length === 0) {
    return (
      <EmptyState
        title="No extraction results yet"
        action={
          <button type="button" className="button" onClick={() => go({ screen: 'inbox' })}>
            Go to the Inbox
          </button>
        }
      >
        Results appear here once a job has run with a parser. Add files in the Inbox and choose a parser to start one.
      </EmptyState>
    );
  }
  return (
    <div className="results-jobs">
      <p className="results-jobs__intro">Choose a job to see its extracted data.</p>
      <ul className="results-jobs__list">
        {jobs.map((job) => (
          <li key={job.extraction_id}>
            <button type="button" className="results-jobs__item" onClick={() => go({ screen: 'results', extraction_id: job.extraction_id })}>
              <span className="results-jobs__name">
                {job.parser_name}
                {job.origin === 'remote' ? <span className="results-jobs__hosted"> · hosted service</span> : null}
              </span>
              <span className="results-jobs__meta">
                {plural(job.file_count, 'document')} · {formatDateTime(job.created_at)}
                {job.document_summary.failed > 0 ? ` · ${job.document_summary.failed} failed` : ''}
              </span>
              <StatusBadge status={job.paused ? 'paused' : job.status} />
            </button>
          </li>
        ))}
      </ul>
      {more ? (
        <button type="button" className="button button--secondary" onClick={() => void store.getState().loadMoreJobs()}>
          Show more jobs
        </button>
      ) : null}
    </div>
  );
}

function JobResults({ store }: { store: ResultsStore }) {
  const go = useNav((s) => s.go);
  const view = useStore(store, (s) => s.view);
  const status = useStore(store, (s) => s.status);
  const error = useStore(store, (s) => s.error);
  const extractionId = useStore(store, (s) => s.extractionId);
  const missing = useStore(store, (s) => s.missing);
  const jobs = useStore(store, (s) => s.jobs);

  if (status === 'loading') return <p role="status">Loading results…</p>;
  if (status === 'error' && missing) {
    return (
      <EmptyState
        title="These results are not here"
        action={
          <button type="button" className="button" onClick={() => go({ screen: 'results' })}>
            See all results
          </button>
        }
      >
        The link leads to no job: it may have been deleted, or the address is incomplete.
      </EmptyState>
    );
  }
  if (status === 'error' || !view) {
    return (
      <ErrorBanner
        message={`The results could not be loaded. ${error ?? ''}`.trim()}
        action={
          <button type="button" className="button button--small" onClick={() => void store.getState().load(extractionId)}>
            Try again
          </button>
        }
      />
    );
  }
  const summary = view.document_summary;
  return (
    <div className="results-job">
      <div className="results-job__bar">
        <div className="results-job__facts">
          <button type="button" className="link-button" onClick={() => go({ screen: 'results' })}>
            ← All jobs
          </button>
          <span className="results-job__parser">{view.parser_name ?? 'Parse only'}</span>
          <StatusBadge status={view.status} />
          <span className="results-job__meta">
            {plural(summary.total, 'document')}
            {summary.failed > 0 ? ` · ${summary.failed} failed` : ''}
            {summary.processing > 0 ? ` · ${summary.processing} processing` : ''}
          </span>
          <button type="button" className="link-button" onClick={() => go({ screen: 'jobs', extraction_id: view.extraction_id })}>
            Open the job
          </button>
        </div>
        <ExportBar store={store} />
      </div>
      <RemoteNote extractionId={view.extraction_id} view={view} jobs={jobs} />
      <CellErrors store={store} />
      <p className="results-job__hint" id="results-grid-keys">
        Move between cells with the arrow keys. Double-click a value, or press Enter or F2 on it, to correct it: Enter, Tab or clicking elsewhere saves, Escape
        cancels. Exports use the corrected values.
      </p>
      <ul className="results-legend" aria-label="What the marks on values mean">
        <li className="results-legend__item results-legend__item--low">Low confidence (under 50%)</li>
        <li className="results-legend__item results-legend__item--medium">Medium confidence (under 80%)</li>
        <li className="results-legend__item results-legend__item--corrected">Corrected by you</li>
      </ul>
      {view.documents.length === 0 ? <EmptyState title="This job has no documents." /> : <ResultsGrid store={store} view={view} />}
    </div>
  );
}

const FORMATS: Array<{ id: (typeof EXPORT_FORMATS)[number]; label: string }> = [
  { id: 'csv', label: 'CSV' },
  { id: 'json', label: 'JSON' },
  { id: 'xlsx', label: 'XLSX' },
];

function ExportBar({ store }: { store: ResultsStore }) {
  const exporting = useStore(store, (s) => s.exporting);
  const message = useStore(store, (s) => s.exportMessage);
  const error = useStore(store, (s) => s.exportError);
  const lineItems = useStore(store, (s) => s.lineItems);
  const state = store.getState();
  return (
    <div className="results-export">
      <div className="results-export__controls" role="group" aria-label="Export">
        {FORMATS.map((f) => (
          <button key={f.id} type="button" className="button button--secondary button--small" disabled={exporting !== null} onClick={() => void state.exportAs(f.id)}>
            {exporting === f.id ? `Exporting ${f.label}…` : `Export ${f.label}`}
          </button>
        ))}
        <label className="results-export__mode">
          Line items
          <select className="select select--small" value={lineItems} onChange={(event) => state.setLineItems(event.currentTarget.value === 'json' ? 'json' : 'rows')}>
            <option value="rows">as rows</option>
            <option value="json">as JSON in one cell</option>
          </select>
        </label>
      </div>
      <div aria-live="polite" className="results-export__status">
        {message ? <span>{message}</span> : null}
      </div>
      {error ? <ErrorBanner message={error} onDismiss={state.dismissExport} /> : null}
    </div>
  );
}

function CellErrors({ store }: { store: ResultsStore }) {
  const errors = useStore(store, (s) => s.cellErrors);
  const view = useStore(store, (s) => s.view);
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div role="alert" className="results-errors">
      {entries.map(([key, text]) => {
        const [documentId, path] = key.split('\u0000');
        const filename = view?.documents.find((d) => d.document_id === documentId)?.filename ?? documentId;
        return (
          <p key={key} className="results-errors__item">
            <strong>
              {path} of {filename}:
            </strong>{' '}
            {text}
          </p>
        );
      })}
    </div>
  );
}
