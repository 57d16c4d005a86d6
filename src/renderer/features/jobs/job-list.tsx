// The list of jobs, newest first: what ran, how far it got, and when it started.
import { formatDateTime, formatFullDateTime, plural } from '../../components/format.js';
import { ProgressBar } from '../../components/progress-bar.js';
import { StatusBadge } from '../../components/status-badge.js';
import { documentsDone, failedCount } from '../../stores/jobs-store.js';
import { hashFromRoute } from '../../stores/nav-store.js';
import type { JobSummary } from '../../../shared/rpc-contract.js';
import { jobBadge, jobDocumentsLine, jobPagesLine, jobProgressLine, jobTitle, jobTone } from './job-words.js';
import { HostedBadge, isRemote } from './remote-job.js';

export interface JobListProps {
  jobs: readonly JobSummary[];
  selectedId: string | null;
  hasMore: boolean;
  onMore(): void;
}

export function JobList({ jobs, selectedId, hasMore, onMore }: JobListProps) {
  return (
    <div className="job-list">
      <ul className="job-list__items" aria-label="Jobs, newest first">
        {jobs.map((job) => {
          const total = job.document_summary.total || job.file_count;
          const { cancelled } = job;
          const failed = failedCount(job);
          return (
            <li key={job.extraction_id}>
              <a
                data-testid="job-row"
                className="job-card"
                href={hashFromRoute({ screen: 'jobs', extraction_id: job.extraction_id })}
                aria-current={job.extraction_id === selectedId ? 'true' : undefined}
              >
                <span className="job-card__top">
                  <span className="job-card__title">{jobTitle(job)}</span>
                  <span className="job-card__badges">
                    {isRemote(job) ? <HostedBadge /> : null}
                    <StatusBadge status={jobBadge(job)} />
                  </span>
                </span>
                <ProgressBar
                  size="small"
                  label={`${jobTitle(job)} progress`}
                  value={documentsDone(job)}
                  max={total}
                  valueText={jobProgressLine(job)}
                  tone={jobTone(job)}
                />
                <span className="job-card__meta">
                  <span>{jobDocumentsLine(job)}</span>
                  {failed > 0 ? (
                    <span className="job-card__failed">{plural(failed, 'failed', 'failed')}</span>
                  ) : cancelled > 0 ? (
                    <span>{plural(cancelled, 'cancelled', 'cancelled')}</span>
                  ) : (
                    <span>{jobPagesLine(job)}</span>
                  )}
                </span>
                <span className="job-card__time" title={formatFullDateTime(job.created_at)}>
                  Started {formatDateTime(job.created_at)}
                </span>
              </a>
            </li>
          );
        })}
      </ul>
      {hasMore ? (
        <button type="button" className="button button--secondary button--small job-list__more" onClick={onMore}>
          Show older jobs
        </button>
      ) : null}
    </div>
  );
}
