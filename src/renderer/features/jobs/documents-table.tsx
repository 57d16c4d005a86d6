// The documents of one job: one fixed-height row each (virtualised for jobs of thousands),
// failures with their reason on the row, completed documents opening in the document view.
import { memo, useMemo } from 'react';
import type { JobDocument } from '../../../shared/rpc-contract.js';
import { formatDuration, formatPercent } from '../../components/format.js';
import { ProgressBar } from '../../components/progress-bar.js';
import { StatusBadge } from '../../components/status-badge.js';
import { VirtualTable, type VirtualColumn } from '../../components/virtual-table.js';
import { isCancelled } from '../../stores/jobs-store.js';
import { hashFromRoute } from '../../stores/nav-store.js';
import { documentBadge, failureReason } from './job-words.js';

export interface DocumentsTableProps {
  extractionId: string;
  documents: readonly JobDocument[];
  /** Parse-only jobs fill no fields, so they have no confidence column. */
  withConfidence: boolean;
}

/** Memoised: the job's header re-renders on every event, the table only when its rows change. */
export const DocumentsTable = memo(function DocumentsTable({ extractionId, documents, withConfidence }: DocumentsTableProps) {
  const columns = useMemo<VirtualColumn<JobDocument>[]>(
    () => [
      {
        id: 'document',
        header: 'Document',
        width: 'minmax(180px, 1fr)',
        render: (d) => {
          const path = d.relative_path !== d.filename ? d.relative_path : null;
          const name =
            // A failed document opens too: it says why it failed, and a protected PDF asks there
            // for its password.
            d.status === 'completed' || d.status === 'failed' ? (
              <a className="cell-stack__main" href={hashFromRoute({ screen: 'document', extraction_id: extractionId, document_id: d.document_id })}>
                {d.filename}
              </a>
            ) : (
              <span className="cell-stack__main">{d.filename}</span>
            );
          if (d.status === 'failed') {
            const reason = failureReason(d);
            // Name, folder path and reason each get a line of their own (three fit in a row).
            return (
              <div className="cell-stack" title={path ? `${path}\n${reason}` : reason}>
                {name}
                {path ? <span className="cell-stack__sub">{path}</span> : null}
                <span className={`cell-stack__sub${isCancelled(d) ? '' : ' cell-stack__sub--danger'}`}>{reason}</span>
              </div>
            );
          }
          return (
            <div className="cell-stack" title={path ?? d.filename}>
              {name}
              {path ? <span className="cell-stack__sub">{path}</span> : null}
            </div>
          );
        },
      },
      {
        id: 'status',
        header: 'Status',
        width: '108px',
        render: (d) => {
          const badge = documentBadge(d);
          return <StatusBadge status={badge.status} />;
        },
      },
      {
        id: 'pages',
        header: 'Pages',
        width: '112px',
        render: (d) =>
          d.page_count > 0 || d.pages_done > 0 ? (
            <div className="pages-cell">
              <ProgressBar
                size="small"
                label={`Pages of ${d.filename}`}
                value={d.pages_done}
                max={d.page_count}
                valueText={`${d.pages_done} of ${d.page_count} pages`}
                tone={d.status === 'failed' ? 'danger' : d.status === 'completed' ? 'success' : 'accent'}
              />
              <span className="pages-cell__text">
                {d.pages_done} / {d.page_count}
              </span>
            </div>
          ) : (
            <span className="muted">—</span>
          ),
      },
      { id: 'attempts', header: 'Attempts', width: '64px', align: 'end', render: (d) => (d.attempts > 0 ? d.attempts : <span className="muted">—</span>) },
      ...(withConfidence
        ? [{ id: 'confidence', header: 'Confidence', width: '80px', align: 'end' as const, render: (d: JobDocument) => formatPercent(d.confidence) }]
        : []),
      { id: 'time', header: 'Time', width: '64px', align: 'end', render: (d) => formatDuration(d.processing_time_ms) },
    ],
    [extractionId, withConfidence],
  );

  return (
    <VirtualTable
      rows={documents}
      columns={columns}
      rowKey={(d) => d.document_id}
      rowHeight={56}
      label="Documents of this job"
      rowTestId="document-row"
      rowClassName={(d) => (d.status === 'failed' && !isCancelled(d) ? 'vtable__row--failed' : undefined)}
      maxHeight="max(260px, calc(100vh - 360px))"
    />
  );
});
