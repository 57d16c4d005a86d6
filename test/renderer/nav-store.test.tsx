// A .tsx file so that only the DOM-aware web tsconfig checks it (the store touches window).
import { describe, expect, it } from 'vitest';
import { hashFromRoute, routeFromHash, type Route } from '../../src/renderer/stores/nav-store.js';

describe('nav store', () => {
  it('round-trips every route through the hash', () => {
    const routes: Route[] = [
      { screen: 'inbox' },
      { screen: 'jobs', extraction_id: 'ext_1' },
      { screen: 'document', extraction_id: 'ext_1', document_id: 'doc/2', field: 'line_items.0.amount' },
      { screen: 'parsers', parser_id: 'prs_1' },
      { screen: 'results', extraction_id: 'ext_1' },
      { screen: 'settings' },
    ];
    for (const route of routes) expect(routeFromHash(hashFromRoute(route))).toEqual({ ...route });
  });

  it('treats unknown or incomplete hashes sensibly', () => {
    expect(routeFromHash('')).toEqual({ screen: 'inbox' });
    expect(routeFromHash('#/nowhere')).toEqual({ screen: 'inbox' });
    expect(routeFromHash('#/document/ext_1')).toEqual({ screen: 'jobs' });
  });
});
