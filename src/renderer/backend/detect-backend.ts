// Picks the backend for this page: the desktop bridge when the preload exposed window.api,
// else HTTP to the `perfectparser serve` that served the page (browser mode).
import type { Backend } from './backend.js';
import { createHttpBackend } from './http-backend.js';
import { createIpcBackend } from './ipc-backend.js';

/** The backend for this window. */
export function detectBackend(scope: { api?: Window['api'] } = window): Backend {
  return scope.api ? createIpcBackend(scope.api) : createHttpBackend();
}
