// Picks the backend for this page: the desktop bridge when the preload exposed one, else none
// (browser mode, served over HTTP, arrives later).
import type { Backend } from './backend.js';
import { createIpcBackend } from './ipc-backend.js';

/** The backend for this window, or null when the page runs without the desktop app. */
export function detectBackend(scope: { api?: Window['api'] } = window): Backend | null {
  return scope.api ? createIpcBackend(scope.api) : null;
}
