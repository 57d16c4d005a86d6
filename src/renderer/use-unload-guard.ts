// Asks before the page goes away (reload, closing the tab, leaving the app) while it holds work
// kept nowhere else: parser edits not yet saved, files staged in the Inbox. In the desktop
// window the main process asks the question (window.ts), since Electron asks nothing itself.
import { useEffect } from 'react';
import type { Backend } from './backend/backend.js';
import type { InboxState } from './stores/inbox-store.js';
import { parsersStoreFor, type ParsersState } from './stores/parsers-store.js';
import type { AppStores } from './stores/stores-provider.js';

/** True while leaving the page would lose work: unsaved parser edits, or files staged (or being
 *  staged) in the Inbox. */
export function hasUnsavedWork(inbox: Pick<InboxState, 'files' | 'staging'>, parsers: Pick<ParsersState, 'dirty'>): boolean {
  return parsers.dirty || inbox.files.length > 0 || inbox.staging !== null;
}

/** Installs the browser's "Leave site?" question for as long as the app is shown. */
export function useUnloadGuard(backend: Backend, stores: AppStores): void {
  useEffect(() => {
    const parsers = parsersStoreFor(backend);
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!hasUnsavedWork(stores.inbox.getState(), parsers.getState())) return;
      event.preventDefault();
      // Browsers before Chrome 119 ask only when returnValue is set.
      event.returnValue = true;
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [backend, stores]);
}
