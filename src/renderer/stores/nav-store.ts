// Where the user is: the current screen and what it shows. Kept in the URL's hash so the
// browser's back button and a reload keep the place (in the desktop window as in a browser).
import { create } from 'zustand';

export type Route =
  | { screen: 'inbox' }
  | { screen: 'jobs'; extraction_id?: string | undefined }
  | { screen: 'document'; extraction_id: string; document_id: string; field?: string | undefined }
  | { screen: 'parsers'; parser_id?: string | undefined }
  | { screen: 'results'; extraction_id?: string | undefined }
  | { screen: 'settings' }
  /** An address of the app that leads nowhere (`#/nowhere`): said so, with a way back. */
  | { screen: 'missing'; hash: string };

export type Screen = Route['screen'];

/** `#/document/ext_1/doc_2?field=total` ⇄ a Route. No hash (or one that is not a path, such as
 *  `#key=…`) is the inbox; a path no screen has is `missing`. */
export function routeFromHash(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  if (!raw.startsWith('/')) return { screen: 'inbox' };
  const [pathPart = '', query = ''] = raw.replace(/^\//, '').split('?');
  const parts = pathPart.split('/').filter(Boolean).map(decodePart);
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
    case 'inbox':
    case undefined:
      return { screen: 'inbox' };
    default:
      return { screen: 'missing', hash: `#${raw}` };
  }
}

/** A path segment as typed; a broken %-escape is kept as it is rather than failing the route. */
function decodePart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
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
    case 'missing':
      return route.hash;
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
