// The renderer's Content-Security-Policy, declared once. Main sends it as a response header; the
// renderer build also writes it into index.html, because pages loaded from file:// get no headers.

/** The policy of the packaged app. pdf.js renders pages in a worker, started from our own script
 *  (or a blob: URL, its fallback), hence worker-src. */
export const RENDERER_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; worker-src 'self' blob:";

/**
 * The policy for the Vite dev server only: React Fast Refresh injects an inline preamble script
 * and HMR talks over a websocket to the dev server, so those two are allowed there and nowhere else.
 */
export function devRendererCsp(devServerUrl: string): string {
  const { host } = new URL(devServerUrl);
  return (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; " +
    `img-src 'self' data: blob:; worker-src 'self' blob:; connect-src 'self' ws://${host}`
  );
}

/** The policy to send with a response from `url`: the dev policy only for the dev server's own origin. */
export function cspForUrl(url: string, devServerUrl: string | undefined): string {
  if (devServerUrl && isLoopbackHttp(devServerUrl) && sameOrigin(url, devServerUrl)) return devRendererCsp(devServerUrl);
  return RENDERER_CSP;
}

function isLoopbackHttp(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
  } catch {
    return false;
  }
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}
