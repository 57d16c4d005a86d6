// The Document screen's heading: the way back to the job, the file's name and status, and the
// previous / next document of the same job.
import { StatusBadge } from '../../components/status-badge.js';
import type { JobDocument } from '../../../shared/rpc-contract.js';
import { useNav } from '../../stores/nav-store.js';

interface DocumentHeaderProps {
  extractionId: string;
  documentId: string;
  filename: string | null;
  status: string | null;
  /** The parser's name; null for a parse-only job; undefined while the document is not known. */
  parserName: string | null | undefined;
  siblings: JobDocument[];
}

export function DocumentHeader({ extractionId, documentId, filename, status, parserName, siblings }: DocumentHeaderProps) {
  const go = useNav((s) => s.go);
  const index = siblings.findIndex((d) => d.document_id === documentId);
  const prev = index > 0 ? siblings[index - 1] : undefined;
  const next = index >= 0 && index < siblings.length - 1 ? siblings[index + 1] : undefined;
  const open = (doc: JobDocument) => go({ screen: 'document', extraction_id: extractionId, document_id: doc.document_id });

  return (
    <header className="doc-header">
      <nav aria-label="Breadcrumb" className="doc-header__crumbs">
        <button type="button" className="link-button" onClick={() => go({ screen: 'jobs', extraction_id: extractionId })}>
          ← Back to the job
        </button>
        {parserName ? (
          <>
            <span aria-hidden="true"> · </span>
            <button type="button" className="link-button" onClick={() => go({ screen: 'results', extraction_id: extractionId })}>
              Results
            </button>
          </>
        ) : null}
      </nav>
      <div className="doc-header__main">
        <div className="doc-header__title">
          <h2 id="document-heading">Document</h2>
          <p className="doc-header__file">
            <span className="doc-header__name">{filename ?? '…'}</span>
            {status ? <StatusBadge status={status} /> : null}
            {parserName ? (
              <span className="doc-header__parser">Parser: {parserName}</span>
            ) : parserName === null ? (
              <span className="doc-header__parser">Parse only</span>
            ) : null}
          </p>
        </div>
        <div className="doc-header__nav" role="group" aria-label="Documents of this job">
          <button type="button" className="button button--secondary button--small" disabled={!prev} onClick={() => prev && open(prev)} aria-label={prev ? `Previous document: ${prev.filename}` : 'Previous document'}>
            ‹ Previous
          </button>
          {index >= 0 ? (
            <span className="doc-header__position">
              {index + 1} of {siblings.length}
            </span>
          ) : null}
          <button type="button" className="button button--secondary button--small" disabled={!next} onClick={() => next && open(next)} aria-label={next ? `Next document: ${next.filename}` : 'Next document'}>
            Next ›
          </button>
        </div>
      </div>
    </header>
  );
}
