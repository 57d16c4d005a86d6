// Where the renderer page comes from (the Vite dev server, or index.html in the build) and the
// test that a frame URL is that page, which IPC uses to refuse calls from any other page.
import { fileURLToPath } from 'node:url';

export interface RendererLocation {
  /** What the window loads: a dev-server URL or a file path. */
  load: { kind: 'url'; url: string } | { kind: 'file'; path: string };
  /** Whether a frame URL is this page (any hash or query). */
  isTrustedUrl: (url: string) => boolean;
}

/** The dev server when one is given (never in a packaged app), else the built index.html. */
export function rendererLocation(devServerUrl: string | undefined, indexHtmlPath: string): RendererLocation {
  if (devServerUrl) {
    const origin = new URL(devServerUrl).origin;
    return { load: { kind: 'url', url: devServerUrl }, isTrustedUrl: (url) => originOf(url) === origin };
  }
  const expected = normalisePath(indexHtmlPath);
  return {
    load: { kind: 'file', path: indexHtmlPath },
    isTrustedUrl: (url) => {
      if (!url.startsWith('file:')) return false;
      try {
        const u = new URL(url);
        u.hash = '';
        u.search = '';
        return normalisePath(fileURLToPath(u)) === expected;
      } catch {
        return false;
      }
    },
  };
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

// Windows paths compare without regard to case or slash direction.
function normalisePath(p: string): string {
  return process.platform === 'win32' ? p.replace(/\//g, '\\').toLowerCase() : p;
}
