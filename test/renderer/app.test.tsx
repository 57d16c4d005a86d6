// The shell: navigation, status line, routing and the sentence shown without a backend.
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { App, RouteScreen } from '../../src/renderer/app.js';
import { Sidebar } from '../../src/renderer/components/sidebar.js';
import { useNav } from '../../src/renderer/stores/nav-store.js';
import { createFakeBackend } from './fake-backend.js';
import { render, serverStores } from './render.js';

// The document, parsers and results screens belong to their own tests.
vi.mock('../../src/renderer/features/document/document-screen.js', () => ({ DocumentScreen: () => <p>document screen</p> }));
vi.mock('../../src/renderer/features/parsers/parsers-screen.js', () => ({ ParsersScreen: () => <p>parsers screen</p> }));
vi.mock('../../src/renderer/features/results/results-screen.js', () => ({ ResultsScreen: () => <p>results screen</p> }));

describe('app shell', () => {
  beforeEach(() => useNav.setState({ route: { screen: 'inbox' } }));

  it('says plainly that there is no backend, and offers nothing that cannot work', () => {
    const html = renderToStaticMarkup(<App backend={null} />);
    expect(html).toContain('role="alert"');
    expect(html).toContain('documents cannot be read here');
    expect(html).not.toContain('type="file"');
    expect(html).not.toContain('<nav');
  });

  it('shows the navigation with the current screen marked, and the status line', () => {
    const fake = createFakeBackend({ kind: 'browser' });
    const html = renderToStaticMarkup(<App backend={fake.backend} stores={serverStores(fake.backend)} />);
    for (const label of ['Inbox', 'Jobs', 'Parsers', 'Results', 'Settings']) expect(html).toContain(`<span class="sidebar__label">${label}</span>`);
    expect(html).toMatch(/<a class="sidebar__link" href="#\/inbox" aria-current="page">/);
    expect(html.match(/aria-current="page"/g)).toHaveLength(1);
    expect(html).toContain('Browser · served by this computer');
    expect(html).toContain('Everything stays on this computer');
    expect(html).toContain('Sync off');
    expect(html).toContain('<h2');
    expect(html).toContain('data-testid="drop-zone"');
  });

  it('renders the screen of each route, marking Jobs for a document', () => {
    const fake = createFakeBackend({ kind: 'desktop' });
    const stores = serverStores(fake.backend);
    const screens = { parsers: 'parsers screen', results: 'results screen', document: 'document screen' } as const;
    for (const [screen, text] of Object.entries(screens)) {
      expect(render(fake.backend, stores, <RouteScreen screen={screen as keyof typeof screens} backend={fake.backend} />)).toContain(text);
    }
    expect(render(fake.backend, stores, <RouteScreen screen="jobs" backend={fake.backend} />)).toContain('>Jobs</h2>');
    expect(render(fake.backend, stores, <RouteScreen screen="settings" backend={fake.backend} />)).toContain('>Settings</h2>');

    let html = render(fake.backend, stores, <Sidebar current="parsers" mode="desktop" />);
    expect(html).toMatch(/href="#\/parsers" aria-current="page"/);
    expect(html).toContain('Desktop app');
    html = render(fake.backend, stores, <Sidebar current="document" mode="desktop" />);
    expect(html).toMatch(/href="#\/jobs" aria-current="page"/);
  });

  it('counts files waiting and jobs running in the navigation', () => {
    const fake = createFakeBackend();
    const stores = serverStores(fake.backend);
    stores.inbox.setState({ files: [] });
    stores.jobs.setState({
      jobs: [
        { ...jobLike('a'), status: 'processing' },
        { ...jobLike('b'), status: 'completed' },
      ],
    });
    const html = renderToStaticMarkup(<App backend={fake.backend} stores={stores} />);
    expect(html).toContain(', 1 running');
    expect(html).not.toContain('files waiting');
  });
});

function jobLike(id: string) {
  return {
    extraction_id: id,
    parser_id: '',
    parser_name: null,
    status: 'queued' as const,
    file_count: 1,
    page_count: 1,
    credits_used: 0,
    credits_remaining: null,
    document_summary: { total: 1, completed: 0, failed: 0, processing: 0 },
    created_at: '2025-01-01T00:00:00.000Z',
    updated_at: '2025-01-01T00:00:00.000Z',
    completed_at: null,
    paused: false,
    pages_done: 0,
    queued: 1,
    cancelled: 0,
  };
}
