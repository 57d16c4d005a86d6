// The app's stores, created once per backend and handed to screens through context. Screens
// select narrowly with the use* hooks; tests build stores with a fake backend and pass them in.
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { Backend } from '../backend/backend.js';
import { createInboxStore, type InboxState, type InboxStore } from './inbox-store.js';
import { createJobsStore, type JobsState, type JobsStore } from './jobs-store.js';
import { useNav } from './nav-store.js';
import { createParserOptionsStore, type ParserOptionsState, type ParserOptionsStore } from './parser-options-store.js';
import { createSettingsStore, type SettingsState, type SettingsStore } from './settings-store.js';
import { createSyncStore, type SyncState, type SyncStore } from './sync-store.js';

export interface AppStores {
  inbox: InboxStore;
  jobs: JobsStore;
  settings: SettingsStore;
  parserOptions: ParserOptionsStore;
  sync: SyncStore;
}

/** One store per domain, all over the same backend. */
export function createAppStores(backend: Backend): AppStores {
  const jobs = createJobsStore(backend);
  const settings = createSettingsStore(backend);
  // Connecting or disconnecting sync changes what Settings and the sidebar say at once.
  const onEnabled = (enabled: boolean) => {
    const current = settings.getState().settings;
    if (current && current.sync_enabled !== enabled) settings.setState({ settings: { ...current, sync_enabled: enabled } });
  };
  return {
    inbox: createInboxStore(backend),
    jobs,
    settings,
    parserOptions: createParserOptionsStore(backend),
    sync: createSyncStore(backend, { jobs, onEnabled, goToJob: (extraction_id) => useNav.getState().go({ screen: 'jobs', extraction_id }) }),
  };
}

const StoresContext = createContext<AppStores | null>(null);

export function StoresProvider({ stores, children }: { stores: AppStores; children: ReactNode }) {
  return <StoresContext.Provider value={stores}>{children}</StoresContext.Provider>;
}

/** The stores themselves (for calling actions outside render). */
export function useAppStores(): AppStores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('useAppStores must be used inside <StoresProvider>.');
  return stores;
}

/** A slice of the Inbox store; re-renders only when the slice changes. */
export const useInbox = <T,>(select: (state: InboxState) => T): T => useStore(useAppStores().inbox, select);
/** A slice of the Jobs store. */
export const useJobs = <T,>(select: (state: JobsState) => T): T => useStore(useAppStores().jobs, select);
/** A slice of the Settings store. */
export const useSettings = <T,>(select: (state: SettingsState) => T): T => useStore(useAppStores().settings, select);
/** A slice of the sync store (the hosted service connection). */
export const useSync = <T,>(select: (state: SyncState) => T): T => useStore(useAppStores().sync, select);
/** A slice of the parser options (names for the Inbox's select). */
export const useParserOptions = <T,>(select: (state: ParserOptionsState) => T): T => useStore(useAppStores().parserOptions, select);
