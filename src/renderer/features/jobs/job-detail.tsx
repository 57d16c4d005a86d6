// One job: its progress, the actions that make sense for its state, and its documents.
import { useId, useMemo, useState } from 'react';
import type { JobDetail as JobDetailData, JobDocument } from '../../../shared/rpc-contract.js';
import { ConfirmButton } from '../../components/confirm-button.js';
import { EmptyState } from '../../components/empty-state.js';
import { formatFullDateTime, formatDateTime, plural } from '../../components/format.js';
import { ProgressBar } from '../../components/progress-bar.js';
import { StatusBadge } from '../../components/status-badge.js';
import { documentsDone, failedCount, isCancelled, isFinished, needsPassword, type JobAction } from '../../stores/jobs-store.js';
import { hashFromRoute } from '../../stores/nav-store.js';
import { DocumentsTable } from './documents-table.js';
import { jobBadge, jobProgressLine, jobTitle, jobTone, passwordNote, retryLabel } from './job-words.js';
import { HostedBadge, isRemote, RemoteJobPanel } from './remote-job.js';

type Show = 'all' | 'failed' | 'cancelled' | 'active' | 'completed';

const SHOW_TEST: Record<Show, (d: JobDocument) => boolean> = {
  all: () => true,
  failed: (d) => d.status === 'failed' && !isCancelled(d),
  cancelled: isCancelled,
  active: (d) => d.status === 'queued' || d.status === 'processing',
  completed: (d) => d.status === 'completed',
};

export interface JobDetailProps {
  job: JobDetailData;
  pending: JobAction | undefined;
  onPause(): void;
  onResume(): void;
  onCancel(): void;
  onRetry(): void;
  /** A remote job's "Resume on the hosted service" (sync.resume). */
  onResumeRemote?: (() => void) | undefined;
  resumingRemote?: boolean | undefined;
}

export function JobDetail({ job, pending, onPause, onResume, onCancel, onRetry, onResumeRemote, resumingRemote = false }: JobDetailProps) {
  const [show, setShow] = useState<Show>('all');
  const showId = useId();
  const headingId = useId();
  const finished = isFinished(job.status);
  // Failed and cancelled documents are queued again by the same retry, but it cannot open a
  // password-protected file: those (`locked`) are neither counted nor offered, the note says what opens them.
  const { counts, locked } = useMemo(() => {
    const c: Record<Show, number> = { all: job.documents.length, failed: 0, cancelled: 0, active: 0, completed: 0 };
    let passwords = 0;
    for (const d of job.documents) {
      if (isCancelled(d)) c.cancelled++;
      else if (d.status === 'failed') {
        c.failed++;
        if (needsPassword(d)) passwords++;
      } else if (d.status === 'completed') c.completed++;
      else c.active++;
    }
    return { counts: c, locked: passwords };
  }, [job.documents]);
  const { cancelled } = job;
  const failed = failedCount(job);
  const failedToRetry = Math.max(0, failed - locked);
  const retryable = failedToRetry + cancelled;
  const total = job.document_summary.total || job.file_count;
  const shown = useMemo(() => (show === 'all' ? job.documents : job.documents.filter(SHOW_TEST[show])), [job.documents, show]);
  const busy = pending !== undefined;
  // A remote job runs on the hosted service: the local queue's pause, retry and cancel do not reach it.
  const remote = isRemote(job);
  const local = !remote;

  return (
    <section className="job-detail" aria-labelledby={headingId}>
      <header className="job-detail__header">
        <div className="job-detail__heading">
          <h3 id={headingId} className="job-detail__title">
            {jobTitle(job)} · {plural(total, 'document')}
          </h3>
          <StatusBadge status={jobBadge(job)} />
          {remote ? <HostedBadge /> : null}
        </div>
        <p className="job-detail__time" title={formatFullDateTime(job.created_at)}>
          Started {formatDateTime(job.created_at)}
          {job.completed_at ? ` · finished ${formatDateTime(job.completed_at)}` : ''}
        </p>
      </header>

      <div className="job-detail__progress">
        <ProgressBar
          label="Documents done"
          value={documentsDone(job)}
          max={total}
          valueText={jobProgressLine(job)}
          tone={jobTone(job)}
        />
        <p className="job-detail__line">
          {jobProgressLine(job)}
          {failed > 0 ? <span className="job-detail__failed"> · {plural(failed, 'failed', 'failed')}</span> : null}
          {cancelled > 0 ? ` · ${plural(cancelled, 'cancelled', 'cancelled')}` : ''}
          {job.paused && !finished ? ' · paused: running documents finish, no new ones start' : ''}
        </p>
      </div>

      {remote ? <RemoteJobPanel job={job} resuming={resumingRemote} onResume={() => onResumeRemote?.()} /> : null}

      <div className="job-detail__actions" role="group" aria-label="Job actions">
        {local && !finished ? (
          job.paused ? (
            <button type="button" className="button" disabled={busy} onClick={onResume}>
              {pending === 'resume' ? 'Resuming…' : 'Resume'}
            </button>
          ) : (
            <button type="button" className="button button--secondary" disabled={busy} onClick={onPause}>
              {pending === 'pause' ? 'Pausing…' : 'Pause'}
            </button>
          )
        ) : null}
        {local && retryable > 0 ? (
          <button type="button" className="button button--secondary" disabled={busy} onClick={onRetry}>
            {pending === 'retry' ? 'Retrying…' : retryLabel(job, failedToRetry)}
          </button>
        ) : null}
        {job.parser_name !== null ? (
          <a className="button button--secondary" href={hashFromRoute({ screen: 'results', extraction_id: job.extraction_id })}>
            View results
          </a>
        ) : null}
        {local && !finished ? (
          <ConfirmButton
            label={pending === 'cancel' ? 'Cancelling…' : 'Cancel job'}
            question="Cancel this job? Documents not yet done will stop."
            confirmLabel="Yes, cancel job"
            keepLabel="Keep running"
            disabled={busy}
            onConfirm={onCancel}
          />
        ) : null}
      </div>

      {local && locked > 0 ? <p className="job-detail__note">{passwordNote(locked)}</p> : null}

      <div className="job-detail__docs-head">
        <h4 className="job-detail__docs-title">Documents</h4>
        <div className="field field--inline">
          <label htmlFor={showId} className="field__label">
            Show
          </label>
          <select id={showId} className="select select--small" value={show} onChange={(event) => setShow(event.currentTarget.value as Show)}>
            <option value="all">All ({counts.all.toLocaleString()})</option>
            <option value="failed">Failed ({counts.failed.toLocaleString()})</option>
            {counts.cancelled > 0 || show === 'cancelled' ? <option value="cancelled">Cancelled ({counts.cancelled.toLocaleString()})</option> : null}
            <option value="active">Waiting or running ({counts.active.toLocaleString()})</option>
            <option value="completed">Completed ({counts.completed.toLocaleString()})</option>
          </select>
        </div>
      </div>
      {shown.length > 0 ? (
        <DocumentsTable extractionId={job.extraction_id} documents={shown} withConfidence={job.parser_name !== null} />
      ) : (
        <EmptyState title={show === 'failed' ? 'No document failed.' : show === 'cancelled' ? 'No document was cancelled.' : 'No documents to show here.'}>
          {show !== 'all' ? <p>Choose “All” to see every document of this job.</p> : null}
        </EmptyState>
      )}
    </section>
  );
}
