// The window's Backend, handed down through context so any screen or component can reach it
// without threading props (screens that take it as a prop get it from here too).
import { createContext, useContext, type ReactNode } from 'react';
import type { Backend } from './backend.js';

const BackendContext = createContext<Backend | null>(null);

export function BackendProvider({ backend, children }: { backend: Backend; children: ReactNode }) {
  return <BackendContext.Provider value={backend}>{children}</BackendContext.Provider>;
}

/** The backend of this window; throws outside <BackendProvider> (a programming error). */
export function useBackend(): Backend {
  const backend = useContext(BackendContext);
  if (!backend) throw new Error('useBackend must be used inside <BackendProvider>.');
  return backend;
}
