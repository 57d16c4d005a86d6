// Where the user is: the current screen and what it shows. Kept in the URL's hash so the
// browser's back button and a reload keep the place (in the desktop window as in a browser).
import { create } from 'zustand';

export type Route =
  | { screen: 'inbox' }
  | { screen: 'jobs'; extraction_id?: string | undefined }
  | { screen: 'document'; extraction_id: string; document_id: string; field?: string | undefined }
  | { screen: 'parsers'; parser_id?: string | undefined }
  | { screen: 'results'; extraction_id?: string | undefined }
  | { screen: 'settings' };

export type Screen = Route['screen'];

/** `#/document/ext_1/doc_2?field=total` ⇄ a Route. Unknown hashes are the inbox. */
export function routeFromHash(hash: string): Route {
  const [pathPart = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const parts = pathPart.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(query);
  switch (parts[0]) {
    case 'jobs':
      return { screen: 'jobs', extraction_id: parts[1] };
    case 'document':
      if (parts[1] && parts[2]) return { screen: 'document', extraction_id: parts[1], document_id: parts[2], field: params.get('field') ?? undefined };
      return { screen: 'jobs' };
    case 'parsers':
      return { screen: 'parsers', parser_id: parts[1] };
    case 'results':
      return { screen: 'results', extraction_id: parts[1] };
    case 'settings':
      return { screen: 'settings' };
    default:
      return { screen: 'inbox' };
  }
}

export function hashFromRoute(route: Route): string {
  const seg = (s: string | undefined) => (s ? `/${encodeURIComponent(s)}` : '');
  switch (route.screen) {
    case 'inbox':
      return '#/inbox';
    case 'jobs':
      return `#/jobs${seg(route.extraction_id)}`;
    case 'document':
      return `#/document${seg(route.extraction_id)}${seg(route.document_id)}${route.field ? `?field=${encodeURIComponent(route.field)}` : ''}`;
    case 'parsers':
      return `#/parsers${seg(route.parser_id)}`;
    case 'results':
      return `#/results${seg(route.extraction_id)}`;
    case 'settings':
      return '#/settings';
  }
}

interface NavState {
  route: Route;
  /** Goes to a route (and records it in the hash, so Back returns here). */
  go(route: Route): void;
  /** Follows a hash change made by the browser (Back/Forward, a typed URL). */
  syncFromHash(hash: string): void;
}

export const useNav = create<NavState>((set) => ({
  route: { screen: 'inbox' },
  go(route) {
    set({ route });
    if (typeof window !== 'undefined') {
      const hash = hashFromRoute(route);
      if (window.location.hash !== hash) window.history.pushState(null, '', hash);
    }
  },
  syncFromHash(hash) {
    set({ route: routeFromHash(hash) });
  },
}));
