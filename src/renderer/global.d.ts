// window.api is present only inside the desktop app (the preload exposes it); a page served by
// `perfectparser serve` to a browser has none and talks HTTP instead.
import type { DesktopApi } from '../preload/api.js';

declare global {
  interface Window {
    api?: DesktopApi;
  }
}

export {};
