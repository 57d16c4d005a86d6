// The parsers a job can use, as the Inbox's parser select lists them (names and whether each has
// fields yet). The Parsers screen keeps its own, fuller store (parsers-store.ts).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Backend } from '../backend/backend.js';
import { failure } from './index.js';

export interface ParserOption {
  parser_id: string;
  name: string;
  /** A parser without fields cannot extract yet (jobs.create answers PARSER_NOT_CONFIGURED). */
  field_count: number;
}

export interface ParserOptionsState {
  options: ParserOption[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  /** Fetches the list again (each time the Inbox opens, so new parsers appear). */
  load(): Promise<void>;
}

export type ParserOptionsStore = StoreApi<ParserOptionsState>;

export function createParserOptionsStore(backend: Backend): ParserOptionsStore {
  return createStore<ParserOptionsState>()((set, get) => ({
    options: [],
    status: 'idle',
    error: null,
    async load() {
      set({ status: get().status === 'ready' ? 'ready' : 'loading', error: null });
      try {
        const parsers = await backend.call('parsers.list');
        const options = parsers
          .map((p) => ({ parser_id: p.parser_id, name: p.name, field_count: p.fields.length }))
          .sort((a, b) => a.name.localeCompare(b.name));
        set({ options, status: 'ready' });
      } catch (err) {
        set({ status: 'error', error: failure('The list of parsers could not be loaded', err) });
      }
    },
  }));
}
