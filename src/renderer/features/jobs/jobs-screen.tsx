// Jobs: every job with its progress, and the selected job's documents, live as pages finish.
import { useEffect, useId, useRef } from 'react';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { hashFromRoute, useNav } from '../../stores/nav-store.js';
import { useAppStores, useJobs, useSync } from '../../stores/stores-provider.js';
import { JobDetail } from './job-detail.js';
import { JobList } from './job-list.js';
import './jobs.css';
import { ScreenHeader } from '../../components/index.js';

export function JobsScreen() {
  const stores = useAppStores();
  const actions = stores.jobs.getState();
  const routeId = useNav((s) => (s.route.screen === 'jobs' ? s.route.extraction_id : undefined));
  const jobs = useJobs((s) => s.jobs);
  const hasMore = useJobs((s) => s.hasMore);
  const listStatus = useJobs((s) => s.listStatus);
  const listError = useJobs((s) => s.listError);
  const selectedId = useJobs((s) => s.selectedId);
  const detail = useJobs((s) => s.detail);
  const detailStatus = useJobs((s) => s.detailStatus);
  const detailError = useJobs((s) => s.detailError);
  const pending = useJobs((s) => (s.selectedId ? s.pending[s.selectedId] : undefined));
  const actionError = useJobs((s) => s.actionError);
  const resumingRemote = useSync((s) => (selectedId ? s.resuming[selectedId] === true : false));
  const resumeError = useSync((s) => s.resumeError);
  const headingId = useId();
  const detailRef = useRef<HTMLDivElement>(null);
  const shownId = detail?.extraction_id ?? null;
  const missing = useJobs((s) => s.detailMissing);

  useEffect(() => {
    void stores.jobs.getState().loadList();
  }, [stores]);
  useEffect(() => {
    void stores.jobs.getState().select(routeId ?? null);
  }, [routeId, stores]);

  // When the window is narrow the detail sits below the list: bring a newly chosen job's
  // documents into view (where it already shows beside the list, nothing moves).
  useEffect(() => {
    if (shownId) detailRef.current?.scrollIntoView({ block: 'nearest' });
  }, [shownId]);

  const empty = listStatus === 'ready' && jobs.length === 0;

  return (
    <section className="screen screen--wide jobs" aria-labelledby={headingId}>
      <ScreenHeader id={headingId} title="Jobs" lead="Every batch you started, newest first. Progress updates as each page is read." />

      {listError ? (
        <ErrorBanner
          message={listError}
          action={
            <button type="button" className="button button--secondary button--small" onClick={() => void actions.loadList()}>
              Try again
            </button>
          }
        />
      ) : null}
      {actionError ? <ErrorBanner message={actionError} onDismiss={actions.dismissActionError} /> : null}
      {resumeError ? <ErrorBanner message={resumeError} onDismiss={stores.sync.getState().dismissErrors} /> : null}

      {empty ? (
        <EmptyState title="No jobs yet — add documents in the Inbox." action={<a className="button" href={hashFromRoute({ screen: 'inbox' })}>Go to the Inbox</a>}>
          <p>Each job you start appears here with the progress of every document.</p>
        </EmptyState>
      ) : listStatus === 'error' && jobs.length === 0 ? null : listStatus === 'loading' || listStatus === 'idle' ? (
        <p className="loading" role="status">
          Loading jobs…
        </p>
      ) : (
        <div className="jobs__layout">
          <JobList jobs={jobs} selectedId={selectedId} hasMore={hasMore} onMore={() => void actions.loadMore()} />
          <div className="jobs__detail" ref={detailRef}>
            {!selectedId ? (
              <EmptyState title="Choose a job to see its documents.">
                <p>Select a job on the left; its documents, their pages and any failures appear here.</p>
              </EmptyState>
            ) : detail ? (
              <>
                {detailError ? <ErrorBanner message={detailError} /> : null}
                <JobDetail
                  job={detail}
                  pending={pending}
                  onPause={() => void actions.pause(detail.extraction_id)}
                  onResume={() => void actions.resume(detail.extraction_id)}
                  onCancel={() => void actions.cancel(detail.extraction_id)}
                  onRetry={() => void actions.retry(detail.extraction_id)}
                  onResumeRemote={() => void stores.sync.getState().resume(detail.extraction_id)}
                  resumingRemote={resumingRemote}
                />
              </>
            ) : missing ? (
              <EmptyState
                title="This job is not here"
                action={
                  <button type="button" className="button" onClick={() => useNav.getState().go({ screen: 'jobs' })}>
                    Show all jobs
                  </button>
                }
              >
                <p>The link leads to no job: it may have been deleted, or the address is incomplete. The jobs that are here are in the list.</p>
              </EmptyState>
            ) : detailStatus === 'error' && detailError ? (
              <ErrorBanner
                message={detailError}
                action={
                  <button type="button" className="button button--secondary button--small" onClick={() => void actions.select(selectedId)}>
                    Try again
                  </button>
                }
              />
            ) : (
              <p className="loading" role="status">
                Loading the documents…
              </p>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
