// Renderer entry: finds the backend this page can use and mounts the app on the route in the URL.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import type { Backend } from './backend/backend.js';
import { detectBackend } from './backend/detect-backend.js';
import { useNav } from './stores/nav-store.js';
import './styles.css';

// A file dropped outside the drop zone must not make the window navigate to it.
window.addEventListener('dragover', (event) => event.preventDefault());
window.addEventListener('drop', (event) => event.preventDefault());

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
useNav.getState().syncFromHash(window.location.hash);

const mount = (backend: Backend | null) =>
  createRoot(container).render(
    <StrictMode>
      <App backend={backend} />
    </StrictMode>,
  );

// detectBackend may answer at once (desktop) or after asking the server (browser mode); a
// failure to find one is the same as having none, which the app explains in a sentence.
void Promise.resolve()
  .then(() => detectBackend())
  .then(mount, () => mount(null));
