// "Processed on the hosted service": said above the results of a job that ran there (its values
// are stored, corrected and exported here exactly like a local job's).
import type { JobSummary } from '../../../shared/rpc-contract.js';
import { useJobs } from '../../stores/stores-provider.js';

/** The job's origin: from the results themselves if the backend adds it, else from the jobs list. */
function useOrigin(extractionId: string, view: object, jobs: readonly JobSummary[]): JobSummary['origin'] {
  const fromList = useJobs((s) => s.jobs.find((j) => j.extraction_id === extractionId)?.origin);
  const fromView = (view as { origin?: unknown }).origin;
  if (fromView === 'remote' || fromView === 'local') return fromView;
  return fromList ?? jobs.find((j) => j.extraction_id === extractionId)?.origin;
}

export function RemoteNote({ extractionId, view, jobs }: { extractionId: string; view: object; jobs: readonly JobSummary[] }) {
  const origin = useOrigin(extractionId, view, jobs);
  if (origin !== 'remote') return null;
  return (
    <p className="results-job__remote" data-testid="remote-note">
      Processed on the hosted service. The results were copied to this computer; corrections and exports work as for any job.
    </p>
  );
}
