// Renderer entry: mounts the app with the backend this window offers.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { detectBackend } from './backend/detect-backend.js';
import './styles.css';

// A file dropped outside the drop zone must not make the window try to open it.
window.addEventListener('dragover', (event) => event.preventDefault());
window.addEventListener('drop', (event) => event.preventDefault());

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <App backend={detectBackend()} />
  </StrictMode>,
);
