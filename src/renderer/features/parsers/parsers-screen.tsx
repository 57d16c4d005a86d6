// Parsers: the list with create and delete; the selected parser's editor (fields, sub-fields,
// rules, format) beside its sample, where fields are detected and the draft is tested live.
import { useCallback, useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import type { Backend } from '../../backend/backend.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { ScreenHeader } from '../../components/screen-header.js';
import { hashFromRoute, useNav } from '../../stores/nav-store.js';
import { parsersStoreFor, type ParsersStore } from '../../stores/parsers-store.js';
import { ParserEditor } from './parser-editor.js';
import { ParserList } from './parser-list.js';
import { SamplePanel } from './sample-panel.js';
import './parsers.css';

/** The Parsers screen; the route's parser_id is the parser being edited. */
export function ParsersScreen({ backend }: { backend: Backend }) {
  const route = useNav((s) => s.route);
  const parserId = route.screen === 'parsers' ? (route.parser_id ?? null) : null;
  const store = parsersStoreFor(backend);

  useEffect(() => {
    void store.getState().loadList();
  }, [store]);
  // Leaving with unsaved edits asks first.
  const askLeave = useCallback(() => typeof window === 'undefined' || window.confirm('This parser has unsaved changes. Leave them?'), []);
  const confirmLeave = useCallback(() => !store.getState().dirty || askLeave(), [store, askLeave]);
  /** The parser the list just opened after asking (or with nothing unsaved): not asked again. */
  const approved = useRef<string | null>(null);
  const openParser = useCallback((parserId: string) => {
    approved.current = parserId;
    useNav.getState().go({ screen: 'parsers', parser_id: parserId });
  }, []);

  useEffect(() => {
    const { selectedId, parserStatus, dirty } = store.getState();
    const stay = (id: string) => {
      // The address is replaced, not pushed, so Back still leaves the screen.
      const hash = hashFromRoute({ screen: 'parsers', parser_id: id });
      if (typeof window !== 'undefined') window.history.replaceState(null, '', hash);
      useNav.getState().syncFromHash(hash);
    };
    // Coming back to Parsers (the sidebar's #/parsers) reopens the parser left open, unsaved edits
    // included.
    if (parserId === null && selectedId !== null && parserStatus !== 'error') {
      stay(selectedId);
      return;
    }
    if (selectedId === parserId && parserStatus !== 'error') return;
    const asked = approved.current === parserId;
    approved.current = null;
    // Another parser by the address (Back, Forward, a link, a typed URL) asks before unsaved
    // edits are left, as the list does; staying puts the edited parser's address back.
    if (dirty && selectedId !== null && selectedId !== parserId && !asked && !askLeave()) {
      stay(selectedId);
      return;
    }
    void store.getState().open(parserId);
  }, [store, parserId, askLeave]);

  return (
    <section className="screen screen--wide parsers-screen" aria-labelledby="parsers-heading">
      <ScreenHeader
        id="parsers-heading"
        title="Parsers"
        lead="The fields to pull out of documents, such as invoice numbers, dates and totals, tested on a sample as you edit them."
      />
      <div className="parsers-screen__layout">
        <ParserList store={store} confirmLeave={confirmLeave} onOpen={openParser} />
        <ParserWorkspace store={store} parserId={parserId} />
      </div>
    </section>
  );
}

function ParserWorkspace({ store, parserId }: { store: ParsersStore; parserId: string | null }) {
  const status = useStore(store, (s) => s.parserStatus);
  const error = useStore(store, (s) => s.parserError);
  const missing = useStore(store, (s) => s.parserMissing);
  const name = useStore(store, (s) => s.parser?.name ?? null);

  if (!parserId) {
    return (
      <div className="parsers-screen__main">
        <EmptyState title="Choose a parser, or create one">
          A parser names the fields to pull out of documents (invoice number, date, total, line items). Create one, add a sample document, and let PerfectParser detect the fields;
          then adjust them and test on the sample.
        </EmptyState>
      </div>
    );
  }
  if (status === 'loading') {
    return (
      <div className="parsers-screen__main">
        <p role="status">Loading the parser…</p>
      </div>
    );
  }
  if (status === 'error' && missing) {
    return (
      <div className="parsers-screen__main">
        <EmptyState
          title="This parser is not here"
          action={
            <button type="button" className="button" onClick={() => useNav.getState().go({ screen: 'parsers' })}>
              See all parsers
            </button>
          }
        >
          The link leads to no parser: it may have been deleted, or the address is incomplete. Choose one from the list.
        </EmptyState>
      </div>
    );
  }
  if (status === 'error') {
    return (
      <div className="parsers-screen__main">
        <ErrorBanner
          message={`The parser could not be opened. ${error ?? ''}`.trim()}
          action={
            <button type="button" className="button button--small" onClick={() => void store.getState().open(parserId)}>
              Try again
            </button>
          }
        />
      </div>
    );
  }
  return (
    <div className="parsers-screen__main parsers-screen__main--editing">
      <div className="parsers-screen__editor">
        <h3 className="parsers-screen__name">{name}</h3>
        <ParserEditor store={store} />
      </div>
      <SamplePanel store={store} />
    </div>
  );
}
