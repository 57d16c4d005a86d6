// The application shell: a header and the parse screen, or a clear sentence when this page runs
// without the desktop backend.
import type { Backend } from './backend/backend.js';
import { ParseScreen } from './features/parse/parse-screen.js';

/** Renders the app for the given backend; null means there is no backend in this window. */
export function App({ backend }: { backend: Backend | null }) {
  return (
    <div className="app">
      <header className="app__header">
        <h1 className="app__name">PerfectParser</h1>
        <p className="app__tagline">Documents to clean content, on your own machine.</p>
      </header>
      {backend ? (
        <ParseScreen backend={backend} />
      ) : (
        <main className="screen">
          <p className="unavailable" role="alert">
            The desktop backend is not available in this browser window, so documents cannot be parsed here. Open
            PerfectParser as the desktop app to parse files.
          </p>
        </main>
      )}
    </div>
  );
}
