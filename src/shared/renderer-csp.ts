// The renderer's Content-Security-Policy, declared once for both ways the UI is shown: the
// desktop window (a response header, and a meta tag in index.html because file:// pages get no
// headers) and the browser, served by `perfectparser serve`. pdf.js renders pages in a worker
// started from our own script (or a blob: URL, its fallback), hence worker-src.
const DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];

/** The desktop window's policy (valid in a meta tag). */
export const RENDERER_CSP = DIRECTIVES.join('; ');

/** The policy `serve` sends with the UI: the same, plus fetches to this server and no framing
 *  (frame-ancestors works only as a header, so it is not in the meta-tag policy). */
export const SERVED_RENDERER_CSP = [...DIRECTIVES, "connect-src 'self'", "frame-ancestors 'none'"].join('; ');
