// Jobs processed on the hosted service: a badge that says so, and — when such a job stopped
// (missing credits, a revoked key, a lost connection) — why, in the backend's sentences, with a
// way to pick it up again where it stopped.
import type { JobDocument, JobSummary } from '../../../shared/rpc-contract.js';
import { isFinished } from '../../stores/jobs-store.js';

/** True for a job sent to the hosted service. */
export function isRemote(job: Pick<JobSummary, 'origin'>): boolean {
  return job.origin === 'remote';
}

/** The "Hosted service" badge of a remote job. */
export function HostedBadge() {
  return (
    <span className="badge badge--hosted" title="Processed on the hosted service">
      <svg className="badge__icon" viewBox="0 0 16 16" aria-hidden="true">
        <path d="M4.5 12.5h7a3 3 0 0 0 .4-5.97A4 4 0 0 0 4.2 7.6 2.5 2.5 0 0 0 4.5 12.5Z" />
      </svg>
      Hosted service
    </span>
  );
}

/** The job-level problem the backend may add to a remote job (read defensively: optional). */
export function jobSyncError(job: JobSummary): string | null {
  const value = (job as JobSummary & { sync_error?: unknown }).sync_error;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** The distinct reasons given on documents that failed or are still waiting, most common first. */
export function documentReasons(documents: readonly JobDocument[], limit = 3): Array<{ message: string; count: number }> {
  const counts = new Map<string, number>();
  for (const d of documents) {
    if (d.status === 'completed' || d.status === 'processing' || !d.error_message) continue;
    counts.set(d.error_message, (counts.get(d.error_message) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([message, count]) => ({ message, count }));
}

export interface RemoteJobPanelProps {
  job: JobSummary & { documents: readonly JobDocument[] };
  resuming: boolean;
  onResume(): void;
}

/** Under a remote job's progress: what stopped it, if anything, and "Resume on the hosted service". */
export function RemoteJobPanel({ job, resuming, onResume }: RemoteJobPanelProps) {
  const problem = jobSyncError(job);
  const reasons = documentReasons(job.documents);
  const stopped = problem !== null || reasons.length > 0 || job.status === 'failed' || job.status === 'partial';
  const canResume = job.status !== 'completed';
  const finished = isFinished(job.status);

  return (
    <div className={`remote-job${stopped ? ' remote-job--stopped' : ''}`} data-testid="remote-job">
      <p className="remote-job__lead">
        {stopped
          ? 'Processing on the hosted service stopped before every document was done. Nothing is lost: documents already done stay here, and resuming sends only the rest (never charged twice).'
          : finished
            ? 'Processed on the hosted service; the results were copied here and are shown and exported like local ones.'
            : 'These documents are being processed on the hosted service; results are copied here as each one finishes.'}
      </p>
      {problem || reasons.length > 0 ? (
        <ul className="remote-job__reasons" role="alert">
          {problem ? <li>{problem}</li> : null}
          {reasons
            .filter((r) => r.message !== problem)
            .map((r) => (
              <li key={r.message}>
                {r.message}
                {r.count > 1 ? <span className="muted"> ({r.count.toLocaleString()} documents)</span> : null}
              </li>
            ))}
        </ul>
      ) : null}
      {canResume ? (
        <button type="button" className={`button${stopped ? '' : ' button--secondary'}`} disabled={resuming} onClick={onResume}>
          {resuming ? 'Resuming…' : 'Resume on the hosted service'}
        </button>
      ) : null}
    </div>
  );
}
