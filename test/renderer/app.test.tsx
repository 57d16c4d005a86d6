// Renders the app to static HTML in Node (no DOM here): enough to pin what each mode shows.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { App } from '../../src/renderer/app.js';
import type { Backend } from '../../src/renderer/backend/backend.js';
import { detectBackend } from '../../src/renderer/backend/detect-backend.js';
import { RunView } from '../../src/renderer/features/parse/run-view.js';
import { failedRun, processedRun } from './sample-run.js';

const backend: Backend = { kind: 'desktop', parseFile: async () => processedRun() };

describe('renderer app', () => {
  it('says plainly that the desktop backend is missing in a plain browser', () => {
    expect(detectBackend({})).toBeNull();
    const html = renderToStaticMarkup(<App backend={detectBackend({})} />);
    expect(html).toContain('The desktop backend is not available in this browser window');
    expect(html).not.toContain('type="file"');
  });

  it('uses window.api when the preload provided it', () => {
    const api = { parseFile: async () => processedRun(), openFiles: async () => [], pathForFile: () => '/a.pdf' };
    expect(detectBackend({ api })?.kind).toBe('desktop');
  });

  it('offers a drop zone with a keyboard-reachable file button', () => {
    const html = renderToStaticMarkup(<App backend={backend} />);
    expect(html).toContain('Drop a PDF here');
    expect(html).toMatch(/<button type="button" class="button"[^>]*>Choose a PDF…<\/button>/);
    expect(html).toMatch(/<input type="file" accept="application\/pdf,.pdf"/);
    expect(html).toContain('role="status"');
    expect(html).not.toMatch(/coming soon/i);
  });

  it('shows the markdown, page count and time of a processed run', () => {
    const html = renderToStaticMarkup(<RunView fileName="invoice.pdf" run={processedRun()} />);
    expect(html).toContain('invoice.pdf');
    expect(html).toContain('3 pages · parsed in 1.4 s');
    expect(html).toContain('# Invoice 42');
    expect(html).toContain('Page 3');
    expect(html).toContain('Copy markdown');
  });

  it('shows the failure sentence and code of a failed run', () => {
    const html = renderToStaticMarkup(<RunView fileName="secret.pdf" run={failedRun()} />);
    expect(html).toContain('“secret.pdf” could not be parsed');
    expect(html).toContain('The PDF is protected by a password.');
    expect(html).toContain('<code>PASSWORD_PROTECTED_FILE</code>');
  });
});
