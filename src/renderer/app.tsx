// The application shell: the left navigation, the screen of the current route, and the stores
// and backend every screen reaches through context. Without a backend, one clear sentence.
import { useEffect, useRef, useState } from 'react';
import type { Backend } from './backend/backend.js';
import { BackendProvider } from './backend/backend-context.js';
import { ConnectionBanner } from './components/connection-banner.js';
import { EmptyState } from './components/empty-state.js';
import { ScreenBoundary } from './components/screen-boundary.js';
import { ScreenHeader } from './components/screen-header.js';
import { Sidebar } from './components/sidebar.js';
import { DocumentScreen } from './features/document/document-screen.js';
import { InboxScreen } from './features/inbox/inbox-screen.js';
import { JobsScreen } from './features/jobs/jobs-screen.js';
import { ParsersScreen } from './features/parsers/parsers-screen.js';
import { ResultsScreen } from './features/results/results-screen.js';
import { SettingsScreen } from './features/settings/settings-screen.js';
import { KeyScreen, useKeyGate } from './key-screen.js';
import { useNav, type Screen } from './stores/nav-store.js';
import { documentStoreFor } from './stores/document-store.js';
import { resultsStoreFor } from './stores/results-store.js';
import { createAppStores, StoresProvider, useAppStores, type AppStores } from './stores/stores-provider.js';
import { useUnloadGuard } from './use-unload-guard.js';

const TITLES: Record<Screen, string> = {
  inbox: 'Inbox',
  jobs: 'Jobs',
  document: 'Document',
  parsers: 'Parsers',
  results: 'Results',
  settings: 'Settings',
  missing: 'Page not found',
};

/** Renders the app for the given backend; null means this page has no way to reach one. */
export function App({ backend, stores }: { backend: Backend | null; stores?: AppStores | undefined }) {
  if (!backend) return <NoBackend />;
  return <ConnectedApp backend={backend} stores={stores} />;
}

function NoBackend() {
  return (
    <main className="no-backend">
      <h1 className="no-backend__title">PerfectParser cannot reach its engine</h1>
      <p role="alert" className="no-backend__text">
        This page was opened without the PerfectParser app behind it, so documents cannot be read here. Open PerfectParser as the
        desktop app, or run <code>perfectparser serve</code> and open the address it prints.
      </p>
    </main>
  );
}

function ConnectedApp({ backend, stores: given }: { backend: Backend; stores: AppStores | undefined }) {
  const [stores] = useState(() => given ?? createAppStores(backend));
  useUnloadGuard(backend, stores);
  // Browser mode: without a key the server accepts, the key screen instead of the app. The stores
  // stay (files staged before a refusal are kept); the screens load again once a key is accepted.
  const gate = useKeyGate(backend.access);
  const open = gate.status === 'ok';

  useEffect(() => (open ? stores.jobs.getState().connect() : undefined), [stores, open, gate.generation]);
  useEffect(() => {
    if (!open) return;
    // The navigation shows running jobs and the sync state from the first screen on.
    void stores.jobs.getState().loadList();
    void stores.settings.getState().load();
  }, [stores, open, gate.generation]);

  return (
    <BackendProvider backend={backend}>
      <StoresProvider stores={stores}>
        {open || !backend.access ? (
          <Shell key={gate.generation} backend={backend} />
        ) : (
          <KeyScreen problem={gate.status === 'missing' ? 'missing' : 'refused'} access={backend.access} onAccepted={gate.accepted} />
        )}
      </StoresProvider>
    </BackendProvider>
  );
}

function Shell({ backend }: { backend: Backend }) {
  const stores = useAppStores();
  const screen = useNav((s) => s.route.screen);
  const mainRef = useRef<HTMLElement>(null);
  const shownScreen = useRef<Screen | null>(null);

  useEffect(() => {
    const sync = () => useNav.getState().syncFromHash(window.location.hash);
    sync();
    window.addEventListener('hashchange', sync);
    window.addEventListener('popstate', sync);
    return () => {
      window.removeEventListener('hashchange', sync);
      window.removeEventListener('popstate', sync);
    };
  }, []);

  useEffect(() => {
    document.title = `${TITLES[screen]} — PerfectParser`;
    // Moving between screens puts keyboard and screen-reader focus on the new screen's heading
    // (not on first load, where focus stays where the browser put it).
    const moved = shownScreen.current !== null && shownScreen.current !== screen;
    shownScreen.current = screen;
    if (!moved) return;
    const heading = mainRef.current?.querySelector<HTMLElement>('h2');
    if (heading) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: false });
    }
  }, [screen]);

  return (
    <div className="app">
      <a className="skip-link" href="#main" onClick={(event) => {
        event.preventDefault();
        mainRef.current?.focus();
      }}>
        Skip to content
      </a>
      <div className="app__side">
        <Sidebar current={screen} mode={backend.kind} />
      </div>
      <main id="main" className="app__main" ref={mainRef} tabIndex={-1}>
        <ConnectionBanner backend={backend} onBack={() => catchUp(backend, stores)} />
        <ScreenBoundary key={screen}>
          <RouteScreen screen={screen} backend={backend} />
        </ScreenBoundary>
      </main>
    </div>
  );
}

/** After the server answers again: loads again what failed while it was away, and what may have
 *  moved on meanwhile (jobs, the open results, a document still being processed). */
function catchUp(backend: Backend, stores: AppStores): void {
  void stores.jobs.getState().refresh();
  const settings = stores.settings.getState();
  if (settings.status === 'error') void settings.load();
  const results = resultsStoreFor(backend).getState();
  if (results.jobsStatus === 'error') void results.loadJobs();
  if (results.extractionId) void (results.status === 'error' ? results.load(results.extractionId) : results.refresh());
  const doc = documentStoreFor(backend).getState();
  const docStatus = doc.view?.document.status;
  if (doc.documentId && (doc.status === 'error' || docStatus === 'queued' || docStatus === 'processing')) void doc.reload();
}

/** The screen for a route (the other screens read their ids from the nav store). */
export function RouteScreen({ screen, backend }: { screen: Screen; backend: Backend }) {
  switch (screen) {
    case 'inbox':
      return <InboxScreen />;
    case 'jobs':
      return <JobsScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'document':
      return <DocumentScreen backend={backend} />;
    case 'parsers':
      return <ParsersScreen backend={backend} />;
    case 'results':
      return <ResultsScreen backend={backend} />;
    case 'missing':
      return <MissingScreen />;
  }
}

/** An address of the app that leads to no screen (mistyped, or from an older version). */
function MissingScreen() {
  const hash = useNav((s) => (s.route.screen === 'missing' ? s.route.hash : ''));
  return (
    <section className="screen" aria-labelledby="missing-heading">
      <ScreenHeader id="missing-heading" title="Page not found" lead="This address does not lead to any screen of PerfectParser." />
      <EmptyState
        title={`Nothing is at ${hash.length > 60 ? `${hash.slice(0, 60)}…` : hash}`}
        action={
          <button type="button" className="button" onClick={() => useNav.getState().go({ screen: 'inbox' })}>
            Go to the Inbox
          </button>
        }
      >
        The link may be mistyped or incomplete. Every screen is in the list on the left.
      </EmptyState>
    </section>
  );
}
