// Session- and app-wide hardening: the CSP header on every renderer response, no permission
// prompts, no new windows, no navigation away from our page, no <webview>.
import { app, type Session } from 'electron';
import { cspForUrl } from './csp.js';

/** Sends our CSP with every response of this session and refuses permission requests. */
export function secureSession(session: Session, devServerUrl: string | undefined): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    for (const name of Object.keys(headers)) {
      if (name.toLowerCase() === 'content-security-policy') delete headers[name];
    }
    headers['Content-Security-Policy'] = [cspForUrl(details.url, devServerUrl)];
    callback({ responseHeaders: headers });
  });
  // Copying the markdown is the one thing the page may ask for.
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    callback(permission === 'clipboard-sanitized-write');
  });
}

/** Applies to every webContents the app ever creates, including ones we did not expect. */
export function lockDownWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}
