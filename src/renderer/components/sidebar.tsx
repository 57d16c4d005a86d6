// The left navigation: one link per screen (the current one marked with aria-current), small
// counts where something is waiting, and the status line saying where the data lives.
import type { ReactNode } from 'react';
import { hashFromRoute, type Screen } from '../stores/nav-store.js';
import { isFinished } from '../stores/jobs-store.js';
import { useInbox, useJobs, useSettings } from '../stores/stores-provider.js';

const ICONS: Record<string, ReactNode> = {
  inbox: <path d="M3 11.5 5.2 4.6A1.5 1.5 0 0 1 6.6 3.6h6.8a1.5 1.5 0 0 1 1.4 1l2.2 6.9M3 11.5V15a1.5 1.5 0 0 0 1.5 1.5h11A1.5 1.5 0 0 0 17 15v-3.5M3 11.5h4l1 2h4l1-2h4" />,
  jobs: <path d="M4 5h12M4 10h12M4 15h7M14.5 13.5l1.5 1.5 2.5-3" />,
  parsers: <path d="M5 3.5h7l3 3v10H5zM12 3.5v3h3M7.5 10h5M7.5 13h5" />,
  results: <path d="M3.5 3.5h13v13h-13zM3.5 8h13M3.5 12.5h13M8 8v8.5" />,
  settings: <path d="M10 7a3 3 0 1 0 0 6 3 3 0 0 0 0-6zM10 2.5v2M10 15.5v2M2.5 10h2M15.5 10h2M4.7 4.7l1.4 1.4M13.9 13.9l1.4 1.4M4.7 15.3l1.4-1.4M13.9 6.1l1.4-1.4" />,
};

interface Item {
  screen: Screen;
  label: string;
  href: string;
  count?: number | undefined;
  countLabel?: string;
}

/** Which navigation item a route belongs to (a document is part of its job). */
function activeItem(screen: Screen): Screen {
  return screen === 'document' ? 'jobs' : screen;
}

export interface SidebarProps {
  /** The screen shown now (its item is marked with aria-current). */
  current: Screen;
  mode: 'desktop' | 'browser';
}

export function Sidebar({ current, mode }: SidebarProps) {
  const screen = activeItem(current);
  const staged = useInbox((s) => s.files.length);
  const running = useJobs((s) => s.jobs.filter((j) => !isFinished(j.status)).length);
  const lastJob = useJobs((s) => s.selectedId);
  const syncOn = useSettings((s) => s.settings?.sync_enabled ?? false);

  const items: Item[] = [
    { screen: 'inbox', label: 'Inbox', href: hashFromRoute({ screen: 'inbox' }), count: staged, countLabel: `${staged} files waiting` },
    { screen: 'jobs', label: 'Jobs', href: hashFromRoute({ screen: 'jobs', extraction_id: lastJob ?? undefined }), count: running, countLabel: `${running} running` },
    { screen: 'parsers', label: 'Parsers', href: hashFromRoute({ screen: 'parsers' }) },
    { screen: 'results', label: 'Results', href: hashFromRoute({ screen: 'results' }) },
    { screen: 'settings', label: 'Settings', href: hashFromRoute({ screen: 'settings' }) },
  ];

  return (
    <div className="sidebar">
      <p className="sidebar__brand">
        <svg viewBox="0 0 24 24" aria-hidden="true" className="sidebar__logo">
          <rect x="4" y="2.5" width="16" height="19" rx="3" />
          <path d="M8 8h8M8 12h8M8 16h5" />
        </svg>
        PerfectParser
      </p>
      <nav aria-label="Main">
        <ul className="sidebar__list">
          {items.map((item) => (
            <li key={item.screen}>
              <a className="sidebar__link" href={item.href} aria-current={screen === item.screen ? 'page' : undefined}>
                <svg viewBox="0 0 20 20" aria-hidden="true" className="sidebar__icon">
                  {ICONS[item.screen]}
                </svg>
                <span className="sidebar__label">{item.label}</span>
                {item.count ? (
                  <span className="sidebar__count">
                    <span aria-hidden="true">{item.count.toLocaleString()}</span>
                    <span className="visually-hidden">, {item.countLabel}</span>
                  </span>
                ) : null}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="statusline" aria-label="Status" role="group">
        <p className="statusline__mode">{mode === 'desktop' ? 'Desktop app' : 'Browser · served by this computer'}</p>
        <p className="statusline__privacy">
          <svg viewBox="0 0 20 20" aria-hidden="true" className="statusline__icon">
            <rect x="4.5" y="9" width="11" height="8" rx="1.5" />
            <path d="M7 9V6.5a3 3 0 0 1 6 0V9" />
          </svg>
          {syncOn ? 'Documents stay here; sync with the hosted service is on' : 'Everything stays on this computer'}
        </p>
        {syncOn ? null : <p className="statusline__sync">Sync off</p>}
      </div>
    </div>
  );
}
