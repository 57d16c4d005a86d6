// Renders screens to static HTML in Node (no DOM): enough to pin what each state shows.
import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { Backend } from '../../src/renderer/backend/backend.js';
import { BackendProvider } from '../../src/renderer/backend/backend-context.js';
import { createAppStores, StoresProvider, type AppStores } from '../../src/renderer/stores/stores-provider.js';

/** Stores whose server snapshot is their current state (zustand renders the initial state on the server). */
export function serverStores(backend: Backend): AppStores {
  const stores = createAppStores(backend);
  for (const store of Object.values(stores)) Object.assign(store, { getInitialState: () => store.getState() });
  return stores;
}

export function render(backend: Backend, stores: AppStores, element: ReactElement): string {
  return renderToStaticMarkup(
    <BackendProvider backend={backend}>
      <StoresProvider stores={stores}>{element}</StoresProvider>
    </BackendProvider>,
  );
}
