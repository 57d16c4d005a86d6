// The API key in browser mode. `perfectparser serve` prints a link `http://127.0.0.1:4780/#key=…`:
// the fragment never reaches the server (nor its logs), so the key travels there. On load the UI
// moves it to sessionStorage (this tab only, gone when the tab closes) and takes it out of the
// address bar, so it is not left in history, bookmarks or a shared screen.

const STORAGE_KEY = 'perfectparser.apiKey';

/** Where the key is read from and kept: the page's own location, history and sessionStorage by
 *  default (tests pass fakes). Declared structurally so Node-side tests can typecheck it too. */
export interface KeyScope {
  location: { hash: string; pathname: string; search: string };
  history: { state: unknown; replaceState(data: unknown, unused: string, url?: string): void };
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void; removeItem(key: string): void };
}

function browserScope(): KeyScope {
  return globalThis as unknown as KeyScope;
}

/** The `key` parameter of a fragment such as `#key=pp_local_…` (other parameters may follow), or null. */
export function keyFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const key = params.get('key')?.trim();
  return key ? key : null;
}

/** Where a page is: its origin and path. */
interface PageAddress {
  origin: string;
  pathname: string;
}

/** The address that opens this UI with `key` (as `perfectparser serve` prints it); this page's by default. */
export function browserLink(key: string, location: PageAddress = (globalThis as unknown as { location: PageAddress }).location): string {
  return `${location.origin}${location.pathname}#key=${encodeURIComponent(key)}`;
}

/** The key in what the user pasted: the key itself, or the whole link `serve` printed
 *  (`http://127.0.0.1:4780/#key=…`); null when there is none. */
export function keyFromInput(text: string): string | null {
  const trimmed = text.trim();
  const hash = trimmed.indexOf('#');
  const key = hash >= 0 ? keyFromHash(trimmed.slice(hash)) : trimmed;
  return key ? key : null;
}

/** Moves a key found in the address's fragment into sessionStorage and removes it from the
 *  address bar (other fragment parameters stay); returns the key now stored, or null. */
export function captureApiKey(scope: KeyScope = browserScope()): string | null {
  const fromHash = keyFromHash(scope.location.hash);
  if (fromHash) {
    storeApiKey(fromHash, scope);
    const params = new URLSearchParams(scope.location.hash.replace(/^#/, ''));
    params.delete('key');
    const rest = params.toString();
    scope.history.replaceState(scope.history.state, '', `${scope.location.pathname}${scope.location.search}${rest ? `#${rest}` : ''}`);
  }
  return readApiKey(scope);
}

/** The stored key, or null when the page was opened without one. */
export function readApiKey(scope: Pick<KeyScope, 'sessionStorage'> = browserScope()): string | null {
  try {
    return scope.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage disabled by the browser's settings
  }
}

/** Keeps `key` for this tab (a pasted key, or the new one after rotating it in Settings). */
export function storeApiKey(key: string, scope: Pick<KeyScope, 'sessionStorage'> = browserScope()): void {
  try {
    scope.sessionStorage.setItem(STORAGE_KEY, key.trim());
  } catch {
    // Storage disabled: the key lives as long as this page (see the http backend's own copy).
  }
}

/** Forgets the key (after the server refused it). */
export function clearApiKey(scope: Pick<KeyScope, 'sessionStorage'> = browserScope()): void {
  try {
    scope.sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // nothing stored
  }
}
