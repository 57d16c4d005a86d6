// One document of a job: its page with the parse's boxes on the left; on the right its markdown
// blocks, spatial text, JSON and extracted fields, linked both ways with the boxes on the page.
import { useEffect, useMemo } from 'react';
import { useStore } from 'zustand';
import { FAILURE_REASONS, type FailureReason } from '../../../shared/parse-contract.js';
import type { Backend } from '../../backend/backend.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { blocksByPage, blockSummary, blockTypeLabel, runBlocks } from '../../components/page-view/geometry.js';
import { PageView, type OverlayBox } from '../../components/page-view/page-view.js';
import { documentStoreFor, fieldRows, type DocumentStore, type DocumentTab } from '../../stores/document-store.js';
import { useNav } from '../../stores/nav-store.js';
import { DocumentHeader } from './document-header.js';
import { FieldsPanel } from './fields-panel.js';
import { JsonPanel } from './json-panel.js';
import { MarkdownPanel } from './markdown-panel.js';
import { PasswordPrompt, ViewerPasswordForm } from './password-prompt.js';
import './document.css';

/** The Document screen for the route's extraction and document. */
export function DocumentScreen({ backend }: { backend: Backend }) {
  const route = useNav((s) => s.route);
  const store = documentStoreFor(backend);
  const ids = route.screen === 'document' ? route : null;
  const extractionId = ids?.extraction_id ?? null;
  const documentId = ids?.document_id ?? null;
  const field = ids?.field;

  useEffect(() => {
    if (extractionId && documentId) void store.getState().load(extractionId, documentId, field);
  }, [store, extractionId, documentId, field]);

  // A document still queued or processing is shown again once it finishes.
  useEffect(
    () =>
      backend.subscribe((event) => {
        if (event.type !== 'document.status' || event.document_id !== documentId) return;
        if (event.status === 'completed' || event.status === 'failed') void store.getState().reload();
      }),
    [backend, store, documentId],
  );

  if (!extractionId || !documentId) {
    return (
      <section className="screen screen--wide doc-screen">
        <h2>Document</h2>
        <p>Open a document from a job to see it here.</p>
      </section>
    );
  }
  return <DocumentBody store={store} extractionId={extractionId} documentId={documentId} />;
}

function DocumentBody({ store, extractionId, documentId }: { store: DocumentStore; extractionId: string; documentId: string }) {
  const status = useStore(store, (s) => s.status);
  const error = useStore(store, (s) => s.error);
  const view = useStore(store, (s) => s.view);
  const siblings = useStore(store, (s) => s.siblings);
  const retryMessage = useStore(store, (s) => s.retryMessage);
  const missing = useStore(store, (s) => s.missing);
  const sibling = siblings.find((d) => d.document_id === documentId);

  if (status === 'error' && missing) return <MissingDocument extractionId={extractionId} jobKnown={siblings.length > 0} />;
  return (
    <section className="screen screen--wide doc-screen" aria-labelledby="document-heading">
      <DocumentHeader
        extractionId={extractionId}
        documentId={documentId}
        filename={view?.document.filename ?? sibling?.filename ?? null}
        status={view?.document.status ?? sibling?.status ?? null}
        parserName={view ? (view.parse_only ? null : (view.document.parser_name ?? undefined)) : undefined}
        siblings={siblings}
      />
      {status === 'loading' ? (
        <p className="doc-screen__loading" role="status">
          Loading the document…
        </p>
      ) : null}
      {status === 'error' && error ? (
        <ErrorBanner message={`The document could not be opened. ${error}`} action={<RetryLoad store={store} extractionId={extractionId} documentId={documentId} />} />
      ) : null}
      {view && view.document.status === 'failed' ? <FailedNotice store={store} message={view.document.error_message} code={view.error_code ?? sibling?.error_code ?? null} /> : null}
      {retryMessage ? (
        <p role="status" className="doc-screen__notice">
          {retryMessage}
        </p>
      ) : null}
      {view?.run?.warnings?.length ? <MissingPartsNotice warnings={view.run.warnings} /> : null}
      {view && (view.document.status === 'queued' || view.document.status === 'processing') ? (
        <p className="doc-screen__notice" role="status">
          This document is still {view.document.status === 'queued' ? 'waiting to be processed' : 'being processed'}. It appears here as soon as it is done.
        </p>
      ) : null}
      {view?.run ? <DocumentWorkspace store={store} /> : null}
    </section>
  );
}

/** What the parse left out of a processed document (damaged or missing pages), as the engine
 *  said it: the result below is not the whole file. */
function MissingPartsNotice({ warnings }: { warnings: string[] }) {
  return (
    <div className="doc-missing" role="status">
      <p className="doc-missing__title">Part of this file is not in the result:</p>
      <ul className="doc-missing__list">
        {warnings.map((w) => (
          <li key={w}>{w}</li>
        ))}
      </ul>
    </div>
  );
}

/** A link to a document that is not there (deleted with its job, a stale bookmark, a cut-off
 *  address): no retry can help, so the way back instead. */
function MissingDocument({ extractionId, jobKnown }: { extractionId: string; jobKnown: boolean }) {
  const go = useNav((s) => s.go);
  return (
    <section className="screen screen--wide doc-screen" aria-labelledby="document-heading">
      <h2 id="document-heading" className="screen__title">
        Document
      </h2>
      <EmptyState
        title="This document is not here"
        action={
          jobKnown ? (
            <button type="button" className="button" onClick={() => go({ screen: 'jobs', extraction_id: extractionId })}>
              Back to the job
            </button>
          ) : (
            <button type="button" className="button" onClick={() => go({ screen: 'jobs' })}>
              See all jobs
            </button>
          )
        }
      >
        <p>
          {jobKnown
            ? 'The link leads to no document of this job: it may have been deleted, or the address is incomplete.'
            : 'The link leads to no job: it may have been deleted, or the address is incomplete.'}
        </p>
      </EmptyState>
    </section>
  );
}

function RetryLoad({ store, extractionId, documentId }: { store: DocumentStore; extractionId: string; documentId: string }) {
  return (
    <button type="button" className="button button--small" onClick={() => void store.getState().load(extractionId, documentId)}>
      Try again
    </button>
  );
}

function FailedNotice({ store, message, code }: { store: DocumentStore; message: string | null; code: string | null }) {
  const known = code && code in FAILURE_REASONS ? FAILURE_REASONS[code as FailureReason] : null;
  const locked = code === 'PASSWORD_PROTECTED_FILE';
  const sentence = locked
    ? 'The PDF is protected by a password.'
    : message
      ? /[.!?]$/.test(message)
        ? message
        : `${message}.`
      : 'The document could not be processed.';

  const hint = locked
    ? 'Type its password below to open it.'
    : known
      ? known.retryable
        ? 'This kind of failure is often temporary: retrying the job’s failed documents may work.'
        : 'Retrying will probably fail the same way; check the file itself (open it, or save it again as PDF).'
      : 'You can retry the job’s failed documents; if the file itself is the problem, retrying will fail the same way.';
  return (
    <div className="doc-failed">
      <ErrorBanner
        message={`This document failed. ${sentence}`}
        action={
          locked ? undefined : (
            <button type="button" className="button button--small" onClick={() => void store.getState().retryJob()}>
              Retry failed documents
            </button>
          )
        }
      />
      <p className="doc-failed__hint">
        {hint}
        {code ? (
          <>
            {' '}
            Code <code>{code}</code>.
          </>
        ) : null}
      </p>
      {locked ? <PasswordPrompt store={store} /> : null}
    </div>
  );
}

const TABS: Array<{ id: DocumentTab; label: string }> = [
  { id: 'markdown', label: 'Markdown' },
  { id: 'spatial', label: 'Spatial' },
  { id: 'json', label: 'JSON' },
  { id: 'fields', label: 'Fields' },
];

function DocumentWorkspace({ store }: { store: DocumentStore }) {
  const view = useStore(store, (s) => s.view);
  const file = useStore(store, (s) => s.file);
  const fileError = useStore(store, (s) => s.fileError);
  const tab = useStore(store, (s) => s.tab);
  const page = useStore(store, (s) => s.page);
  const selectedBlockId = useStore(store, (s) => s.selectedBlockId);
  const selectedField = useStore(store, (s) => s.selectedField);
  const password = useStore(store, (s) => (s.documentId ? s.passwords[s.documentId] : undefined));
  const run = view?.run ?? null;

  const pages = useMemo(() => blocksByPage(run), [run]);
  const rows = useMemo(() => fieldRows(view), [view]);
  const blockBoxes = useMemo<OverlayBox[]>(
    () =>
      runBlocks(run).map((b) => ({
        id: b.id,
        page: b.metadata.page.number,
        box: b.boundingBox,
        kind: 'block',
        blockType: b.type,
        // What the Markdown tab shows for it (a figure's description, not its image's path on disk).
        label: `${blockTypeLabel(b.type)}: ${blockSummary(b).slice(0, 80) || '(empty)'}`,
      })),
    [run],
  );
  const citationBoxes = useMemo<OverlayBox[]>(
    () =>
      rows.flatMap((r) =>
        r.detail?.citation ? [{ id: `field:${r.path}`, page: r.detail.citation.page, box: r.detail.citation.box, kind: 'citation' as const, label: r.path }] : [],
      ),
    [rows],
  );

  // Escape clears the selected block or field (and its highlight), unless a text box or another
  // control already used the key.
  useEffect(() => {
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || isTextEntry(event.target)) return;
      const { selectedBlockId: block, selectedField: field } = store.getState();
      if (!block && !field) return;
      store.getState().clearSelection();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);

  if (!view || !run) return null;
  const tabs = TABS.filter((t) => t.id !== 'fields' || !view.parse_only);
  const showCitations = tab === 'fields';
  const state = store.getState();

  return (
    <div className="doc-screen__body">
      <div className="doc-screen__viewer">
        <PageView
          file={file}
          fileError={fileError}
          run={run}
          page={page}
          onPageChange={state.setPage}
          boxes={showCitations ? citationBoxes : blockBoxes}
          selectedId={showCitations ? (selectedField ? `field:${selectedField}` : null) : selectedBlockId}
          onSelectBox={(box) => {
            if (box.kind === 'citation') state.selectField(box.id.slice('field:'.length));
            else {
              state.selectBlock(box.id);
              if (tab !== 'markdown') state.setTab('markdown');
            }
          }}
          label={`Page of ${view.document.filename}`}
          password={password}
          renderLocked={(wrong) => <ViewerPasswordForm store={store} wrong={wrong} />}
        />
      </div>
      <div className="doc-screen__output">
        <div role="tablist" aria-label="Output" className="doc-tabs">
          {tabs.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              id={`doc-tab-${t.id}`}
              aria-selected={tab === t.id}
              aria-controls="doc-tabpanel"
              tabIndex={tab === t.id ? 0 : -1}
              className={`doc-tabs__tab${tab === t.id ? ' is-active' : ''}`}
              onClick={() => state.setTab(t.id)}
              onKeyDown={(event) => {
                if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
                const i = tabs.findIndex((x) => x.id === tab);
                const nextTab = tabs[(i + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
                if (nextTab) {
                  state.setTab(nextTab.id);
                  document.getElementById(`doc-tab-${nextTab.id}`)?.focus();
                }
              }}
            >
              {t.label}
            </button>
          ))}
        </div>
        <div role="tabpanel" id="doc-tabpanel" aria-labelledby={`doc-tab-${tab}`} className="doc-panel">
          {tab === 'markdown' ? (
            <MarkdownPanel
              documentRef={{ extraction_id: view.document.extraction_id, document_id: view.document.document_id }}
              pages={pages}
              page={page}
              selectedBlockId={selectedBlockId}
              onSelect={state.selectBlock}
            />
          ) : tab === 'spatial' ? (
            <SpatialPanel store={store} page={page} />
          ) : tab === 'json' ? (
            <JsonPanel run={run} />
          ) : (
            <FieldsPanel rows={rows} selected={selectedField} onSelect={state.selectField} />
          )}
        </div>
      </div>
    </div>
  );
}

/** Whether a key press lands in a place where the user types (where Escape is theirs). */
function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

function SpatialPanel({ store, page }: { store: DocumentStore; page: number }) {
  const spatial = useStore(store, (s) => s.spatial);
  const status = useStore(store, (s) => s.spatialStatus);
  const error = useStore(store, (s) => s.spatialError);
  if (status === 'loading' || status === 'idle') return <p role="status">Laying out the text…</p>;
  if (status === 'error') {
    return (
      <ErrorBanner
        message={`The layout-preserving text could not be made. ${error ?? ''}`}
        action={
          <button type="button" className="button button--small" onClick={() => void store.getState().loadSpatial()}>
            Try again
          </button>
        }
      />
    );
  }
  const text = spatial?.[page - 1];
  return (
    <div className="spatial-panel">
      <h3 className="md-page__title">Page {page}</h3>
      {text && text.trim() !== '' ? <pre className="spatial-panel__text">{text}</pre> : <p className="doc-panel__empty">This page has no text.</p>}
    </div>
  );
}
