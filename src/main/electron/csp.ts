// Which Content-Security-Policy main sends with each renderer response: the shared policy
// (src/shared/renderer-csp.ts), relaxed only for the Vite dev server's own origin.
import { RENDERER_CSP } from '../../shared/renderer-csp.js';

export { RENDERER_CSP };

/**
 * The policy for the Vite dev server only: React Fast Refresh injects an inline preamble script
 * and HMR talks over a websocket to the dev server, so those two are allowed there and nowhere else.
 */
export function devRendererCsp(devServerUrl: string): string {
  const { host } = new URL(devServerUrl);
  return (
    RENDERER_CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'") + `; connect-src 'self' ws://${host}`
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
