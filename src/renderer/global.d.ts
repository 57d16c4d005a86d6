// window.api is present only inside the desktop app (the preload exposes it); a plain browser has none.
import type { DesktopApi } from '../preload/api.js';

declare global {
  interface Window {
    api?: DesktopApi;
  }
}

export {};
